//! Ratings (No/RED = 0, Partial/AMBER = 1, Yes/GREEN = 2), item numbers and
//! notes, each parsed with an error that names its field.

use std::fmt;

use serde::{Serialize, Serializer};
use thiserror::Error;

/// Notes are kept to this many characters: enough for a paragraph of
/// reasons and actions, short enough to print on the A4 summary.
pub const NOTE_MAX_CHARS: usize = 2000;

/// A value that cannot be used, naming the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field, as the API names it (`rating`, `number`, `note`).
    pub field: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// How far a component is in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    /// No (RED) = 0.
    No,
    /// Partial (AMBER) = 1.
    Partial,
    /// Yes (GREEN) = 2.
    Yes,
}

impl Rating {
    /// All three, lowest first.
    pub const ALL: [Rating; 3] = [Self::No, Self::Partial, Self::Yes];

    /// The score: 0, 1 or 2.
    pub fn value(self) -> u32 {
        match self {
            Self::No => 0,
            Self::Partial => 1,
            Self::Yes => 2,
        }
    }

    /// The answer: No, Partial or Yes.
    pub fn label(self) -> &'static str {
        match self {
            Self::No => "No",
            Self::Partial => "Partial",
            Self::Yes => "Yes",
        }
    }

    /// The colour the form uses: RED, AMBER or GREEN (never the only signal).
    pub fn colour(self) -> &'static str {
        match self {
            Self::No => "RED",
            Self::Partial => "AMBER",
            Self::Yes => "GREEN",
        }
    }

    /// A rating from its score, as a JSON body carries it.
    pub fn from_value(value: i64) -> Result<Self, FieldError> {
        match value {
            0 => Ok(Self::No),
            1 => Ok(Self::Partial),
            2 => Ok(Self::Yes),
            other => Err(FieldError::new(
                "rating",
                format!(
                    "{other} is not a rating; use 0 (No, RED), 1 (Partial, AMBER) or 2 (Yes, GREEN)"
                ),
            )),
        }
    }

    /// Parses `0`, `1`, `2`, `no`, `partial`, `yes`, `red`, `amber` or
    /// `green`, case-insensitively (as a form field sends it).
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "no" | "red" => Ok(Self::No),
            "partial" | "amber" => Ok(Self::Partial),
            "yes" | "green" => Ok(Self::Yes),
            _ => match t.parse::<i64>() {
                Ok(v) => Self::from_value(v),
                Err(_) => Err(FieldError::new(
                    "rating",
                    format!(
                        "'{}' is not a rating; use 0 (No, RED), 1 (Partial, AMBER) or 2 (Yes, GREEN)",
                        text.trim()
                    ),
                )),
            },
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}) = {}", self.label(), self.colour(), self.value())
    }
}

/// Serialised as its score, 0, 1 or 2.
impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.value())
    }
}

/// The number of one of the eleven components, 1 to 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemNumber(u8);

impl ItemNumber {
    /// Item numbers run from 1 to this.
    pub const COUNT: u8 = 11;

    /// An item number from a JSON body or a path.
    pub fn from_value(value: i64) -> Result<Self, FieldError> {
        u8::try_from(value)
            .ok()
            .filter(|n| (1..=Self::COUNT).contains(n))
            .map(Self)
            .ok_or_else(|| {
                FieldError::new(
                    "number",
                    format!(
                        "{value} is not an item of the self-assessment; items are numbered 1 to 11"
                    ),
                )
            })
    }

    /// Parses an item number written as text (a path segment).
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        text.trim().parse::<i64>().map_or_else(
            |_| {
                Err(FieldError::new(
                    "number",
                    format!(
                        "'{}' is not an item number; items are numbered 1 to 11",
                        text.trim()
                    ),
                ))
            },
            Self::from_value,
        )
    }

    /// Every item number, 1 to 11.
    pub fn all() -> impl Iterator<Item = ItemNumber> {
        (1..=Self::COUNT).map(Self)
    }

    /// The number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for ItemNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

/// A note, trimmed, at most [`NOTE_MAX_CHARS`] characters.
pub fn parse_note(text: &str) -> Result<String, FieldError> {
    let t = text.trim();
    let n = t.chars().count();
    if n > NOTE_MAX_CHARS {
        return Err(FieldError::new(
            "note",
            format!("the note is {n} characters long; at most {NOTE_MAX_CHARS} are kept"),
        ));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_parse_from_scores_answers_and_colours() {
        assert_eq!(Rating::from_value(0), Ok(Rating::No));
        assert_eq!(Rating::parse(" Amber "), Ok(Rating::Partial));
        assert_eq!(Rating::parse("2"), Ok(Rating::Yes));
        assert_eq!(Rating::parse("yes"), Ok(Rating::Yes));
        let e = Rating::from_value(3).unwrap_err();
        assert_eq!(e.field, "rating");
        assert_eq!(
            e.to_string(),
            "rating: 3 is not a rating; use 0 (No, RED), 1 (Partial, AMBER) or 2 (Yes, GREEN)"
        );
        assert_eq!(Rating::parse("-1").unwrap_err().field, "rating");
        assert_eq!(Rating::parse("blue").unwrap_err().field, "rating");
        assert_eq!(Rating::Partial.to_string(), "Partial (AMBER) = 1");
        assert_eq!(serde_json::to_string(&Rating::Yes).unwrap(), "2");
    }

    #[test]
    fn item_numbers_are_1_to_11() {
        assert_eq!(ItemNumber::from_value(1).unwrap().get(), 1);
        assert_eq!(ItemNumber::parse("11").unwrap().get(), 11);
        for bad in [0, 12, -3, 300] {
            let e = ItemNumber::from_value(bad).unwrap_err();
            assert_eq!(e.field, "number", "{bad}");
        }
        assert_eq!(
            ItemNumber::parse("seven").unwrap_err().to_string(),
            "number: 'seven' is not an item number; items are numbered 1 to 11"
        );
        assert_eq!(ItemNumber::all().count(), 11);
    }

    #[test]
    fn notes_are_trimmed_and_limited() {
        assert_eq!(parse_note("  ok \n").unwrap(), "ok");
        let long = "ā".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(parse_note(&long).unwrap_err().field, "note");
        assert!(parse_note(&"ā".repeat(NOTE_MAX_CHARS)).is_ok());
    }
}
