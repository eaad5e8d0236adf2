//! The monitor's paths, written once: the route table registers the
//! patterns and the pages build their links from [`Links`].

use capa_core::{Initials, Quarter};

use crate::urls::{fill, path::TEAM, with_query};

/// Path patterns, relative to the team.
pub mod path {
    /// The quarter monitor (`?quarter=`).
    pub const MONITOR: &str = "/monitor";
    /// One clinician's offers of the quarter (`?quarter=`).
    pub const CLINICIAN: &str = "/monitor/clinicians/{initials}";
    /// The leaver or maternity what-if of a clinician (`?quarter=`).
    pub const WHAT_IF: &str = "/monitor/clinicians/{initials}/what-if";
    /// Applying it.
    pub const WHAT_IF_APPLY: &str = "/monitor/clinicians/{initials}/what-if/apply";
    /// The monitor's settings (caseload threshold, access targets).
    pub const SETTINGS: &str = "/settings/monitoring";
    /// Recording that the episode a first appointment started has closed.
    pub const EPISODE_CLOSE: &str = "/diary/appointments/{id}/close";
}

/// The monitor's links of one team.
#[derive(Debug, Clone, Copy)]
pub struct Links {
    team: i64,
}

impl Links {
    /// The links of team `team`.
    pub fn new(team: i64) -> Self {
        Self { team }
    }

    fn at(&self, pattern: &str, params: &[(&str, &dyn std::fmt::Display)]) -> String {
        format!(
            "{}{}",
            fill(TEAM, &[("team", &self.team)]),
            fill(pattern, params)
        )
    }

    /// The monitor of a quarter (today's when `None`).
    pub fn monitor(&self, q: Option<Quarter>) -> String {
        let key = q.map(|q| q.key()).unwrap_or_default();
        with_query(&self.at(path::MONITOR, &[]), &[("quarter", &key)])
    }

    /// A clinician's offers of a quarter.
    pub fn clinician(&self, who: &Initials, q: Quarter) -> String {
        with_query(
            &self.at(path::CLINICIAN, &[("initials", who)]),
            &[("quarter", &q.key())],
        )
    }

    /// A clinician's what-if, re-planning a quarter.
    pub fn what_if(&self, who: &Initials, q: Quarter) -> String {
        with_query(
            &self.at(path::WHAT_IF, &[("initials", who)]),
            &[("quarter", &q.key())],
        )
    }

    /// Applying a clinician's what-if.
    pub fn what_if_apply(&self, who: &Initials) -> String {
        self.at(path::WHAT_IF_APPLY, &[("initials", who)])
    }

    /// The monitor's settings.
    pub fn settings(&self) -> String {
        self.at(path::SETTINGS, &[])
    }

    /// Closing the episode an appointment started.
    pub fn episode_close(&self, id: i64) -> String {
        self.at(path::EPISODE_CLOSE, &[("id", &id)])
    }
}
