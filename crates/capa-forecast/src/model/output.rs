//! The forecast as a team lead reads it: waits, shares seen within 3 and 8
//! weeks, waiting lists and caseloads, week by week, each with its median and
//! 5-95% band over the replications.

use chrono::NaiveDate;
use serde::Serialize;

use super::plan::Plan;
use super::record::{RepOut, WeekOut};
use super::timeline::DAY;
use crate::stats::{Band, DayHistogram, Estimate};

/// Waits of the families seen in the forecast period, all replications pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitSummary {
    /// Mean wait, days.
    pub mean: f64,
    /// Median, days.
    pub p50: f64,
    /// 90th percentile, days.
    pub p90: f64,
    /// 95th percentile, days.
    pub p95: f64,
    /// Families these figures are of (all replications).
    pub families: u64,
    /// The mean wait's spread over replications.
    pub mean_band: Band,
}

/// One week of the forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekBands {
    /// Week number, from 1.
    pub week: u32,
    /// Its first day.
    pub starts: NaiveDate,
    /// Referrals accepted in the week.
    pub referrals: Band,
    /// Families seen at Choice in the week.
    pub seen_at_choice: Band,
    /// Mean wait, referral to Choice, of those seen in the week (days).
    pub wait_to_choice_days: Band,
    /// Share of those seen in the week who waited at most 3 weeks.
    pub share_within_3_weeks: Band,
    /// ... at most 8 weeks.
    pub share_within_8_weeks: Band,
    /// First Partnership appointments attended in the week.
    pub partnerships_started: Band,
    /// Mean wait, Choice to first Partnership, of those starting in the week (days).
    pub wait_to_partnership_days: Band,
    /// At the week's end: referrals waiting for Choice.
    pub choice_waiting: Band,
    /// ... of them with no Choice appointment booked yet.
    pub choice_unbooked: Band,
    /// At the week's end: families past Choice waiting for their first
    /// Partnership appointment.
    pub partnership_waiting: Band,
    /// ... of them on the managed list (nothing booked).
    pub managed_list: Band,
    /// Open episodes in the team at the week's end.
    pub caseload: Band,
}

/// One clinician's quarter: target against offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianQuarter {
    /// The quarter, e.g. "2026/27 Q2".
    pub quarter: String,
    /// New Partnerships to start (Core and Specific), from capa-core's targets.
    pub target: u32,
    /// Offers published (with re-offers).
    pub offers_published: Band,
    /// Offers a family was booked into.
    pub offers_booked: Band,
    /// Offers used: first appointments attended.
    pub partnerships_started: Band,
}

/// One clinician through the forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianBands {
    /// Initials.
    pub initials: String,
    /// Open episodes at the end of each week.
    pub caseload: Vec<Band>,
    /// The quarters the forecast touches.
    pub quarters: Vec<ClinicianQuarter>,
}

/// Little's law on the Choice stage (accepted referral to Choice attended or
/// closed): the mean number waiting against arrivals a day x mean days waited.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LittlesLaw {
    /// Time-average number of referrals waiting for Choice.
    pub mean_waiting_for_choice: Estimate,
    /// Referrals accepted a day x mean days from acceptance to leaving the stage.
    pub arrivals_times_mean_wait: Estimate,
}

