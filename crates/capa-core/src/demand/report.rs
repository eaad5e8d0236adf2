//! The figures of the demand analysis, as the method page defines them.

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::accumulator::Tally;
use super::counts::Counts;
use super::{DemandSettings, date_of_day, dmy};
use crate::explain::{Explanation, n2, num};
use crate::multiplier;

/// What a discharge report says about a team's demand.
///
/// "Partnership" episodes have more f/f than `choice_max_ff` (4 or more by
/// default); the Core range is Partnership up to `core_range_max_ff` (4-15);
/// "extended" is above it (16 or more). Means, medians and percentiles are
/// `None` when no episode falls in their group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandReport {
    /// Episodes counted (each duplicate once).
    pub episodes: u64,
    /// Episodes with f/f <= 3: "the CHOICE or one off urgent presentations".
    pub choice_or_one_off: u64,
    /// Episodes with f/f >= 4.
    pub partnership_episodes: u64,
    /// Mean f/f of Partnership episodes.
    pub partnership_mean_ff: Option<f64>,
    /// Median f/f of Partnership episodes.
    pub partnership_median_ff: Option<f64>,
    /// 90th percentile of f/f of Partnership episodes (as Excel's PERCENTILE.INC).
    pub partnership_p90_ff: Option<f64>,
    /// Partnership episodes in the Core range (4-15 f/f).
    pub core_range_episodes: u64,
    /// Mean f/f of Core-range episodes.
    pub core_range_mean_ff: Option<f64>,
    /// Median f/f of Core-range episodes.
    pub core_range_median_ff: Option<f64>,
    /// 90th percentile of f/f of Core-range episodes.
    pub core_range_p90_ff: Option<f64>,
    /// Episodes above the Core range (more than 15 f/f).
    pub extended_episodes: u64,
    /// Extended episodes as a share of Partnership episodes.
    pub extended_share: Option<f64>,
    /// Episodes by f/f: 0 to `histogram_max`, then one bar for the rest.
    pub ff_histogram: FfHistogram,
    /// The pivot by diagnosis, most episodes first.
    pub by_diagnosis: Vec<DiagnosisSummary>,
    /// The earliest discharge in the report.
    pub first_discharge: Option<NaiveDate>,
    /// The latest discharge in the report.
    pub last_discharge: Option<NaiveDate>,
    /// Days from the first discharge to the last, both included: the report's span.
    pub span_days: u64,
    /// Episodes that started (`discharge date - days in service`) within the span.
    pub referrals_in_span: u64,
    /// Accepted referrals per week: `referrals_in_span / (span_days / 7)`.
    pub referrals_per_week: Option<f64>,
    /// Discharges per week over the same span, as a cross-check.
    pub discharges_per_week: Option<f64>,
    /// Choice appointments needed per quarter: `ceil(referrals per week x 13)`.
    pub choice_needed_per_quarter: Option<u64>,
    /// `appointments per session x working weeks per quarter / Core-range mean f/f`.
    pub suggested_core_multiplier: Option<f64>,
    /// Rows that repeated an episode (same NHI, discharge date and diagnosis).
    pub duplicates: u64,
    /// Episodes with a test NHI (beginning with Z).
    pub test_nhis: u64,
    /// The thresholds used.
    pub settings: DemandSettings,
    /// How the derived figures were computed.
    pub explain: DemandExplain,
}

/// One row of the pivot by diagnosis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiagnosisSummary {
    /// The diagnosis as first written in the report.
    pub diagnosis: String,
    /// Its episodes.
    pub episodes: u64,
    /// Its Partnership episodes (f/f >= 4).
    pub partnership_episodes: u64,
    /// Mean f/f of its Partnership episodes.
    pub mean_ff: Option<f64>,
    /// Median f/f of its Partnership episodes.
    pub median_ff: Option<f64>,
    /// Its extended episodes (f/f > 15).
    pub extended_episodes: u64,
    /// Extended episodes as a share of its Partnership episodes.
    pub extended_share: Option<f64>,
    /// The Partnership median is above the Core range: a candidate Specific
    /// stream. The team decides.
    pub suggested_specific: bool,
}

/// Episodes by f/f count: one bar for each of 0 to `max`, one for more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfHistogram {
    /// The last single bar.
    pub max: u32,
    /// `max + 2` counts: f/f 0, 1, ..., `max`, then above `max`.
    pub counts: Vec<u64>,
}

