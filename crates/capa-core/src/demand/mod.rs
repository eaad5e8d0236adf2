//! Demand from the discharge report (method section 5).
//!
//! The seed: "Run a yearly report that lists every discharge - Name, NHI,
//! Diagnosis, days in service, number of f/f - sorted (pivot table) into
//! useable data", and "All episodes of 3 or less face to face will be the
//! CHOICE or one off urgent presentations".
//!
//! A reader turns each row into an [`Episode`] (a validated NHI, a diagnosis,
//! days in service, face-to-face contacts and a discharge date; never a name)
//! and feeds it to a [`DemandAccumulator`]; [`DemandAccumulator::finish`] gives
//! the [`DemandReport`]. The accumulator keeps counts, not episodes: f/f are
//! small whole numbers, so histograms give exact means, medians and
//! percentiles in memory that does not grow with the report. Only duplicate
//! detection needs one 8-byte key per episode (see [`DemandAccumulator`]).
//!
//! For parallel parsing, each thread fills a [`DemandPart`] and the parts are
//! merged in file order with [`DemandAccumulator::merge`], which gives exactly
//! the report a single pass would.
//!
//! [`stored::StoredDemand`] is what capa keeps of a report (aggregates only,
//! rare diagnoses merged), [`stored::compare`] sets two years side by side,
//! [`apply`] turns the figures into a team's settings, change by change, and
//! [`DemandOverrides`] are a team's own thresholds over its other settings.

mod accumulator;
pub mod apply;
mod counts;
mod hash;
mod report;
pub mod stored;
#[cfg(test)]
mod stored_tests;
mod team;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::nhi::Nhi;

pub use accumulator::{Added, DemandAccumulator, DemandPart};
pub use report::{DemandExplain, DemandReport, DiagnosisSummary, FfHistogram};
pub use stored::{MIN_DIAGNOSIS_EPISODES, OTHER_DIAGNOSES, StoredDemand, StoredDiagnosis, compare};
pub use team::DemandOverrides;

/// The thresholds and planning constants of the demand analysis; every one is
/// a team setting (the `[team.demand]` table of a team file).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemandSettings {
    /// Episodes with at most this many f/f are "Choice or one-off urgent
    /// presentations" (the seed: 3); more is Partnership.
    pub choice_max_ff: u32,
    /// The top of the Core range: Partnership episodes with at most this many
    /// f/f are Core-range work (4-15 by default), more are "extended".
    pub core_range_max_ff: u32,
    /// The last single bar of the f/f histogram; higher counts share one
    /// "N+" bar.
    pub histogram_max: u32,
    /// Appointments one weekly session holds, for the derived multiplier.
    pub appointments_per_session: f64,
    /// Working weeks per quarter, for the derived multiplier (CAPA: 11.25).
    pub working_weeks_per_quarter: f64,
    /// Weeks in a quarter, for the Choice appointments needed.
    pub weeks_per_quarter: u32,
}

impl Default for DemandSettings {
    fn default() -> Self {
        Self {
            choice_max_ff: 3,
            core_range_max_ff: 15,
            histogram_max: 30,
            appointments_per_session: 2.0,
            working_weeks_per_quarter: 11.25,
            weeks_per_quarter: 13,
        }
    }
}

impl DemandSettings {
    /// Checks that the thresholds make sense together.
    pub fn check(&self) -> Result<(), DemandError> {
        let bad = |why: String| Err(DemandError::Settings(why));
        if self.core_range_max_ff > 10_000 {
            return bad(format!(
                "core_range_max_ff ({}) must be at most 10000",
                self.core_range_max_ff
            ));
        }
        if self.core_range_max_ff <= self.choice_max_ff {
            return bad(format!(
                "core_range_max_ff ({}) must be above choice_max_ff ({})",
                self.core_range_max_ff, self.choice_max_ff
            ));
        }
        if self.histogram_max == 0 || self.histogram_max > 1000 {
            return bad(format!(
                "histogram_max ({}) must be between 1 and 1000",
                self.histogram_max
            ));
        }
        if !(self.appointments_per_session.is_finite() && self.appointments_per_session > 0.0) {
            return bad(format!(
                "appointments_per_session ({}) must be above 0",
                self.appointments_per_session
            ));
        }
        if self.weeks_per_quarter == 0 {
            return bad("weeks_per_quarter must be at least 1".into());
        }
        let wwpq = self.working_weeks_per_quarter;
        if !(wwpq.is_finite() && wwpq > 0.0 && wwpq <= f64::from(self.weeks_per_quarter)) {
            return bad(format!(
                "working_weeks_per_quarter ({wwpq}) must be above 0 and at most weeks_per_quarter ({})",
                self.weeks_per_quarter
            ));
        }
        Ok(())
    }

