//! The JSON API under `/api/v1`: the same data and rules as the pages. Clients
//! sign in with `POST /api/v1/session` and then send the cookie, or send a
//! personal token as `Authorization: Bearer capa_...`. The document is at
//! `/api/v1/openapi.json`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use capa_core::activity::{Activity, OtherCategory};
use capa_core::{Clinician, Fte, Initials, JobPlan, PlanningYear, capacity, year};
use serde::Deserialize;
use serde_json::{Value, json};

pub mod diary;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, AppError};
use crate::pages::TeamPage;
use crate::views::chrome::Page;

/// The OpenAPI document, kept beside this file.
const OPENAPI: &str = include_str!("openapi.json");

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/session",
            post(crate::login::api_login).delete(crate::login::api_logout),
        )
        .route("/openapi.json", get(openapi))
        .route("/teams", get(teams))
        .route("/teams/{team}", get(team))
        .route("/teams/{team}/settings", get(settings))
        .route(
            "/teams/{team}/clinicians",
            get(clinicians).post(add_clinician),
        )
        .route("/teams/{team}/clinicians/{initials}", get(clinician))
        .route(
            "/teams/{team}/clinicians/{initials}/job-plans",
            get(job_plans).post(new_job_plan),
        )
        .route(
            "/teams/{team}/clinicians/{initials}/job-plans/{version}",
            get(job_plan),
        )
        .route(
            "/teams/{team}/clinicians/{initials}/job-plans/{version}/cells/{row}/{day}",
            put(set_cell),
        )
        .route("/teams/{team}/capacity", get(quarter_capacity))
        .route("/teams/{team}/capacity/year", get(year_capacity))
        .merge(diary::router())
        .fallback(|| async {
            crate::error::ApiError(AppError::NotFound(
                "no such API route; see /api/v1/openapi.json".into(),
            ))
        })
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
        .into_response()
}

async fn load(state: &AppState, user: &CurrentUser, team: i64) -> Result<TeamPage, AppError> {
    TeamPage::load(state, user, team, Page::Other).await
}

/// `GET /api/v1/teams`.
async fn teams(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Value>> {
    let list: Vec<Value> = if user.user.is_admin {
        state
            .store
            .teams()
            .await?
            .into_iter()
            .map(|t| json!({ "id": t.id, "name": t.name, "role": "administrator" }))
            .collect()
    } else {
        state
            .store
            .memberships(user.user.id)
            .await?
            .into_iter()
            .map(|m| json!({ "id": m.team_id, "name": m.team_name, "role": m.role.id() }))
            .collect()
    };
    Ok(Json(json!({ "teams": list })))
}

fn plan_json(p: &JobPlan) -> Value {
    let grid: Vec<Vec<String>> = p
        .grid()
        .iter()
        .map(|row| row.iter().map(Activity::label).collect())
        .collect();
    json!({ "version": p.version, "applies_from": p.applies_from, "grid": grid, "sessions": p.counts() })
}

fn clinician_json(c: &Clinician, id: capa_store::ClinicianId) -> Value {
    json!({
        "id": id,
        "initials": c.initials,
        "name": c.name,
        "discipline": c.discipline,
        "fte": c.fte.get(),
        "does_choice": c.does_choice,
        "choice_allocation": c.choice_allocation,
        "start_date": c.start_date,
        "leaving_date": c.leaving_date,
        "skills": c.skills,
        "streams": c.streams,
        "job_plan_versions": c.job_plans.iter().map(|p| json!({ "version": p.version, "applies_from": p.applies_from })).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/teams/{team}`.
async fn team(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let t = &p.stored.team;
    Ok(Json(json!({
        "id": p.stored.id,
        "name": t.settings.name,
        "role": p.access.role.map(|r| r.id()).unwrap_or("administrator"),
        "settings": t.settings,
        "clinicians": t.clinicians.iter().zip(&p.stored.clinician_ids).map(|(c, id)| clinician_json(c, *id)).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/teams/{team}/settings`.
async fn settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    Ok(Json(
        serde_json::to_value(&p.stored.team.settings)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    ))
}

/// `GET /api/v1/teams/{team}/clinicians`.
async fn clinicians(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let list: Vec<Value> = p
        .stored
        .team
        .clinicians
        .iter()
        .zip(&p.stored.clinician_ids)
        .map(|(c, id)| clinician_json(c, *id))
        .collect();
    Ok(Json(json!({ "clinicians": list })))
}

/// `GET /api/v1/teams/{team}/clinicians/{initials}`.
async fn clinician(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let (i, id) = p.clinician(&initials)?;
    Ok(Json(clinician_json(&p.stored.team.clinicians[i], id)))
}

/// A new clinician.
#[derive(Deserialize)]
struct NewClinician {
    initials: String,
    name: String,
    discipline: Option<String>,
    fte: Option<f64>,
    does_choice: Option<bool>,
}

/// `POST /api/v1/teams/{team}/clinicians`: team leads add a clinician (all-free plan).
async fn add_clinician(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Json(body): Json<NewClinician>,
) -> ApiResult<Response> {
    let p = load(&state, &user, team).await?;
    p.access.require_planner()?;
    let c = Clinician {
        initials: Initials::parse(&body.initials)
            .map_err(|e| AppError::BadRequest(e.to_string()))?,
        name: Some(body.name.trim().to_string())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| AppError::BadRequest("name is required".into()))?,
        discipline: body.discipline.filter(|d| !d.trim().is_empty()),
        fte: Fte::new(body.fte.unwrap_or(1.0)).map_err(|e| AppError::BadRequest(e.to_string()))?,
        skills: Default::default(),
        streams: Default::default(),
        does_choice: body.does_choice.unwrap_or(true),
        choice_allocation: None,
        start_date: None,
        leaving_date: None,
        job_plans: vec![JobPlan::blank(1, None, &p.stored.team.settings.layout)],
    };
    let id = state
        .store
        .add_clinician(user.actor(), p.stored.id, &c)
        .await?;
    Ok((StatusCode::CREATED, Json(clinician_json(&c, id))).into_response())
}

/// `GET /api/v1/teams/{team}/clinicians/{initials}/job-plans`.
async fn job_plans(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let (i, _) = p.clinician(&initials)?;
    let plans: Vec<Value> = p.stored.team.clinicians[i]
        .job_plans
        .iter()
        .map(plan_json)
        .collect();
    Ok(Json(json!({ "job_plans": plans })))
}

/// `GET /api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}`.
async fn job_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials, version)): Path<(i64, String, u32)>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let (i, _) = p.clinician(&initials)?;
    let plan = crate::pages::plan_version(&p.stored.team.clinicians[i], version)?;
    Ok(Json(plan_json(plan)))
}

