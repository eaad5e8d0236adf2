//! A quarter's capacity and a year's over the API.

use axum::Json;
use axum::extract::Query;
use capa_core::{PlanningYear, capacity, year};
use serde::Deserialize;

use super::schema::{CapacityBody, YearBody};
use crate::auth::TeamContext;
use crate::error::{ApiResult, ErrorBody};
use crate::routes::Routes;

/// The routes of capacity.
pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/capacity", quarter)
        .get("/teams/{team}/capacity/year", year)
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
pub struct QuarterQuery {
    quarter: Option<String>,
}

/// `GET /api/v1/teams/{team}/capacity`: the quarter's report, as `capa plan capacity --format json`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/capacity", tag = "capacity",
    params(("team" = i64, Path, description = "Team id"), ("quarter" = Option<String>, Query, description = "2026Q3; today's quarter when absent")),
    responses((status = 200, description = "The quarter's targets and balance, each figure with its working", body = CapacityBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 422, description = "Not a quarter", body = ErrorBody)))]
pub async fn quarter(
    ctx: TeamContext,
    Query(q): Query<QuarterQuery>,
) -> ApiResult<Json<CapacityBody>> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    Ok(Json((&capacity::quarter(ctx.team(), quarter)).into()))
}

/// `?year=2026`.
#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// `GET /api/v1/teams/{team}/capacity/year`.
#[utoipa::path(get, path = "/api/v1/teams/{team}/capacity/year", tag = "capacity",
    params(("team" = i64, Path, description = "Team id"), ("year" = Option<i32>, Query, description = "The year the planning year starts in; today's when absent")),
    responses((status = 200, description = "Four quarters with cumulative rounding", body = YearBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody)))]
pub async fn year(ctx: TeamContext, Query(q): Query<YearQuery>) -> Json<YearBody> {
    let y = q.year.map_or(ctx.current_quarter().year, |y| {
        PlanningYear::new(y, ctx.team().settings.year_start_month)
    });
    Json((&year::year(ctx.team(), y)).into())
}
