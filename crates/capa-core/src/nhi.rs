//! New Zealand National Health Index numbers (HISO 10046:2023/2024).
//!
//! Two formats are in use: the old `AAANNNC` (check digit, mod 11) and the new
//! `AAANNAX` (check letter, mod 23). The 2022 draft rule (mod 24) was withdrawn
//! and numbers valid only under it are rejected. Numbers starting with `Z` are
//! reserved for testing: they are accepted and marked as test data.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A validated NHI number, stored upper-cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nhi([u8; 7]);

/// Which of the two NHI formats a number uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NhiFormat {
    /// `AAANNNC`: three letters, three digits, a check digit (mod 11).
    Old,
    /// `AAANNAX`: three letters, two digits, a letter, a check letter (mod 23).
    New,
}

/// Why a text is not a valid NHI number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NhiError {
    /// Not seven characters long.
    #[error("an NHI has 7 characters, this has {0}")]
    Length(usize),
    /// A character that cannot stand at its position.
    #[error("character {position} ('{found}') should be {expected}")]
    Character {
        /// 1-based position in the number.
        position: usize,
        /// The character found.
        found: char,
        /// What the format allows there.
        expected: &'static str,
    },
    /// The checksum remainder is 0, which no valid old-format number has.
    #[error("checksum remainder is 0, which no valid NHI has")]
    ZeroRemainder,
    /// The check character does not match the one computed.
    #[error("check {kind} does not match (expected '{expected}', found '{found}')")]
    CheckMismatch {
        /// "digit" or "letter".
        kind: &'static str,
        /// The check character computed from the first six.
        expected: char,
        /// The check character in the input.
        found: char,
    },
}

/// The value of an NHI letter: A=1 ... H=8, J=9 ... N=13, P=14 ... Z=24 (I and O are not used).
fn letter_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'H' => Some(u32::from(c - b'A') + 1),
        b'J'..=b'N' => Some(u32::from(c - b'J') + 9),
        b'P'..=b'Z' => Some(u32::from(c - b'P') + 14),
        _ => None,
    }
}

fn letter_of_value(v: u32) -> Option<u8> {
    let v = u8::try_from(v).ok()?;
    match v {
        1..=8 => Some(b'A' + v - 1),
        9..=13 => Some(b'J' + v - 9),
        14..=24 => Some(b'P' + v - 14),
        _ => None,
    }
}

fn char_value(c: u8) -> Option<u32> {
    if c.is_ascii_digit() {
        Some(u32::from(c - b'0'))
    } else {
        letter_value(c)
    }
}

impl Nhi {
    /// Parses and validates an NHI number; surrounding whitespace is ignored and
    /// lower case is accepted.
    pub fn parse(input: &str) -> Result<Self, NhiError> {
        let trimmed = input.trim();
        let count = trimmed.chars().count();
        if count != 7 {
            return Err(NhiError::Length(count));
        }
        let mut b = [0u8; 7];
        for (i, ch) in trimmed.chars().enumerate() {
            let up = ch.to_ascii_uppercase();
            if !up.is_ascii_alphanumeric() {
                return Err(NhiError::Character {
                    position: i + 1,
                    found: ch,
                    expected: expected_at(i, None),
                });
            }
            b[i] = up as u8;
        }
        for (i, &c) in b.iter().enumerate().take(3) {
            if letter_value(c).is_none() {
                return Err(bad(i, c, expected_at(i, None)));
            }
        }
        for (i, &c) in b.iter().enumerate().skip(3).take(2) {
            if !c.is_ascii_digit() {
                return Err(bad(i, c, expected_at(i, None)));
            }
        }
        let format = if b[5].is_ascii_digit() {
            NhiFormat::Old
        } else if letter_value(b[5]).is_some() {
            NhiFormat::New
        } else {
            return Err(bad(5, b[5], expected_at(5, None)));
        };
        let weights = [7u32, 6, 5, 4, 3, 2];
        let sum: u32 = b[..6]
            .iter()
            .zip(weights)
            .map(|(&c, w)| char_value(c).unwrap_or(0) * w)
            .sum();
        match format {
            NhiFormat::Old => {
                if !b[6].is_ascii_digit() {
                    return Err(bad(6, b[6], expected_at(6, Some(format))));
                }
                let r = sum % 11;
                if r == 0 {
                    return Err(NhiError::ZeroRemainder);
                }
                let check = b'0' + ((11 - r) % 10) as u8;
                if b[6] != check {
                    return Err(NhiError::CheckMismatch {
                        kind: "digit",
                        expected: check as char,
                        found: b[6] as char,
                    });
                }
            }
            NhiFormat::New => {
                if letter_value(b[6]).is_none() {
                    return Err(bad(6, b[6], expected_at(6, Some(format))));
                }
                let r = sum % 23;
                // 23 - r lies in 1..=23, so the check letter is never Z.
                let check = letter_of_value(23 - r).unwrap_or(b'?');
                if b[6] != check {
                    return Err(NhiError::CheckMismatch {
                        kind: "letter",
                        expected: check as char,
                        found: b[6] as char,
                    });
                }
            }
        }
        Ok(Nhi(b))
    }

