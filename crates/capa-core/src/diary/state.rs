//! The life of a diary appointment (a Partnership offer or a Choice slot):
//! vacant -> booked -> attended | DNA | cancelled (by the family or the
//! service), an outcome recorded once the appointment has started, and a
//! wrong outcome corrected with a reason.

use std::fmt;

use chrono::NaiveDateTime;
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
    /// Recording an outcome before the appointment has started.
    #[error(
        "an outcome is recorded once the appointment has started; this one starts on {}",
        .0.format("%d/%m/%Y at %H:%M")
    )]
    NotStarted(NaiveDateTime),
    /// Correcting an appointment that has no outcome yet.
    #[error("only an outcome already recorded can be corrected (this appointment is {0})")]
    NoOutcome(AppointmentState),
    /// Correcting an outcome to the one it already has.
    #[error("the outcome is already {0}")]
    SameOutcome(AppointmentState),
    /// Correcting without saying why.
    #[error("a correction needs a reason (it is kept in the audit log)")]
    NoReason,
}

/// A corrected outcome, and what it changes for re-offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The outcome recorded before.
    pub from: AppointmentState,
    /// The outcome now.
    pub to: AppointmentState,
    /// The appointment needed a re-offer and no longer does (a DNA that was
    /// attended): its re-offer task goes, and a re-offer already published
    /// stays as an ordinary offer.
    pub withdraws_reoffer: bool,
    /// The appointment now needs a re-offer it did not need (an attendance
    /// that was a DNA).
    pub needs_reoffer: bool,
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
    /// See [`AppointmentState::record_at`] for the rule on time.
    pub fn record(self, outcome: Outcome) -> Result<Self, StateError> {
        match self {
            Self::Booked => Ok(outcome.into()),
            other => Err(StateError::NotBooked(other)),
        }
    }

    /// Recording what happened at `now`: only a booked appointment, and only
    /// once it has started (a family cannot miss an appointment five weeks
    /// ahead). A cancellation before the day is not an outcome: unbook the
    /// family, or withdraw the offer.
    pub fn record_at(
        self,
        outcome: Outcome,
        starts_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Self, StateError> {
        let after = self.record(outcome)?;
        if now < starts_at {
            return Err(StateError::NotStarted(starts_at));
        }
        Ok(after)
    }

    /// Whether the appointment has an outcome (attended, DNA or cancelled).
    pub fn has_outcome(self) -> bool {
        !matches!(self, Self::Vacant | Self::Booked)
    }

    /// Correcting a wrong outcome: an appointment with an outcome gets
    /// another, with a reason for the audit log.
    pub fn correct(self, to: Outcome, reason: &str) -> Result<Correction, StateError> {
        if !self.has_outcome() {
            return Err(StateError::NoOutcome(self));
        }
        let to = AppointmentState::from(to);
        if to == self {
            return Err(StateError::SameOutcome(self));
        }
        if reason.trim().is_empty() {
            return Err(StateError::NoReason);
        }
        Ok(Correction {
            from: self,
            to,
            withdraws_reoffer: self.needs_reoffer() && !to.needs_reoffer(),
            needs_reoffer: !self.needs_reoffer() && to.needs_reoffer(),
        })
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

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn outcomes_only_once_the_appointment_has_started() {
        let booked = AppointmentState::Booked;
        // Booked for Tuesday 10 November 2026 at 09:00.
        let starts = at(10, 9);
        let e = booked
            .record_at(Outcome::Dna, starts, at(3, 12))
            .unwrap_err();
        assert_eq!(e, StateError::NotStarted(starts));
        assert_eq!(
            e.to_string(),
            "an outcome is recorded once the appointment has started; this one starts on 10/11/2026 at 09:00"
        );
        assert_eq!(
            booked.record_at(Outcome::Dna, starts, starts),
            Ok(AppointmentState::Dna)
        );
        assert_eq!(
            booked.record_at(Outcome::Attended, starts, at(10, 17)),
            Ok(AppointmentState::Attended)
        );
        assert_eq!(
            AppointmentState::Vacant.record_at(Outcome::Dna, starts, at(11, 9)),
            Err(StateError::NotBooked(AppointmentState::Vacant))
        );
    }

    #[test]
    fn a_wrong_outcome_is_corrected_with_a_reason() {
        use AppointmentState::*;
        let c = Dna
            .correct(Outcome::Attended, "came in late, seen at 9:20")
            .unwrap();
        assert_eq!((c.from, c.to), (Dna, Attended));
        assert!(c.withdraws_reoffer && !c.needs_reoffer);
        let c = Attended
            .correct(Outcome::Dna, "recorded against the wrong family")
            .unwrap();
        assert!(c.needs_reoffer && !c.withdraws_reoffer);
        let c = Dna
            .correct(Outcome::CancelledByFamily, "rang the day before")
            .unwrap();
        assert!(!c.withdraws_reoffer && !c.needs_reoffer);
        assert_eq!(
            Booked.correct(Outcome::Dna, "x"),
            Err(StateError::NoOutcome(Booked))
        );
        assert_eq!(
            Dna.correct(Outcome::Dna, "x"),
            Err(StateError::SameOutcome(Dna))
        );
        assert_eq!(
            Dna.correct(Outcome::Attended, "  "),
            Err(StateError::NoReason)
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
