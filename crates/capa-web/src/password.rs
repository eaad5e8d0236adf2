//! Changing passwords, for pages and the API alike: one's own (the current
//! password checked as a sign-in is, through the same throttle; the new one
//! by [`capa_core::password::check`]; every other session of the account
//! ended), and an administrator's one-time password, which its owner must
//! change at the next sign-in (until then `auth` lets the account do
//! nothing else). Each change is audited by the store, never with a hash.

use std::net::IpAddr;

use capa_store::{PasswordKind, UserId};

use crate::AppState;
use crate::auth::{Credential, CurrentUser};
use crate::error::AppError;

/// The form's and the JSON body's field of the current password.
pub const CURRENT: &str = "current_password";
/// The field of the new password.
pub const NEW: &str = "new_password";
/// The field repeating the new password (pages only).
pub const AGAIN: &str = "again";

/// A new password for oneself, as typed.
pub struct OwnChange<'a> {
    /// The password in use now.
    pub current: &'a str,
    /// The one to use from now on.
    pub new: &'a str,
    /// The new one typed again, where a form asks for it.
    pub again: Option<&'a str>,
}

/// The PHC string of a password's Argon2id hash, made off the async workers.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| AppError::Internal(format!("hashing a password failed: {e}")))
}

fn rule(password: &str, username: &str, field: &'static str) -> Result<(), AppError> {
    capa_core::password::check(password, username).map_err(|e| AppError::Invalid {
        field,
        message: e.to_string(),
    })
}

/// Changes the signed-in user's own password; returns how many of their
/// other browser sessions ended (the one making the change goes on). A wrong
/// current password is [`AppError::Invalid`] on [`CURRENT`], and counts as a
/// failed sign-in from `ip`.
pub async fn change_own(
    state: &AppState,
    user: &CurrentUser,
    ip: IpAddr,
    change: &OwnChange<'_>,
) -> Result<u64, AppError> {
    let username = &user.user.username;
    rule(change.new, username, NEW)?;
    if change.again.is_some_and(|a| a != change.new) {
        return Err(AppError::Invalid {
            field: AGAIN,
            message: "the new password and its repetition differ; type it twice the same".into(),
        });
    }
    if change.new == change.current {
        return Err(AppError::Invalid {
            field: NEW,
            message: "the new password is the current one; choose another".into(),
        });
    }
    match crate::login::verify(state, username, change.current, ip).await {
        Ok(_) => {}
        Err(AppError::Unauthorized) => {
            return Err(AppError::Invalid {
                field: CURRENT,
                message: "that is not your current password".into(),
            });
        }
        Err(e) => return Err(e),
    }
    let hash = hash(change.new).await?;
    let keep = match &user.credential {
        Credential::Session { cookie, .. } => Some(cookie.as_str()),
        Credential::Token => None,
    };
    Ok(state
        .store
        .set_password(
            user.actor(),
            user.user.id,
            &hash,
            PasswordKind::Chosen,
            keep,
        )
        .await?)
}

/// An administrator sets a one-time password for another account: its
/// sessions end, and at its next sign-in it must choose its own.
pub async fn set_one_time(
    state: &AppState,
    admin: &CurrentUser,
    target: UserId,
    password: &str,
) -> Result<String, AppError> {
    if target == admin.user.id {
        return Err(AppError::Invalid {
            field: "password",
            message: "change your own password on your account page".into(),
        });
    }
    let account = state.store.user(target).await?;
    rule(password, &account.username, "password")?;
    let hash = hash(password).await?;
    state
        .store
        .set_password(admin.actor(), target, &hash, PasswordKind::OneTime, None)
        .await?;
    Ok(account.username)
}
