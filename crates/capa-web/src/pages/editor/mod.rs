//! The job plan editor: view a version ([`page`]), change a session
//! ([`cell`]), start a new version ([`version`]), print on one A4 page
//! ([`print`]).

pub mod cell;
pub mod print;
pub mod version;

use axum::extract::{Path, Query};
use capa_core::{Activity, JobPlan, Quarter, Team, capacity};
use serde::Deserialize;

use crate::auth::TeamContext;
use crate::error::{AppError, PageResult};
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::editor::{self as v, EditorView, PlanAt, PlanEditorPage, TargetsView, Workspace};

/// The routes of the editor.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::PLAN_EDITOR, page)
        .post(path::PLAN_CELL, cell::save)
        .post(path::PLAN_VERSIONS, version::create)
        .get(path::PLAN_PRINT, print::page)
}

/// The clinician a plan path names.
#[derive(Deserialize)]
pub struct Who {
    initials: String,
}

/// `?version=2&edit=1-3`.
#[derive(Deserialize)]
struct EditorQuery {
    version: Option<u32>,
    edit: Option<String>,
}

/// A clinician's job plan version, or a 404 that says which.
pub fn plan_version(c: &capa_core::Clinician, version: u32) -> Result<&JobPlan, AppError> {
    c.job_plan(version)
        .ok_or_else(|| AppError::NotFound(format!("{} has no job plan #{version}", c.initials)))
}

/// The version asked for, or the one in force today (the newest if none is yet).
fn pick<'a>(
    ctx: &TeamContext,
    c: &'a capa_core::Clinician,
    version: Option<u32>,
) -> Result<&'a JobPlan, AppError> {
    match version {
        Some(n) => plan_version(c, n),
        None => c
            .job_plan_on(ctx.today())
            .or_else(|| c.latest_job_plan())
            .ok_or_else(|| AppError::NotFound(format!("{} has no job plan yet", c.initials))),
    }
}

/// The quarter a version's targets are shown for: today's, or the version's first if later.
fn quarter_of(ctx: &TeamContext, plan: &JobPlan) -> Quarter {
    let month = ctx.team().settings.year_start_month;
    let day = plan
        .applies_from
        .map_or(ctx.today(), |d| d.max(ctx.today()));
    Quarter::containing(day, month)
}

/// The clinician's targets as if this version applied all quarter: what the
/// editor recomputes live as cells change.
fn targets(team: &Team, index: usize, plan: &JobPlan, q: Quarter) -> TargetsView {
    let mut what_if = team.clone();
    let mut only = plan.clone();
    only.applies_from = None;
    what_if.clinicians[index].job_plans = vec![only];
    let report = capacity::quarter(&what_if, q);
    let mut t = v::targets(q, &report.clinicians[index], &report.warnings);
    t.quarter = format!("With job plan #{} for all of {q}", plan.version);
    t
}

/// What the workspace shows besides the grid.
struct Shown {
    editor: Option<EditorView>,
    saved: Option<String>,
    focus: Option<(usize, usize)>,
}

/// The grid, the editor and the targets of a version, from `team` as it now is.
fn workspace(
    ctx: &TeamContext,
    team: &Team,
    index: usize,
    plan: &JobPlan,
    shown: Shown,
) -> Workspace {
    let c = &team.clinicians[index];
    let at = PlanAt {
        urls: &ctx.urls,
        initials: &c.initials,
        settings: &team.settings,
    };
    Workspace {
        csrf: ctx.user.csrf(),
        caption: format!(
            "Job plan #{} of {}: sessions by weekday",
            plan.version, c.name
        ),
        days: team
            .settings
            .layout
            .days
            .iter()
            .map(|d| crate::views::format::day_name(*d))
            .collect(),
        rows: v::rows(&at, plan, shown.focus),
        readings: v::readings(&at, plan),
        can_edit: ctx.access.may_act_for(ctx.stored.clinician_ids[index]),
        editor: shown.editor,
        saved: shown.saved,
        targets: targets(team, index, plan, quarter_of(ctx, plan)),
    }
}

/// The whole editor page of a version.
fn editor_page(
    ctx: TeamContext,
    index: usize,
    plan: &JobPlan,
    shown: Shown,
    version_errors: FormErrors,
    applies_from_value: Option<String>,
) -> PlanEditorPage {
    let c = ctx.clinician_at(index);
    let at = PlanAt {
        urls: &ctx.urls,
        initials: &c.initials,
        settings: &ctx.team().settings,
    };
    let workspace = workspace(&ctx, ctx.team(), index, plan, shown);
    PlanEditorPage {
        initials: c.initials.to_string(),
        name: c.name.clone(),
        discipline: c.discipline.clone(),
        fte: v::fte(c),
        version: plan.version,
        applies_from: plan.applies_from.map(|d| d.format("%d/%m/%Y").to_string()),
        versions: v::versions(&at, c, plan.version),
        print_href: ctx.urls.plan_print(&c.initials, plan.version),
        new_version_href: ctx.urls.plan_versions(&c.initials),
        applies_from_value: applies_from_value.unwrap_or_else(|| {
            ctx.current_quarter()
                .next()
                .start()
                .format("%Y-%m-%d")
                .to_string()
        }),
        version_errors,
        workspace,
        chrome: ctx.chrome(Page::Clinicians),
    }
}

/// `GET /teams/{team}/clinicians/{initials}/plan`.
async fn page(
    ctx: TeamContext,
    Path(who): Path<Who>,
    Query(q): Query<EditorQuery>,
) -> PageResult<PlanEditorPage> {
    let (index, id) = ctx.clinician(&who.initials)?;
    let c = ctx.clinician_at(index);
    let plan = pick(&ctx, c, q.version)?.clone();
    let editor = match (&q.edit, ctx.access.may_act_for(id)) {
        (Some(cell), true) => {
            let (r, d) = cell
                .split_once('-')
                .ok_or_else(|| AppError::BadRequest("edit=ROW-DAY".into()))?;
            let cell = (
                r.parse().unwrap_or(usize::MAX),
                d.parse().unwrap_or(usize::MAX),
            );
            let at = PlanAt {
                urls: &ctx.urls,
                initials: &c.initials,
                settings: &ctx.team().settings,
            };
            plan.grid()
                .get(cell.0)
                .and_then(|r| r.get(cell.1))
                .cloned()
                .and_then(|a: Activity| v::editor(&at, &plan, cell, &a, FormErrors::new()))
        }
        _ => None,
    };
    Ok(editor_page(
        ctx,
        index,
        &plan,
        Shown {
            editor,
            saved: None,
            focus: None,
        },
        FormErrors::new(),
        None,
    ))
}
