//! Evidence from capa's own data beside a rating. Each rule is a pure
//! function of facts the store supplies (most of them the monitor's and the
//! capacity report's figures), gives its working, and suggests a rating.
//! The team decides: a suggestion is shown beside the rating and never
//! replaces it.
//!
//! - [`mod@job_planning`]: item 8, individual and team job planning.
//! - [`mod@core_skills`]: item 7, extended clinical skills in Core work.
//! - [`mod@full_booking`]: item 5, full booking to Partnership.
//! - [`mod@demand`]: item 3, handle demand.
//! - [`mod@skill_matching`]: item 6, selecting the Partnership clinician by skill.
//!
//! Items 1, 2, 4, 9, 10 and 11 have no evidence in capa, and say so.

pub mod core_skills;
pub mod demand;
pub mod full_booking;
pub mod job_planning;
pub mod skill_matching;

use serde::Serialize;

use crate::explain::{Explanation, percent};

use super::rating::{ItemNumber, Rating};

pub use core_skills::{CoreSkillsFacts, core_skills};
pub use demand::{DemandFacts, demand};
pub use full_booking::{FullBookingFacts, full_booking};
pub use job_planning::{JobPlanningFacts, ReviewMarks, job_planning};
pub use skill_matching::{SkillMatchingFacts, skill_matching};

/// What capa says for the items it holds no evidence for.
pub const NO_EVIDENCE: &str =
    "capa holds no evidence for this component: the team rates it from its own knowledge";

/// One piece of evidence: a fact in words, the rating it suggests, and its working.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceLine {
    /// The fact, in words.
    pub text: String,
    /// The rating this fact alone suggests (`None`: it suggests nothing,
    /// e.g. nothing to judge yet).
    pub suggested: Option<Rating>,
    /// The figures and the thresholds it was judged on.
    pub explain: Explanation,
}

/// The evidence for one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEvidence {
    /// The item.
    pub number: ItemNumber,
    /// The pieces of evidence, in the order the item's rule lists them.
    pub evidence: Vec<EvidenceLine>,
    /// The suggestion for the item: the lowest of the lines' suggestions
    /// (a component is only as far in place as its weakest part).
    pub suggested: Option<Rating>,
    /// How the suggestion was reached.
    pub suggestion_explain: Explanation,
    /// For the items capa has no evidence for: [`NO_EVIDENCE`].
    pub no_evidence: Option<&'static str>,
}

impl ItemEvidence {
    /// An item's evidence from its lines, with the lowest suggestion.
    pub fn from_lines(number: ItemNumber, evidence: Vec<EvidenceLine>) -> Self {
        let suggested = evidence.iter().filter_map(|l| l.suggested).min();
        let shown: Vec<String> = evidence
            .iter()
            .filter_map(|l| l.suggested)
            .map(|r| r.value().to_string())
            .collect();
        let suggestion_explain = Explanation::new(
            "the lowest rating the evidence suggests",
            match suggested {
                Some(r) => format!("min({}) = {} ({})", shown.join(", "), r.value(), r.label()),
                None => "no evidence suggests a rating yet".to_string(),
            },
        )
        .note("a suggestion only: the team's rating stands");
        Self {
            number,
            evidence,
            suggested,
            suggestion_explain,
            no_evidence: None,
        }
    }

    /// An item capa holds no evidence for.
    pub fn none(number: ItemNumber) -> Self {
        Self {
            number,
            evidence: Vec::new(),
            suggested: None,
            suggestion_explain: Explanation::new("no evidence", NO_EVIDENCE),
            no_evidence: Some(NO_EVIDENCE),
        }
    }
}

/// Yes at or above `yes`, Partial at or above `partial`, No below.
pub(crate) fn by_share(share: f64, yes: f64, partial: f64) -> Rating {
    if share + 1e-9 >= yes {
        Rating::Yes
    } else if share + 1e-9 >= partial {
        Rating::Partial
    } else {
        Rating::No
    }
}

/// The note that says which band a share fell in.
pub(crate) fn share_note(yes: f64, partial: f64) -> String {
    format!(
        "suggests Yes from {}, Partial from {}, No below",
        percent(yes),
        percent(partial)
    )
}

/// An evidence line for `part` of `whole`, suggesting Yes from `yes`,
/// Partial from `partial`, No below; `text` says it in words. With nothing
/// to judge (`whole` 0), the line says `none` and suggests nothing.
pub(crate) fn share_line(
    part: u32,
    whole: u32,
    (yes, partial): (f64, f64),
    formula: &str,
    none: String,
    text: impl FnOnce(f64) -> String,
) -> EvidenceLine {
    let share = (whole > 0).then(|| f64::from(part) / f64::from(whole));
    EvidenceLine {
        text: share.map_or(none, text),
        suggested: share.map(|s| by_share(s, yes, partial)),
        explain: Explanation::new(
            formula,
            share.map_or_else(
                || "nothing to judge yet".to_string(),
                |s| format!("{part} / {whole} = {}", percent(s)),
            ),
        )
        .note(share_note(yes, partial)),
    }
}

/// Everything the evidence rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFacts {
    /// For item 3.
    pub demand: DemandFacts,
    /// For item 5.
    pub full_booking: FullBookingFacts,
    /// For item 6.
    pub skill_matching: SkillMatchingFacts,
    /// For item 7.
    pub core_skills: CoreSkillsFacts,
    /// For item 8.
    pub job_planning: JobPlanningFacts,
}

/// The evidence for all eleven items, in number order.
pub fn all(facts: &EvidenceFacts) -> Vec<ItemEvidence> {
    ItemNumber::all()
        .map(|n| match n.get() {
            3 => demand(n, &facts.demand),
            5 => full_booking(n, &facts.full_booking),
            6 => skill_matching(n, &facts.skill_matching),
            7 => core_skills(n, &facts.core_skills),
            8 => job_planning(n, &facts.job_planning),
            _ => ItemEvidence::none(n),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_is_the_weakest_line() {
        let line = |r| EvidenceLine {
            text: String::new(),
            suggested: r,
            explain: Explanation::default(),
        };
        let n = ItemNumber::from_value(8).unwrap();
        let e = ItemEvidence::from_lines(
            n,
            vec![
                line(Some(Rating::Yes)),
                line(None),
                line(Some(Rating::Partial)),
            ],
        );
        assert_eq!(e.suggested, Some(Rating::Partial));
        assert_eq!(e.suggestion_explain.working, "min(2, 1) = 1 (Partial)");
        let e = ItemEvidence::from_lines(n, vec![line(None)]);
        assert_eq!(e.suggested, None);
        let none = ItemEvidence::none(ItemNumber::from_value(1).unwrap());
        assert_eq!(none.no_evidence, Some(NO_EVIDENCE));
        assert!(none.evidence.is_empty());
    }

    #[test]
    fn shares_fall_in_bands() {
        assert_eq!(by_share(0.9, 0.9, 0.5), Rating::Yes);
        assert_eq!(by_share(0.89, 0.9, 0.5), Rating::Partial);
        assert_eq!(by_share(0.5, 0.9, 0.5), Rating::Partial);
        assert_eq!(by_share(0.49, 0.9, 0.5), Rating::No);
    }
}
