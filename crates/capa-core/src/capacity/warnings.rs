//! The warnings of a capacity report: what a team lead should look at.

use chrono::NaiveDate;
use serde::Serialize;

use crate::balance::Standing;
use crate::clinician::{Clinician, Initials};
use crate::explain::{about, percent, plural};
use crate::quarter::Quarter;

use super::targets::Raw;

/// Something a team lead should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable identifier, e.g. `choice-plan-short`.
    pub code: &'static str,
    /// The clinician concerned, if any.
    pub clinician: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

pub(super) fn warn(
    code: &'static str,
    clinician: Option<&Initials>,
    message: impl Into<String>,
) -> Warning {
    Warning {
        code,
        clinician: clinician.map(|i| i.to_string()),
        message: message.into(),
    }
}

fn dated(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A clinician's warnings: no job plan, leaving or starting inside the
/// quarter, long leave.
pub(super) fn clinician(c: &Clinician, r: &Raw, q: Quarter) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if r.days_in_post > 0 && r.plan.is_none() {
        warnings.push(warn(
            "no-job-plan",
            Some(&c.initials),
            format!(
                "{} ({}) has no job plan in force on {}: targets are 0",
                c.initials,
                c.name,
                dated(r.plan_day)
            ),
        ));
    }
    if let Some(d) = c
        .leaving_date
        .filter(|d| *d >= q.start() && *d < q.end_exclusive())
    {
        warnings.push(warn(
            "leaving-in-quarter",
            Some(&c.initials),
            format!(
                "{} leaves on {}, inside {q}: targets are pro rata to the working days in post",
                c.initials,
                dated(d)
            ),
        ));
    }
    if let Some(d) = c
        .start_date
        .filter(|d| *d > q.start() && *d < q.end_exclusive())
    {
        warnings.push(warn(
            "starting-in-quarter",
            Some(&c.initials),
            format!(
                "{} starts on {}, inside {q}: targets are pro rata to the working days in post",
                c.initials,
                dated(d)
            ),
        ));
    }
    if r.long_leave_days > 0 {
        warnings.push(warn(
            "long-leave",
            Some(&c.initials),
            format!(
                "{} is on long leave ({}) for {} of {q}: targets are pro rata to the working days in post",
                c.initials,
                r.long_leave.join(", "),
                plural(r.long_leave_days, "working day", "working days")
            ),
        ));
    }
    warnings
}

/// The team's figures its warnings judge.
pub(super) struct TeamFigures {
    pub accepted_referrals_per_week: f64,
    pub choice_needed: u32,
    pub anyone_does_choice: bool,
    pub choice_allocated: u32,
    pub new_core_total: u32,
    pub core_demand: f64,
    pub balance: Standing,
    pub balance_note: String,
    pub share: Option<f64>,
    pub share_standing: Standing,
}

/// The team's warnings: no referral rate, Choice nobody does or an
/// allocation that does not add up, Core shortfall, balance and share
/// outside CAPA's bands.
pub(super) fn team(t: &TeamFigures) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if t.accepted_referrals_per_week <= 0.0 {
        warnings.push(warn("no-referral-rate", None, "no accepted referral rate is set: Choice need, Core demand and balance cannot be judged"));
    }
    if t.choice_needed > 0 && !t.anyone_does_choice {
        warnings.push(warn(
            "no-choice-clinicians",
            None,
            format!(
                "{} needed but no clinician does Choice",
                plural(
                    t.choice_needed,
                    "Choice appointment is",
                    "Choice appointments are"
                )
            ),
        ));
    } else if t.choice_allocated != t.choice_needed {
        warnings.push(warn(
            "choice-allocation-total",
            None,
            format!(
                "Choice allocations add up to {} of the {} needed",
                t.choice_allocated, t.choice_needed
            ),
        ));
    }
    if f64::from(t.new_core_total) + 1e-9 < t.core_demand {
        let short = t.core_demand - f64::from(t.new_core_total);
        warnings.push(warn("core-shortfall", None, format!(
            "new Core Partnerships ({}) fall {} short of a Core demand of {}: expect an internal wait to grow",
            t.new_core_total, about(short), about(t.core_demand))));
    }
    match t.balance {
        Standing::Below | Standing::Above => warnings.push(warn(
            if t.balance == Standing::Below {
                "balance-below"
            } else {
                "balance-above"
            },
            None,
            format!("balance ratio {}", t.balance_note),
        )),
        _ => {}
    }
    let share_text = t.share.map(percent).unwrap_or_default();
    match t.share_standing {
        Standing::Below => warnings.push(warn("share-low", None, format!(
            "Choice + Core is {share_text} of working sessions: not enough Core (Specific may be crowding it out)"))),
        Standing::Above => warnings.push(warn("share-high", None, format!(
            "Choice + Core is {share_text} of working sessions: Specific work may be squeezed"))),
        _ => {}
    }
    warnings
}
