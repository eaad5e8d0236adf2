//! The job plan editor: the week as the team's layout draws it, one cell per
//! session, with the clinician's targets recomputed after every change.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::activity::{Activity, OtherCategory};
use capa_core::explain::n2;
use capa_core::layout::BlockKind;
use capa_core::{Clinician, ClinicianCapacity, JobPlan, Quarter, TeamSettings, Warning};
use chrono::Weekday;

use super::chrome::Chrome;

/// One session cell.
pub struct CellView {
    /// Session row (0-based).
    pub row: usize,
    /// Day column (0-based).
    pub day: usize,
    /// Text shown.
    pub text: String,
    /// CSS class by kind.
    pub class: &'static str,
    /// Link to edit it.
    pub edit_href: String,
    /// Weekday name.
    pub day_name: &'static str,
    /// Session label ("Session 2 11:00-12:00").
    pub session_label: String,
}

/// A row of the grid: a session row with cells, or a block row (buffer, lunch, admin) without.
pub struct RowView {
    /// "09:00-10:00".
    pub time: String,
    /// Block label.
    pub label: String,
    /// Cells (empty for block rows).
    pub cells: Vec<CellView>,
}

/// A version link.
pub struct VersionView {
    /// Version number.
    pub number: u32,
    /// Applies from (dd/mm/yyyy).
    pub from: Option<String>,
    /// Link.
    pub href: String,
    /// Whether shown.
    pub current: bool,
}

/// A choice in a select.
pub struct OptionView {
    /// Value.
    pub value: String,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// The form that changes one cell.
pub struct EditorView {
    /// Session row.
    pub row: usize,
    /// Day column.
    pub day: usize,
    /// Weekday.
    pub day_name: &'static str,
    /// Session label.
    pub session_label: String,
    /// Where it posts.
    pub action: String,
    /// Where Cancel goes.
    pub cancel_href: String,
    /// Activity choices.
    pub options: Vec<OptionView>,
    /// Other label.
    pub label: String,
    /// Category choices.
    pub categories: Vec<OptionView>,
}

/// The targets panel.
pub struct TargetsView {
    /// Quarter label.
    pub quarter: String,
    /// Choice sessions.
    pub choice: u32,
    /// Core sessions.
    pub core: u32,
    /// Specific sessions per stream.
    pub specific: Vec<(String, u32)>,
    /// Other sessions.
    pub other: u32,
    /// New Core target.
    pub new_core: u32,
    /// Its explanation.
    pub new_core_explain: String,
    /// Specific targets per stream.
    pub specific_targets: Vec<(String, u32)>,
    /// Choice allocation.
    pub choice_allocation: u32,
    /// What the plan holds.
    pub choice_capacity: u32,
    /// Whether it holds the allocation.
    pub holds: bool,
    /// This clinician's warnings.
    pub warnings: Vec<String>,
}

/// The editor page.
#[derive(Template, WebTemplate)]
#[template(path = "plan_editor.html")]
pub struct PlanEditorPage {
    /// Frame.
    pub chrome: Chrome,
    /// Initials.
    pub initials: String,
    /// Name.
    pub name: String,
    /// Discipline.
    pub discipline: Option<String>,
    /// FTE.
    pub fte: String,
    /// Version shown.
    pub version: u32,
    /// Applies from.
    pub applies_from: Option<String>,
    /// All versions.
    pub versions: Vec<VersionView>,
    /// Weekday headings.
    pub days: Vec<&'static str>,
    /// Grid rows.
    pub rows: Vec<RowView>,
    /// Whether the viewer may change it.
    pub can_edit: bool,
    /// The open cell editor.
    pub editor: Option<EditorView>,
    /// Targets panel.
    pub targets: TargetsView,
    /// Whether the panel is an out-of-band swap (never, on the full page).
    pub oob: bool,
    /// Print link.
    pub print_href: String,
    /// New-version form target.
    pub new_version_href: String,
    /// Default date for a new version.
    pub next_quarter_start: String,
}

/// The fragment sent back after a cell changes: the cell, the targets panel
/// (out of band) and an empty editor slot (out of band).
#[derive(Template, WebTemplate)]
#[template(
    source = "{% include \"plan_cell.html\" %}\n{% include \"plan_targets.html\" %}\n<div id=\"cell-editor-slot\" hx-swap-oob=\"true\" aria-live=\"polite\"><p class=\"muted\">Saved {{ cell.day_name }}, {{ cell.session_label }}: {{ cell.text }}.</p></div>",
    ext = "html"
)]
pub struct CellSaved {
    /// The changed cell.
    pub cell: CellView,
    /// Always true here.
    pub can_edit: bool,
    /// Targets.
    pub targets: TargetsView,
    /// Always true here.
    pub oob: bool,
}

/// Weekday names.
pub fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The CSS class of an activity.
pub fn class(a: &Activity) -> &'static str {
    match a {
        Activity::Choice => "k-choice",
        Activity::Core => "k-core",
        Activity::Specific(_) => "k-specific",
        Activity::Other {
            category: OtherCategory::NotWorking | OtherCategory::Leave,
            ..
        } => "k-off",
        Activity::Other { .. } => "k-other",
    }
}

