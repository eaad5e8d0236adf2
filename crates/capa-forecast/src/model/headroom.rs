//! Headroom: the largest referral rate a week that the plan holds, meaning
//! that in at least 90% of replications at least 80% of families are seen at
//! Choice within 3 weeks (New Zealand's target). Found by bisection over
//! rates; each rate's verdict comes with a Wilson interval on its share of
//! replications, and the interval of the answer spans the rates whose
//! verdict is within chance.

use serde::Serialize;

use super::{ForecastError, ForecastInput, plan, simulate};
use crate::replicate::Replications;
use crate::stats::wilson;

/// The criterion and the search's precision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeadroomOptions {
    /// Share of families to be seen within `within_days` (0.8).
    pub target_share: f64,
    /// Days (21: 3 weeks).
    pub within_days: u32,
    /// Share of replications that must meet the target (0.9).
    pub required: f64,
    /// The search stops when the bracket is this narrow (referrals a week).
    pub resolution: f64,
    /// The highest rate tried.
    pub max_rate: f64,
}

impl Default for HeadroomOptions {
    fn default() -> Self {
        Self {
            target_share: 0.8,
            within_days: 21,
            required: 0.9,
            resolution: 0.25,
            max_rate: 500.0,
        }
    }
}

/// One rate tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tested {
    /// Referrals a week.
    pub referrals_per_week: f64,
    /// Share of replications meeting the target.
    pub share_of_replications: f64,
    /// Its 95% Wilson interval.
    pub interval: [f64; 2],
    /// Whether the plan holds the rate.
    pub holds: bool,
}

/// The headroom of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headroom {
    /// The largest rate found to hold, referrals a week.
    pub referrals_per_week: f64,
    /// Rates between which the verdict is within chance: below `low` the
    /// plan clearly holds, from `high` it clearly does not.
    pub interval: [f64; 2],
    /// The team's current rate, for comparison.
    pub current_referrals_per_week: f64,
    /// The criterion in words.
    pub criterion: String,
    /// Replications at each rate.
    pub reps: usize,
    /// Every rate tried, in rate order.
    pub tested: Vec<Tested>,
}

fn try_rate(
    input: &ForecastInput,
    rate: f64,
    runs: Replications,
    o: &HeadroomOptions,
) -> Result<Tested, ForecastError> {
    let mut at = input.clone();
    at.team.settings.accepted_referrals_per_week = rate;
    let p = plan::build(&at)?;
    let outs = simulate(&p, runs);
    let meeting = outs
        .iter()
        .filter(|r| {
            let n = r.choice_waits.n();
            n == 0 || r.choice_waits.at_most(o.within_days) as f64 >= o.target_share * n as f64
        })
        .count();
    let share = meeting as f64 / outs.len() as f64;
    let (lo, hi) = wilson(meeting, outs.len());
    Ok(Tested {
        referrals_per_week: rate,
        share_of_replications: share,
        interval: [lo, hi],
        holds: share >= o.required,
    })
}

/// Searches for the plan's headroom with `runs.reps` replications at each
/// rate (the same seeds at every rate, so the rates are compared on the same
/// luck).
pub fn headroom(
    input: &ForecastInput,
    runs: Replications,
    o: HeadroomOptions,
) -> Result<Headroom, ForecastError> {
    if runs.reps == 0 {
        return Err(ForecastError::NoReplications);
    }
    let current = input.team.settings.accepted_referrals_per_week;
    let mut tested = Vec::new();
    let mut lo = 0.0;
    let mut hi = (current * 2.0).max(4.0).min(o.max_rate);
    // Grow the bracket until the plan fails.
    loop {
        let t = try_rate(input, hi, runs, &o)?;
        let holds = t.holds;
        tested.push(t);
        if !holds {
            break;
        }
        lo = hi;
        if hi >= o.max_rate {
            break;
        }
        hi = (hi * 2.0).min(o.max_rate);
    }
    if tested.last().is_some_and(|t| !t.holds) {
        while hi - lo > o.resolution {
            let mid = ((lo + hi) / 2.0 / o.resolution).round() * o.resolution;
            let mid = if mid <= lo || mid >= hi {
                (lo + hi) / 2.0
            } else {
                mid
            };
            let t = try_rate(input, mid, runs, &o)?;
            if t.holds {
                lo = mid;
            } else {
                hi = mid;
            }
            tested.push(t);
        }
    }
    tested.sort_by(|a, b| a.referrals_per_week.total_cmp(&b.referrals_per_week));
    let clearly_holds = tested
        .iter()
        .filter(|t| t.interval[0] >= o.required)
        .map(|t| t.referrals_per_week)
        .fold(0.0, f64::max);
    let clearly_fails = tested
        .iter()
        .filter(|t| t.interval[1] < o.required)
        .map(|t| t.referrals_per_week)
        .fold(hi, f64::min);
    Ok(Headroom {
        referrals_per_week: lo,
        interval: [
            clearly_holds.min(lo),
            clearly_fails.max(hi.min(clearly_fails)),
        ],
        current_referrals_per_week: current,
        criterion: format!(
            "at least {:.0}% of families seen at Choice within {} days in at least {:.0}% of replications",
            o.target_share * 100.0,
            o.within_days,
            o.required * 100.0
        ),
        reps: runs.reps,
        tested,
    })
}
