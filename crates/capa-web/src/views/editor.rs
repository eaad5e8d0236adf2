//! The job plan editor: the week as the team's layout draws it, one cell per
//! session, with the clinician's targets recomputed after every change. The
//! grid, the cell editor and the targets panel are one fragment (the
//! workspace), which is what an htmx save swaps, so the page stays whole.

use askama::Template;
use askama_web::WebTemplate;
use capa_core::activity::{Activity, OtherCategory, Reading};
use capa_core::explain::n2;
use capa_core::layout::BlockKind;
use capa_core::{Clinician, ClinicianCapacity, Initials, JobPlan, Quarter, TeamSettings, Warning};

use super::chrome::Chrome;
use super::controls::{CountView, OptionView};
use super::figures::{Figure, explained};
use super::format::{activity_class, activity_text, day_name};
use crate::forms::FormErrors;
use crate::urls::TeamUrls;

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
    /// Whether focus returns here after the swap (the cell just saved).
    pub focus: bool,
    /// How capa read the cell where it inferred it ("read as Other:
    /// consultation") or could not place it, for the cell's label.
    pub note: Option<String>,
    /// Whether capa could not place it (the cell is marked as a warning).
    pub unplaced: bool,
}

/// How capa read the plan's cells where it did not take them as written:
/// the same readings `capa plan check` gives for a team file.
#[derive(Default)]
pub struct ReadingsView {
    /// Cells whose reading was inferred ("Monday, Session 3 13:00-14:00:
    /// 'DBT consult' read as Other: consultation").
    pub inferred: Vec<String>,
    /// Cells capa cannot place, as warnings naming each.
    pub unplaced: Vec<String>,
}

/// What the editor says after an Other cell that capa cannot place.
const UNPLACED_HINT: &str =
    "choose its category if one fits, or make it Core, Choice or Specific if it is clinical work";

/// A cell's reading: the note for the cell and the sentence for the list,
/// or `None` when it was taken as written.
fn cell_reading(a: &Activity, streams: &[String]) -> Option<(bool, String)> {
    match a.reading(streams) {
        Reading::AsWritten => None,
        Reading::Inferred(how) => Some((false, how)),
        Reading::Unplaced(why) => Some((true, format!("{why}; {UNPLACED_HINT}"))),
    }
}

