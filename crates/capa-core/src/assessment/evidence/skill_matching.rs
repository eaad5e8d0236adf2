//! Item 6, selecting the Partnership clinician by skill: bookings made from
//! a search by the skills (or stream) the family needs.

use crate::explain::percent;
use crate::monitor::QuarterMonitor;

use super::{ItemEvidence, share_line};
use crate::assessment::rating::ItemNumber;

/// Share of bookings made with a skills search from which capa suggests
/// Yes: most families need something particular, though some do not, so
/// not every booking needs a search.
pub const SKILLS_SEARCH_SHARE_YES: f64 = 0.8;

/// ... and Partial: a third shows the team matches skills for many families.
pub const SKILLS_SEARCH_SHARE_PARTIAL: f64 = 0.3;

/// The facts item 6 is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillMatchingFacts {
    /// First Partnership appointments booked in the quarter.
    pub bookings: u32,
    /// Of those, booked from a search by skills or stream.
    pub by_skills: u32,
}

impl SkillMatchingFacts {
    /// The facts from the quarter's monitor.
    pub fn from_monitor(m: &QuarterMonitor) -> Self {
        Self {
            bookings: m.team.bookings,
            by_skills: m.team.booked_by_skills,
        }
    }
}

/// Item 6's evidence: the share of bookings made with a skills search.
pub fn skill_matching(number: ItemNumber, f: &SkillMatchingFacts) -> ItemEvidence {
    ItemEvidence::from_lines(
        number,
        vec![share_line(
            f.by_skills,
            f.bookings,
            (SKILLS_SEARCH_SHARE_YES, SKILLS_SEARCH_SHARE_PARTIAL),
            "bookings made from a search by skills or stream / all bookings",
            "no first Partnership appointments booked this quarter".to_string(),
            |s| {
                format!(
                    "{} of {} first Partnership appointments were booked from a search by skills ({})",
                    f.by_skills,
                    f.bookings,
                    percent(s)
                )
            },
        )],
    )
}
