//! Item 8, individual and team job planning: "having individual and team Job
//! plans with Choice work and Core Partnership new activity numbers ... And a
//! way of monitoring and reviewing them!" (the seed).

use chrono::NaiveDate;

use crate::clinician::Initials;
use crate::explain::{Explanation, percent};
use crate::monitor::{FlagCode, QuarterMonitor};
use crate::quarter::Quarter;

use super::{EvidenceLine, ItemEvidence, share_line};
use crate::assessment::rating::{ItemNumber, Rating};

/// Share of clinicians with a job plan in force from which capa suggests
/// Partial: half the team planned is a real start. Yes needs every
/// clinician, since the seed asks for "individual and team Job plans".
pub const JOB_PLAN_SHARE_PARTIAL: f64 = 0.5;

/// Share of DNA'd or cancelled first appointments re-offered within the
/// window from which capa suggests Yes: nearly all, allowing the odd late one
/// in a busy quarter.
pub const REOFFER_SHARE_YES: f64 = 0.9;

/// ... and Partial: at least half re-offered shows the habit exists.
pub const REOFFER_SHARE_PARTIAL: f64 = 0.5;

/// Share of clinicians with enough offers published by the deadline from
/// which capa suggests Partial; Yes needs everyone, as each target counts.
pub const PUBLISHED_SHARE_PARTIAL: f64 = 0.5;

/// When the team marked its quarterly reviews done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewMarks {
    /// The day this quarter's review was marked done.
    pub this_quarter: Option<NaiveDate>,
    /// The day the previous quarter's review was marked done.
    pub last_quarter: Option<NaiveDate>,
}

/// The facts item 8 is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct JobPlanningFacts {
    /// The quarter.
    pub quarter: Quarter,
    /// Clinicians in post in the quarter.
    pub clinicians: Vec<Initials>,
    /// Of those, the ones with no job plan in force.
    pub without_job_plan: Vec<Initials>,
    /// Of those, the ones with no target (0 new Partnerships).
    pub without_target: Vec<Initials>,
    /// DNA'd or cancelled first appointments whose window has run out or
    /// that have been re-offered (the ones that can be judged).
    pub missed_due: u32,
    /// Of those, re-offered within the window.
    pub reoffered_in_time: u32,
    /// The window, in working days.
    pub reoffer_working_days: u32,
    /// The publishing deadline.
    pub deadline: NaiveDate,
    /// Whether it has passed.
    pub deadline_passed: bool,
    /// Clinicians short of offers at the deadline.
    pub short_at_deadline: Vec<Initials>,
    /// The quarterly reviews marked done.
    pub reviews: ReviewMarks,
}

impl JobPlanningFacts {
    /// The facts from the quarter's monitor and the review marks.
    pub fn from_monitor(m: &QuarterMonitor, reviews: ReviewMarks) -> Self {
        let in_post: Vec<_> = m.clinicians.iter().filter(|c| c.in_post > 0.0).collect();
        let judged: Vec<_> = m
            .missed
            .iter()
            .filter(|x| x.reoffered_on.is_some() || x.overdue)
            .collect();
        Self {
            quarter: m.quarter,
            clinicians: in_post.iter().map(|c| c.initials.clone()).collect(),
            without_job_plan: in_post
                .iter()
                .filter(|c| c.job_plan_version.is_none())
                .map(|c| c.initials.clone())
                .collect(),
            without_target: in_post
                .iter()
                .filter(|c| c.target == 0)
                .map(|c| c.initials.clone())
                .collect(),
            missed_due: judged.len() as u32,
            reoffered_in_time: judged.iter().filter(|x| x.in_time).count() as u32,
            reoffer_working_days: m.settings.reoffer_working_days,
            deadline: m.deadline,
            deadline_passed: m.deadline_passed,
            short_at_deadline: in_post
                .iter()
                .filter(|c| {
                    c.flags
                        .iter()
                        .any(|f| f.code == FlagCode::OffersShortAtDeadline)
                })
                .map(|c| c.initials.clone())
                .collect(),
            reviews,
        }
    }
}