impl FfHistogram {
    /// Bars as (label, count): "0", "1", ..., "30", "31+".
    pub fn bars(&self) -> impl Iterator<Item = (String, u64)> + '_ {
        self.counts.iter().enumerate().map(|(i, &c)| {
            let label = if i as u32 > self.max {
                format!("{i}+")
            } else {
                i.to_string()
            };
            (label, c)
        })
    }
}

impl Serialize for FfHistogram {
    /// An object in bar order ("0" ... "30", "31+").
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.counts.len()))?;
        for (label, count) in self.bars() {
            map.serialize_entry(&label, &count)?;
        }
        map.end()
    }
}

/// How the derived figures were computed: inputs, formula and result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandExplain {
    /// See [`DemandReport::referrals_per_week`].
    pub referrals_per_week: Explanation,
    /// See [`DemandReport::choice_needed_per_quarter`].
    pub choice_needed_per_quarter: Explanation,
    /// See [`DemandReport::suggested_core_multiplier`].
    pub suggested_core_multiplier: Explanation,
}

impl DemandReport {
    pub(crate) fn build(
        settings: DemandSettings,
        labels: Vec<String>,
        tally: &Tally,
        duplicates: u64,
    ) -> Self {
        let s = &settings;
        let p_min = s.partnership_min_ff();
        let core_max = s.core_range_max_ff;
        let ff = &tally.ff;
        let episodes = tally.episodes;
        let choice_or_one_off = ff.count_in(0, s.choice_max_ff);
        let partnership = ff.summary(p_min, u32::MAX);
        let partnership_episodes = partnership.map_or(0, |x| x.n);
        let core = ff.summary(p_min, core_max);
        let extended_episodes = ff.count_in(core_max + 1, u32::MAX);
        let mut histogram: Vec<u64> = (0..=s.histogram_max).map(|v| ff.count_in(v, v)).collect();
        histogram.push(ff.count_in(s.histogram_max + 1, u32::MAX));

        let mut by_diagnosis: Vec<DiagnosisSummary> = labels
            .into_iter()
            .zip(&tally.by_diagnosis)
            .filter(|(_, d)| d.episodes > 0)
            .map(|(label, d)| diagnosis_summary(label, d.episodes, &d.partnership, core_max))
            .collect();
        by_diagnosis.sort_by(|a, b| {
            b.episodes
                .cmp(&a.episodes)
                .then_with(|| a.diagnosis.cmp(&b.diagnosis))
        });

        let span = match (tally.first_discharge, tally.last_discharge) {
            (Some(first), Some(last)) if episodes > 0 => Some(Span {
                first,
                last,
                days: u64::from(last - first) + 1,
                started: tally.starts.count_from(first),
                episodes,
            }),
            _ => None,
        };
        let referrals_per_week = span.map(|x| x.started as f64 * 7.0 / x.days as f64);
        let discharges_per_week = span.map(|x| x.episodes as f64 * 7.0 / x.days as f64);
        // ceil(started x 7 / days x weeks) in whole numbers, so that an exact
        // product is never pushed up by floating-point error.
        let choice_needed_per_quarter = span.map(|x| {
            let top = x.started * 7 * u64::from(s.weeks_per_quarter);
            top.div_ceil(x.days)
        });
        let core_mean = core.map(|c| c.mean);
        let suggested_core_multiplier = core_mean.map(|m| {
            multiplier::derive(s.appointments_per_session, s.working_weeks_per_quarter, m)
        });
        let explain = DemandExplain {
            referrals_per_week: explain_referrals(span),
            choice_needed_per_quarter: explain_choice(
                s,
                referrals_per_week,
                choice_needed_per_quarter,
            ),
            suggested_core_multiplier: explain_multiplier(s, core_mean, suggested_core_multiplier),
        };
        Self {
            episodes,
            choice_or_one_off,
            partnership_episodes,
            partnership_mean_ff: partnership.map(|x| x.mean),
            partnership_median_ff: partnership.map(|x| x.median),
            partnership_p90_ff: partnership.map(|x| x.p90),
            core_range_episodes: core.map_or(0, |x| x.n),
            core_range_mean_ff: core_mean,
            core_range_median_ff: core.map(|x| x.median),
            core_range_p90_ff: core.map(|x| x.p90),
            extended_episodes,
            extended_share: share(extended_episodes, partnership_episodes),
            ff_histogram: FfHistogram {
                max: s.histogram_max,
                counts: histogram,
            },
            by_diagnosis,
            first_discharge: span.map(|x| date_of_day(x.first)),
            last_discharge: span.map(|x| date_of_day(x.last)),
            span_days: span.map_or(0, |x| x.days),
            referrals_in_span: span.map_or(0, |x| x.started),
            referrals_per_week,
            discharges_per_week,
            choice_needed_per_quarter,
            suggested_core_multiplier,
            duplicates,
            test_nhis: tally.test_nhis,
            settings,
            explain,
        }
    }
}