/// The text of a cell: free Core sessions are shown as such.
pub fn text(a: &Activity) -> String {
    match a {
        Activity::Core => "Core (free)".into(),
        other => other.label(),
    }
}

fn session_labels(s: &TeamSettings) -> Vec<String> {
    s.layout
        .sessions()
        .map(|b| {
            format!(
                "{} {}-{}",
                b.label,
                b.start.format("%H:%M"),
                b.end.format("%H:%M")
            )
        })
        .collect()
}

/// One cell's view.
pub fn cell(s: &TeamSettings, plan: &JobPlan, base: &str, row: usize, day: usize) -> CellView {
    let a = &plan.grid()[row][day];
    CellView {
        row,
        day,
        text: text(a),
        class: class(a),
        edit_href: format!(
            "{base}?version={}&edit={row}-{day}#cell-editor",
            plan.version
        ),
        day_name: day_name(s.layout.days[day]),
        session_label: session_labels(s).get(row).cloned().unwrap_or_default(),
    }
}

/// The grid rows, buffers and lunch included as in the seed's template.
pub fn rows(s: &TeamSettings, plan: &JobPlan, base: &str) -> Vec<RowView> {
    let mut session = 0;
    let mut out = Vec::new();
    for b in &s.layout.blocks {
        let time = format!("{}-{}", b.start.format("%H:%M"), b.end.format("%H:%M"));
        if b.kind == BlockKind::Session {
            let cells = (0..s.layout.days_per_week())
                .map(|d| cell(s, plan, base, session, d))
                .collect();
            out.push(RowView {
                time,
                label: b.label.clone(),
                cells,
            });
            session += 1;
        } else {
            out.push(RowView {
                time,
                label: b.label.clone(),
                cells: Vec::new(),
            });
        }
    }
    out
}

/// The form for one cell.
pub fn editor(
    s: &TeamSettings,
    plan: &JobPlan,
    base: &str,
    action: String,
    row: usize,
    day: usize,
) -> Option<EditorView> {
    let a = plan.grid().get(row)?.get(day)?;
    let mut options = vec![
        OptionView {
            value: "core".into(),
            label: "Core Partnership (free session)".into(),
            selected: *a == Activity::Core,
        },
        OptionView {
            value: "choice".into(),
            label: "Choice".into(),
            selected: *a == Activity::Choice,
        },
    ];
    for st in s.stream_names() {
        options.push(OptionView {
            value: format!("specific:{st}"),
            label: format!("Specific: {st}"),
            selected: *a == Activity::Specific(st.clone()),
        });
    }
    let (label, category) = match a {
        Activity::Other { label, category } => (label.clone(), Some(*category)),
        _ => (String::new(), None),
    };
    options.push(OptionView {
        value: "other".into(),
        label: "Other (meeting, travel, supervision ...)".into(),
        selected: category.is_some(),
    });
    let categories = OtherCategory::ALL
        .iter()
        .map(|c| OptionView {
            value: c.id().into(),
            label: c.label().to_string(),
            selected: Some(*c) == category && OtherCategory::infer(&label) != *c,
        })
        .collect();
    Some(EditorView {
        row,
        day,
        day_name: day_name(s.layout.days[day]),
        session_label: session_labels(s).get(row).cloned().unwrap_or_default(),
        action,
        cancel_href: format!("{base}?version={}", plan.version),
        options,
        label,
        categories,
    })
}

/// The targets panel from the clinician's line of the quarter's report.
pub fn targets(q: Quarter, c: &ClinicianCapacity, warnings: &[Warning]) -> TargetsView {
    TargetsView {
        quarter: format!(
            "{q}, with the version in force at its start ({})",
            c.job_plan_version
                .map_or("none".into(), |v| format!("#{v}"))
        ),
        choice: c.choice_sessions,
        core: c.core_sessions,
        specific: c
            .specific_sessions
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        other: c.other_sessions,
        new_core: c.new_core_target,
        new_core_explain: c
            .explain
            .get("new_core_target")
            .map(|e| e.to_string())
            .unwrap_or_default(),
        specific_targets: c
            .specific_targets
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        choice_allocation: c.choice_allocation,
        choice_capacity: c.choice_capacity,
        holds: c.choice_plan_holds,
        warnings: warnings
            .iter()
            .filter(|w| w.clinician.as_deref() == Some(c.initials.as_str()))
            .map(|w| w.message.clone())
            .collect(),
    }
}

/// The versions list.
pub fn versions(c: &Clinician, base: &str, shown: u32) -> Vec<VersionView> {
    let mut v: Vec<VersionView> = c
        .job_plans
        .iter()
        .map(|p| VersionView {
            number: p.version,
            from: p.applies_from.map(|d| d.format("%d/%m/%Y").to_string()),
            href: format!("{base}?version={}", p.version),
            current: p.version == shown,
        })
        .collect();
    v.sort_by_key(|v| v.number);
    v
}

/// FTE as shown.
pub fn fte(c: &Clinician) -> String {
    n2(c.fte.get())
}
