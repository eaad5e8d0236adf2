//! Offers left standing by a job plan change: a published offer whose session
//! the job plan in force on its date no longer gives to its kind (a Core
//! session that became Specific: OT, say). The team chooses to keep or
//! withdraw each; until then the activity-planning sheet counts them and says
//! so.

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use crate::clinician::Clinician;
use crate::layout::SessionLayout;

use super::proposal::{SlotKind, taken_sessions};

/// An offer whose session is no longer of its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffPlan {
    /// The caller's id of the offer.
    pub id: i64,
    /// When it starts.
    pub starts_at: NaiveDateTime,
    /// What the session holds now, in words (`Specific: OT`, `Other:
    /// meeting`), or why there is no session (`not a working day`).
    pub now: String,
}

/// The offers of `kind` among `offers` (id, start) that no longer stand in a
/// session of that kind in the clinician's job plan in force on their date:
/// the session's activity changed, the day is no longer in the layout, or no
/// job plan is in force then. In the order given.
pub fn off_plan(
    clinician: &Clinician,
    layout: &SessionLayout,
    kind: &SlotKind,
    offers: &[(i64, NaiveDateTime)],
) -> Vec<OffPlan> {
    offers
        .iter()
        .filter_map(|&(id, starts_at)| {
            let now = session_now(clinician, layout, kind, starts_at)?;
            Some(OffPlan { id, starts_at, now })
        })
        .collect()
}

/// What the session of `at` holds now, when it is not of `kind`.
fn session_now(
    clinician: &Clinician,
    layout: &SessionLayout,
    kind: &SlotKind,
    at: NaiveDateTime,
) -> Option<String> {
    let date = at.date();
    let Some(column) = layout.days.iter().position(|d| *d == date.weekday()) else {
        return Some("not a working day of the layout".into());
    };
    let Some((_, row)) = taken_sessions(layout, [at]).into_iter().next() else {
        return Some("before the day's first session".into());
    };
    let Some(plan) = clinician.job_plan_on(date) else {
        return Some("no job plan in force".into());
    };
    match plan.grid().get(row).and_then(|cells| cells.get(column)) {
        Some(activity) if kind.fits(activity) => None,
        Some(activity) => Some(activity.describe()),
        None => Some("no such session in the job plan".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Activity, OtherCategory};
    use crate::diary::fixtures::{clinician, d};
    use crate::job_plan::JobPlan;

    #[test]
    fn an_offer_in_a_session_that_is_no_longer_core_is_listed() {
        let layout = SessionLayout::nz_four_session();
        let meeting = Activity::Other {
            label: "MDT".into(),
            category: OtherCategory::Mdt,
        };
        // Version 1: Monday and Tuesday session 1 Core. Version 2, from
        // 3 August 2026: Tuesday session 1 is Specific: OT.
        let mut v1 = vec![vec![meeting.clone(); 5]; 4];
        v1[0][0] = Activity::Core;
        v1[0][1] = Activity::Core;
        let mut v2 = v1.clone();
        v2[0][1] = Activity::Specific("OT".into());
        let mut c = clinician("TR", &[], &[]);
        c.job_plans = vec![
            JobPlan::new(1, None, v1, &layout).unwrap(),
            JobPlan::new(2, Some(d(2026, 8, 3)), v2, &layout).unwrap(),
        ];
        let start = layout.sessions().next().unwrap().start;
        let at = |day| d(2026, 8, day).and_time(start);
        let offers = [
            (1, d(2026, 7, 28).and_time(start)), // Tuesday, version 1: Core
            (2, at(3)),                          // Monday, still Core
            (3, at(4)),                          // Tuesday, now OT
            (4, at(8)),                          // Saturday
        ];
        let found = off_plan(&c, &layout, &SlotKind::Core, &offers);
        let ids: Vec<(i64, &str)> = found.iter().map(|o| (o.id, o.now.as_str())).collect();
        assert_eq!(
            ids,
            [(3, "Specific: OT"), (4, "not a working day of the layout")]
        );
    }
}
