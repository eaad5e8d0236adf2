//! Trends across the last four quarters: a function of their monitors.

use serde::Serialize;

use crate::clinician::Initials;
use crate::explain::{Explanation, n2, percent};
use crate::quarter::Quarter;

use super::projection::Phase;
use super::report::QuarterMonitor;

/// Quarters a trend covers.
pub const TREND_QUARTERS: usize = 4;

/// One quarter's figures in a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterTrend {
    /// The quarter.
    pub quarter: Quarter,
    /// Past, current or future when monitored.
    pub phase: Phase,
    /// The team's target.
    pub target: u32,
    /// New Partnerships started.
    pub started: u32,
    /// The end-of-quarter position: started for a past quarter, projected
    /// for the current one (`None` when too early or not started).
    pub position: Option<u32>,
    /// `position / target`.
    pub share_of_target: Option<f64>,
    /// DNA'd or cancelled first appointments.
    pub missed: u32,
    /// Of those, re-offered within the team's window.
    pub reoffered_in_time: u32,
    /// `reoffered_in_time / missed`.
    pub reoffered_in_time_share: Option<f64>,
    /// Choice appointments needed.
    pub choice_needed: u32,
    /// Choice appointments attended.
    pub choice_done: u32,
    /// Core demand.
    pub core_demand: f64,
    /// Core Partnerships started.
    pub core_started: u32,
    /// Median wait referral -> Choice, days.
    pub to_choice_median: Option<f64>,
    /// 90th percentile wait referral -> Choice, days.
    pub to_choice_p90: Option<f64>,
    /// Median wait Choice -> first Partnership, days.
    pub to_partnership_median: Option<f64>,
    /// 90th percentile wait Choice -> first Partnership, days.
    pub to_partnership_p90: Option<f64>,
    /// Share seen within the short access target.
    pub share_within_3_weeks: Option<f64>,
    /// Share seen within the long access target.
    pub share_within_8_weeks: Option<f64>,
    /// Families on the managed list when monitored.
    pub managed_list: u32,
    /// Clinicians with at least one flag.
    pub clinicians_flagged: usize,
}

/// One clinician's target and position in each quarter of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClinicianTrend {
    /// Initials.
    pub initials: Initials,
    /// Name (from the latest quarter they appear in).
    pub name: String,
    /// Per quarter, in the trend's order; `None` when the clinician is not
    /// in that quarter's monitor.
    pub quarters: Vec<Option<TargetStarted>>,
}

/// A clinician's target and Partnerships started in one quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetStarted {
    /// New Partnerships to start.
    pub target: u32,
    /// Started (first appointment attended).
    pub started: u32,
}

/// Which way a figure went from the first quarter of the trend to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher.
    Up,
    /// Lower.
    Down,
    /// The same.
    Same,
    /// Not known in one of the two quarters.
    Unknown,
}

/// A figure's change across the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The figure's name (a field of [`QuarterTrend`]).
    pub figure: &'static str,
    /// In the first quarter.
    pub first: Option<f64>,
    /// In the last quarter.
    pub last: Option<f64>,
    /// Which way it went.
    pub direction: Direction,
    /// Whether that way is better for families (`None`: same or unknown).
    pub better: Option<bool>,
    /// The working.
    pub explain: Explanation,
}

/// The trend over the last four quarters monitored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    /// Up to four quarters, oldest first.
    pub quarters: Vec<QuarterTrend>,
    /// Every clinician in any of them.
    pub clinicians: Vec<ClinicianTrend>,
    /// Key figures from the first quarter to the last.
    pub changes: Vec<Change>,
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn of(m: &QuarterMonitor) -> QuarterTrend {
    let position = match m.phase {
        Phase::Past => Some(m.team.counts.started),
        Phase::Current => m.team.projected,
        Phase::Future => None,
    };
    let missed = m.missed.len() as u32;
    let in_time = m.missed.iter().filter(|x| x.in_time).count() as u32;
    QuarterTrend {
        quarter: m.quarter,
        phase: m.phase,
        target: m.team.target,
        started: m.team.counts.started,
        position,
        share_of_target: position.and_then(|p| share(p, m.team.target)),
        missed,
        reoffered_in_time: in_time,
        reoffered_in_time_share: share(in_time, missed),
        choice_needed: m.team.choice_needed,
        choice_done: m.team.choice_done,
        core_demand: m.team.core_demand,
        core_started: m.team.core_started,
        to_choice_median: m.waits.to_choice_days.median,
        to_choice_p90: m.waits.to_choice_days.p90,
        to_partnership_median: m.waits.to_partnership_days.median,
        to_partnership_p90: m.waits.to_partnership_days.p90,
        share_within_3_weeks: m.waits.share_within_3_weeks,
        share_within_8_weeks: m.waits.share_within_8_weeks,
        managed_list: m.managed_list,
        clinicians_flagged: m.clinicians.iter().filter(|c| !c.flags.is_empty()).count(),
    }
}

