//! The leaver's and maternity leave's what-if: the absence (as recorded, or
//! as typed), the capacity lost, the proposal's session moves, each
//! clinician's figures before and after, and the apply form.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::monitor::{BeforeAfter, WhatIf};

use crate::views::chrome::Chrome;
use crate::views::team_plan::QuarterOption;

/// A choice in a select.
pub struct Opt {
    /// Value sent.
    pub value: String,
    /// Text shown.
    pub label: String,
    /// Whether chosen.
    pub selected: bool,
}

/// The what-if's fields as typed (or filled from the diary).
pub struct WhatIfFields {
    /// `leaving` or `leave`.
    pub leaving: bool,
    /// First day away (leave), ISO.
    pub first_day: String,
    /// Last day (leaving) or last day away (leave), ISO.
    pub last_day: String,
    /// Quarters that may be re-planned.
    pub quarters: Vec<QuarterOption>,
    /// Who gives up Choice sessions ("capa chooses" first).
    pub partners: Vec<Opt>,
    /// Where the absence came from, in words.
    pub source: String,
}

/// A before-and-after line of the table.
pub struct ChangeLine {
    /// Who.
    pub who: String,
    /// Figures "before -> after": Core sessions, Choice sessions, Core
    /// target, Choice capacity, Choice allocation.
    pub figures: [String; 5],
    /// Whether any figure changes.
    pub changed: bool,
}

/// The proposal in words.
pub struct Proposal {
    /// "9 new Partnerships (Core 3; DBT 1 ...)".
    pub lost: String,
    /// The working of the loss.
    pub lost_how: String,
    /// The sessions that move, one line each.
    pub moves: Vec<String>,
    /// The job plan versions that would be saved.
    pub versions: Vec<String>,
    /// Before and after.
    pub lines: Vec<ChangeLine>,
    /// The team's new Core total and Choice capacity, before -> after.
    pub team: [String; 2],
    /// New warnings and notes.
    pub warnings: Vec<String>,
    /// Notes.
    pub notes: Vec<String>,
    /// The swap in words.
    pub how: String,
    /// Whether there is anything to apply.
    pub applicable: bool,
}

/// `GET /teams/{team}/monitor/clinicians/{initials}/what-if`.
#[derive(Template, WebTemplate)]
#[template(path = "monitor_what_if.html")]
pub struct WhatIfPage {
    /// Frame.
    pub chrome: Chrome,
    /// "TR Tui Rangi".
    pub who: String,
    /// The page's own address (the form's).
    pub action: String,
    /// The fields.
    pub fields: WhatIfFields,
    /// Why it could not be worked out.
    pub error: Option<String>,
    /// The proposal, when worked out.
    pub proposal: Option<Proposal>,
    /// The apply form's target, when the user may change the plan.
    pub apply_href: Option<String>,
    /// Back to the monitor.
    pub back: String,
}

fn pair<T: std::fmt::Display + Copy>(b: BeforeAfter<T>) -> String {
    if b.before.to_string() == b.after.to_string() {
        b.before.to_string()
    } else {
        format!("{} → {}", b.before, b.after)
    }
}

/// The proposal in words; `name` gives "TR Tui Rangi" for initials.
pub fn proposal(w: &WhatIf, name: &dyn Fn(&str) -> String) -> Proposal {
    let mut parts = vec![format!("Core {}", w.lost.core)];
    parts.extend(w.lost.specific.iter().map(|(s, n)| format!("{s} {n}")));
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    Proposal {
        lost: format!(
            "{} new Partnerships in {} ({})",
            w.lost.total,
            w.quarter,
            parts.join(", ")
        ),
        lost_how: w.lost.explain.to_string(),
        moves: w
            .moves
            .iter()
            .map(|m| {
                format!(
                    "{}: {} session {} {} → {}",
                    m.clinician,
                    days.get(m.day).copied().unwrap_or("day"),
                    m.session + 1,
                    m.from,
                    m.to
                )
            })
            .collect(),
        versions: w
            .plans
            .iter()
            .map(|p| {
                format!(
                    "{}: version {} from {} ({})",
                    name(p.clinician.as_str()),
                    p.plan.version,
                    p.plan
                        .applies_from
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    p.purpose
                )
            })
            .collect(),
        lines: w
            .targets
            .iter()
            .map(|t| {
                let figures = [
                    pair(t.core_sessions),
                    pair(t.choice_sessions),
                    pair(t.core_target),
                    pair(t.choice_capacity),
                    pair(t.choice_allocation),
                ];
                ChangeLine {
                    who: name(t.initials.as_str()),
                    changed: figures.iter().any(|f| f.contains('→')),
                    figures,
                }
            })
            .collect(),
        team: [pair(w.team_new_core), pair(w.team_choice_capacity)],
        warnings: w.new_warnings.iter().map(|x| x.message.clone()).collect(),
        notes: w.notes.clone(),
        how: w.explain.to_string(),
        applicable: !w.plans.is_empty(),
    }
}
