//! The demand pages: upload and history, one analysis, two side by side.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::demand::StoredDemand;
use capa_core::explain::{n2, percent};

use super::chrome::Chrome;

/// A figure with what it is and how it was found.
pub struct FigureRow {
    /// Its name.
    pub label: &'static str,
    /// Its value, shown.
    pub value: String,
    /// What it means, or its working.
    pub explain: String,
}

/// One row of the pivot by diagnosis, shown.
pub struct DiagnosisRow {
    /// The diagnosis.
    pub diagnosis: String,
    /// Episodes.
    pub episodes: u64,
    /// Partnership episodes.
    pub partnership: u64,
    /// Mean f/f.
    pub mean: String,
    /// Median f/f.
    pub median: String,
    /// Extended episodes.
    pub extended: u64,
    /// Share extended.
    pub share: String,
    /// Suggested as Specific.
    pub specific: bool,
}

/// One row of the histogram's table.
pub struct BarRow {
    /// "0" ... "31+".
    pub label: String,
    /// Episodes.
    pub count: u64,
    /// The range it falls in.
    pub range: &'static str,
}

/// A bad row of a refused upload.
pub struct BadRowView {
    /// Row number ("file" for the file as a whole).
    pub row: String,
    /// Column.
    pub column: String,
    /// The value.
    pub value: String,
    /// Why.
    pub reason: String,
}

/// A stored analysis in the history list.
pub struct HistoryRow {
    /// Its id.
    pub id: i64,
    /// Link.
    pub href: String,
    /// File name.
    pub file: String,
    /// Uploaded (team's local time).
    pub uploaded: String,
    /// The report's span.
    pub span: String,
    /// Episodes.
    pub episodes: u64,
    /// Referrals a week.
    pub referrals: String,
    /// Applied, when.
    pub applied: String,
}

/// The outcome of an upload that stored nothing.
pub struct Refusal {
    /// What happened.
    pub message: String,
    /// The first 100 bad rows.
    pub rows: Vec<BadRowView>,
    /// Bad rows in all.
    pub bad: u64,
    /// Whether "analyse the rest" can help (bad rows, not a bad file).
    pub can_analyse_rest: bool,
}

/// `GET /teams/{team}/demand`.
#[derive(Template, WebTemplate)]
#[template(path = "demand.html")]
pub struct DemandPage {
    /// Frame.
    pub chrome: Chrome,
    /// Whether the user may upload.
    pub can_upload: bool,
    /// Upload target.
    pub upload_href: String,
    /// The server's limit, in words ("200 MB").
    pub limit: String,
    /// The limit in bytes, so the page can refuse a larger file before
    /// sending any of it.
    pub limit_bytes: u64,
    /// What the server says of a file above the limit; the page says the same.
    pub too_large: String,
    /// The last upload's refusal, if any.
    pub refusal: Option<Refusal>,
    /// Analyses, newest first.
    pub history: Vec<HistoryRow>,
    /// The compare form's target.
    pub compare_href: String,
}

/// The refusal alone, for htmx.
#[derive(Template, WebTemplate)]
#[template(path = "demand_refusal.html")]
pub struct RefusalFragment {
    /// What to show.
    pub refusal: Option<Refusal>,
}

