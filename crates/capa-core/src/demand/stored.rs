//! What capa keeps of a discharge report: its aggregates only.
//!
//! A [`DemandReport`] is already made of counts, but its pivot names every
//! diagnosis, and a diagnosis that only one or two episodes have can point to
//! a child. [`StoredDemand::from_report`] keeps the figures and merges every
//! diagnosis with fewer than [`MIN_DIAGNOSIS_EPISODES`] episodes into one
//! "other diagnoses" row, so nothing kept names or singles out an individual.
//! The f/f histogram is kept as `counts[ff]`, the form the forecast draws
//! episode lengths from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DemandReport, DemandSettings, DiagnosisSummary, FfHistogram};

/// Diagnoses with fewer episodes than this are merged, never named.
pub const MIN_DIAGNOSIS_EPISODES: u64 = 5;

/// The label of the row the rare diagnoses are merged into.
pub const OTHER_DIAGNOSES: &str = "Other diagnoses (fewer than 5 episodes each)";

/// One row of the stored pivot by diagnosis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDiagnosis {
    /// The diagnosis as first written, or [`OTHER_DIAGNOSES`].
    pub diagnosis: String,
    /// Rare diagnoses merged into this row (0 for a named diagnosis).
    pub merged: u64,
    /// Its episodes.
    pub episodes: u64,
    /// Its Partnership episodes.
    pub partnership_episodes: u64,
    /// Mean f/f of its Partnership episodes.
    pub mean_ff: Option<f64>,
    /// Median f/f of its Partnership episodes; `None` for the merged row (a
    /// median of medians is not a median).
    pub median_ff: Option<f64>,
    /// Its extended episodes (above the Core range).
    pub extended_episodes: u64,
    /// Extended as a share of its Partnership episodes.
    pub extended_share: Option<f64>,
    /// A candidate Specific stream (never the merged row).
    pub suggested_specific: bool,
}

impl StoredDiagnosis {
    /// Whether this row holds the merged rare diagnoses.
    pub fn is_other(&self) -> bool {
        self.merged > 0
    }
}

/// How the derived figures were computed, as the report wrote them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredExplain {
    /// The referral rate's working.
    pub referrals_per_week: String,
    /// The Choice need's working.
    pub choice_needed_per_quarter: String,
    /// The derived Core multiplier's working.
    pub suggested_core_multiplier: String,
}

/// A discharge report's figures as capa stores them: no row, NHI, name, or
/// diagnosis of fewer than [`MIN_DIAGNOSIS_EPISODES`] episodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDemand {
    /// Episodes counted (each duplicate once).
    pub episodes: u64,
    /// Episodes with f/f up to `choice_max_ff`.
    pub choice_or_one_off: u64,
    /// Partnership episodes.
    pub partnership_episodes: u64,
    /// Mean f/f of Partnership episodes.
    pub partnership_mean_ff: Option<f64>,
    /// Median f/f of Partnership episodes.
    pub partnership_median_ff: Option<f64>,
    /// 90th percentile f/f of Partnership episodes.
    pub partnership_p90_ff: Option<f64>,
    /// Core-range episodes.
    pub core_range_episodes: u64,
    /// Mean f/f of Core-range episodes.
    pub core_range_mean_ff: Option<f64>,
    /// Median f/f of Core-range episodes.
    pub core_range_median_ff: Option<f64>,
    /// 90th percentile f/f of Core-range episodes.
    pub core_range_p90_ff: Option<f64>,
    /// Episodes above the Core range.
    pub extended_episodes: u64,
    /// Their share of Partnership episodes.
    pub extended_share: Option<f64>,
    /// Episodes by f/f: `ff_counts[n]` episodes had n f/f, for n up to
    /// `settings.histogram_max`; the last entry counts those above it. The
    /// forecast draws episode lengths from these counts.
    pub ff_counts: Vec<u64>,
    /// The pivot by diagnosis, rare ones merged into one last row.
    pub by_diagnosis: Vec<StoredDiagnosis>,
    /// The earliest discharge.
    pub first_discharge: Option<NaiveDate>,
    /// The latest discharge.
    pub last_discharge: Option<NaiveDate>,
    /// Days from first to last discharge, both included.
    pub span_days: u64,
    /// Episodes started within the span.
    pub referrals_in_span: u64,
    /// Accepted referrals per week.
    pub referrals_per_week: Option<f64>,
    /// Discharges per week over the span.
    pub discharges_per_week: Option<f64>,
    /// Choice appointments needed per quarter.
    pub choice_needed_per_quarter: Option<u64>,
    /// The derived Core multiplier.
    pub suggested_core_multiplier: Option<f64>,
    /// Rows that repeated an episode.
    pub duplicates: u64,
    /// Episodes with a test NHI.
    pub test_nhis: u64,
    /// Data rows read.
    pub rows: u64,
    /// Bad rows left out ("analyse the rest"); 0 when every row was good.
    pub rows_left_out: u64,
    /// The thresholds used.
    pub settings: DemandSettings,
    /// How the derived figures were computed.
    pub explain: StoredExplain,
}

