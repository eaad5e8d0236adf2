//! Bodies of a quarter's capacity and a year's, in the shape `capa plan
//! capacity --format json` prints.

use std::collections::BTreeMap;

use capa_core::{CapacityReport, ClinicianCapacity, TeamCapacity, Warning, YearReport};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::teams::{BandBody, SessionsBody};
use crate::views::figures::team_explanations;

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
    /// The clinician's unrounded share of the team's Choice need.
    pub choice_share: f64,
    /// Share of the clinician's Partnership sessions that are Core.
    pub core_specific_share: Option<f64>,
    /// Working days of the quarter in post.
    pub in_post_days: u32,
    /// Working days in the quarter.
    pub quarter_working_days: u32,
    /// Working days in the quarter on long leave.
    pub long_leave_days: u32,
    /// The target the quarter alone would give (differs from
    /// `new_core_target` when the year's cumulative rounding moves it).
    pub new_core_quarter_alone: u32,
    /// How each figure was computed, by figure.
    pub explain: ClinicianExplainBody,
}

/// How each of a clinician's figures was computed.
#[derive(Serialize, ToSchema)]
pub struct ClinicianExplainBody {
    /// Core sessions.
    pub core_sessions: String,
    /// New Core target.
    pub new_core_target: String,
    /// Specific targets, all streams in one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specific_targets: Option<String>,
    /// Specific targets per stream.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub specific_by_stream: BTreeMap<String, String>,
    /// Choice allocation.
    pub choice_allocation: String,
    /// Choice capacity ("plan holds").
    pub choice_capacity: String,
    /// Core share of Partnership sessions.
    pub core_specific_share: String,
    /// Share of the quarter in post.
    pub in_post: String,
}

impl From<&capa_core::capacity::ClinicianExplain> for ClinicianExplainBody {
    fn from(e: &capa_core::capacity::ClinicianExplain) -> Self {
        Self {
            core_sessions: e.core_sessions.to_string(),
            new_core_target: e.new_core_target.to_string(),
            specific_targets: e.specific_targets.as_ref().map(ToString::to_string),
            specific_by_stream: e
                .specific_by_stream
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
            choice_allocation: e.choice_allocation.to_string(),
            choice_capacity: e.choice_capacity.to_string(),
            core_specific_share: e.core_specific_share.to_string(),
            in_post: e.in_post.to_string(),
        }
    }
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
            choice_share: c.choice_share,
            core_specific_share: c.core_specific_share,
            in_post_days: c.in_post_days,
            quarter_working_days: c.quarter_working_days,
            long_leave_days: c.long_leave_days,
            new_core_quarter_alone: c.new_core_quarter_alone,
            explain: (&c.explain).into(),
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
    /// Choice appointments needed a week.
    pub choice_needed_per_week: f64,
    /// Choice sessions a week the plans need to hold the quarter's need.
    pub choice_sessions_needed: u32,
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
    /// Share of the team's Partnership sessions that are Core.
    pub core_specific_share: Option<f64>,
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
            choice_needed_per_week: t.choice_needed_per_week,
            choice_sessions_needed: t.choice_sessions_needed,
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
            core_specific_share: t.core_specific_share,
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
    /// The team's Specific targets per stream per quarter.
    pub specific_targets: BTreeMap<String, Vec<u32>>,
    /// Each quarter's warnings.
    pub warnings: Vec<Vec<WarningBody>>,
    /// The year's totals.
    pub totals: YearTotalsBody,
}

/// A year's totals, as capa-core sums them.
#[derive(Serialize, ToSchema)]
pub struct YearTotalsBody {
    /// New Core Partnerships in the year.
    pub new_core: u32,
    /// Core demand in the year.
    pub core_demand: f64,
    /// Each quarter's new Core targets minus its Core demand.
    pub surplus: Vec<f64>,
    /// The year's new Core total minus its Core demand.
    pub year_surplus: f64,
    /// Choice appointments needed in the year.
    pub choice_needed: u32,
    /// New Specific Partnerships in the year, per stream.
    pub specific: BTreeMap<String, u32>,
    /// How each total was found.
    pub explain: YearTotalsExplainBody,
}

/// The working of each year total.
#[derive(Serialize, ToSchema)]
pub struct YearTotalsExplainBody {
    /// New Core total.
    pub new_core: String,
    /// Core demand.
    pub core_demand: String,
    /// Surplus or shortfall.
    pub year_surplus: String,
    /// Choice needed.
    pub choice_needed: String,
}

impl From<&capa_core::year::YearTotals> for YearTotalsBody {
    fn from(t: &capa_core::year::YearTotals) -> Self {
        Self {
            new_core: t.new_core,
            core_demand: t.core_demand,
            surplus: t.surplus.clone(),
            year_surplus: t.year_surplus,
            choice_needed: t.choice_needed,
            specific: t.specific.clone(),
            explain: YearTotalsExplainBody {
                new_core: t.explain.new_core.to_string(),
                core_demand: t.explain.core_demand.to_string(),
                year_surplus: t.explain.year_surplus.to_string(),
                choice_needed: t.explain.choice_needed.to_string(),
            },
        }
    }
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
            specific_targets: r.specific_targets.clone(),
            warnings: r
                .warnings
                .iter()
                .map(|q| q.iter().map(Into::into).collect())
                .collect(),
            totals: (&r.totals).into(),
        }
    }
}
