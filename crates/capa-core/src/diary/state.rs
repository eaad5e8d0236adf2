//! The life of a diary appointment (a Partnership offer or a Choice slot):
//! vacant -> booked -> attended | DNA | cancelled (by the family or the service).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentState {
    /// Published, free to book.
    Vacant,
    /// A family is booked in.
    Booked,
    /// The family came.
    Attended,
    /// The family did not attend.
    Dna,
    /// The family cancelled.
    CancelledByFamily,
    /// The service cancelled.
    CancelledByService,
}

/// What happened at a booked appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The family came.
    Attended,
    /// The family did not attend.
    Dna,
    /// The family cancelled.
    CancelledByFamily,
    /// The service cancelled.
    CancelledByService,
}

/// A change that the state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StateError {
    /// Booking an appointment that is not vacant (someone else got it).
    #[error("this appointment is no longer vacant (it is {0})")]
    NotVacant(AppointmentState),
    /// Recording an outcome of an appointment nobody is booked into.
    #[error("only a booked appointment can have an outcome (this one is {0})")]
    NotBooked(AppointmentState),
}

impl AppointmentState {
    /// Every state, in the order of the life cycle.
    pub const ALL: [AppointmentState; 6] = [
        Self::Vacant,
        Self::Booked,
        Self::Attended,
        Self::Dna,
        Self::CancelledByFamily,
        Self::CancelledByService,
    ];

    /// The identifier stored and sent (`vacant`, `booked`, `attended`, `dna`,
    /// `cancelled_by_family`, `cancelled_by_service`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Vacant => "vacant",
            Self::Booked => "booked",
            Self::Attended => "attended",
            Self::Dna => "dna",
            Self::CancelledByFamily => "cancelled_by_family",
            Self::CancelledByService => "cancelled_by_service",
        }
    }

    /// Parses an identifier.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == text.trim())
    }

    /// Booking: only a vacant appointment can be booked.
    pub fn book(self) -> Result<Self, StateError> {
        match self {
            Self::Vacant => Ok(Self::Booked),
            other => Err(StateError::NotVacant(other)),
        }
    }

    /// Recording what happened: only a booked appointment has an outcome.
    pub fn record(self, outcome: Outcome) -> Result<Self, StateError> {
        match self {
            Self::Booked => Ok(outcome.into()),
            other => Err(StateError::NotBooked(other)),
        }
    }

    /// Whether a first appointment in this state must be re-offered, so the
    /// quarter's number of new Partnerships does not shrink.
    pub fn needs_reoffer(self) -> bool {
        matches!(
            self,
            Self::Dna | Self::CancelledByFamily | Self::CancelledByService
        )
    }

    /// Whether a family holds the appointment (booked or already seen).
    pub fn is_taken(self) -> bool {
        !matches!(self, Self::Vacant)
    }
}

impl From<Outcome> for AppointmentState {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Attended => Self::Attended,
            Outcome::Dna => Self::Dna,
            Outcome::CancelledByFamily => Self::CancelledByFamily,
            Outcome::CancelledByService => Self::CancelledByService,
        }
    }
}

impl Outcome {
    /// Parses `attended`, `dna`, `cancelled_by_family` or `cancelled_by_service`.
    pub fn parse(text: &str) -> Option<Self> {
        match AppointmentState::parse(text)? {
            AppointmentState::Attended => Some(Self::Attended),
            AppointmentState::Dna => Some(Self::Dna),
            AppointmentState::CancelledByFamily => Some(Self::CancelledByFamily),
            AppointmentState::CancelledByService => Some(Self::CancelledByService),
            _ => None,
        }
    }
}

impl fmt::Display for AppointmentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn life_cycle() {
        let booked = AppointmentState::Vacant.book().unwrap();
        assert_eq!(booked, AppointmentState::Booked);
        assert_eq!(
            booked.book(),
            Err(StateError::NotVacant(AppointmentState::Booked))
        );
        assert_eq!(booked.record(Outcome::Dna), Ok(AppointmentState::Dna));
        assert!(AppointmentState::Dna.needs_reoffer());
        assert!(!AppointmentState::Attended.needs_reoffer());
        assert_eq!(
            AppointmentState::Vacant.record(Outcome::Attended),
            Err(StateError::NotBooked(AppointmentState::Vacant))
        );
    }

    #[test]
    fn identifiers_round_trip() {
        for s in AppointmentState::ALL {
            assert_eq!(AppointmentState::parse(s.id()), Some(s));
        }
        assert_eq!(
            Outcome::parse("cancelled_by_family"),
            Some(Outcome::CancelledByFamily)
        );
        assert_eq!(Outcome::parse("booked"), None);
        assert_eq!(serde_json::to_string(&Outcome::Dna).unwrap(), "\"dna\"");
    }
}