impl StoredDemand {
    /// Keeps a report's aggregates: rare diagnoses merged, every count kept.
    /// `rows` is the data rows read, `rows_left_out` the bad rows not analysed.
    pub fn from_report(report: &DemandReport, rows: u64, rows_left_out: u64) -> Self {
        Self {
            episodes: report.episodes,
            choice_or_one_off: report.choice_or_one_off,
            partnership_episodes: report.partnership_episodes,
            partnership_mean_ff: report.partnership_mean_ff,
            partnership_median_ff: report.partnership_median_ff,
            partnership_p90_ff: report.partnership_p90_ff,
            core_range_episodes: report.core_range_episodes,
            core_range_mean_ff: report.core_range_mean_ff,
            core_range_median_ff: report.core_range_median_ff,
            core_range_p90_ff: report.core_range_p90_ff,
            extended_episodes: report.extended_episodes,
            extended_share: report.extended_share,
            ff_counts: report.ff_histogram.counts.clone(),
            by_diagnosis: merge_rare(&report.by_diagnosis),
            first_discharge: report.first_discharge,
            last_discharge: report.last_discharge,
            span_days: report.span_days,
            referrals_in_span: report.referrals_in_span,
            referrals_per_week: report.referrals_per_week,
            discharges_per_week: report.discharges_per_week,
            choice_needed_per_quarter: report.choice_needed_per_quarter,
            suggested_core_multiplier: report.suggested_core_multiplier,
            duplicates: report.duplicates,
            test_nhis: report.test_nhis,
            rows,
            rows_left_out,
            settings: report.settings.clone(),
            explain: StoredExplain {
                referrals_per_week: report.explain.referrals_per_week.to_string(),
                choice_needed_per_quarter: report.explain.choice_needed_per_quarter.to_string(),
                suggested_core_multiplier: report.explain.suggested_core_multiplier.to_string(),
            },
        }
    }

    /// The histogram as the report shows it (bars "0" ... "30", "31+").
    pub fn histogram(&self) -> FfHistogram {
        FfHistogram {
            max: self.settings.histogram_max,
            counts: self.ff_counts.clone(),
        }
    }

    /// Diagnoses suggested as Specific streams.
    pub fn suggested_streams(&self) -> impl Iterator<Item = &StoredDiagnosis> {
        self.by_diagnosis.iter().filter(|d| d.suggested_specific)
    }

    /// The named row of a diagnosis, compared without case or surrounding spaces.
    pub fn diagnosis(&self, name: &str) -> Option<&StoredDiagnosis> {
        let key = name.trim().to_lowercase();
        self.by_diagnosis
            .iter()
            .find(|d| !d.is_other() && d.diagnosis.trim().to_lowercase() == key)
    }
}

/// The pivot with every diagnosis of fewer than [`MIN_DIAGNOSIS_EPISODES`]
/// episodes merged into one last row (when there is any).
fn merge_rare(rows: &[DiagnosisSummary]) -> Vec<StoredDiagnosis> {
    let mut kept = Vec::new();
    let mut other = StoredDiagnosis {
        diagnosis: OTHER_DIAGNOSES.to_string(),
        merged: 0,
        episodes: 0,
        partnership_episodes: 0,
        mean_ff: None,
        median_ff: None,
        extended_episodes: 0,
        extended_share: None,
        suggested_specific: false,
    };
    // The merged mean is the mean of all their Partnership episodes: the sum
    // of f/f, given back by each mean times its count.
    let mut ff_sum = 0.0;
    for d in rows {
        if d.episodes >= MIN_DIAGNOSIS_EPISODES {
            kept.push(StoredDiagnosis {
                diagnosis: d.diagnosis.clone(),
                merged: 0,
                episodes: d.episodes,
                partnership_episodes: d.partnership_episodes,
                mean_ff: d.mean_ff,
                median_ff: d.median_ff,
                extended_episodes: d.extended_episodes,
                extended_share: d.extended_share,
                suggested_specific: d.suggested_specific,
            });
        } else {
            other.merged += 1;
            other.episodes += d.episodes;
            other.partnership_episodes += d.partnership_episodes;
            other.extended_episodes += d.extended_episodes;
            ff_sum += d.mean_ff.unwrap_or(0.0) * d.partnership_episodes as f64;
        }
    }
    if other.merged > 0 {
        if other.partnership_episodes > 0 {
            let n = other.partnership_episodes as f64;
            // Each mean is a sum of whole numbers over its count: round the
            // rebuilt sum so that floating-point error does not show.
            other.mean_ff = Some(ff_sum.round() / n);
            other.extended_share = Some(other.extended_episodes as f64 / n);
        }
        kept.push(other);
    }
    kept
}