fn names(v: &[Initials]) -> String {
    v.iter()
        .map(Initials::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Item 8's evidence: job plans in force, targets, re-offers within the
/// window, the quarterly review, offers published by the deadline.
pub fn job_planning(number: ItemNumber, f: &JobPlanningFacts) -> ItemEvidence {
    let n = f.clinicians.len();
    let mut lines = Vec::new();

    let planned = (n - f.without_job_plan.len()) as u32;
    lines.push(share_line(
        planned,
        n as u32,
        (1.0, JOB_PLAN_SHARE_PARTIAL),
        "clinicians with a job plan in force / clinicians in post",
        "no clinicians in post".to_string(),
        |s| {
            if f.without_job_plan.is_empty() {
                format!(
                    "every clinician has a job plan in force ({planned} of {n}, {})",
                    percent(s)
                )
            } else {
                format!(
                    "{planned} of {n} clinicians have a job plan in force ({}); none for {}",
                    percent(s),
                    names(&f.without_job_plan)
                )
            }
        },
    ));

    let targeted = n - f.without_target.len();
    lines.push(EvidenceLine {
        text: if f.without_target.is_empty() {
            format!(
                "every clinician has a target of new Partnerships for {}",
                f.quarter
            )
        } else {
            format!(
                "{targeted} of {n} clinicians have a target for {}; none for {}",
                f.quarter,
                names(&f.without_target)
            )
        },
        suggested: (n > 0).then_some(match targeted {
            t if t == n => Rating::Yes,
            0 => Rating::No,
            _ => Rating::Partial,
        }),
        explain: Explanation::new(
            "clinicians whose job plan gives a target of at least 1 new Partnership",
            format!("{targeted} of {n}"),
        )
        .note("suggests Yes when everyone has one, No when nobody has, Partial between"),
    });

    lines.push(share_line(
        f.reoffered_in_time,
        f.missed_due,
        (REOFFER_SHARE_YES, REOFFER_SHARE_PARTIAL),
        "re-offered within the window / DNA'd or cancelled first appointments re-offered or past the window",
        format!(
            "no DNA'd or cancelled first appointment is due for re-offer in {}",
            f.quarter
        ),
        |s| {
            format!(
                "{} of {} DNA'd or cancelled first appointments re-offered within {} working days ({})",
                f.reoffered_in_time,
                f.missed_due,
                f.reoffer_working_days,
                percent(s)
            )
        },
    ));

    let (text, suggested) = match (f.reviews.this_quarter, f.reviews.last_quarter) {
        (Some(d), _) => (
            format!("the review of {} was marked done on {}", f.quarter, day(d)),
            Rating::Yes,
        ),
        (None, Some(d)) => (
            format!(
                "the review of {} is not marked done yet; the last quarter's was, on {}",
                f.quarter,
                day(d)
            ),
            Rating::Partial,
        ),
        (None, None) => (
            format!(
                "neither the review of {} nor the last quarter's is marked done",
                f.quarter
            ),
            Rating::No,
        ),
    };
    lines.push(EvidenceLine {
        text,
        suggested: Some(suggested),
        explain: Explanation::new(
            "quarterly review marked done: this quarter (Yes), only the last (Partial), neither (No)",
            format!(
                "this quarter: {}; last quarter: {}",
                f.reviews.this_quarter.map_or("not done".into(), day),
                f.reviews.last_quarter.map_or("not done".into(), day)
            ),
        ),
    });

    let ok = n.saturating_sub(f.short_at_deadline.len()) as u32;
    lines.push(share_line(
        ok,
        if f.deadline_passed { n as u32 } else { 0 },
        (1.0, PUBLISHED_SHARE_PARTIAL),
        "clinicians not short of offers after the deadline / clinicians in post",
        format!(
            "the publishing deadline ({}) has not passed yet",
            day(f.deadline)
        ),
        |_| {
            if f.short_at_deadline.is_empty() {
                format!(
                    "every clinician had their offers in the diary by the deadline ({})",
                    day(f.deadline)
                )
            } else {
                format!(
                    "{ok} of {n} clinicians had their offers in the diary by the deadline ({}); short: {}",
                    day(f.deadline),
                    names(&f.short_at_deadline)
                )
            }
        },
    ));
    ItemEvidence::from_lines(number, lines)
}
