//! The self-assessment pages: the reviews with their history chart, one
//! review rated item by item, and its A4 summary. Every figure is
//! capa-core's (`capa_core::assessment`); these structs only word them.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::assessment::{
    AssessmentView, Comparison, EvidenceLine, ItemChange, ItemView, PartScore, Rating,
};

use super::chrome::Chrome;
use crate::forms::FormErrors;

/// A rating in words: `Yes (GREEN)`, or `not rated`.
pub fn rating_words(r: Option<Rating>) -> String {
    r.map_or("not rated".into(), |r| {
        format!("{} ({})", r.label(), r.colour())
    })
}

/// The CSS class of a rating's badge (a colour beside the words, never alone).
pub fn rating_class(r: Option<Rating>) -> &'static str {
    match r {
        Some(Rating::No) => "rag-red",
        Some(Rating::Partial) => "rag-amber",
        Some(Rating::Yes) => "rag-green",
        None => "rag-none",
    }
}

/// One choice of an item's rating control.
pub struct RatingChoice {
    /// The posted value: 0, 1, 2, or empty for not rated.
    pub value: String,
    /// `No (RED) = 0`.
    pub label: String,
    /// The badge class.
    pub class: &'static str,
    /// Whether it is the team's rating.
    pub checked: bool,
}

/// A line of evidence.
pub struct EvidenceRow {
    /// The fact.
    pub text: String,
    /// What it suggests, in words.
    pub suggests: String,
    /// Badge class of the suggestion.
    pub class: &'static str,
    /// The formula.
    pub formula: String,
    /// The working.
    pub working: String,
    /// The thresholds.
    pub notes: Vec<String>,
}

impl From<&EvidenceLine> for EvidenceRow {
    fn from(l: &EvidenceLine) -> Self {
        Self {
            text: l.text.clone(),
            suggests: l.suggested.map_or("suggests nothing yet".into(), |r| {
                format!("suggests {}", rating_words(Some(r)))
            }),
            class: rating_class(l.suggested),
            formula: l.explain.formula.clone(),
            working: l.explain.working.clone(),
            notes: l.explain.notes.clone(),
        }
    }
}

/// One component's row.
pub struct ItemRow {
    /// 1 to 11.
    pub number: u8,
    /// The component.
    pub component: String,
    /// Group and tag in words.
    pub place: String,
    /// The team's rating in words.
    pub rating: String,
    /// Its badge class.
    pub class: &'static str,
    /// The radio group's choices.
    pub choices: Vec<RatingChoice>,
    /// The team's note.
    pub note: String,
    /// Where the form posts.
    pub action: String,
    /// Guidance paragraphs.
    pub guidance: Vec<String>,
    /// Whose words the guidance is.
    pub guidance_source: &'static str,
    /// Questions for the team.
    pub questions: Vec<String>,
    /// Evidence lines.
    pub evidence: Vec<EvidenceRow>,
    /// capa's suggestion, in words (empty when capa holds no evidence).
    pub suggestion: String,
    /// Its badge class.
    pub suggestion_class: &'static str,
    /// How the suggestion was reached.
    pub suggestion_working: String,
    /// Said when capa holds no evidence for the item.
    pub no_evidence: String,
    /// Whether focus returns here after the swap (the item just saved).
    pub focus: bool,
    /// The error of the note or rating, if the last save was refused.
    pub error: String,
}