fn change(
    figure: &'static str,
    first: &QuarterTrend,
    last: &QuarterTrend,
    get: fn(&QuarterTrend) -> Option<f64>,
    higher_is_better: bool,
    shown: fn(f64) -> String,
) -> Change {
    let (a, b) = (get(first), get(last));
    let direction = match (a, b) {
        (Some(a), Some(b)) if (b - a).abs() < 1e-9 => Direction::Same,
        (Some(a), Some(b)) if b > a => Direction::Up,
        (Some(_), Some(_)) => Direction::Down,
        _ => Direction::Unknown,
    };
    let better = match direction {
        Direction::Up => Some(higher_is_better),
        Direction::Down => Some(!higher_is_better),
        _ => None,
    };
    let show = |x: Option<f64>| x.map_or_else(|| "none".to_string(), shown);
    let mut explain = Explanation::new(
        format!("{figure} in {} against {}", last.quarter, first.quarter),
        format!("{} -> {}", show(a), show(b)),
    );
    if last.phase == Phase::Current {
        explain = explain.note(format!("{} is under way: figures so far", last.quarter));
    }
    Change {
        figure,
        first: a,
        last: b,
        direction,
        better,
        explain,
    }
}

/// The trend over the last [`TREND_QUARTERS`] of `monitors` (any order; a
/// quarter given twice counts once, the one judged latest). The changes
/// compare the first of those quarters with the last.
pub fn trends(monitors: &[QuarterMonitor]) -> Trends {
    let mut chosen: Vec<&QuarterMonitor> = monitors.iter().collect();
    chosen.sort_by_key(|m| (m.quarter, m.as_of));
    chosen.reverse();
    chosen.dedup_by_key(|m| m.quarter);
    chosen.truncate(TREND_QUARTERS);
    chosen.reverse();

    let quarters: Vec<QuarterTrend> = chosen.iter().map(|m| of(m)).collect();
    let mut clinicians: Vec<ClinicianTrend> = Vec::new();
    for (i, m) in chosen.iter().enumerate() {
        for c in &m.clinicians {
            let entry = match clinicians.iter_mut().find(|t| t.initials == c.initials) {
                Some(t) => t,
                None => {
                    clinicians.push(ClinicianTrend {
                        initials: c.initials.clone(),
                        name: c.name.clone(),
                        quarters: vec![None; chosen.len()],
                    });
                    clinicians.last_mut().expect("just pushed")
                }
            };
            if !c.name.is_empty() {
                entry.name = c.name.clone();
            }
            entry.quarters[i] = Some(TargetStarted {
                target: c.target,
                started: c.counts.started,
            });
        }
    }
    let changes = match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) if quarters.len() > 1 => {
            let days = |x: f64| format!("{} days", n2(x));
            vec![
                change(
                    "share_of_target",
                    first,
                    last,
                    |q| q.share_of_target,
                    true,
                    percent,
                ),
                change(
                    "reoffered_in_time_share",
                    first,
                    last,
                    |q| q.reoffered_in_time_share,
                    true,
                    percent,
                ),
                change(
                    "to_choice_median",
                    first,
                    last,
                    |q| q.to_choice_median,
                    false,
                    days,
                ),
                change(
                    "to_partnership_median",
                    first,
                    last,
                    |q| q.to_partnership_median,
                    false,
                    days,
                ),
                change(
                    "share_within_3_weeks",
                    first,
                    last,
                    |q| q.share_within_3_weeks,
                    true,
                    percent,
                ),
                change(
                    "share_within_8_weeks",
                    first,
                    last,
                    |q| q.share_within_8_weeks,
                    true,
                    percent,
                ),
                change(
                    "managed_list",
                    first,
                    last,
                    |q| Some(f64::from(q.managed_list)),
                    false,
                    n2,
                ),
            ]
        }
        _ => Vec::new(),
    };
    Trends {
        quarters,
        clinicians,
        changes,
    }
}