/// Every cell of `plan` that capa read by inference or could not place,
/// named by day and session.
pub fn readings(at: &PlanAt<'_>, plan: &JobPlan) -> ReadingsView {
    let labels = session_labels(at.settings);
    let streams = at.settings.stream_names();
    let mut out = ReadingsView::default();
    for (row, cells) in plan.grid().iter().enumerate() {
        for (day, a) in cells.iter().enumerate() {
            let Some((unplaced, how)) = cell_reading(a, &streams) else {
                continue;
            };
            let place = format!(
                "{}, {}",
                day_name(at.settings.layout.days[day]),
                labels.get(row).map_or("", String::as_str)
            );
            let line = format!("{place}: {how}");
            if unplaced {
                out.unplaced.push(line);
            } else {
                out.inferred.push(line);
            }
        }
    }
    out
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

/// The form that changes one cell.
pub struct EditorView {
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
    /// What is wrong with the last try.
    pub errors: FormErrors,
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
    pub specific: Vec<CountView>,
    /// Other sessions.
    pub other: u32,
    /// New Core target.
    pub new_core: u32,
    /// Its explanation.
    pub new_core_explain: String,
    /// Specific targets per stream.
    pub specific_targets: Vec<CountView>,
    /// Choice allocation.
    pub choice_allocation: u32,
    /// What the plan holds.
    pub choice_capacity: u32,
    /// Whether it holds the allocation.
    pub holds: bool,
    /// This clinician's warnings.
    pub warnings: Vec<String>,
}

/// The grid, the cell editor and the targets: what a save replaces.
pub struct Workspace {
    /// The session's CSRF token (the editor form posts without htmx too).
    pub csrf: String,
    /// Caption of the grid.
    pub caption: String,
    /// Weekday headings.
    pub days: Vec<&'static str>,
    /// Grid rows.
    pub rows: Vec<RowView>,
    /// Whether the viewer may change it.
    pub can_edit: bool,
    /// The open cell editor.
    pub editor: Option<EditorView>,
    /// What was just saved, announced in the editor's place.
    pub saved: Option<String>,
    /// The cells capa inferred or could not place.
    pub readings: ReadingsView,
    /// Targets panel.
    pub targets: TargetsView,
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
    /// Grid, editor, targets.
    pub workspace: Workspace,
    /// Print link.
    pub print_href: String,
    /// New-version form target.
    pub new_version_href: String,
    /// The new version's date as shown (the next quarter's start, or as typed).
    pub applies_from_value: String,
    /// What is wrong with the new-version form.
    pub version_errors: FormErrors,
}

/// The fragment an htmx save answers with: the whole workspace.
#[derive(Template, WebTemplate)]
#[template(path = "plan_workspace_fragment.html")]
pub struct WorkspaceFragment {
    /// Grid, editor, targets.
    pub workspace: Workspace,
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

/// Where a plan lives: the team's links and the clinician.
pub struct PlanAt<'a> {
    /// The team's links.
    pub urls: &'a TeamUrls,
    /// The clinician.
    pub initials: &'a Initials,
    /// The team's settings (layout, streams).
    pub settings: &'a TeamSettings,
}

/// The grid rows, buffers and lunch included as in the seed's template;
/// `focus` is the cell just saved.
pub fn rows(at: &PlanAt<'_>, plan: &JobPlan, focus: Option<(usize, usize)>) -> Vec<RowView> {
    let labels = session_labels(at.settings);
    let streams = at.settings.stream_names();
    let mut session = 0;
    let mut out = Vec::new();
    for b in &at.settings.layout.blocks {
        let time = format!("{}-{}", b.start.format("%H:%M"), b.end.format("%H:%M"));
        let cells = if b.kind == BlockKind::Session {
            let row = session;
            session += 1;
            (0..at.settings.layout.days_per_week())
                .map(|day| {
                    let a = &plan.grid()[row][day];
                    let read = cell_reading(a, &streams);
                    CellView {
                        row,
                        day,
                        text: activity_text(a),
                        class: activity_class(a),
                        edit_href: at.urls.plan_edit_cell(at.initials, plan.version, row, day),
                        day_name: day_name(at.settings.layout.days[day]),
                        session_label: labels.get(row).cloned().unwrap_or_default(),
                        focus: focus == Some((row, day)),
                        unplaced: read.as_ref().is_some_and(|(u, _)| *u),
                        note: read.map(|(unplaced, _)| {
                            if unplaced {
                                "capa cannot place it".to_string()
                            } else {
                                format!("read as {}", a.describe())
                            }
                        }),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(RowView {
            time,
            label: b.label.clone(),
            cells,
        });
    }
    out
}

/// The form for one cell, showing `chosen` (the stored activity, or what was typed).
pub fn editor(
    at: &PlanAt<'_>,
    plan: &JobPlan,
    (row, day): (usize, usize),
    chosen: &Activity,
    errors: FormErrors,
) -> Option<EditorView> {
    plan.grid().get(row)?.get(day)?;
    let s = at.settings;
    let mut options = vec![
        OptionView {
            value: "core".into(),
            label: "Core Partnership (free session)".into(),
            selected: *chosen == Activity::Core,
        },
        OptionView {
            value: "choice".into(),
            label: "Choice".into(),
            selected: *chosen == Activity::Choice,
        },
    ];
    for st in s.stream_names() {
        options.push(OptionView {
            value: format!("specific:{st}"),
            label: format!("Specific: {st}"),
            selected: *chosen == Activity::Specific(st.clone()),
        });
    }
    let (label, category) = match chosen {
        Activity::Other { label, category } => (label.clone(), Some(*category)),
        _ => (String::new(), None),
    };
    options.push(OptionView {
        value: "other".into(),
        label: "Other (meeting, travel, supervision ...)".into(),
        selected: category.is_some() || errors.has("label"),
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
        day_name: day_name(s.layout.days[day]),
        session_label: session_labels(s).get(row).cloned().unwrap_or_default(),
        action: at.urls.plan_cell(at.initials, plan.version, row, day),
        cancel_href: at.urls.plan_version(at.initials, plan.version),
        options,
        label,
        categories,
        errors,
    })
}

/// The targets panel from the clinician's line of the quarter's report.
pub fn targets(q: Quarter, c: &ClinicianCapacity, warnings: &[Warning]) -> TargetsView {
    let counts = |m: &std::collections::BTreeMap<String, u32>| {
        m.iter()
            .map(|(k, v)| CountView {
                name: k.clone(),
                n: *v,
            })
            .collect()
    };
    TargetsView {
        quarter: format!(
            "{q}, with the version in force at its start ({})",
            c.job_plan_version
                .map_or("none".into(), |v| format!("#{v}"))
        ),
        choice: c.choice_sessions,
        core: c.core_sessions,
        specific: counts(&c.specific_sessions),
        other: c.other_sessions,
        new_core: c.new_core_target,
        new_core_explain: explained(Figure::NewCoreTarget(c)),
        specific_targets: counts(&c.specific_targets),
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
pub fn versions(at: &PlanAt<'_>, c: &Clinician, shown: u32) -> Vec<VersionView> {
    let mut v: Vec<VersionView> = c
        .job_plans
        .iter()
        .map(|p| VersionView {
            number: p.version,
            from: p.applies_from.map(|d| d.format("%d/%m/%Y").to_string()),
            href: at.urls.plan_version(at.initials, p.version),
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
