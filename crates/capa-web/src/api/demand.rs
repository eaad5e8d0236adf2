//! The team's demand over the API: upload a discharge report (multipart or
//! the raw file with its content type), list and read the stored analyses,
//! apply one to the team's settings.
//!
//! The upload answers with the analysis exactly as `capa demand analyse
//! --format json` prints it (capa-io's `AnalysisJson`), beside the stored
//! analysis' `id`; what is stored, and what the other routes return, is the
//! aggregates only (`StoredDemand`).

use axum::Json;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use capa_core::demand::StoredDemand;
use capa_core::demand::apply::{ApplyChoices, SettingChange, TargetChange};
use capa_io::discharge::AnalysisJson;
use capa_store::{DemandAnalysis, DemandAnalysisId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{Permission, TeamContext, csrf};
use crate::demand::{self, BadRow, ReceiveError};
use crate::error::{ApiError, ApiResult, AppError, ErrorBody};
use crate::routes::Routes;

/// The routes of demand.
pub fn routes() -> Routes {
    Routes::new()
        .post_upload("/teams/{team}/demand", upload)
        .get("/teams/{team}/demand", list)
        .get("/teams/{team}/demand/{id}", one)
        .post("/teams/{team}/demand/{id}/apply", apply)
}

/// `?allow_bad_rows=true`: analyse the good rows and record how many were left out.
#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    allow_bad_rows: bool,
}

/// One bad row of a refused upload.
#[derive(Serialize, ToSchema)]
pub struct RowErrorBody {
    /// The row as a spreadsheet numbers it (the header is row 1); 0 for the file as a whole.
    pub row: u64,
    /// The field (`nhi`, `diagnosis`, `days_in_service`, `face_to_face`, `discharge_date`, `start_date`), when about one.
    pub column: Option<String>,
    /// The value as the file has it, when the reason quotes one.
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl From<BadRow> for RowErrorBody {
    fn from(b: BadRow) -> Self {
        Self {
            row: b.row,
            column: b.column,
            value: b.value,
            reason: b.reason,
        }
    }
}

/// A refused upload: nothing was stored.
#[derive(Serialize, ToSchema)]
pub struct UploadErrorsBody {
    /// In words.
    pub error: String,
    /// The first 100 bad rows.
    pub errors: Vec<RowErrorBody>,
    /// Bad rows in all.
    pub bad_rows: u64,
}

/// An accepted upload.
#[derive(Serialize, ToSchema)]
pub struct UploadBody<'a> {
    /// The stored analysis' id.
    pub id: i64,
    /// The analysis, exactly as `capa demand analyse --format json` prints it.
    #[schema(value_type = Object)]
    pub analysis: AnalysisJson<'a>,
    /// The same figures again beside `id`, so a client that reads the
    /// command line's JSON can read this answer's top level unchanged.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub figures: AnalysisJson<'a>,
}

/// A stored analysis: the file described, the aggregates, when it was applied.
#[derive(Serialize, ToSchema)]
pub struct AnalysisBody {
    /// Its id.
    pub id: i64,
    /// The file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: u64,
    /// Its SHA-256.
    pub file_sha256: String,
    /// The uploader's user id.
    pub uploaded_by: Option<i64>,
    /// When it was uploaded.
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
    /// When it was last applied to the team's settings.
    pub applied_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The figures: counts, the f/f histogram (`ff_counts[n]` episodes had n f/f), the pivot with diagnoses of fewer than 5 episodes merged.
    #[schema(value_type = Object)]
    pub figures: StoredDemand,
}

impl From<DemandAnalysis> for AnalysisBody {
    fn from(a: DemandAnalysis) -> Self {
        Self {
            id: a.id.0,
            file_name: a.file.name,
            file_size: a.file.size,
            file_sha256: a.file.sha256,
            uploaded_by: a.uploaded_by.map(|u| u.0),
            uploaded_at: a.uploaded_at,
            applied_at: a.applied_at,
            figures: a.figures,
        }
    }
}

/// What applying changed.
#[derive(Serialize, ToSchema)]
pub struct ApplyBody {
    /// Each setting changed, old and new.
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<SettingChange>,
    /// This quarter's targets before and after.
    #[schema(value_type = Vec<Object>)]
    pub targets: Vec<TargetChange>,
    /// What was asked and not done, and why.
    pub notes: Vec<String>,
}

fn refused(status: StatusCode, error: String, rows: Vec<BadRow>, bad: u64) -> Response {
    let body = UploadErrorsBody {
        error,
        errors: rows.into_iter().map(Into::into).collect(),
        bad_rows: bad,
    };
    (status, Json(body)).into_response()
}