    /// The lowest f/f of a Partnership episode (4 by default).
    pub fn partnership_min_ff(&self) -> u32 {
        self.choice_max_ff + 1
    }
}

/// What went wrong in the demand analysis itself (not in a row of a file).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DemandError {
    /// A threshold that cannot be used.
    #[error("demand settings: {0}")]
    Settings(String),
    /// The diagnosis column holds more distinct values than a pivot can use.
    #[error(
        "more than {MAX_DIAGNOSES} different diagnoses: the diagnosis column should hold a diagnosis or a code, not free notes"
    )]
    TooManyDiagnoses,
}

/// The most distinct diagnoses one analysis accepts (they are numbered in 16
/// bits inside the duplicate key).
pub const MAX_DIAGNOSES: usize = 1 << 16;

/// The earliest date capa accepts in a discharge report, as a discharge date or
/// as an episode's start (`discharge date - days in service`).
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1 January 1900 is a date"),
};

/// Which field of an episode a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EpisodeField {
    /// The client's NHI number.
    Nhi,
    /// The diagnosis (free text or a code).
    Diagnosis,
    /// Days from the start of the episode to discharge.
    DaysInService,
    /// Face-to-face contacts (f/f) in the episode.
    FaceToFace,
    /// The date of discharge.
    DischargeDate,
    /// The date the episode started, when the report has it.
    StartDate,
}

impl EpisodeField {
    /// The field's canonical column name, as used in messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Nhi => "nhi",
            Self::Diagnosis => "diagnosis",
            Self::DaysInService => "days_in_service",
            Self::FaceToFace => "face_to_face",
            Self::DischargeDate => "discharge_date",
            Self::StartDate => "start_date",
        }
    }
}

/// Why the values of a row do not make an episode.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EpisodeError {
    /// The discharge date lies after today.
    #[error("{} is in the future (today is {})", dmy(*discharge), dmy(*today))]
    FutureDischarge {
        /// The discharge date given.
        discharge: NaiveDate,
        /// The date the analysis runs.
        today: NaiveDate,
    },
    /// The discharge date is before [`EARLIEST_DATE`].
    #[error("{} is before {}", dmy(*discharge), dmy(EARLIEST_DATE))]
    DischargeTooEarly {
        /// The discharge date given.
        discharge: NaiveDate,
    },
    /// Days in service put the episode's start before [`EARLIEST_DATE`].
    #[error(
        "{days} days before the discharge on {} is before {}: days in service do not fit the dates",
        dmy(*discharge),
        dmy(EARLIEST_DATE)
    )]
    StartTooEarly {
        /// Days in service given.
        days: u32,
        /// The discharge date given.
        discharge: NaiveDate,
    },
}

impl EpisodeError {
    /// The field the error is about.
    pub fn field(&self) -> EpisodeField {
        match self {
            Self::FutureDischarge { .. } | Self::DischargeTooEarly { .. } => {
                EpisodeField::DischargeDate
            }
            Self::StartTooEarly { .. } => EpisodeField::DaysInService,
        }
    }
}

/// A date as New Zealand writes it: dd/mm/yyyy.
pub fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// One discharged episode: what the analysis needs and nothing else (no name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode<'a> {
    nhi: Nhi,
    diagnosis: &'a str,
    days_in_service: u32,
    face_to_face: u32,
    discharge_date: NaiveDate,
    /// Days from [`EARLIEST_DATE`] to the discharge.
    discharge_day: u32,
}