/// Two analyses side by side (an earlier year and a later one).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandComparison {
    /// Figure by figure: referrals a week, average f/f, share extended ...
    pub figures: Vec<ComparedFigure>,
    /// Per diagnosis, by name (the merged row compared with the merged row).
    pub by_diagnosis: Vec<ComparedDiagnosis>,
}

/// One figure in two analyses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedFigure {
    /// What it is.
    pub label: &'static str,
    /// In the first analysis.
    pub first: Option<f64>,
    /// In the second.
    pub second: Option<f64>,
    /// Second minus first, when both are known.
    pub change: Option<f64>,
}

/// One diagnosis in two analyses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedDiagnosis {
    /// The diagnosis (as the second analysis writes it, else the first).
    pub diagnosis: String,
    /// Episodes in each (0 where absent).
    pub episodes: (u64, u64),
    /// Mean Partnership f/f in each.
    pub mean_ff: (Option<f64>, Option<f64>),
    /// Share extended in each.
    pub extended_share: (Option<f64>, Option<f64>),
}

fn figure(label: &'static str, first: Option<f64>, second: Option<f64>) -> ComparedFigure {
    ComparedFigure {
        label,
        first,
        second,
        change: first.zip(second).map(|(a, b)| b - a),
    }
}

/// Compares two analyses: the headline figures, then each diagnosis either has.
pub fn compare(first: &StoredDemand, second: &StoredDemand) -> DemandComparison {
    let count = |n: u64| Some(n as f64);
    let figures = vec![
        figure("episodes", count(first.episodes), count(second.episodes)),
        figure(
            "accepted referrals a week",
            first.referrals_per_week,
            second.referrals_per_week,
        ),
        figure(
            "average f/f of Partnership episodes",
            first.partnership_mean_ff,
            second.partnership_mean_ff,
        ),
        figure(
            "average f/f in the Core range",
            first.core_range_mean_ff,
            second.core_range_mean_ff,
        ),
        figure(
            "share extended",
            first.extended_share,
            second.extended_share,
        ),
        figure(
            "Choice or one-off episodes",
            count(first.choice_or_one_off),
            count(second.choice_or_one_off),
        ),
        figure(
            "suggested Core multiplier",
            first.suggested_core_multiplier,
            second.suggested_core_multiplier,
        ),
    ];
    let key = |d: &StoredDiagnosis| {
        if d.is_other() {
            String::new()
        } else {
            d.diagnosis.trim().to_lowercase()
        }
    };
    let mut by_diagnosis: Vec<ComparedDiagnosis> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for d in second.by_diagnosis.iter().chain(&first.by_diagnosis) {
        if keys.contains(&key(d)) {
            continue;
        }
        keys.push(key(d));
        let find = |a: &StoredDemand| a.by_diagnosis.iter().find(|x| key(x) == key(d)).cloned();
        let (a, b) = (find(first), find(second));
        by_diagnosis.push(ComparedDiagnosis {
            diagnosis: d.diagnosis.clone(),
            episodes: (
                a.as_ref().map_or(0, |x| x.episodes),
                b.as_ref().map_or(0, |x| x.episodes),
            ),
            mean_ff: (
                a.as_ref().and_then(|x| x.mean_ff),
                b.as_ref().and_then(|x| x.mean_ff),
            ),
            extended_share: (
                a.as_ref().and_then(|x| x.extended_share),
                b.as_ref().and_then(|x| x.extended_share),
            ),
        });
    }
    DemandComparison {
        figures,
        by_diagnosis,
    }
}