/// `POST /api/v1/teams/{team}/demand`.
#[utoipa::path(post, path = "/api/v1/teams/{team}/demand", tag = "demand",
    params(("team" = i64, Path, description = "Team id"),
        ("allow_bad_rows" = Option<bool>, Query, description = "Analyse the good rows and record how many bad ones were left out")),
    request_body(description = "The discharge report: multipart/form-data with a `file` field, or the CSV or XLSX file itself as the body (`X-File-Name` names it)", content_type = "multipart/form-data"),
    responses((status = 200, description = "Analysed and stored (aggregates only)", body = UploadBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the team lead or an administrator", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 413, description = "Larger than the server's upload limit", body = ErrorBody),
        (status = 422, description = "Bad rows or an unreadable file: nothing stored", body = UploadErrorsBody)))]
pub async fn upload(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    req: Request,
) -> ApiResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let settings = demand::team_settings(&state, &ctx).await?;
    let received = match demand::receive(&state, req, ctx.today(), settings).await {
        Ok(r) => r,
        Err(e) => {
            csrf::check(&ctx.user, &headers, &e.csrf)?;
            let e = e.error;
            if !matches!(e, ReceiveError::TooLarge(_)) {
                return Err(ApiError(AppError::BadRequest(e.message())));
            }
            return Ok((
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(ErrorBody {
                    error: e.message(),
                    field: None,
                }),
            )
                .into_response());
        }
    };
    // A raw body's token was checked with the request's headers; a multipart
    // form from a signed-in browser carries it as a field or header.
    csrf::check(&ctx.user, &headers, received.field("csrf").unwrap_or(""))?;
    let (rows, bad) = demand::bad_rows(&received.analysis);
    let analysis = match &received.analysis {
        Err(e) => {
            return Ok(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{}: {e}; nothing stored", received.name),
                rows,
                bad,
            ));
        }
        Ok(_) if bad > 0 && !q.allow_bad_rows => {
            return Ok(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "{}: {bad} bad rows; nothing stored (fix them, or send allow_bad_rows=true to analyse the rest)",
                    received.name
                ),
                rows,
                bad,
            ));
        }
        Ok(a) => a,
    };
    let id = demand::store(&state, &ctx, &received, analysis, bad).await?;
    Ok(Json(UploadBody {
        id: id.0,
        analysis: AnalysisJson::new(&received.name, analysis),
        figures: AnalysisJson::new(&received.name, analysis),
    })
    .into_response())
}

/// `GET /api/v1/teams/{team}/demand`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/demand", tag = "demand",
    params(("team" = i64, Path, description = "Team id")),
    responses((status = 200, description = "The team's analyses, newest first", body = Vec<AnalysisBody>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: TeamContext,
) -> ApiResult<Json<Vec<AnalysisBody>>> {
    let all = state
        .store
        .demand_analyses(ctx.id())
        .await
        .map_err(AppError::from)?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// `GET /api/v1/teams/{team}/demand/{id}`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/demand/{id}", tag = "demand",
    params(("team" = i64, Path, description = "Team id"), ("id" = i64, Path, description = "Analysis id")),
    responses((status = 200, description = "The stored analysis", body = AnalysisBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team or analysis", body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<AnalysisBody>> {
    Ok(Json(demand::find(&state, &ctx, id).await?.into()))
}

/// `POST /api/v1/teams/{team}/demand/{id}/apply`.
#[utoipa::path(post, path = "/api/v1/teams/{team}/demand/{id}/apply", tag = "demand",
    params(("team" = i64, Path, description = "Team id"), ("id" = i64, Path, description = "Analysis id")),
    request_body(description = "What to apply (every field optional): `referrals` (true), `core` (`derive` or `keep`), `stream_multipliers` (true), `add_suggested_streams` (true)", content = Object),
    responses((status = 200, description = "Applied: each change, and this quarter's targets before and after", body = ApplyBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the team lead or an administrator", body = ErrorBody),
        (status = 404, description = "No such team or analysis", body = ErrorBody),
        (status = 422, description = "The team would not hold together", body = ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path((_, id)): Path<(i64, i64)>,
    body: Option<Json<ApplyChoices>>,
) -> ApiResult<Json<ApplyBody>> {
    ctx.access.require(Permission::PlanTeam)?;
    let choices = body.map(|Json(c)| c).unwrap_or_default();
    let applied = demand::apply(&state, &ctx, DemandAnalysisId(id), &choices).await?;
    Ok(Json(ApplyBody {
        changes: applied.changes,
        targets: applied.targets,
        notes: applied.notes,
    }))
}
