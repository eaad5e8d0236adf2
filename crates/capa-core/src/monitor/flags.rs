//! The monitor's flags: each with a stable code and its reason in plain words
//! (method page, section 7; the seed's item 8: someone "coming up to leaving
//! and so stops offering Partnerships", someone who feels busy "and just
//! don't book themselves in", slots "not re-offered").

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::explain::{Explanation, n2};
use crate::quarter::Quarter;

use super::counts::{Counts, Missed};
use super::facts::ClinicianFacts;
use super::projection::{Phase, Projection};

/// What a flag is about. The codes are stable: the API and exports carry them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagCode {
    /// No job plan in force for the quarter.
    NoJobPlan,
    /// Fewer offers published than the target once the publishing deadline has passed.
    OffersShortAtDeadline,
    /// A DNA'd or cancelled first appointment not re-offered within the window.
    NotReoffered,
    /// The quarter ended, or is projected to end, below target.
    UnderTarget,
    /// A leaving date inside the quarter.
    LeavingInQuarter,
    /// Open Partnership caseload above the team's threshold.
    CaseloadHigh,
}

impl FlagCode {
    /// Every code, in the order flags are listed.
    pub const ALL: [FlagCode; 6] = [
        Self::NoJobPlan,
        Self::OffersShortAtDeadline,
        Self::NotReoffered,
        Self::UnderTarget,
        Self::LeavingInQuarter,
        Self::CaseloadHigh,
    ];

    /// The stable code, e.g. `not_reoffered`.
    pub fn code(self) -> &'static str {
        match self {
            Self::NoJobPlan => "no_job_plan",
            Self::OffersShortAtDeadline => "offers_short_at_deadline",
            Self::NotReoffered => "not_reoffered",
            Self::UnderTarget => "under_target",
            Self::LeavingInQuarter => "leaving_in_quarter",
            Self::CaseloadHigh => "caseload_high",
        }
    }

    /// A short heading for the flag.
    pub fn title(self) -> &'static str {
        match self {
            Self::NoJobPlan => "no job plan",
            Self::OffersShortAtDeadline => "offers short at the deadline",
            Self::NotReoffered => "not re-offered",
            Self::UnderTarget => "under target",
            Self::LeavingInQuarter => "leaving in the quarter",
            Self::CaseloadHigh => "caseload high",
        }
    }

    /// Parses a code.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == text.trim())
    }
}

impl Serialize for FlagCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Something about a clinician's quarter a lead should look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The stable code.
    pub code: FlagCode,
    /// Why, in plain words.
    pub reason: String,
    /// The rule and the figures it was judged on.
    pub explain: Explanation,
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `no_job_plan`: in post in the quarter with no job plan in force, so the
/// capacity rules could set no target.
pub fn no_job_plan(c: &ClinicianFacts, quarter: Quarter) -> Option<Flag> {
    (c.target.job_plan_version.is_none() && c.target.in_post > 0.0).then(|| Flag {
        code: FlagCode::NoJobPlan,
        reason: format!(
            "{} has no job plan in force for {quarter}, so capa can set no target",
            c.initials
        ),
        explain: Explanation::new(
            "in post in the quarter and no job plan version in force",
            format!(
                "in post {} of the quarter; job plan: none",
                crate::explain::percent(c.target.in_post)
            ),
        ),
    })
}