    /// The number as seven upper-case characters.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters and digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Which format the number uses.
    pub fn format(&self) -> NhiFormat {
        if self.0[5].is_ascii_digit() {
            NhiFormat::Old
        } else {
            NhiFormat::New
        }
    }

    /// Numbers beginning with `Z` are reserved for testing.
    pub fn is_test(&self) -> bool {
        self.0[0] == b'Z'
    }
}

fn bad(i: usize, c: u8, expected: &'static str) -> NhiError {
    NhiError::Character {
        position: i + 1,
        found: c as char,
        expected,
    }
}

fn expected_at(i: usize, format: Option<NhiFormat>) -> &'static str {
    match (i, format) {
        (0..=2, _) => "a letter other than I or O",
        (3 | 4, _) => "a digit",
        (5, _) => "a digit (old format) or a letter other than I or O (new format)",
        (_, Some(NhiFormat::Old)) => "a check digit",
        (_, Some(NhiFormat::New)) => "a check letter",
        _ => "a check digit or letter",
    }
}

impl fmt::Display for Nhi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Nhi {
    type Err = NhiError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nhi::parse(s)
    }
}

impl Serialize for Nhi {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Nhi {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nhi::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_page_valid_examples() {
        for s in [
            "JBX3656", "ZZZ0016", "ZZZ0024", "ZAC5361", "ZZZ00AC", "ZBN77VL",
        ] {
            assert!(Nhi::parse(s).is_ok(), "{s} should be valid");
        }
    }

    #[test]
    fn method_page_invalid_examples() {
        assert_eq!(Nhi::parse("ZZZ0044"), Err(NhiError::ZeroRemainder));
        assert!(matches!(
            Nhi::parse("ZZZ0017"),
            Err(NhiError::CheckMismatch { kind: "digit", .. })
        ));
        assert!(matches!(
            Nhi::parse("ZZZ00AA"),
            Err(NhiError::CheckMismatch { kind: "letter", .. })
        ));
    }

    #[test]
    fn superseded_mod_24_rule_is_rejected() {
        // ZZZ00AX is valid only under the withdrawn 2022 mod-24 rule.
        assert!(Nhi::parse("ZZZ00AX").is_err());
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        let n = Nhi::parse(" jbx3656 ").unwrap();
        assert_eq!(n.as_str(), "JBX3656");
        assert_eq!(n.format(), NhiFormat::Old);
        assert!(!n.is_test());
        assert_eq!(Nhi::parse("ZBN77VL").unwrap().format(), NhiFormat::New);
    }

    #[test]
    fn z_numbers_are_test_data() {
        assert!(Nhi::parse("ZZZ0016").unwrap().is_test());
    }

    #[test]
    fn letters_i_and_o_are_refused() {
        assert!(matches!(
            Nhi::parse("IBX3656"),
            Err(NhiError::Character { position: 1, .. })
        ));
        assert!(matches!(
            Nhi::parse("JOX3656"),
            Err(NhiError::Character { position: 2, .. })
        ));
    }

    #[test]
    fn wrong_length_and_symbols() {
        assert_eq!(Nhi::parse("JBX365"), Err(NhiError::Length(6)));
        assert_eq!(Nhi::parse(""), Err(NhiError::Length(0)));
        assert!(matches!(
            Nhi::parse("JBX-656"),
            Err(NhiError::Character { position: 4, .. })
        ));
        assert!(matches!(
            Nhi::parse("JBXā656"),
            Err(NhiError::Character { position: 4, .. })
        ));
    }
}