/// A change the apply form would make.
pub struct ChangeRow {
    /// The setting.
    pub setting: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// A target before and after.
pub struct TargetRow {
    /// What.
    pub target: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
    /// Whether it changes.
    pub changed: bool,
}

/// `GET /teams/{team}/demand/{id}`.
#[derive(Template, WebTemplate)]
#[template(path = "demand_analysis.html")]
pub struct AnalysisPage {
    /// Frame.
    pub chrome: Chrome,
    /// The file and when.
    pub file: String,
    /// Size and hash.
    pub file_facts: String,
    /// Uploaded, in words.
    pub uploaded: String,
    /// Applied, in words (empty: never).
    pub applied: String,
    /// The headline figures.
    pub figures: Vec<FigureRow>,
    /// The pivot.
    pub diagnoses: Vec<DiagnosisRow>,
    /// Rare diagnoses merged.
    pub merged_note: String,
    /// The chart.
    pub chart: String,
    /// The histogram as a table.
    pub bars: Vec<BarRow>,
    /// Suggested Specific streams.
    pub suggested: Vec<String>,
    /// Downloads.
    pub csv_href: String,
    /// Downloads.
    pub xlsx_href: String,
    /// Whether the user may apply.
    pub can_apply: bool,
    /// Apply target.
    pub apply_href: String,
    /// This page (the preview form's target).
    pub self_href: String,
    /// Choices shown.
    pub referrals: bool,
    /// Core: keep the fixed multiplier.
    pub keep_core: bool,
    /// Stream multipliers.
    pub stream_multipliers: bool,
    /// Add suggested streams.
    pub add_streams: bool,
    /// The changes applying would make.
    pub changes: Vec<ChangeRow>,
    /// Notes on what would not be done.
    pub notes: Vec<String>,
    /// Targets before and after.
    pub targets: Vec<TargetRow>,
    /// The quarter the targets are for.
    pub quarter: String,
    /// Back to the list.
    pub demand_href: String,
}

/// One figure in two years.
pub struct CompareRow {
    /// What.
    pub label: String,
    /// First.
    pub first: String,
    /// Second.
    pub second: String,
    /// Change.
    pub change: String,
}

/// `GET /teams/{team}/demand/compare`.
#[derive(Template, WebTemplate)]
#[template(path = "demand_compare.html")]
pub struct ComparePage {
    /// Frame.
    pub chrome: Chrome,
    /// The first analysis, named.
    pub first: String,
    /// The second.
    pub second: String,
    /// Headline figures.
    pub figures: Vec<CompareRow>,
    /// Per diagnosis: episodes, mean f/f, share extended.
    pub diagnoses: Vec<(String, String, String, String, String, String, String)>,
    /// Back.
    pub demand_href: String,
}

/// A number with two places, or a dash.
pub fn opt(x: Option<f64>) -> String {
    x.map_or("–".into(), n2)
}

/// A share as a percentage, or a dash.
pub fn share(x: Option<f64>) -> String {
    x.map_or("–".into(), percent)
}

/// The headline figures of an analysis, each with its meaning or working.
pub fn figure_rows(a: &StoredDemand) -> Vec<FigureRow> {
    let s = &a.settings;
    let row = |label, value: String, explain: String| FigureRow {
        label,
        value,
        explain,
    };
    let span = match (a.first_discharge, a.last_discharge) {
        (Some(f), Some(l)) => format!(
            "{} to {} ({} days)",
            capa_core::demand::dmy(f),
            capa_core::demand::dmy(l),
            a.span_days
        ),
        _ => "–".into(),
    };
    vec![
        row(
            "Episodes",
            a.episodes.to_string(),
            "discharged episodes in the report, each duplicate counted once".into(),
        ),
        row(
            "Choice or one-off",
            a.choice_or_one_off.to_string(),
            format!(
                "episodes with at most {} f/f: \"the CHOICE or one off urgent presentations\"",
                s.choice_max_ff
            ),
        ),
        row(
            "Partnership episodes",
            a.partnership_episodes.to_string(),
            format!(
                "episodes with {} f/f or more: work after Choice, Core or Specific",
                s.partnership_min_ff()
            ),
        ),
        row(
            "Partnership f/f: mean, median, 90th percentile",
            format!(
                "{} · {} · {}",
                opt(a.partnership_mean_ff),
                opt(a.partnership_median_ff),
                opt(a.partnership_p90_ff)
            ),
            "over Partnership episodes; the 90th percentile as Excel's PERCENTILE.INC".into(),
        ),
        row(
            "Core range episodes",
            a.core_range_episodes.to_string(),
            format!(
                "Partnership episodes of {}-{} f/f: \"all the 'average' time work is Core Partnership\"",
                s.partnership_min_ff(),
                s.core_range_max_ff
            ),
        ),
        row(
            "Core range f/f: mean, median, 90th percentile",
            format!(
                "{} · {} · {}",
                opt(a.core_range_mean_ff),
                opt(a.core_range_median_ff),
                opt(a.core_range_p90_ff)
            ),
            "the mean is what the derived Core multiplier divides by".into(),
        ),
        row(
            "Extended episodes",
            format!("{} ({})", a.extended_episodes, share(a.extended_share)),
            format!(
                "Partnership episodes above {} f/f, and their share of Partnership episodes",
                s.core_range_max_ff
            ),
        ),
        row(
            "Span",
            span,
            "first to last discharge, both days included".into(),
        ),
        row(
            "Accepted referrals a week",
            opt(a.referrals_per_week),
            a.explain.referrals_per_week.clone(),
        ),
        row(
            "Discharges a week",
            opt(a.discharges_per_week),
            "discharges over the same span, as a cross-check of the referral rate".into(),
        ),
        row(
            "Choice appointments needed a quarter",
            a.choice_needed_per_quarter
                .map_or("–".into(), |n| n.to_string()),
            a.explain.choice_needed_per_quarter.clone(),
        ),
        row(
            "Suggested Core multiplier",
            opt(a.suggested_core_multiplier),
            a.explain.suggested_core_multiplier.clone(),
        ),
        row(
            "Duplicates",
            a.duplicates.to_string(),
            "rows repeating an episode (same NHI, discharge date and diagnosis), counted once"
                .into(),
        ),
        row(
            "Test NHIs",
            a.test_nhis.to_string(),
            "episodes whose NHI starts with Z (test numbers); included in the figures".into(),
        ),
        row(
            "Rows read",
            a.rows.to_string(),
            if a.rows_left_out > 0 {
                format!(
                    "{} bad rows were left out (\"analyse the rest\"); the figures are from the others",
                    a.rows_left_out
                )
            } else {
                "every row was good".into()
            },
        ),
    ]
}