impl ItemRow {
    /// The row of one item; `action` is where its form posts.
    pub fn of(i: &ItemView, action: String) -> Self {
        let mut choices: Vec<RatingChoice> = Rating::ALL
            .iter()
            .map(|r| RatingChoice {
                value: r.value().to_string(),
                label: format!("{} ({}) = {}", r.label(), r.colour(), r.value()),
                class: rating_class(Some(*r)),
                checked: i.rating == Some(*r),
            })
            .collect();
        choices.push(RatingChoice {
            value: String::new(),
            label: "Not rated".into(),
            class: "rag-none",
            checked: i.rating.is_none(),
        });
        Self {
            number: i.number.get(),
            component: i.component.into(),
            place: format!("{} · {}", i.group.name(), i.tag.name()),
            rating: rating_words(i.rating),
            class: rating_class(i.rating),
            choices,
            note: i.note.clone(),
            action,
            guidance: i.guidance.text.iter().map(|t| t.to_string()).collect(),
            guidance_source: match i.guidance.source {
                capa_core::assessment::Source::Seed => "in the words of the CAPA guidance",
                capa_core::assessment::Source::Capa => "capa's summary",
            },
            questions: i.guidance.questions.iter().map(|t| t.to_string()).collect(),
            evidence: i.evidence.iter().map(Into::into).collect(),
            suggestion: if i.no_evidence.is_some() {
                String::new()
            } else {
                i.suggested.map_or("capa suggests nothing yet".into(), |r| {
                    format!("capa suggests {}", rating_words(Some(r)))
                })
            },
            suggestion_class: rating_class(i.suggested),
            suggestion_working: i.suggestion_explain.working.clone(),
            no_evidence: i.no_evidence.unwrap_or_default().into(),
            focus: false,
            error: String::new(),
        }
    }
}

/// A group's or tag's score line.
pub struct ScoreRow {
    /// Name.
    pub name: String,
    /// `5 of 6`.
    pub score: String,
    /// Items not rated, in words (empty when all are).
    pub unrated: String,
}