/// A forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Replications.
    pub reps: usize,
    /// Master seed.
    pub seed: u64,
    /// The forecast's first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Weeks forecast.
    pub weeks: u32,
    /// Weeks simulated before `start` (0 when starting from a snapshot).
    pub warm_up_weeks: u32,
    /// `snapshot` (today's diary) or `empty` (an empty diary and a warm-up).
    pub started_from: &'static str,
    /// The mean referral rate a week over the forecast.
    pub referrals_per_week: f64,
    /// Referral accepted to Choice attended.
    pub wait_to_choice_days: WaitSummary,
    /// Choice attended to first Partnership appointment attended.
    pub wait_to_partnership_days: WaitSummary,
    /// Share of families seen at Choice within 3 weeks (all replications).
    pub share_within_3_weeks: f64,
    /// Its spread over replications.
    pub share_within_3_weeks_band: Band,
    /// Share seen within 8 weeks.
    pub share_within_8_weeks: f64,
    /// Its spread.
    pub share_within_8_weeks_band: Band,
    /// First Partnership appointments attended in the forecast (mean per replication).
    pub partnerships_started: f64,
    /// Its spread.
    pub partnerships_started_band: Band,
    /// Referrals closed after missing Choice twice.
    pub closed_after_dna: Band,
    /// Referrals still waiting for Choice at the end.
    pub choice_waiting_at_end: Band,
    /// Little's law on the Choice stage, the model's own check.
    pub littles_law: LittlesLaw,
    /// Week by week.
    pub weekly: Vec<WeekBands>,
    /// Clinician by clinician.
    pub clinicians: Vec<ClinicianBands>,
    /// What the model assumes, in plain words.
    pub assumptions: Vec<String>,
}

fn band(runs: &[RepOut], f: impl Fn(&RepOut) -> f64) -> Band {
    Band::of(&mut runs.iter().map(f).collect())
}

fn count_band(runs: &[RepOut], f: impl Fn(&RepOut) -> u32) -> Band {
    Band::of_counts(&runs.iter().map(f).collect::<Vec<_>>())
}

fn week_band(runs: &[RepOut], w: usize, f: impl Fn(&WeekOut) -> f64) -> Band {
    band(runs, |r| f(&r.weeks[w]))
}

