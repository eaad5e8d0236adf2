//! The quarter monitor over the API.

use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::schema::MonitorBody;
use crate::AppState;
use crate::auth::TeamContext;
use crate::error::AppError;
use crate::error::{ApiResult, ErrorBody};
use crate::routes::Routes;

/// The routes of the monitor.
pub fn routes() -> Routes {
    Routes::new().get("/teams/{team}/monitor", monitor)
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
pub struct MonitorQuery {
    quarter: Option<String>,
}

/// `GET /api/v1/teams/{team}/monitor`: is each clinician working to target,
/// and where are families waiting? Every role of the team may read it.
#[utoipa::path(get, path = "/api/v1/teams/{team}/monitor", tag = "monitor",
    params(("team" = i64, Path, description = "Team id"), ("quarter" = Option<String>, Query, description = "2026Q3, 2026/27 Q3 or any form the command line accepts; today's quarter when absent")),
    responses((status = 200, description = "Each clinician's target, offers and what became of them, flags with reasons; the team's totals, waits and managed list", body = MonitorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 422, description = "Not a quarter", body = ErrorBody)))]
pub async fn monitor(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<MonitorQuery>,
) -> ApiResult<Json<MonitorBody>> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    let body = crate::monitor::body(&state.store, &ctx.stored, quarter, ctx.today())
        .await
        .map_err(AppError::from)?;
    Ok(Json(body))
}