/// `offers_short_at_deadline`: after the publishing deadline, fewer offers
/// that count (published minus DNA'd or cancelled, as the activity-planning
/// sheet counts them) than the target.
pub fn offers_short_at_deadline(
    counts: &Counts,
    target: u32,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Option<Flag> {
    let passed = today > deadline;
    (passed && counts.counting < target).then(|| {
        let lost = counts.published - counts.counting;
        Flag {
            code: FlagCode::OffersShortAtDeadline,
            reason: format!(
                "{} that count against a target of {target} after the publishing deadline of {} ({} short)",
                crate::explain::plural(counts.counting, "offer", "offers"),
                day(deadline),
                target - counts.counting
            ),
            explain: Explanation::new(
                "after the deadline: offers published - DNA'd or cancelled < target",
                format!(
                    "{} - {lost} = {} < {target}",
                    counts.published, counts.counting
                ),
            )
            .note(format!("deadline {} passed", day(deadline))),
        }
    })
}

/// `not_reoffered`: DNA'd or cancelled first appointments still not
/// re-offered after the team's window of working days.
pub fn not_reoffered(missed: &[Missed], window: u32) -> Option<Flag> {
    let overdue: Vec<&Missed> = missed.iter().filter(|m| m.overdue).collect();
    if overdue.is_empty() {
        return None;
    }
    let list = overdue
        .iter()
        .map(|m| {
            format!(
                "{} ({} on {}, due by {})",
                m.label,
                m.what(),
                day(m.due),
                day(m.reoffer_by)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (one, many) = ("first appointment", "first appointments");
    Some(Flag {
        code: FlagCode::NotReoffered,
        reason: format!(
            "{} DNA'd or cancelled {} not re-offered within {window} working days: {list}",
            overdue.len(),
            if overdue.len() == 1 { one } else { many }
        ),
        explain: Explanation::new(
            "DNA'd or cancelled first appointments with no replacement after the window of working days",
            overdue
                .iter()
                .map(|m| m.explain.working.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    })
}

/// `under_target`: a past quarter that started fewer new Partnerships than
/// the target, or a current one projected to.
pub fn under_target(
    phase: Phase,
    started: u32,
    target: u32,
    projection: &Projection,
) -> Option<Flag> {
    match (phase, projection.projected) {
        (Phase::Past, _) if started < target => Some(Flag {
            code: FlagCode::UnderTarget,
            reason: format!(
                "started {started} new Partnerships against a target of {target} ({} short)",
                target - started
            ),
            explain: Explanation::new(
                "quarter over: started < target",
                format!("{started} < {target}"),
            ),
        }),
        (Phase::Current, Some(p)) if p < target => Some(Flag {
            code: FlagCode::UnderTarget,
            reason: format!(
                "projected to start {p} new Partnerships at the rate so far against a target of {target}"
            ),
            explain: Explanation::new(
                "quarter under way: projected at the rate so far < target",
                format!("{} < {target}", projection.explain.working),
            ),
        }),
        _ => None,
    }
}

/// `leaving_in_quarter`: the clinician's last day falls inside the quarter.
pub fn leaving_in_quarter(c: &ClinicianFacts, quarter: Quarter) -> Option<Flag> {
    let d = c
        .leaving_date
        .filter(|d| *d >= quarter.start() && *d < quarter.end_exclusive())?;
    Some(Flag {
        code: FlagCode::LeavingInQuarter,
        reason: format!(
            "{} leaves on {}, inside {quarter}: their targets are pro rata, and their Core sessions could move to Choice before they go",
            c.initials,
            day(d)
        ),
        explain: Explanation::new(
            "leaving date on or after the quarter's first day and before the next quarter",
            format!(
                "{} <= {} < {}",
                day(quarter.start()),
                day(d),
                day(quarter.end_exclusive())
            ),
        ),
    })
}

/// `caseload_high`: more open Partnerships than the team's threshold, pro
/// rata to FTE. Judged on today's caseload, so not for a past quarter.
pub fn caseload_high(c: &ClinicianFacts, threshold: u32, phase: Phase) -> Option<Flag> {
    let open = c.caseload.open();
    let limit = f64::from(threshold) * c.fte;
    (phase != Phase::Past && f64::from(open) > limit + 1e-9).then(|| Flag {
        code: FlagCode::CaseloadHigh,
        reason: format!(
            "{open} open Partnerships, above the team's threshold of {} for {} FTE: a run of heavy cases may be keeping {} from booking new ones",
            n2(limit),
            n2(c.fte),
            c.initials
        ),
        explain: Explanation::new(
            "first appointments attended - episodes closed > threshold x FTE",
            format!(
                "{} - {} = {open} > {threshold} x {} = {}",
                c.caseload.started,
                c.caseload.closed,
                n2(c.fte),
                n2(limit)
            ),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::facts::Caseload;
    use crate::monitor::fixtures::{clinician_facts, d, q1};

    #[test]
    fn codes_are_stable_and_round_trip() {
        let codes: Vec<&str> = FlagCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(
            codes,
            [
                "no_job_plan",
                "offers_short_at_deadline",
                "not_reoffered",
                "under_target",
                "leaving_in_quarter",
                "caseload_high"
            ]
        );
        for c in FlagCode::ALL {
            assert_eq!(FlagCode::parse(c.code()), Some(c));
        }
        assert_eq!(
            serde_json::to_string(&FlagCode::CaseloadHigh).unwrap(),
            "\"caseload_high\""
        );
    }

    #[test]
    fn boundaries() {
        let q = q1();
        let mut c = clinician_facts("AD", 9);
        // Leaving on the quarter's last day is inside it; the day after is not.
        c.leaving_date = Some(d(2026, 10, 4));
        assert!(leaving_in_quarter(&c, q).is_some());
        c.leaving_date = Some(d(2026, 10, 5));
        assert!(leaving_in_quarter(&c, q).is_none());
        // A caseload at the threshold is not above it; pro rata at 0.6 FTE: 12.
        c.caseload = Caseload {
            started: 32,
            closed: 20,
        };
        c.fte = 0.6;
        assert!(caseload_high(&c, 20, Phase::Current).is_none());
        c.caseload.closed = 19;
        let f = caseload_high(&c, 20, Phase::Current).unwrap();
        assert_eq!(f.explain.working, "32 - 19 = 13 > 20 x 0.6 = 12");
        // Nobody out of post is flagged for a missing job plan.
        c.target.job_plan_version = None;
        c.target.in_post = 0.0;
        assert!(no_job_plan(&c, q).is_none());
        // On the deadline day itself offers are not yet short.
        let counts = Counts {
            published: 3,
            counting: 3,
            ..Counts::default()
        };
        assert!(offers_short_at_deadline(&counts, 9, d(2026, 5, 25), d(2026, 5, 25)).is_none());
        assert!(offers_short_at_deadline(&counts, 9, d(2026, 5, 25), d(2026, 5, 26)).is_some());
    }
}
