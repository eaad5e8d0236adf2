//! Job plans over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use capa_core::activity::{Activity, OtherCategory};
use capa_core::dates::parse_date;
use serde::Deserialize;

use super::schema::{CellBody, CreatedVersionBody, JobPlanBody, JobPlansBody, NewVersionBody};
use super::teams::Who;
use crate::AppState;
use crate::auth::{Permission, TeamContext};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::pages::editor::plan_version;
use crate::routes::Routes;

/// The routes of job plans.
pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/clinicians/{initials}/job-plans", job_plans)
        .post(
            "/teams/{team}/clinicians/{initials}/job-plans",
            new_job_plan,
        )
        .get(
            "/teams/{team}/clinicians/{initials}/job-plans/{version}",
            job_plan,
        )
        .put(
            "/teams/{team}/clinicians/{initials}/job-plans/{version}/cells/{row}/{day}",
            set_cell,
        )
}

/// A version in a path.
#[derive(Deserialize)]
pub struct VersionPath {
    initials: String,
    version: u32,
}

/// A session in a path.
#[derive(Deserialize)]
pub struct CellPath {
    initials: String,
    version: u32,
    row: usize,
    day: usize,
}

/// `GET .../job-plans`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/clinicians/{initials}/job-plans", tag = "job plans",
    params(("team" = i64, Path, description = "Team id"), ("initials" = String, Path, description = "The clinician's initials")),
    responses((status = 200, description = "Every version with its grid", body = JobPlansBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team or clinician", body = ErrorBody)))]
pub async fn job_plans(ctx: TeamContext, Path(who): Path<Who>) -> ApiResult<Json<JobPlansBody>> {
    let (i, _) = ctx.clinician(&who.initials)?;
    Ok(Json(JobPlansBody {
        job_plans: ctx
            .clinician_at(i)
            .job_plans
            .iter()
            .map(Into::into)
            .collect(),
    }))
}

/// `GET .../job-plans/{version}`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}", tag = "job plans",
    params(("team" = i64, Path, description = "Team id"), ("initials" = String, Path, description = "The clinician's initials"), ("version" = u32, Path, description = "JOB PLAN #")),
    responses((status = 200, description = "One version", body = JobPlanBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, clinician or version", body = ErrorBody)))]
pub async fn job_plan(
    ctx: TeamContext,
    Path(p): Path<VersionPath>,
) -> ApiResult<Json<JobPlanBody>> {
    let (i, _) = ctx.clinician(&p.initials)?;
    Ok(Json(plan_version(ctx.clinician_at(i), p.version)?.into()))
}

/// `POST .../job-plans`: a new version copied from the latest.
#[utoipa::path(post, path = "/api/v1/teams/{team}/clinicians/{initials}/job-plans", tag = "job plans",
    params(("team" = i64, Path, description = "Team id"), ("initials" = String, Path, description = "The clinician's initials")),
    request_body = NewVersionBody,
    responses((status = 201, description = "Created", body = CreatedVersionBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the clinician, the team lead or an administrator", body = ErrorBody),
        (status = 404, description = "No such team or clinician", body = ErrorBody),
        (status = 422, description = "Not a date", body = ErrorBody)))]
pub async fn new_job_plan(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(who): Path<Who>,
    Json(body): Json<NewVersionBody>,
) -> ApiResult<(StatusCode, Json<CreatedVersionBody>)> {
    let (_, id) = ctx.clinician(&who.initials)?;
    ctx.access.require(Permission::ActFor(id))?;
    let from = match body.applies_from.as_deref() {
        Some(d) => Some(parse_date(d).ok_or_else(|| {
            AppError::BadRequest(format!("applies_from '{d}' is not a date (yyyy-mm-dd)"))
        })?),
        None => None,
    };
    let v = state
        .store
        .copy_previous_version(ctx.user.actor(), id, from)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedVersionBody {
            version: v.version,
            applies_from: v.applies_from,
        }),
    ))
}

/// `PUT .../job-plans/{version}/cells/{row}/{day}`.
#[utoipa::path(put, path = "/api/v1/teams/{team}/clinicians/{initials}/job-plans/{version}/cells/{row}/{day}", tag = "job plans",
    params(("team" = i64, Path, description = "Team id"), ("initials" = String, Path, description = "The clinician's initials"),
        ("version" = u32, Path, description = "JOB PLAN #"), ("row" = usize, Path, description = "Session, from 0"), ("day" = usize, Path, description = "Working day, from 0 (Monday)")),
    request_body = CellBody,
    responses((status = 200, description = "The version after the change", body = JobPlanBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the clinician, the team lead or an administrator", body = ErrorBody),
        (status = 404, description = "No such team, clinician or version", body = ErrorBody),
        (status = 422, description = "A cell text or session that cannot be used", body = ErrorBody)))]
pub async fn set_cell(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<CellPath>,
    Json(body): Json<CellBody>,
) -> ApiResult<Json<JobPlanBody>> {
    let (index, id) = ctx.clinician(&p.initials)?;
    ctx.access.require(Permission::ActFor(id))?;
    let streams = ctx.team().settings.stream_names();
    let mut a = Activity::parse_cell(&body.activity, &streams)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    if let (Some(c), Activity::Other { category, .. }) = (&body.category, &mut a) {
        *category = OtherCategory::parse(c)
            .ok_or_else(|| AppError::BadRequest(format!("unknown category '{c}'")))?;
    }
    state
        .store
        .set_cell(ctx.user.actor(), id, p.version, p.row, p.day, &a)
        .await?;
    let stored = state.store.load_stored_team(ctx.id()).await?;
    Ok(Json(
        plan_version(&stored.team.clinicians[index], p.version)?.into(),
    ))
}
