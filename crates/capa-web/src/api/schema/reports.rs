//! Bodies of a quarter's capacity and a year's, in the shape `capa plan
//! capacity --format json` prints.

use std::collections::BTreeMap;

use capa_core::{CapacityReport, ClinicianCapacity, TeamCapacity, Warning, YearReport};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::teams::{BandBody, SessionsBody};
use crate::views::figures::{explanations_of, team_explanations};

/// A warning of a report.
#[derive(Serialize, ToSchema)]
pub struct WarningBody {
    /// Its code (see the method page).
    pub code: String,
    /// The clinician concerned.
    pub clinician: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl From<&Warning> for WarningBody {
    fn from(w: &Warning) -> Self {
        Self {
            code: w.code.into(),
            clinician: w.clinician.clone(),
            message: w.message.clone(),
        }
    }
}

fn standing(s: capa_core::balance::Standing) -> String {
    use capa_core::balance::Standing;
    match s {
        Standing::Below => "below",
        Standing::Within => "within",
        Standing::Above => "above",
        Standing::Unknown => "unknown",
    }
    .into()
}

/// One clinician's line of a quarter.
#[derive(Serialize, ToSchema)]
pub struct ClinicianCapacityBody {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// FTE.
    pub fte: f64,
    /// Does Choice.
    pub does_choice: bool,
    /// The job plan version in force at the quarter's start.
    pub job_plan_version: Option<u32>,
    /// Choice sessions a week.
    pub choice_sessions: u32,
    /// Core sessions a week, free ones included.
    pub core_sessions: u32,
    /// Specific sessions a week per stream.
    pub specific_sessions: BTreeMap<String, u32>,
    /// Other sessions a week.
    pub other_sessions: u32,
    /// Working sessions a week.
    pub working_sessions: u32,
    /// Sessions by kind.
    pub sessions: SessionsBody,
    /// Share of the quarter in post (0-1).
    pub in_post: f64,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core target before rounding.
    pub new_core_unrounded: f64,
    /// New Core Partnerships to start in the quarter.
    pub new_core_target: u32,
    /// Specific targets before rounding, per stream.
    pub specific_unrounded: BTreeMap<String, f64>,
    /// New Specific Partnerships per stream.
    pub specific_targets: BTreeMap<String, u32>,
    /// Choice appointments allocated.
    pub choice_allocation: u32,
    /// Choice appointments the plan holds.
    pub choice_capacity: u32,
    /// Whether the plan holds the allocation.
    pub choice_plan_holds: bool,
    /// How each figure was computed, by figure.
    pub explain: BTreeMap<String, String>,
}

impl From<&ClinicianCapacity> for ClinicianCapacityBody {
    fn from(c: &ClinicianCapacity) -> Self {
        Self {
            initials: c.initials.to_string(),
            name: c.name.clone(),
            discipline: c.discipline.clone(),
            fte: c.fte,
            does_choice: c.does_choice,
            job_plan_version: c.job_plan_version,
            choice_sessions: c.choice_sessions,
            core_sessions: c.core_sessions,
            specific_sessions: c.specific_sessions.clone(),
            other_sessions: c.other_sessions,
            working_sessions: c.working_sessions,
            sessions: (&c.sessions).into(),
            in_post: c.in_post,
            core_multiplier: c.core_multiplier,
            new_core_unrounded: c.new_core_unrounded,
            new_core_target: c.new_core_target,
            specific_unrounded: c.specific_unrounded.clone(),
            specific_targets: c.specific_targets.clone(),
            choice_allocation: c.choice_allocation,
            choice_capacity: c.choice_capacity,
            choice_plan_holds: c.choice_plan_holds,
            explain: explanations_of(c)
                .into_iter()
                .map(|(k, e)| (k.to_string(), e.to_string()))
                .collect(),
        }
    }
}

/// The team's line of a quarter.
#[derive(Serialize, ToSchema)]
pub struct TeamCapacityBody {
    /// Team name.
    pub name: String,
    /// Clinicians.
    pub clinicians: usize,
    /// FTE.
    pub fte_total: f64,
    /// Sessions by kind.
    pub sessions: SessionsBody,
    /// Choice sessions a week.
    pub choice_sessions: u32,
    /// Core sessions a week.
    pub core_sessions: u32,
    /// Working sessions a week.
    pub working_sessions: u32,
    /// The Core multiplier.
    pub core_multiplier: f64,
    /// New Core Partnerships offered.
    pub new_core_total: u32,
    /// New Specific Partnerships per stream.
    pub specific_totals: BTreeMap<String, u32>,
    /// Each stream's multiplier.
    pub stream_multipliers: BTreeMap<String, f64>,
    /// Accepted referrals per week.
    pub accepted_referrals_per_week: f64,
    /// Choice appointments needed.
    pub choice_needed: u32,
    /// Choice appointments allocated.
    pub choice_allocated: u32,
    /// Choice appointments the plans hold.
    pub choice_capacity: u32,
    /// New Core Partnerships needed.
    pub core_demand: f64,
    /// Offered minus needed.
    pub core_surplus: f64,
    /// New Core Partnerships a quarter per weekly accepted referral.
    pub balance_ratio: Option<f64>,
    /// CAPA's band for it.
    pub balance_band: BandBody,
    /// below, within, above or unknown.
    pub balance: String,
    /// Share of working sessions in Choice + Core.
    pub choice_core_share: Option<f64>,
    /// CAPA's band for it.
    pub choice_core_share_band: BandBody,
    /// below, within, above or unknown.
    pub choice_core_standing: String,
    /// How each figure was computed, by figure.
    pub explain: BTreeMap<String, String>,
}

impl From<&TeamCapacity> for TeamCapacityBody {
    fn from(t: &TeamCapacity) -> Self {
        Self {
            name: t.name.clone(),
            clinicians: t.clinicians,
            fte_total: t.fte_total,
            sessions: (&t.sessions).into(),
            choice_sessions: t.choice_sessions,
            core_sessions: t.core_sessions,
            working_sessions: t.working_sessions,
            core_multiplier: t.core_multiplier,
            new_core_total: t.new_core_total,
            specific_totals: t.specific_totals.clone(),
            stream_multipliers: t.stream_multipliers.clone(),
            accepted_referrals_per_week: t.accepted_referrals_per_week,
            choice_needed: t.choice_needed,
            choice_allocated: t.choice_allocated,
            choice_capacity: t.choice_capacity,
            core_demand: t.core_demand,
            core_surplus: t.core_surplus,
            balance_ratio: t.balance_ratio,
            balance_band: (&t.balance_band).into(),
            balance: standing(t.balance),
            choice_core_share: t.choice_core_share,
            choice_core_share_band: (&t.choice_core_share_band).into(),
            choice_core_standing: standing(t.choice_core_standing),
            explain: team_explanations(t)
                .into_iter()
                .map(|(k, e)| (k.to_string(), e.to_string()))
                .collect(),
        }
    }
}

/// A quarter's capacity report, as `capa plan capacity --format json`.
#[derive(Serialize, ToSchema)]
pub struct CapacityBody {
    /// "2026/27 Q2".
    pub quarter: String,
    /// First day.
    pub starts: NaiveDate,
    /// Last day.
    pub ends: NaiveDate,
    /// The team's figures.
    pub team: TeamCapacityBody,
    /// Each clinician's.
    pub clinicians: Vec<ClinicianCapacityBody>,
    /// What needs attention.
    pub warnings: Vec<WarningBody>,
}

impl From<&CapacityReport> for CapacityBody {
    fn from(r: &CapacityReport) -> Self {
        Self {
            quarter: r.quarter.to_string(),
            starts: r.starts,
            ends: r.ends,
            team: (&r.team).into(),
            clinicians: r.clinicians.iter().map(Into::into).collect(),
            warnings: r.warnings.iter().map(Into::into).collect(),
        }
    }
}

/// One clinician's year.
#[derive(Serialize, ToSchema)]
pub struct ClinicianYearBody {
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Each quarter's target before rounding.
    pub new_core_unrounded: Vec<f64>,
    /// Each quarter's new Core target, rounded cumulatively.
    pub new_core_targets: Vec<u32>,
    /// The year's.
    pub new_core_total: u32,
    /// Specific targets per stream per quarter.
    pub specific_targets: BTreeMap<String, Vec<u32>>,
    /// The cumulative rounding in words.
    pub explain: String,
}

/// A year of four quarters, rounded cumulatively.
#[derive(Serialize, ToSchema)]
pub struct YearBody {
    /// "2026/27".
    pub year: String,
    /// Its quarters.
    pub quarters: Vec<String>,
    /// Each clinician's year.
    pub clinicians: Vec<ClinicianYearBody>,
    /// The team's new Core targets per quarter.
    pub new_core_targets: Vec<u32>,
    /// The team's year.
    pub new_core_total: u32,
    /// Choice appointments needed per quarter.
    pub choice_needed: Vec<u32>,
    /// Core demand per quarter.
    pub core_demand: Vec<f64>,
    /// Each quarter's warnings.
    pub warnings: Vec<Vec<WarningBody>>,
}

impl From<&YearReport> for YearBody {
    fn from(r: &YearReport) -> Self {
        Self {
            year: r.year.to_string(),
            quarters: r.quarters.iter().map(ToString::to_string).collect(),
            clinicians: r
                .clinicians
                .iter()
                .map(|c| ClinicianYearBody {
                    initials: c.initials.to_string(),
                    name: c.name.clone(),
                    new_core_unrounded: c.new_core_unrounded.clone(),
                    new_core_targets: c.new_core_targets.clone(),
                    new_core_total: c.new_core_total,
                    specific_targets: c.specific_targets.clone(),
                    explain: c.explain.to_string(),
                })
                .collect(),
            new_core_targets: r.new_core_targets.clone(),
            new_core_total: r.new_core_total,
            choice_needed: r.choice_needed.clone(),
            core_demand: r.core_demand.clone(),
            warnings: r
                .warnings
                .iter()
                .map(|q| q.iter().map(Into::into).collect())
                .collect(),
        }
    }
}
