//! The job plan editor: view a version, change a session, start a new version,
//! print on one A4 page.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::activity::{Activity, OtherCategory};
use capa_core::{JobPlan, Quarter, Team, capacity};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::PrintPage;
use crate::views::plan_editor::{self as v, CellSaved, PlanEditorPage, TargetsView};

/// `?version=2&edit=1-3`.
#[derive(Deserialize)]
pub struct EditorQuery {
    version: Option<u32>,
    edit: Option<String>,
}

/// The version asked for, or the one in force today (the newest if none is yet).
fn pick<'a>(
    p: &TeamPage,
    c: &'a capa_core::Clinician,
    version: Option<u32>,
) -> Result<&'a JobPlan, AppError> {
    match version {
        Some(n) => super::plan_version(c, n),
        None => c
            .job_plan_on(p.today())
            .or_else(|| c.latest_job_plan())
            .ok_or_else(|| AppError::NotFound(format!("{} has no job plan yet", c.initials))),
    }
}

/// The quarter a version's targets are shown for: today's, or the version's first if later.
fn quarter_of(p: &TeamPage, plan: &JobPlan) -> Quarter {
    let month = p.stored.team.settings.year_start_month;
    let day = plan.applies_from.map_or(p.today(), |d| d.max(p.today()));
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

fn base(team: i64, initials: &str) -> String {
    format!("/teams/{team}/clinicians/{initials}/plan")
}

/// `GET /teams/{team}/clinicians/{initials}/plan`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
    Query(q): Query<EditorQuery>,
) -> PageResult<PlanEditorPage> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    let (index, id) = p.clinician(&initials)?;
    let c = &p.stored.team.clinicians[index];
    let plan = pick(&p, c, q.version)?;
    let s = &p.stored.team.settings;
    let href = base(team, c.initials.as_str());
    let can_edit = p.access.edits_plan_of(id);
    let editor = match (&q.edit, can_edit) {
        (Some(cell), true) => {
            let (r, d) = cell
                .split_once('-')
                .ok_or_else(|| AppError::BadRequest("edit=ROW-DAY".into()))?;
            let (r, d): (usize, usize) = (
                r.parse().unwrap_or(usize::MAX),
                d.parse().unwrap_or(usize::MAX),
            );
            v::editor(
                s,
                plan,
                &href,
                format!("{href}/{}/cells/{r}/{d}", plan.version),
                r,
                d,
            )
        }
        _ => None,
    };
    let quarter = quarter_of(&p, plan);
    Ok(PlanEditorPage {
        initials: c.initials.to_string(),
        name: c.name.clone(),
        discipline: c.discipline.clone(),
        fte: v::fte(c),
        version: plan.version,
        applies_from: plan.applies_from.map(|d| d.format("%d/%m/%Y").to_string()),
        versions: v::versions(c, &href, plan.version),
        days: s.layout.days.iter().map(|d| v::day_name(*d)).collect(),
        rows: v::rows(s, plan, &href),
        can_edit,
        editor,
        targets: targets(&p.stored.team, index, plan, quarter),
        oob: false,
        print_href: format!("{href}/{}/print", plan.version),
        new_version_href: format!("{href}/versions"),
        next_quarter_start: p
            .current_quarter()
            .next()
            .start()
            .format("%Y-%m-%d")
            .to_string(),
        chrome: p.chrome,
    })
}

/// The cell form.
#[derive(Deserialize)]
pub struct CellForm {
    #[serde(default)]
    csrf: String,
    activity: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    category: String,
}