/// A new version.
#[derive(Deserialize)]
struct NewVersion {
    applies_from: Option<String>,
}

/// `POST /api/v1/teams/{team}/clinicians/{initials}/job-plans`: a new version copied from the latest.
async fn new_job_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials)): Path<(i64, String)>,
    Json(body): Json<NewVersion>,
) -> ApiResult<Response> {
    let p = load(&state, &user, team).await?;
    let (_, id) = p.clinician(&initials)?;
    p.access.require_plan_editor(id)?;
    let from = match body.applies_from.as_deref() {
        Some(d) => Some(capa_io::team_file::parse_date(d).ok_or_else(|| {
            AppError::BadRequest(format!("applies_from '{d}' is not a date (yyyy-mm-dd)"))
        })?),
        None => None,
    };
    let v = state
        .store
        .copy_previous_version(user.actor(), id, from)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "version": v.version, "applies_from": v.applies_from })),
    )
        .into_response())
}

/// A cell's new activity: the team file's cell text, and optionally an Other category.
#[derive(Deserialize)]
struct CellBody {
    activity: String,
    category: Option<String>,
}

/// `PUT /api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}/cells/{row}/{day}`.
async fn set_cell(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, initials, version, row, day)): Path<(i64, String, u32, usize, usize)>,
    Json(body): Json<CellBody>,
) -> ApiResult<Json<Value>> {
    let p = load(&state, &user, team).await?;
    let (index, id) = p.clinician(&initials)?;
    p.access.require_plan_editor(id)?;
    let streams = p.stored.team.settings.stream_names();
    let mut a = Activity::parse_cell(&body.activity, &streams)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    if let (Some(c), Activity::Other { category, .. }) = (&body.category, &mut a) {
        *category = OtherCategory::parse(c)
            .ok_or_else(|| AppError::BadRequest(format!("unknown category '{c}'")))?;
    }
    state
        .store
        .set_cell(user.actor(), id, version, row, day, &a)
        .await?;
    let stored = state.store.load_stored_team(p.stored.id).await?;
    let plan = crate::pages::plan_version(&stored.team.clinicians[index], version)?;
    Ok(Json(plan_json(plan)))
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
struct QuarterQuery {
    quarter: Option<String>,
}

/// `GET /api/v1/teams/{team}/capacity`: the quarter's report, as `capa plan capacity --format json`.
async fn quarter_capacity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<QuarterQuery>,
) -> ApiResult<Json<capa_core::CapacityReport>> {
    let p = load(&state, &user, team).await?;
    let quarter = p.quarter(q.quarter.as_deref())?;
    Ok(Json(capacity::quarter(&p.stored.team, quarter)))
}

/// `?year=2026`.
#[derive(Deserialize)]
struct YearQuery {
    year: Option<i32>,
}

/// `GET /api/v1/teams/{team}/capacity/year`.
async fn year_capacity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<capa_core::YearReport>> {
    let p = load(&state, &user, team).await?;
    let y = q.year.map_or(p.current_quarter().year, |y| {
        PlanningYear::new(y, p.stored.team.settings.year_start_month)
    });
    Ok(Json(year::year(&p.stored.team, y)))
}
