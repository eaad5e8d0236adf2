//! Item 5, full booking to Partnership: the family leaves Choice with a
//! booked first Partnership appointment; no internal waiting list.

use crate::explain::{Explanation, n2, percent};
use crate::monitor::{QuarterMonitor, WaitStats};

use super::{EvidenceLine, ItemEvidence, share_line};
use crate::assessment::rating::{ItemNumber, Rating};

/// Share of first Partnership appointments booked at the end of Choice from
/// which capa suggests Yes. Not all: re-offers after a DNA and transfers are
/// rightly booked another way, but full booking should be nearly all.
pub const FROM_CHOICE_SHARE_YES: f64 = 0.9;

/// ... and Partial: half booked at Choice shows the practice has started.
pub const FROM_CHOICE_SHARE_PARTIAL: f64 = 0.5;

/// A managed list no longer than this many weeks of accepted referrals
/// suggests Partial: a few families beyond the limit is a planning signal;
/// more than a week's intake is an internal waiting list by another name.
pub const MANAGED_LIST_PARTIAL_WEEKS: f64 = 1.0;

/// The facts item 5 is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct FullBookingFacts {
    /// First Partnership appointments booked in the quarter.
    pub bookings: u32,
    /// Of those, booked at the end of a Choice appointment.
    pub booked_from_choice: u32,
    /// The internal wait, Choice to first Partnership.
    pub internal: WaitStats,
    /// CAPA's aim, weeks (4).
    pub aim_weeks: u32,
    /// The team's limit, weeks (6).
    pub limit_weeks: u32,
    /// Families on the managed list.
    pub managed_list: u32,
    /// Accepted referrals per week (the team's setting).
    pub accepted_referrals_per_week: f64,
}

impl FullBookingFacts {
    /// The facts from the quarter's monitor and the team's referral rate.
    pub fn from_monitor(m: &QuarterMonitor, accepted_referrals_per_week: f64) -> Self {
        Self {
            bookings: m.team.bookings,
            booked_from_choice: m.team.booked_from_choice,
            internal: m.waits.to_partnership_days.clone(),
            aim_weeks: m.settings.internal_aim_weeks,
            limit_weeks: m.settings.internal_limit_weeks,
            managed_list: m.managed_list,
            accepted_referrals_per_week,
        }
    }
}

/// Item 5's evidence: first appointments booked from Choice, the internal
/// wait against 4 and 6 weeks, the managed list.
pub fn full_booking(number: ItemNumber, f: &FullBookingFacts) -> ItemEvidence {
    let mut lines = Vec::new();
    lines.push(share_line(
        f.booked_from_choice,
        f.bookings,
        (FROM_CHOICE_SHARE_YES, FROM_CHOICE_SHARE_PARTIAL),
        "first Partnership appointments booked from a Choice appointment / all booked",
        "no first Partnership appointments booked this quarter".to_string(),
        |s| {
            format!(
                "{} of {} first Partnership appointments were booked at the end of Choice ({})",
                f.booked_from_choice,
                f.bookings,
                percent(s)
            )
        },
    ));

    let (aim, limit) = (f64::from(f.aim_weeks * 7), f64::from(f.limit_weeks * 7));
    let (text, suggested) = match (f.internal.median, f.internal.p90) {
        (Some(m), Some(p)) => {
            let r = if m <= aim && p <= limit {
                Rating::Yes
            } else if m <= limit {
                Rating::Partial
            } else {
                Rating::No
            };
            (
                format!(
                    "internal wait: median {} days, 90th percentile {} days (aim {} weeks, limit {})",
                    n2(m),
                    n2(p),
                    f.aim_weeks,
                    f.limit_weeks
                ),
                Some(r),
            )
        }
        _ => ("no internal waits measured this quarter".to_string(), None),
    };
    lines.push(EvidenceLine {
        text,
        suggested,
        explain: f.internal.explain.clone().note(format!(
            "suggests Yes with the median within {} days and the 90th percentile within {}; Partial with the median within {}; No beyond",
            n2(aim),
            n2(limit),
            n2(limit)
        )),
    });

    let allowed = f.accepted_referrals_per_week * MANAGED_LIST_PARTIAL_WEEKS;
    let suggested = if f.managed_list == 0 {
        Rating::Yes
    } else if f64::from(f.managed_list) <= allowed + 1e-9 {
        Rating::Partial
    } else {
        Rating::No
    };
    lines.push(EvidenceLine {
        text: if f.managed_list == 0 {
            "nobody is on the managed list".to_string()
        } else {
            format!(
                "{} on the managed list (nothing fitted within the limit)",
                crate::explain::plural(f.managed_list, "family is", "families are")
            )
        },
        suggested: Some(suggested),
        explain: Explanation::new(
            "families on the managed list against a week's accepted referrals",
            format!(
                "{} against {} x {} = {}",
                f.managed_list,
                n2(f.accepted_referrals_per_week),
                n2(MANAGED_LIST_PARTIAL_WEEKS),
                n2(allowed)
            ),
        )
        .note("suggests Yes when empty, Partial up to a week's referrals, No beyond"),
    });
    ItemEvidence::from_lines(number, lines)
}
