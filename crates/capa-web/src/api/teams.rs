//! Teams and clinicians over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use capa_core::{Clinician, Fte, Initials, JobPlan};
use serde::Deserialize;

use super::schema::{
    ClinicianBody, CliniciansBody, NewClinicianBody, SettingsBody, TeamBody, TeamItem, TeamsBody,
};
use crate::AppState;
use crate::auth::{Access, CurrentUser, Permission, TeamContext};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::routes::Routes;

/// The routes of teams and clinicians.
pub fn routes() -> Routes {
    Routes::new()
        .get("/teams", teams)
        .get("/teams/{team}", team)
        .get("/teams/{team}/settings", settings)
        .get("/teams/{team}/clinicians", clinicians)
        .post("/teams/{team}/clinicians", add_clinician)
        .get("/teams/{team}/clinicians/{initials}", clinician)
}

/// A clinician in a path.
#[derive(Deserialize)]
pub struct Who {
    /// Their initials.
    pub initials: String,
}

/// `GET /api/v1/teams`.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, description = "The teams the user belongs to (all teams for administrators)", body = TeamsBody),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn teams(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<TeamsBody>> {
    let teams = Access::visible_teams(&state.store, &user)
        .await?
        .into_iter()
        .map(|(t, role)| TeamItem {
            id: t.id.0,
            name: t.name,
            role,
        })
        .collect();
    Ok(Json(TeamsBody { teams }))
}

fn clinician_bodies(ctx: &TeamContext) -> Vec<ClinicianBody> {
    ctx.team()
        .clinicians
        .iter()
        .zip(&ctx.stored.clinician_ids)
        .map(|(c, id)| ClinicianBody::of(c, *id))
        .collect()
}

/// `GET /api/v1/teams/{team}`.
#[utoipa::path(get, path = "/api/v1/teams/{team}", tag = "teams",
    params(("team" = i64, Path, description = "Team id")),
    responses((status = 200, description = "A team: settings and clinicians", body = TeamBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn team(ctx: TeamContext) -> Json<TeamBody> {
    Json(TeamBody {
        id: ctx.id().0,
        name: ctx.team().settings.name.clone(),
        role: ctx.access.role_id().into(),
        settings: (&ctx.team().settings).into(),
        clinicians: clinician_bodies(&ctx),
    })
}

/// `GET /api/v1/teams/{team}/settings`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/settings", tag = "teams",
    params(("team" = i64, Path, description = "Team id")),
    responses((status = 200, description = "Every setting of the team", body = SettingsBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn settings(ctx: TeamContext) -> Json<SettingsBody> {
    Json((&ctx.team().settings).into())
}

/// `GET /api/v1/teams/{team}/clinicians`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/clinicians", tag = "teams",
    params(("team" = i64, Path, description = "Team id")),
    responses((status = 200, description = "The team's clinicians", body = CliniciansBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn clinicians(ctx: TeamContext) -> Json<CliniciansBody> {
    Json(CliniciansBody {
        clinicians: clinician_bodies(&ctx),
    })
}

/// `GET /api/v1/teams/{team}/clinicians/{initials}`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/clinicians/{initials}", tag = "teams",
    params(("team" = i64, Path, description = "Team id"), ("initials" = String, Path, description = "The clinician's initials")),
    responses((status = 200, description = "One clinician", body = ClinicianBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team or clinician", body = ErrorBody)))]
pub async fn clinician(ctx: TeamContext, Path(who): Path<Who>) -> ApiResult<Json<ClinicianBody>> {
    let (i, id) = ctx.clinician(&who.initials)?;
    Ok(Json(ClinicianBody::of(ctx.clinician_at(i), id)))
}

/// `POST /api/v1/teams/{team}/clinicians`: team leads add a clinician (all-free plan).
#[utoipa::path(post, path = "/api/v1/teams/{team}/clinicians", tag = "teams",
    params(("team" = i64, Path, description = "Team id")),
    request_body = NewClinicianBody,
    responses((status = 201, description = "Added", body = ClinicianBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the team lead or an administrator", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 409, description = "Initials already used in the team", body = ErrorBody),
        (status = 422, description = "A value that cannot be used", body = ErrorBody)))]
pub async fn add_clinician(
    State(state): State<AppState>,
    ctx: TeamContext,
    Json(body): Json<NewClinicianBody>,
) -> ApiResult<(StatusCode, Json<ClinicianBody>)> {
    ctx.access.require(Permission::PlanTeam)?;
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
        job_plans: vec![JobPlan::blank(1, None, &ctx.team().settings.layout)],
    };
    let id = state
        .store
        .add_clinician(ctx.user.actor(), ctx.id(), &c)
        .await?;
    Ok((StatusCode::CREATED, Json(ClinicianBody::of(&c, id))))
}
