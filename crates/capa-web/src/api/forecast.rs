//! Forecasts over the API: the team from today, with what-if changes,
//! answering the same JSON as `capa forecast run --format json`.

use axum::Json;
use axum::extract::State;
use capa_forecast::model::{Change, Forecast, WhatIf};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::TeamContext;
use crate::error::{ApiResult, ErrorBody};
use crate::forecast::{self, Ask};
use crate::routes::Routes;

/// The routes of forecasts.
pub fn routes() -> Routes {
    Routes::new().post("/teams/{team}/forecast", run)
}

/// A forecast request: everything optional.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForecastRequest {
    /// Replications, 1 to 2000 (default 1000).
    pub reps: Option<usize>,
    /// Weeks from today, 1 to 104 (default 26).
    pub weeks: Option<u32>,
    /// Master seed (default 1): the same seed gives the same forecast.
    pub seed: Option<u64>,
    /// What-if changes, applied in order to a copy of the team, e.g.
    /// `{"change": "referrals_per_week", "value": 14}`,
    /// `{"change": "conversion_to_core", "value": 0.6}`,
    /// `{"change": "move_sessions", "clinician": "AD", "from": "core", "to": "choice", "sessions": 1, "from_date": "2026-11-02"}`,
    /// `{"change": "leaver", "clinician": "AD", "last_day": "2026-10-30"}`,
    /// `{"change": "extra_clinician", "initials": "NC", "like": "AD", "start": "2026-11-02"}`
    /// (see docs/forecast.md). Nothing stored changes.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<Change>,
}

/// A wait's figures over all replications, days.
#[derive(Serialize, ToSchema)]
pub struct WaitBody {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Families the figures are of.
    pub families: u64,
    /// The mean's spread over replications (`mean`, `p5`, `p50`, `p95`).
    #[schema(value_type = Object)]
    pub mean_band: serde_json::Value,
}

/// The forecast, as `capa forecast run --format json` prints it (the
/// principal fields; every band has `mean`, `p5`, `p50`, `p95`).
#[derive(Serialize, ToSchema)]
pub struct ForecastBody {
    /// Replications.
    pub reps: usize,
    /// Master seed.
    pub seed: u64,
    /// First day (today).
    pub start: String,
    /// Weeks forecast.
    pub weeks: u32,
    /// `snapshot`: from today's diary.
    pub started_from: String,
    /// Accepted referral to Choice attended.
    pub wait_to_choice_days: WaitBody,
    /// Choice to first Partnership appointment.
    pub wait_to_partnership_days: WaitBody,
    /// Share seen at Choice within 3 weeks.
    pub share_within_3_weeks: f64,
    /// Share seen within 8 weeks.
    pub share_within_8_weeks: f64,
    /// First Partnership appointments attended (mean per replication).
    pub partnerships_started: f64,
    /// Week by week, each figure a band over replications.
    #[schema(value_type = Vec<Object>)]
    pub weekly: Vec<serde_json::Value>,
    /// Clinician by clinician: caseload and offers against target.
    #[schema(value_type = Vec<Object>)]
    pub clinicians: Vec<serde_json::Value>,
    /// What the model assumes, in words.
    pub assumptions: Vec<String>,
}

/// `POST /api/v1/teams/{team}/forecast`.
#[utoipa::path(post, path = "/api/v1/teams/{team}/forecast", tag = "forecast",
    params(("team" = i64, Path, description = "Team id")),
    request_body = ForecastRequest,
    responses((status = 200, description = "The team's forecast from today's diary, with the changes made", body = ForecastBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 422, description = "A change or setting that cannot be used (the message says which)", body = ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    ctx: TeamContext,
    Json(body): Json<ForecastRequest>,
) -> ApiResult<Json<Forecast>> {
    let ask = Ask {
        reps: body.reps,
        weeks: body.weeks,
        seed: body.seed,
        what_if: WhatIf {
            changes: body.changes,
        },
    };
    let runs = ask.replications()?;
    let input = forecast::team_input(&state.store, &ctx, ask.weeks).await?;
    let input = forecast::changed(&input, &ask.what_if)?;
    Ok(Json(forecast::run(input, runs).await?))
}