#[derive(Clone, Copy)]
struct Span {
    first: u32,
    last: u32,
    days: u64,
    started: u64,
    episodes: u64,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn diagnosis_summary(
    diagnosis: String,
    episodes: u64,
    partnership: &Counts,
    core_max: u32,
) -> DiagnosisSummary {
    let summary = partnership.summary(0, u32::MAX);
    let partnership_episodes = partnership.total();
    let extended_episodes = partnership.count_in(core_max + 1, u32::MAX);
    let median_ff = summary.map(|x| x.median);
    DiagnosisSummary {
        diagnosis,
        episodes,
        partnership_episodes,
        mean_ff: summary.map(|x| x.mean),
        median_ff,
        extended_episodes,
        extended_share: share(extended_episodes, partnership_episodes),
        suggested_specific: median_ff.is_some_and(|m| m > f64::from(core_max)),
    }
}

fn explain_referrals(span: Option<Span>) -> Explanation {
    let formula = "episodes started within the report's span / (days in the span / 7)";
    let Some(x) = span else {
        return Explanation::new(formula, "no episodes: cannot be estimated");
    };
    let weeks = x.days as f64 / 7.0;
    let rate = x.started as f64 / weeks;
    Explanation::new(
        formula,
        format!(
            "{} / ({} days / 7 = {} weeks) = {} per week",
            x.started,
            x.days,
            n2(weeks),
            n2(rate)
        ),
    )
    .note(format!(
        "the span runs from the first discharge ({}) to the last ({}); an episode started on discharge date - days in service; {} of the {} episodes started within it",
        dmy(date_of_day(x.first)),
        dmy(date_of_day(x.last)),
        x.started,
        x.episodes
    ))
    .note(format!(
        "discharges per week over the same span: {}; episodes that started in the span and were still open at its end are not in the report, so the start count is a floor",
        n2(x.episodes as f64 / weeks)
    ))
}

fn explain_choice(s: &DemandSettings, rate: Option<f64>, need: Option<u64>) -> Explanation {
    let formula = format!(
        "ceil(accepted referrals per week x {} weeks)",
        s.weeks_per_quarter
    );
    match (rate, need) {
        (Some(rate), Some(need)) => Explanation::new(
            formula,
            format!(
                "ceil({} x {} = {}) = {need}",
                n2(rate),
                s.weeks_per_quarter,
                num(rate * f64::from(s.weeks_per_quarter), 3)
            ),
        )
        .note("planned for full attendance"),
        _ => Explanation::new(formula, "no referral rate: cannot be computed"),
    }
}

fn explain_multiplier(s: &DemandSettings, mean: Option<f64>, value: Option<f64>) -> Explanation {
    let formula = format!(
        "appointments per session x working weeks per quarter / mean f/f of Core-range episodes ({}-{})",
        s.partnership_min_ff(),
        s.core_range_max_ff
    );
    match (mean, value) {
        (Some(mean), Some(value)) => Explanation::new(
            formula,
            format!(
                "{} x {} / {} = {}",
                n2(s.appointments_per_session),
                n2(s.working_weeks_per_quarter),
                n2(mean),
                n2(value)
            ),
        )
        .note("a suggestion: CAPA keeps 3 when the derivation gives about 3; the team chooses"),
        _ => Explanation::new(
            formula,
            format!(
                "no episodes in the Core range ({}-{} f/f): cannot be derived",
                s.partnership_min_ff(),
                s.core_range_max_ff
            ),
        ),
    }
}
