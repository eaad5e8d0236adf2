//! The CAPA model (method page, section 9) on the engine.
//!
//! [`forecast`] runs a team's plan forward: referrals arrive at the team's
//! weekly rate (Poisson, optionally shaped by a weekly profile); each is fully
//! booked into one of the two earliest Choice slots on different days; Choice
//! DNAs are offered again and two close the referral; outcomes split by the
//! conversion rates; Partnerships are booked into the earliest vacant offer
//! of a clinician with the needed skill (offers published per quarter from
//! capa-core's targets and proposals, with the team's notice), or wait on the
//! managed list; episodes take a drawn number of weekly appointments in the
//! clinician's sessions, DNAs rebooked. Holidays, leave, leaving dates and
//! job plan versions by date are honoured. It starts from today's diary
//! ([`Snapshot`]) or from an empty diary after a warm-up.
//!
//! The deterministic part (the diary's offers and slots, seats, targets) is
//! built once in [`plan`]; replications only simulate chance, in parallel.

mod assumptions;
mod diary;
pub mod episode;
mod export;
mod headroom;
mod output;
mod plan;
mod record;
pub mod settings;
mod sim;
pub mod snapshot;
mod start;
mod timeline;
pub mod whatif;

use capa_core::{Initials, Team};
use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::replicate::{self, Replications};

pub use export::{EntriesOut, ModelInputs, inputs};
pub use headroom::{Headroom, HeadroomOptions, Tested, headroom};
pub use output::{ClinicianBands, ClinicianQuarter, Forecast, LittlesLaw, WaitSummary, WeekBands};
pub use settings::{EpisodeLengths, ForecastSettings, SkillNeed};
pub use snapshot::Snapshot;
pub use whatif::{Change, SessionKind, WhatIf, WhatIfError};

/// Where a forecast starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum Start {
    /// An empty diary, run through the warm-up so that the forecast from
    /// `today` sees a team in its stride.
    Empty {
        /// The forecast's first day.
        today: NaiveDate,
    },
    /// Today's diary and caseloads.
    Snapshot(Snapshot),
}

impl Start {
    /// The forecast's first day.
    pub fn today(&self) -> NaiveDate {
        match self {
            Self::Empty { today } => *today,
            Self::Snapshot(s) => s.today,
        }
    }
}

/// Leave the forecast adds to the team's own (`Team::leave`), e.g. from the
/// command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leave {
    /// Whose.
    pub clinician: Initials,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
}

/// Everything a forecast runs on.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInput {
    /// The team: settings, clinicians, job plans (what-ifs change a copy).
    pub team: Team,
    /// The forecast's own settings.
    pub settings: ForecastSettings,
    /// The team's public holidays.
    pub holidays: Vec<NaiveDate>,
    /// Leave beyond the team's own.
    pub leave: Vec<Leave>,
    /// Where it starts.
    pub start: Start,
}

impl ForecastInput {
    /// A forecast of a team from an empty diary, with default settings, no
    /// holidays and no leave.
    pub fn new(team: Team, today: NaiveDate) -> Self {
        Self {
            team,
            settings: ForecastSettings::default(),
            holidays: Vec::new(),
            leave: Vec::new(),
            start: Start::Empty { today },
        }
    }
}

/// A forecast that cannot run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ForecastError {
    /// Settings that cannot be used, each in words.
    #[error("forecast settings: {}", .0.join("; "))]
    Settings(Vec<String>),
    /// A snapshot that does not fit the team.
    #[error("snapshot: {0}")]
    Snapshot(String),
    /// No replications asked for.
    #[error("at least one replication is needed")]
    NoReplications,
}

/// Runs the forecast over `runs`' replications.
pub fn forecast(input: &ForecastInput, runs: Replications) -> Result<Forecast, ForecastError> {
    if runs.reps == 0 {
        return Err(ForecastError::NoReplications);
    }
    let plan = plan::build(input)?;
    let outs = simulate(&plan, runs);
    let words = assumptions::assumptions(input, &plan);
    Ok(output::summarise(
        &plan,
        &outs,
        runs.seed,
        matches!(input.start, Start::Snapshot(_)),
        words,
    ))
}

fn simulate(plan: &plan::Plan, runs: Replications) -> Vec<record::RepOut> {
    replicate::replicate(runs, sim::Buffers::default, |buffers, i| {
        sim::Rep::new(plan, runs.seed, i, buffers).run(buffers)
    })
}

impl ForecastInput {
    /// The mean length of a Core episode in weeks (appointments are weekly and
    /// a missed one is rebooked a week on): how far back attended first
    /// appointments are taken as still open when a snapshot estimates today's
    /// caseload.
    pub fn mean_core_episode_weeks(&self) -> f64 {
        let (_, mean) = plan::kind_figures(self, &capa_core::diary::SlotKind::Core);
        let dna = self.settings.partnership_dna.clamp(0.0, 0.95);
        mean / (1.0 - dna)
    }
}
