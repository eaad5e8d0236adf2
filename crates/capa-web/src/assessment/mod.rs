//! A self-assessment review as the page, the API and the exports show it:
//! the stored ratings and notes, capa-core's scores, and the evidence capa
//! holds for the quarter of the review's date. Shared by `pages::assessment`
//! and `api::assessments` so both show the same review; [`demo`] holds the
//! demo team's past reviews.

pub mod demo;

use capa_core::assessment::evidence::{CoreSkillsFacts, core_skills};
use capa_core::assessment::{
    AssessmentSettings, AssessmentView, EvidenceLine, ItemEvidence, ItemNumber, view,
};
use capa_core::explain::Explanation;
use capa_core::{Quarter, capacity};
use capa_store::{StoredAssessment, StoredTeam};

/// The settings the reviews are scored with. The team-set tags of items 4
/// and 6 keep the method page's defaults until teams can change them.
pub fn settings() -> AssessmentSettings {
    AssessmentSettings::default()
}

/// A review with everything shown beside it.
pub struct Review {
    /// As stored.
    pub stored: StoredAssessment,
    /// Ratings, notes, guidance, evidence and scores.
    pub view: AssessmentView,
    /// The quarter whose facts the evidence is drawn from.
    pub quarter: Quarter,
}

/// The quarter a review's evidence comes from: the one its date falls in.
pub fn evidence_quarter(stored: &StoredTeam, a: &StoredAssessment) -> Quarter {
    Quarter::containing(a.assessment.date, stored.team.settings.year_start_month)
}

/// The line shown for an item whose evidence comes from the quarter's
/// monitoring figures while capa has none to give: it says so and suggests
/// nothing, rather than judging on partial facts.
fn awaiting_monitor(number: ItemNumber, quarter: Quarter) -> ItemEvidence {
    ItemEvidence::from_lines(
        number,
        vec![EvidenceLine {
            text: format!(
                "the monitoring figures of {quarter} (bookings, waits, re-offers and the review mark) are not available to the self-assessment yet"
            ),
            suggested: None,
            explain: Explanation::new(
                "evidence from the quarter's monitor",
                "not available: nothing to judge",
            ),
        }],
    )
}

/// The evidence for all eleven items, in number order: item 7 from the
/// team's job plans and the quarter's capacity report; items 3, 5, 6 and 8
/// from the quarter's monitor; none for the others.
pub fn evidence(stored: &StoredTeam, quarter: Quarter) -> Vec<ItemEvidence> {
    let report = capacity::quarter(&stored.team, quarter);
    let core = CoreSkillsFacts::from_capacity(&stored.team, &report);
    ItemNumber::all()
        .map(|n| match n.get() {
            7 => core_skills(n, &core),
            3 | 5 | 6 | 8 => awaiting_monitor(n, quarter),
            _ => ItemEvidence::none(n),
        })
        .collect()
}

/// A stored review with its scores and evidence.
pub fn review(stored_team: &StoredTeam, stored: StoredAssessment) -> Review {
    let quarter = evidence_quarter(stored_team, &stored);
    let evidence = evidence(stored_team, quarter);
    let view = view(&stored.assessment, &settings(), &evidence);
    Review {
        stored,
        view,
        quarter,
    }
}
