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
    /// A built-in layout's id, or a table defining the team's own.
    pub layout: Option<Spanned<toml::Value>>,
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
    pub holiday_calendar: Option<Spanned<String>>,
    pub long_leave_weeks: Option<Spanned<i64>>,
    pub reoffer_working_days: Option<Spanned<i64>>,
    pub max_wait_weeks: Option<Spanned<i64>>,
    pub demand: Option<Spanned<toml::Table>>,
}

/// `[team.layout]`, read in a second pass (with spans) when `layout` is a table.
#[derive(Debug, Deserialize)]
pub(super) struct LayoutPass {
    pub team: LayoutPassTeam,
}

/// The `[team]` table of the second pass: only its layout.
#[derive(Debug, Deserialize)]
pub(super) struct LayoutPassTeam {
    pub layout: Option<Spanned<RawLayout>>,
}

/// A team's own session layout.
#[derive(Debug, Deserialize)]
pub(super) struct RawLayout {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    /// A built-in layout to start from (its blocks, unless `blocks` is given).
    pub based_on: Option<Spanned<String>>,
    pub days: Option<Spanned<Vec<Spanned<String>>>>,
    pub blocks: Option<Spanned<Vec<Spanned<RawBlock>>>>,
}

/// One block of a team's own layout.
#[derive(Debug, Deserialize)]
pub(super) struct RawBlock {
    pub label: Spanned<String>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub kind: Option<Spanned<String>>,
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
    pub leave: Option<Vec<Spanned<RawLeave>>>,
}

/// A period of leave of a clinician.
#[derive(Debug, Deserialize)]
pub(super) struct RawLeave {
    pub first_day: Spanned<toml::Value>,
    pub last_day: Spanned<toml::Value>,
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
