//! A review as the assessment page and API show it: each item with its
//! rating, note, guidance and evidence, and the scores.

use chrono::NaiveDate;
use serde::Serialize;

use crate::explain::Explanation;

use super::component::{AssessmentSettings, Group, Tag, components};
use super::evidence::{EvidenceLine, ItemEvidence};
use super::guidance::{Guidance, guidance};
use super::rating::{ItemNumber, Rating};
use super::score::{Assessment, PartScore, score};

/// One item of a review. The JSON names are the assessment API's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemView {
    /// 1 to 11.
    pub number: ItemNumber,
    /// The component's name.
    pub component: &'static str,
    /// Its group.
    pub group: Group,
    /// Its tag.
    pub tag: Tag,
    /// The team's rating, 0-2 (`null`: not rated yet). Never the suggestion.
    pub rating: Option<Rating>,
    /// RED, AMBER or GREEN for the rating.
    pub colour: Option<&'static str>,
    /// The team's note.
    pub note: String,
    /// What the component means and what to ask.
    pub guidance: Guidance,
    /// Evidence from capa's data, each with the rating it suggests.
    pub evidence: Vec<EvidenceLine>,
    /// The suggestion for the item (the weakest evidence's).
    pub suggested: Option<Rating>,
    /// How the suggestion was reached.
    pub suggestion_explain: Explanation,
    /// Set when capa holds no evidence for the item.
    pub no_evidence: Option<&'static str>,
}

/// A review with its scores. The JSON names are the assessment API's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentView {
    /// The review's date.
    pub date: NaiveDate,
    /// Out of 22.
    pub score: u32,
    /// 22.
    pub max_score: u32,
    /// The New Zealand rule.
    pub full_implementation: bool,
    /// Why it is or is not met.
    pub full_implementation_reason: String,
    /// Per group.
    pub groups: Vec<PartScore>,
    /// Per tag.
    pub tags: Vec<PartScore>,
    /// The eleven items.
    pub items: Vec<ItemView>,
    /// The working of the score.
    pub explain: Explanation,
}

/// A review as shown: its ratings and notes exactly as the team gave them,
/// with guidance and the evidence (for any item missing from `evidence`,
/// none is shown).
pub fn view(
    a: &Assessment,
    settings: &AssessmentSettings,
    evidence: &[ItemEvidence],
) -> AssessmentView {
    let s = score(a, settings);
    let items = components(settings)
        .into_iter()
        .map(|c| {
            let e = evidence
                .iter()
                .find(|e| e.number == c.number)
                .cloned()
                .unwrap_or_else(|| ItemEvidence::none(c.number));
            let entry = a.entries.get(&c.number).cloned().unwrap_or_default();
            ItemView {
                number: c.number,
                component: c.component,
                group: c.group,
                tag: c.tag,
                rating: entry.rating,
                colour: entry.rating.map(Rating::colour),
                note: entry.note,
                guidance: guidance(c.number),
                evidence: e.evidence,
                suggested: e.suggested,
                suggestion_explain: e.suggestion_explain,
                no_evidence: e.no_evidence,
            }
        })
        .collect();
    AssessmentView {
        date: a.date,
        score: s.score,
        max_score: s.max,
        full_implementation: s.full_implementation.met,
        full_implementation_reason: s.full_implementation.reason,
        groups: s.groups,
        tags: s.tags,
        items,
        explain: s.explain,
    }
}
