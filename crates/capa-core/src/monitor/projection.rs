//! Where a quarter stands against the day monitored, the working days a
//! clinician has in it, and the projection of the end-of-quarter position at
//! the rate so far.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diary::holidays::is_working_day;
use crate::explain::{Explanation, n2};
use crate::quarter::Quarter;
use crate::rounding::round_half_up;

use super::facts::ClinicianFacts;

/// Working days that must have passed before capa projects a clinician's
/// quarter. Two weeks: fewer than that, and one family more or less swings
/// the projection by a third of the target, so the projection would flag
/// clinicians who are simply early in their quarter.
pub const PROJECTION_MIN_WORKING_DAYS: u32 = 10;

/// A quarter against the day monitored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Over: the figures are final.
    Past,
    /// Under way: the figures so far, and a projection.
    Current,
    /// Not started: offers published against targets.
    Future,
}

impl Phase {
    /// The phase of `quarter` on `today`.
    pub fn of(quarter: Quarter, today: NaiveDate) -> Self {
        if today >= quarter.end_exclusive() {
            Self::Past
        } else if today >= quarter.start() {
            Self::Current
        } else {
            Self::Future
        }
    }
}

/// A clinician's working days in a quarter: Monday to Friday, in post, not a
/// public holiday, not on leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// Working days available in the whole quarter.
    pub total: u32,
    /// Of those, the days before the day monitored.
    pub elapsed: u32,
    /// Weekdays in post lost to leave.
    pub leave_days: u32,
}

/// The working days a clinician has in `quarter`, and how many lie before `today`.
pub fn availability(
    c: &ClinicianFacts,
    quarter: Quarter,
    today: NaiveDate,
    holidays: &[NaiveDate],
) -> Availability {
    let mut a = Availability {
        total: 0,
        elapsed: 0,
        leave_days: 0,
    };
    for day in quarter
        .start()
        .iter_days()
        .take_while(|d| *d < quarter.end_exclusive())
    {
        if !c.in_post_on(day) || !is_working_day(day, holidays) {
            continue;
        }
        if c.leave.iter().any(|l| l.covers(day)) {
            a.leave_days += 1;
            continue;
        }
        a.total += 1;
        if day < today {
            a.elapsed += 1;
        }
    }
    a
}

/// The end-of-quarter position at the rate so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    /// Partnerships projected to have started by the quarter's end (`None`:
    /// not the current quarter, or too early to say).
    pub projected: Option<u32>,
    /// The projection before rounding.
    pub unrounded: Option<f64>,
    /// The working.
    pub explain: Explanation,
}

/// Projects `started` at the rate so far: `started / working days passed x
/// working days in the quarter`, rounded half up. Only for the current
/// quarter, once [`PROJECTION_MIN_WORKING_DAYS`] have passed; the first
/// appointments already booked ahead are noted beside it, not added, since
/// the rate already expects them.
pub fn project(started: u32, booked_ahead: u32, a: Availability, phase: Phase) -> Projection {
    let formula =
        "started so far / working days passed x working days in the quarter, rounded half up";
    let none = |why: String| Projection {
        projected: None,
        unrounded: None,
        explain: Explanation::new(formula, why),
    };
    match phase {
        Phase::Past => return none("the quarter is over: the figures are final".into()),
        Phase::Future => return none("the quarter has not started".into()),
        Phase::Current => {}
    }
    if a.total == 0 {
        return none("no working days in post in the quarter".into());
    }
    if a.elapsed < PROJECTION_MIN_WORKING_DAYS.min(a.total) {
        return none(format!(
            "too early to project: {} of the {} working days needed have passed",
            a.elapsed,
            PROJECTION_MIN_WORKING_DAYS.min(a.total)
        ));
    }
    let raw = f64::from(started) / f64::from(a.elapsed) * f64::from(a.total);
    let projected = round_half_up(raw);
    let mut explain = Explanation::new(
        formula,
        format!(
            "{started} / {} x {} = {} = {projected}",
            a.elapsed,
            a.total,
            n2(raw)
        ),
    )
    .note("working days: Monday to Friday in post, less public holidays and leave");
    if a.leave_days > 0 {
        explain = explain.note(format!(
            "{} of leave left out",
            crate::explain::plural(a.leave_days, "working day", "working days")
        ));
    }
    if booked_ahead > 0 {
        explain = explain.note(format!(
            "{} booked ahead",
            crate::explain::plural(
                booked_ahead,
                "more first appointment is",
                "more first appointments are"
            )
        ));
    }
    Projection {
        projected: Some(projected),
        unrounded: Some(raw),
        explain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::facts::LeavePeriod;
    use crate::monitor::fixtures::{clinician_facts, d, q1};

    #[test]
    fn phases() {
        assert_eq!(Phase::of(q1(), d(2026, 7, 5)), Phase::Future);
        assert_eq!(Phase::of(q1(), d(2026, 7, 6)), Phase::Current);
        assert_eq!(Phase::of(q1(), d(2026, 10, 4)), Phase::Current);
        assert_eq!(Phase::of(q1(), d(2026, 10, 5)), Phase::Past);
    }

    #[test]
    fn working_days_skip_holidays_leave_and_days_out_of_post() {
        // 2026/27 Q1: 6 July to 4 October, 13 weeks = 65 weekdays; Matariki
        // (Friday 10 July) is a holiday: 64.
        let mut c = clinician_facts("AD", 9);
        let matariki = [d(2026, 7, 10)];
        let a = availability(&c, q1(), d(2026, 7, 20), &matariki);
        // Before Monday 20 July: 10 weekdays less Matariki.
        assert_eq!((a.total, a.elapsed, a.leave_days), (64, 9, 0));
        // A week's leave (Mon 27 to Fri 31 July) and leaving on Friday 28 August.
        c.leave.push(LeavePeriod {
            first_day: d(2026, 7, 27),
            last_day: d(2026, 7, 31),
        });
        c.leaving_date = Some(d(2026, 8, 28));
        let a = availability(&c, q1(), d(2026, 8, 3), &matariki);
        // In post 6 July - 28 August: 8 weeks = 40 weekdays, less Matariki, less 5 leave.
        assert_eq!((a.total, a.elapsed, a.leave_days), (34, 14, 5));
    }

    #[test]
    fn projection_at_the_rate_so_far() {
        let a = Availability {
            total: 64,
            elapsed: 20,
            leave_days: 0,
        };
        let p = project(3, 2, a, Phase::Current);
        // 3 / 20 x 64 = 9.6, rounded 10.
        assert_eq!(p.projected, Some(10));
        assert_eq!(p.explain.working, "3 / 20 x 64 = 9.6 = 10");
        assert!(p.explain.notes.iter().any(|n| n.contains("2 more")));
        let early = Availability { elapsed: 6, ..a };
        let p = project(1, 0, early, Phase::Current);
        assert_eq!(p.projected, None);
        assert_eq!(
            p.explain.working,
            "too early to project: 6 of the 10 working days needed have passed"
        );
        assert_eq!(project(9, 0, a, Phase::Past).projected, None);
        assert_eq!(project(0, 0, a, Phase::Future).projected, None);
    }
}
