//! The password rule, written once for the web pages and the command line:
//! at least [`MIN_LENGTH`] characters, at most [`MAX_LENGTH`], not the
//! username, and not on the short list of the most common passwords shipped
//! with capa (`common.txt`).

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 8;
/// The most (Argon2 takes any length; this bounds the work a request asks for).
pub const MAX_LENGTH: usize = 256;

const COMMON: &str = include_str!("common.txt");

/// Why a password cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_LENGTH`] characters.
    #[error("a password needs at least {MIN_LENGTH} characters")]
    TooShort,
    /// More than [`MAX_LENGTH`] characters.
    #[error("a password has at most {MAX_LENGTH} characters")]
    TooLong,
    /// One of the first an attacker tries, or the username.
    #[error(
        "that password is too easy to guess (it is a common one or the username); choose another"
    )]
    Common,
}

/// Whether `password` may be the password of `username`.
pub fn check(password: &str, username: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_LENGTH {
        return Err(PasswordError::TooLong);
    }
    let lower = password.trim().to_lowercase();
    if lower == username.trim().to_lowercase() || is_common(&lower) {
        return Err(PasswordError::Common);
    }
    Ok(())
}

fn is_common(lower: &str) -> bool {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_own_name_passwords_are_refused() {
        assert_eq!(check("short", "tui"), Err(PasswordError::TooShort));
        assert_eq!(check("Password1", "tui"), Err(PasswordError::Common));
        assert_eq!(check("QWERTYUIOP", "tui"), Err(PasswordError::Common));
        assert_eq!(
            check("aroha.smith", "Aroha.Smith"),
            Err(PasswordError::Common)
        );
        assert_eq!(check(&"x".repeat(300), "tui"), Err(PasswordError::TooLong));
        assert_eq!(check("kahikatea-river-42", "tui"), Ok(()));
        assert_eq!(check("capa-demo", "lead"), Ok(()));
    }

    #[test]
    fn the_list_holds_only_passwords_long_enough_to_matter() {
        for l in COMMON.lines().filter(|l| !l.starts_with('#')) {
            assert!(l.chars().count() >= MIN_LENGTH, "{l}");
            assert_eq!(l, l.to_lowercase(), "{l}");
        }
    }
}