impl From<&PartScore> for ScoreRow {
    fn from(p: &PartScore) -> Self {
        Self {
            name: p.name.into(),
            score: format!("{} of {}", p.score, p.max),
            unrated: if p.unrated.is_empty() {
                String::new()
            } else {
                format!(
                    "not rated: {}",
                    p.unrated
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        }
    }
}

/// The scores of a review.
pub struct Scores {
    /// `14 of 22`.
    pub total: String,
    /// Per group.
    pub groups: Vec<ScoreRow>,
    /// Per tag.
    pub tags: Vec<ScoreRow>,
    /// Whether the rule is met.
    pub full: bool,
    /// The rule's reason.
    pub reason: String,
    /// The working of the total.
    pub working: String,
}

impl From<&AssessmentView> for Scores {
    fn from(v: &AssessmentView) -> Self {
        Self {
            total: format!("{} of {}", v.score, v.max_score),
            groups: v.groups.iter().map(Into::into).collect(),
            tags: v.tags.iter().map(Into::into).collect(),
            full: v.full_implementation,
            reason: v.full_implementation_reason.clone(),
            working: v.explain.working.clone(),
        }
    }
}

/// An item that changed between two reviews.
pub struct ChangeRow {
    /// `3 Handle demand`.
    pub item: String,
    /// `No (RED) to Partial (AMBER)`.
    pub change: String,
}

impl From<&ItemChange> for ChangeRow {
    fn from(c: &ItemChange) -> Self {
        Self {
            item: format!("{} {}", c.number, c.component),
            change: format!("{} to {}", rating_words(c.from), rating_words(c.to)),
        }
    }
}

/// A group's score then and now.
pub struct GroupChangeRow {
    /// Group.
    pub name: String,
    /// Earlier score.
    pub from: u32,
    /// Later score.
    pub to: u32,
    /// `up 1`, `down 2`, `same`.
    pub change: String,
}

/// A review compared with the one before it.
pub struct CompareView {
    /// The earlier review's date.
    pub from: String,
    /// This review's date.
    pub to: String,
    /// The totals, e.g. `12 to 15 of 22 (up 3)`.
    pub total: String,
    /// Per group.
    pub groups: Vec<GroupChangeRow>,
    /// The rule then and now, in words.
    pub rule: String,
    /// Items rated higher.
    pub up: Vec<ChangeRow>,
    /// Items rated lower.
    pub down: Vec<ChangeRow>,
    /// Items the same, in words.
    pub same: String,
    /// Items rated in only one of the two.
    pub other: Vec<ChangeRow>,
}

fn movement(from: u32, to: u32) -> String {
    match to.cmp(&from) {
        std::cmp::Ordering::Greater => format!("up {}", to - from),
        std::cmp::Ordering::Less => format!("down {}", from - to),
        std::cmp::Ordering::Equal => "same".into(),
    }
}

impl From<&Comparison> for CompareView {
    fn from(c: &Comparison) -> Self {
        let met = |b: bool| if b { "met" } else { "not met" };
        Self {
            from: c.from.format("%d/%m/%Y").to_string(),
            to: c.to.format("%d/%m/%Y").to_string(),
            total: format!(
                "{} to {} of 22 ({})",
                c.score_from,
                c.score_to,
                movement(c.score_from, c.score_to)
            ),
            groups: c
                .groups
                .iter()
                .map(|g| GroupChangeRow {
                    name: g.name.into(),
                    from: g.from,
                    to: g.to,
                    change: movement(g.from, g.to),
                })
                .collect(),
            rule: format!(
                "full implementation {} then, {} now",
                met(c.full_implementation_from),
                met(c.full_implementation_to)
            ),
            up: c.up.iter().map(Into::into).collect(),
            down: c.down.iter().map(Into::into).collect(),
            same: c
                .same
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            other: c.not_comparable.iter().map(Into::into).collect(),
        }
    }
}

/// The part of a review page htmx replaces after a rating: the scores and
/// every item.
pub struct Work {
    /// Scores.
    pub scores: Scores,
    /// The items.
    pub items: Vec<ItemRow>,
    /// Whether the user may rate.
    pub can_rate: bool,
    /// The message after a save.
    pub saved: String,
    /// The CSRF token for the forms.
    pub csrf: String,
    /// With the review before it, if any.
    pub compare: Option<CompareView>,
}

/// `GET /teams/{team}/assessment/{id}`.
#[derive(Template, WebTemplate)]
#[template(path = "assessment.html")]
pub struct ReviewPage {
    /// Frame.
    pub chrome: Chrome,
    /// `20/11/2026`.
    pub date: String,
    /// The quarter the evidence is drawn from.
    pub quarter: String,
    /// Where the review was copied from, in words (empty if not).
    pub copied: String,
    /// Scores, items and the comparison with the review before.
    pub work: Work,
    /// The reviews' page.
    pub back: String,
    /// The A4 summary.
    pub print: String,
    /// CSV export.
    pub csv: String,
    /// XLSX export.
    pub xlsx: String,
}

/// The fragment htmx swaps in after a rating.
#[derive(Template, WebTemplate)]
#[template(path = "assessment_work.html")]
pub struct WorkFragment {
    /// Scores and items.
    pub work: Work,
}

/// A review in the history.
pub struct HistoryRow {
    /// Link to it.
    pub href: String,
    /// `20/11/2026`.
    pub date: String,
    /// `14 of 22`.
    pub score: String,
    /// Each group's `3 of 4`, in form order.
    pub groups: Vec<String>,
    /// `met` or `not met`.
    pub full: &'static str,
}

/// `GET /teams/{team}/assessment`.
#[derive(Template, WebTemplate)]
#[template(path = "assessment_list.html")]
pub struct ReviewsPage {
    /// Frame.
    pub chrome: Chrome,
    /// Where a new review is posted (empty when the user may not start one).
    pub action: String,
    /// The date field as shown.
    pub date: String,
    /// The last review's date, to copy from (empty when none).
    pub last: String,
    /// The last review's id.
    pub last_id: String,
    /// Errors of the start form.
    pub errors: FormErrors,
    /// The groups' names (the history's columns).
    pub group_names: Vec<String>,
    /// The reviews, newest first.
    pub history: Vec<HistoryRow>,
    /// The chart of the score per group over time (SVG, escaped by capa-io).
    pub chart: String,
}

/// `GET /teams/{team}/assessment/{id}/print`: the A4 summary.
#[derive(Template, WebTemplate)]
#[template(path = "assessment_print.html")]
pub struct PrintPage {
    /// Frame.
    pub chrome: Chrome,
    /// The team.
    pub team: String,
    /// `20/11/2026`.
    pub date: String,
    /// Scores.
    pub scores: Scores,
    /// The items (rating, note, suggestion).
    pub items: Vec<ItemRow>,
    /// With the review before, if any.
    pub compare: Option<CompareView>,
    /// Back to the review.
    pub back: String,
}