impl CarriesCsrf for CellForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Reads the form's choice into an activity of the team's streams.
fn activity(form: &CellForm, streams: &[String]) -> Result<Activity, AppError> {
    let choice = form.activity.trim();
    match choice {
        "core" => Ok(Activity::Core),
        "choice" => Ok(Activity::Choice),
        "other" => {
            let label = form.label.trim();
            if label.is_empty() {
                return Err(AppError::BadRequest(
                    "an Other session needs a label (e.g. MDT, Travel, Supervision (own))".into(),
                ));
            }
            let category = if form.category.trim().is_empty() {
                OtherCategory::infer(label)
            } else {
                OtherCategory::parse(&form.category).ok_or_else(|| {
                    AppError::BadRequest(format!("unknown category '{}'", form.category))
                })?
            };
            Ok(Activity::Other {
                label: label.to_string(),
                category,
            })
        }
        other => match other.strip_prefix("specific:") {
            Some(stream) => capa_core::activity::find_stream(stream, streams)
                .map(Activity::Specific)
                .ok_or_else(|| {
                    AppError::BadRequest(format!("the team has no Specific stream '{stream}'"))
                }),
            None => Err(AppError::BadRequest(format!(
                "unknown activity '{other}'; expected core, choice, specific:STREAM or other"
            ))),
        },
    }
}

/// `POST /teams/{team}/clinicians/{initials}/plan/{version}/cells/{row}/{day}`:
/// changes one session. htmx gets the cell and the recomputed targets back;
/// a plain form post is redirected to the plan.
pub async fn set_cell(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((team, initials, version, row, day)): Path<(i64, String, u32, usize, usize)>,
    Checked(form): Checked<CellForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    let (index, id) = p.clinician(&initials)?;
    p.access.require_plan_editor(id)?;
    let a = activity(&form, &p.stored.team.settings.stream_names())?;
    state
        .store
        .set_cell(user.actor(), id, version, row, day, &a)
        .await?;
    let href = base(team, &initials.to_uppercase());
    if headers.get("hx-request").is_none() {
        return Ok(Redirect::to(&format!("{href}?version={version}")).into_response());
    }
    // Read back what was stored, so the page shows the truth.
    let stored = state.store.load_stored_team(p.stored.id).await?;
    let c = &stored.team.clinicians[index];
    let plan = super::plan_version(c, version)?;
    let quarter = quarter_of(&p, plan);
    Ok(CellSaved {
        cell: v::cell(&stored.team.settings, plan, &href, row, day),
        can_edit: true,
        targets: targets(&stored.team, index, plan, quarter),
        oob: true,
    }
    .into_response())
}

/// The new-version form.
#[derive(Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    csrf: String,
    applies_from: String,
}

impl CarriesCsrf for VersionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams/{team}/clinicians/{initials}/plan/versions`: a new version, copied
/// from the latest, applying from a date.
pub async fn new_version(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
    Checked(form): Checked<VersionForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    let (_, id) = p.clinician(&initials)?;
    p.access.require_plan_editor(id)?;
    let date = capa_io::team_file::parse_date(&form.applies_from).ok_or_else(|| {
        AppError::BadRequest(format!(
            "'{}' is not a date; use dd/mm/yyyy",
            form.applies_from
        ))
    })?;
    let created = state
        .store
        .copy_previous_version(user.actor(), id, Some(date))
        .await?;
    Ok(Redirect::to(&format!(
        "{}?version={}",
        base(team, &initials.to_uppercase()),
        created.version
    ))
    .into_response())
}

/// `GET /teams/{team}/clinicians/{initials}/plan/{version}/print`: the plan laid
/// out like the seed's template, on one A4 page.
pub async fn print(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials, version)): Path<(i64, String, u32)>,
) -> PageResult<PrintPage> {
    let p = TeamPage::load(&state, &user, team, Page::Clinicians).await?;
    let (index, _) = p.clinician(&initials)?;
    let c = &p.stored.team.clinicians[index];
    let plan = pick(&p, c, Some(version))?;
    let quarter = quarter_of(&p, plan);
    let t = targets(&p.stored.team, index, plan, quarter);
    Ok(PrintPage::new(
        p.chrome,
        &p.stored.team.settings,
        c,
        plan,
        &t,
        base(team, c.initials.as_str()),
    ))
}
