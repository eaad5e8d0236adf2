//! The printed job plan.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::layout::BlockKind;
use capa_core::{Clinician, JobPlan, TeamSettings};

use super::chrome::Chrome;
use super::editor::TargetsView;
use super::format::{activity_class, activity_text, day_name, sessions};

/// A printed cell.
pub struct PrintCell {
    /// What it holds (empty for a free session, as on the template).
    pub text: String,
    /// CSS class by kind.
    pub class: &'static str,
}

/// A row of the printed plan.
pub struct PrintRow {
    /// Time.
    pub time: String,
    /// Block label, for rows between sessions.
    pub label: String,
    /// Cells; empty for block rows.
    pub cells: Vec<PrintCell>,
}

/// The printed job plan.
#[derive(Template, WebTemplate)]
#[template(path = "print.html")]
pub struct PrintPage {
    /// Frame.
    pub chrome: Chrome,
    /// Name.
    pub name: String,
    /// Initials.
    pub initials: String,
    /// "JOB PLAN #".
    pub version: u32,
    /// Applies from.
    pub applies_from: String,
    /// Day headings.
    pub days: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<PrintRow>,
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions and target.
    pub partnership: String,
    /// Specific sessions and targets.
    pub specific: String,
    /// Back link.
    pub back: String,
}

impl PrintPage {
    /// Lays the plan out like the seed's template.
    pub fn new(
        chrome: Chrome,
        s: &TeamSettings,
        c: &Clinician,
        plan: &JobPlan,
        t: &TargetsView,
        back: String,
    ) -> Self {
        let mut session = 0;
        let rows = s
            .layout
            .blocks
            .iter()
            .map(|b| {
                let time = format!("{}-{}", b.start.format("%H:%M"), b.end.format("%H:%M"));
                if b.kind == BlockKind::Session {
                    let cells = plan.grid()[session]
                        .iter()
                        .map(|a| PrintCell {
                            text: if *a == capa_core::Activity::Core {
                                String::new()
                            } else {
                                activity_text(a)
                            },
                            class: activity_class(a),
                        })
                        .collect();
                    session += 1;
                    PrintRow {
                        time,
                        label: String::new(),
                        cells,
                    }
                } else {
                    PrintRow {
                        time,
                        label: b.label.clone(),
                        cells: Vec::new(),
                    }
                }
            })
            .collect();
        let specific = if t.specific.is_empty() {
            "0".into()
        } else {
            t.specific
                .iter()
                .map(|s| {
                    let target = t
                        .specific_targets
                        .iter()
                        .find(|k| k.name == s.name)
                        .map_or(0, |k| k.n);
                    format!("{}: {}, {target} new a quarter", s.name, sessions(s.n))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        Self {
            chrome,
            name: c.name.clone(),
            initials: c.initials.to_string(),
            version: plan.version,
            applies_from: plan
                .applies_from
                .map_or("the start".into(), |d| d.format("%d/%m/%Y").to_string()),
            days: s.layout.days.iter().map(|d| day_name(*d)).collect(),
            rows,
            choice: t.choice,
            partnership: format!(
                "{} free sessions x multiplier = {} new Core Partnerships a quarter",
                t.core, t.new_core
            ),
            specific,
            back,
        }
    }
}
