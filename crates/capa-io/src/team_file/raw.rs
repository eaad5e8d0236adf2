//! The team file as written: serde structs that keep each value's place in the
//! file, so that every problem can name its line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A job-plan grid as written: rows of cells, each with its place in the file.
pub(super) type RawGrid = Spanned<Vec<Spanned<Vec<Spanned<RawCell>>>>>;

/// The whole file.
#[derive(Debug, Deserialize)]
pub(super) struct RawFile {
    pub team: Spanned<RawTeam>,
    #[serde(default)]
    pub streams: Vec<Spanned<RawStream>>,
    #[serde(default)]
    pub clinicians: Vec<Spanned<RawClinician>>,
}

/// `[team]`.
#[derive(Debug, Deserialize)]
pub(super) struct RawTeam {
    pub name: Spanned<String>,
    pub layout: Option<Spanned<String>>,
    pub year_start_month: Option<Spanned<i64>>,
    pub time_zone: Option<Spanned<String>>,
    pub hours_per_week: Option<Spanned<f64>>,
    pub working_weeks_per_quarter: Option<Spanned<f64>>,
    pub annual_leave_days: Option<Spanned<f64>>,
    pub public_holidays: Option<Spanned<f64>>,
    pub study_days: Option<Spanned<f64>>,
    pub accepted_referrals_per_week: Option<Spanned<f64>>,
    pub conversion_to_core: Option<Spanned<f64>>,
    pub core_multiplier: Option<Spanned<f64>>,
    pub derive: Option<Spanned<RawDerive>>,
    pub choice_allocation: Option<Spanned<String>>,
    pub choice_appointments_per_session: Option<Spanned<f64>>,
    pub balance_band: Option<Spanned<[f64; 2]>>,
    pub choice_core_share_band: Option<Spanned<[f64; 2]>>,
    pub diary_notice_weeks: Option<Spanned<i64>>,
    pub demand: Option<Spanned<toml::Table>>,
}

/// `[team.derive]`: the Core multiplier derived from the team's own figures.
#[derive(Debug, Deserialize)]
pub(super) struct RawDerive {
    pub appointments_per_session: Option<Spanned<f64>>,
    pub working_weeks_per_quarter: Option<Spanned<f64>>,
    pub average_appointments: Option<Spanned<f64>>,
}

/// `[[streams]]`.
#[derive(Debug, Deserialize)]
pub(super) struct RawStream {
    pub name: Spanned<String>,
    pub multiplier: Option<Spanned<f64>>,
    pub average_appointments: Option<Spanned<f64>>,
    pub appointments_per_session: Option<Spanned<f64>>,
    pub working_weeks_per_quarter: Option<Spanned<f64>>,
}

/// `[[clinicians]]`.
#[derive(Debug, Deserialize)]
pub(super) struct RawClinician {
    pub initials: Spanned<String>,
    pub name: Spanned<String>,
    pub discipline: Option<String>,
    pub fte: Option<Spanned<f64>>,
    pub does_choice: Option<bool>,
    pub choice_allocation: Option<Spanned<i64>>,
    pub start_date: Option<Spanned<toml::Value>>,
    pub leaving_date: Option<Spanned<toml::Value>>,
    pub skills: Option<BTreeMap<String, Spanned<String>>>,
    pub streams: Option<Vec<Spanned<String>>>,
    pub job_plan: Option<RawGrid>,
    pub job_plans: Option<Vec<Spanned<RawPlanVersion>>>,
}

/// `[[clinicians.job_plans]]`: one version of a versioned plan.
#[derive(Debug, Deserialize)]
pub(super) struct RawPlanVersion {
    pub version: Option<Spanned<i64>>,
    pub applies_from: Option<Spanned<toml::Value>>,
    pub grid: RawGrid,
}

/// A job-plan cell: text, or a table that states an Other activity's category.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawCell {
    Text(String),
    Table {
        label: String,
        category: Option<String>,
    },
}
