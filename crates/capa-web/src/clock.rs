//! Time as an input: the application reads "now" only from its [`Clock`], the
//! system's in production and a fixed one in tests, so every page and rule
//! that depends on today can be tested on any date.

use chrono::{DateTime, SubsecRound, Utc};

/// Where the application gets the current time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// Always the same instant (tests).
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current instant, to the microsecond both databases keep.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now().trunc_subsecs(6),
            Self::Fixed(at) => *at,
        }
    }
}