fn week_count(runs: &[RepOut], w: usize, f: impl Fn(&WeekOut) -> u32) -> Band {
    count_band(runs, |r| f(&r.weeks[w]))
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

fn waits(runs: &[RepOut], get: impl Fn(&RepOut) -> &DayHistogram) -> WaitSummary {
    let mut all = DayHistogram::default();
    for r in runs {
        all.merge(get(r));
    }
    WaitSummary {
        mean: all.mean().unwrap_or(0.0),
        p50: all.quantile(0.5).unwrap_or(0.0),
        p90: all.quantile(0.9).unwrap_or(0.0),
        p95: all.quantile(0.95).unwrap_or(0.0),
        families: all.n(),
        mean_band: band(runs, |r| get(r).mean().unwrap_or(f64::NAN)),
    }
}

/// Sums a figure over a replication's weeks.
fn total(r: &RepOut, f: impl Fn(&WeekOut) -> u64) -> f64 {
    r.weeks.iter().map(f).sum::<u64>() as f64
}

pub(crate) fn summarise(
    plan: &Plan,
    runs: &[RepOut],
    seed: u64,
    from_snapshot: bool,
    assumptions: Vec<String>,
) -> Forecast {
    let t = &plan.timeline;
    let weeks = (t.weeks - t.warm_up) as usize;
    let start = t.week_start(t.warm_up);
    let seen = |r: &RepOut| total(r, |w| u64::from(w.seen));
    let within = |r: &RepOut, f: fn(&WeekOut) -> u32| total(r, |w| u64::from(f(w)));
    let pooled = |f: fn(&WeekOut) -> u32| {
        let n: f64 = runs.iter().map(seen).sum();
        ratio(runs.iter().map(|r| within(r, f)).sum(), n)
    };
    let weekly = (0..weeks)
        .map(|w| WeekBands {
            week: w as u32 + 1,
            starts: t.week_start(t.warm_up + w as u32),
            referrals: week_count(runs, w, |x| x.referrals),
            seen_at_choice: week_count(runs, w, |x| x.seen),
            wait_to_choice_days: week_band(runs, w, |x| {
                ratio(x.wait_sum as f64, f64::from(x.seen))
            }),
            share_within_3_weeks: week_band(runs, w, |x| {
                ratio(f64::from(x.within_3_weeks), f64::from(x.seen))
            }),
            share_within_8_weeks: week_band(runs, w, |x| {
                ratio(f64::from(x.within_8_weeks), f64::from(x.seen))
            }),
            partnerships_started: week_count(runs, w, |x| x.started),
            wait_to_partnership_days: week_band(runs, w, |x| {
                ratio(x.partnership_wait_sum as f64, f64::from(x.started))
            }),
            choice_waiting: week_count(runs, w, |x| x.choice_waiting),
            choice_unbooked: week_count(runs, w, |x| x.choice_unbooked),
            partnership_waiting: week_count(runs, w, |x| x.partnership_waiting),
            managed_list: week_count(runs, w, |x| x.managed_list),
            caseload: count_band(runs, |r| {
                (0..plan.initials.len())
                    .map(|c| r.caseload[c * weeks + w])
                    .sum()
            }),
        })
        .collect();
    let end_minute = t.weeks * super::timeline::WEEK;
    let nq = plan.quarters.len();
    let clinicians = plan
        .initials
        .iter()
        .enumerate()
        .map(|(c, initials)| ClinicianBands {
            initials: initials.clone(),
            caseload: (0..weeks)
                .map(|w| count_band(runs, |r| r.caseload[c * weeks + w]))
                .collect(),
            quarters: plan
                .quarters
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    let from = t.day(q.quarter.start());
                    let to = t.day(q.quarter.end_exclusive());
                    to * DAY as i32 > plan.report_start() as i32
                        && from * (DAY as i32) < end_minute as i32
                })
                .map(|(qi, q)| ClinicianQuarter {
                    quarter: q.quarter.to_string(),
                    target: q.targets[c],
                    offers_published: count_band(runs, |r| r.offers[c * nq + qi].published),
                    offers_booked: count_band(runs, |r| r.offers[c * nq + qi].booked),
                    partnerships_started: count_band(runs, |r| r.offers[c * nq + qi].started),
                })
                .collect(),
        })
        .collect();
    let mean_waiting: Vec<f64> = runs
        .iter()
        .map(|r| r.choice_area / f64::from(DAY) / r.days())
        .collect();
    let lambda_w: Vec<f64> = runs
        .iter()
        .map(|r| {
            let arrivals = total(r, |w| u64::from(w.referrals)) / r.days();
            arrivals * ratio(r.choice_stage_minutes, f64::from(r.choice_stage_left))
                / f64::from(DAY)
        })
        .filter(|x| !x.is_nan())
        .collect();
    let started = |r: &RepOut| total(r, |w| u64::from(w.started));
    Forecast {
        reps: runs.len(),
        seed,
        start,
        end: t.end().pred_opt().unwrap_or(t.end()),
        weeks: weeks as u32,
        warm_up_weeks: t.warm_up,
        started_from: if from_snapshot { "snapshot" } else { "empty" },
        referrals_per_week: plan.week_rate[t.warm_up as usize..].iter().sum::<f64>()
            / weeks.max(1) as f64,
        wait_to_choice_days: waits(runs, |r| &r.choice_waits),
        wait_to_partnership_days: waits(runs, |r| &r.partnership_waits),
        share_within_3_weeks: pooled(|w| w.within_3_weeks),
        share_within_3_weeks_band: band(runs, |r| ratio(within(r, |w| w.within_3_weeks), seen(r))),
        share_within_8_weeks: pooled(|w| w.within_8_weeks),
        share_within_8_weeks_band: band(runs, |r| ratio(within(r, |w| w.within_8_weeks), seen(r))),
        partnerships_started: runs.iter().map(started).sum::<f64>() / runs.len().max(1) as f64,
        partnerships_started_band: band(runs, started),
        closed_after_dna: count_band(runs, |r| r.closed_after_dna),
        choice_waiting_at_end: count_band(runs, |r| r.choice_waiting_at_end),
        littles_law: LittlesLaw {
            mean_waiting_for_choice: Estimate::of(&mean_waiting),
            arrivals_times_mean_wait: Estimate::of(&lambda_w),
        },
        weekly,
        clinicians,
        assumptions,
    }
}