impl<'a> Episode<'a> {
    /// Makes an episode, checking the dates: the discharge lies between
    /// [`EARLIEST_DATE`] and `today`, and so does the start
    /// (`discharge_date - days_in_service`). `today` is a parameter so that
    /// results do not depend on the clock.
    pub fn new(
        nhi: Nhi,
        diagnosis: &'a str,
        days_in_service: u32,
        face_to_face: u32,
        discharge_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, EpisodeError> {
        if discharge_date > today {
            return Err(EpisodeError::FutureDischarge {
                discharge: discharge_date,
                today,
            });
        }
        let discharge_day = day_number(discharge_date).ok_or(EpisodeError::DischargeTooEarly {
            discharge: discharge_date,
        })?;
        if days_in_service > discharge_day {
            return Err(EpisodeError::StartTooEarly {
                days: days_in_service,
                discharge: discharge_date,
            });
        }
        Ok(Self {
            nhi,
            diagnosis,
            days_in_service,
            face_to_face,
            discharge_date,
            discharge_day,
        })
    }

    /// The client's NHI number.
    pub fn nhi(&self) -> Nhi {
        self.nhi
    }

    /// The diagnosis as written in the report.
    pub fn diagnosis(&self) -> &'a str {
        self.diagnosis
    }

    /// Days from the start of the episode to discharge.
    pub fn days_in_service(&self) -> u32 {
        self.days_in_service
    }

    /// Face-to-face contacts (f/f).
    pub fn face_to_face(&self) -> u32 {
        self.face_to_face
    }

    /// The date of discharge.
    pub fn discharge_date(&self) -> NaiveDate {
        self.discharge_date
    }

    /// The episode's start, taken as the accepted referral:
    /// `discharge_date - days_in_service`.
    pub fn start_date(&self) -> NaiveDate {
        date_of_day(self.start_day())
    }

    fn start_day(&self) -> u32 {
        self.discharge_day - self.days_in_service
    }
}

/// Days from [`EARLIEST_DATE`] to `d`, or `None` before it.
fn day_number(d: NaiveDate) -> Option<u32> {
    u32::try_from(d.signed_duration_since(EARLIEST_DATE).num_days()).ok()
}

fn date_of_day(day: u32) -> NaiveDate {
    EARLIEST_DATE
        .checked_add_days(chrono::Days::new(u64::from(day)))
        .unwrap_or(NaiveDate::MAX)
}

/// The NHI number in 26 bits. The check character is left out because the
/// first six characters determine it; the rest are three letters (24 values
/// each), two digits, and a digit or letter (34 values):
/// 24^3 x 100 x 34 = 47,001,600 < 2^26.
fn nhi_code(nhi: Nhi) -> u64 {
    fn value(c: u8) -> u64 {
        match c {
            b'0'..=b'9' => u64::from(c - b'0'),
            b'A'..=b'H' => u64::from(c - b'A') + 10,
            b'J'..=b'N' => u64::from(c - b'J') + 18,
            _ => u64::from(c.saturating_sub(b'P')) + 23,
        }
    }
    let b = nhi.as_str().as_bytes();
    // Letters map to 10..=33; in the first three places subtract 10 so they
    // take 24 values.
    let letters = (value(b[0]) - 10) * 24 * 24 + (value(b[1]) - 10) * 24 + (value(b[2]) - 10);
    let digits = value(b[3]) * 10 + value(b[4]);
    (letters * 100 + digits) * 34 + value(b[5])
}

const DIAGNOSIS_BITS: u32 = 16;
const DAY_BITS: u32 = 22;

/// The duplicate key of an episode: NHI (26 bits), discharge day (22 bits, to
/// the year 13,000) and diagnosis number (16 bits) packed into a `u64`.
fn episode_key(nhi: Nhi, discharge_day: u32, diagnosis: u16) -> u64 {
    (nhi_code(nhi) << (DAY_BITS + DIAGNOSIS_BITS))
        | ((u64::from(discharge_day) & ((1 << DAY_BITS) - 1)) << DIAGNOSIS_BITS)
        | u64::from(diagnosis)
}

fn with_diagnosis(key: u64, diagnosis: u16) -> u64 {
    (key & !((1 << DIAGNOSIS_BITS) - 1)) | u64::from(diagnosis)
}

fn diagnosis_of(key: u64) -> u16 {
    (key & ((1 << DIAGNOSIS_BITS) - 1)) as u16
}

/// Test numbers start with Z, the last of the 24 letters, so their code is in
/// the top 24th of the NHI range (see `nhi_code`).
fn key_is_test(key: u64) -> bool {
    (key >> (DAY_BITS + DIAGNOSIS_BITS)) / (24 * 100 * 34 * 24) == 23
}
