//! A clinician's figures in a quarter before rounding, and the one rounding
//! rule for a quarter's target: the cumulative rounding of its planning year,
//! so that a quarter shows the same target wherever it is shown and the
//! year's quarters add up (method page: "when a year is planned, round
//! cumulatively").

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::choice::InPost;
use crate::clinician::{Clinician, working_days};
use crate::explain::{Explanation, exact, for_rounding, shown_keeping};
use crate::job_plan::SessionCounts;
use crate::multiplier::Multiplier;
use crate::quarter::Quarter;
use crate::rounding::round_half_up;
use crate::team::Team;

/// One clinician's quarter before rounding.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    /// The day whose job plan counts: the quarter's start, or the clinician's
    /// start date within it.
    pub plan_day: NaiveDate,
    /// The version in force that day and its sessions.
    pub plan: Option<(u32, SessionCounts)>,
    /// Working days in post, not on long leave, of the quarter's.
    pub in_post: InPost,
    /// Working days in post (before long leave is taken off).
    pub days_in_post: u32,
    /// Working days of the quarter on long leave while in post.
    pub long_leave_days: u32,
    /// The long leave periods that touch the quarter, in words.
    pub long_leave: Vec<String>,
    /// New Core Partnerships before rounding.
    pub core: f64,
    /// New Specific Partnerships before rounding, per stream the clinician
    /// works in or has sessions of.
    pub specific: BTreeMap<String, f64>,
}

impl Raw {
    /// Sessions per week by kind (none without a plan).
    pub fn counts(&self) -> SessionCounts {
        self.plan
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    }
}

/// Working days of long leave in `from..to`, overlapping periods counted once.
fn long_leave_days(
    team: &Team,
    c: &Clinician,
    from: NaiveDate,
    to: NaiveDate,
) -> (u32, Vec<String>) {
    let weekdays = &team.settings.layout.days;
    let mut spans: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut words = Vec::new();
    for l in team.long_leave_of(&c.initials) {
        let start = l.first_day.max(from);
        let end = l.last_day.succ_opt().unwrap_or(l.last_day).min(to);
        if start < end {
            spans.push((start, end));
            words.push(l.describe());
        }
    }
    spans.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let days = merged
        .iter()
        .map(|(s, e)| working_days(*s, *e, weekdays))
        .sum();
    (days, words)
}

/// A clinician's quarter before rounding: the job plan in force at the
/// quarter's start (or their start date), the working days they are in
/// post and not on long leave, and sessions x multiplier x that share.
pub(crate) fn raw(
    team: &Team,
    c: &Clinician,
    q: Quarter,
    core_m: &Multiplier,
    stream_m: &BTreeMap<String, Multiplier>,
) -> Raw {
    let weekdays = &team.settings.layout.days;
    let quarter_days = working_days(q.start(), q.end_exclusive(), weekdays);
    let days_in_post = c.working_days_in_post(q.start(), q.end_exclusive(), weekdays);
    let (from, to) = c.in_post_between(q.start(), q.end_exclusive());
    let (leave_days, long_leave) = long_leave_days(team, c, from, to);
    let in_post = InPost {
        days: days_in_post.saturating_sub(leave_days),
        of: quarter_days,
    };
    let plan_day = c.start_date.map_or(q.start(), |d| d.max(q.start()));
    let plan = c.job_plan_on(plan_day).map(|p| (p.version, p.counts()));
    let counts = plan.as_ref().map(|(_, c)| c.clone()).unwrap_or_default();
    let share = in_post.share();
    let core = f64::from(counts.core) * core_m.value * share;
    let specific = stream_m
        .iter()
        .filter_map(|(stream, m)| {
            let n = counts.specific.get(stream).copied().unwrap_or(0);
            (n > 0 || c.streams.contains(stream))
                .then(|| (stream.clone(), f64::from(n) * m.value * share))
        })
        .collect();
    Raw {
        plan_day,
        plan,
        in_post,
        days_in_post,
        long_leave_days: leave_days,
        long_leave,
        core,
        specific,
    }
}

/// A quarter's target: the plain rounding of the quarter alone, and the
/// target the year's cumulative rounding gives, which is the target.
#[derive(Debug, Clone)]
pub(crate) struct Rounded {
    /// The quarter's target.
    pub target: u32,
    /// `round(this quarter's figure)` on its own.
    pub alone: u32,
    /// The working.
    pub explain: Explanation,
}

/// What a target is of, for its explanation.
pub(crate) struct Figure<'a> {
    /// "Core", "DBT Specific".
    pub what: &'a str,
    /// Sessions per week.
    pub sessions: u32,
    /// The multiplier.
    pub multiplier: &'a Multiplier,
    /// The share in post.
    pub in_post: InPost,
}

/// Rounds quarter `earlier.len() + 1` of a year: `round(S_k) - round(S_(k-1))`
/// where `S_k` is the running total of the year's unrounded figures, so the
/// year adds up; explained as the plain rounding where the two agree.
pub(crate) fn rounded(f: &Figure<'_>, raw: f64, earlier: &[f64]) -> Rounded {
    let alone = round_half_up(raw);
    let before: f64 = earlier.iter().sum();
    let total = before + raw;
    let target = round_half_up(total).saturating_sub(round_half_up(before));
    let share = f.in_post.share();
    let m = f.multiplier.value;
    let keeps = |shown: f64| round_half_up(f64::from(f.sessions) * shown * share) == alone;
    let m_shown = if exact(m).parse::<f64>().is_ok_and(keeps) {
        exact(m)
    } else {
        shown_keeping(m, keeps)
    };
    let product = format!("{} x {m_shown}{}", f.sessions, f.in_post.factor());
    let plain = if (raw - f64::from(alone)).abs() < 1e-9 {
        format!("{product} = {alone}")
    } else {
        format!("round({product}) = round({}) = {alone}", for_rounding(raw))
    };
    let formula = format!("{} sessions per week x multiplier, rounded half up", f.what);
    let mut explain = if target == alone {
        Explanation::new(formula, plain)
    } else {
        let running: Vec<String> = earlier
            .iter()
            .chain(std::iter::once(&raw))
            .scan(0.0, |s, x| {
                *s += x;
                Some(crate::explain::n2(*s))
            })
            .enumerate()
            .map(|(i, s)| format!("Q{} {s}", i + 1))
            .collect();
        Explanation::new(
            format!(
                "{formula}, over the year: round(running total to this quarter) - round(running total to the one before)"
            ),
            format!(
                "round({}) - round({}) = {} - {} = {target}",
                for_rounding(total),
                for_rounding(before),
                round_half_up(total),
                round_half_up(before)
            ),
        )
        .note(format!(
            "this quarter alone: {plain}; the year's quarters are rounded cumulatively so that they add up (running totals {})",
            running.join(", ")
        ))
    };
    explain = explain.note(format!("multiplier: {}", f.multiplier.explain));
    Rounded {
        target,
        alone,
        explain,
    }
}
