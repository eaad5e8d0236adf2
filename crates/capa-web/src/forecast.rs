//! Forecasts in the web application, shared by the page and the API: the
//! model's input built from the store (the team as stored, its holidays,
//! today's diary as a [`Snapshot`](capa_forecast::model::Snapshot)), the
//! what-if changes, and the run itself on the blocking pool with a bounded
//! number of replications, at most [`RUNNING_AT_ONCE`] at a time. Applying a
//! what-if writes new job plan versions through the store, audited.

use std::sync::OnceLock;

use capa_forecast::model::{
    self, Forecast, ForecastInput, ForecastSettings, Headroom, HeadroomOptions, Start, WhatIf,
};
use capa_forecast::replicate::Replications;
use capa_store::{CaseloadWindow, Store};
use chrono::Duration;
use tokio::sync::Semaphore;

use crate::auth::TeamContext;
use crate::error::AppError;

/// Most replications one request may ask for.
pub const MAX_REPS: usize = 2000;
/// Replications when the request does not say (the page's).
pub const DEFAULT_REPS: usize = 1000;
/// Replications at each rate the headroom search tries.
pub const HEADROOM_REPS: usize = 200;
/// Most weeks one request may forecast.
pub const MAX_WEEKS: u32 = 104;
/// Forecasts computed at once; others wait their turn (the machine's cores
/// are shared with every other request).
pub const RUNNING_AT_ONCE: usize = 2;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(RUNNING_AT_ONCE))
}

/// What a forecast request asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ask {
    /// Replications (default [`DEFAULT_REPS`], at most [`MAX_REPS`]).
    pub reps: Option<usize>,
    /// Weeks (default 26 from today, at most [`MAX_WEEKS`]).
    pub weeks: Option<u32>,
    /// Master seed (default 1).
    pub seed: Option<u64>,
    /// The changes to try.
    pub what_if: WhatIf,
}

impl Ask {
    /// The replications, checked against the bounds.
    pub fn replications(&self) -> Result<Replications, AppError> {
        let reps = self.reps.unwrap_or(DEFAULT_REPS);
        if reps == 0 || reps > MAX_REPS {
            return Err(AppError::BadRequest(format!(
                "reps must be 1 to {MAX_REPS}, not {reps}"
            )));
        }
        Ok(Replications::new(reps, self.seed.unwrap_or(1)))
    }
}

/// The forecast's input for the team from today: the team as stored, its
/// holidays, and today's diary; the what-if changes are not applied yet.
pub async fn team_input(
    store: &Store,
    ctx: &TeamContext,
    weeks: Option<u32>,
) -> Result<ForecastInput, AppError> {
    if let Some(w) = weeks
        && !(1..=MAX_WEEKS).contains(&w)
    {
        return Err(AppError::BadRequest(format!(
            "weeks must be 1 to {MAX_WEEKS}, not {w}"
        )));
    }
    let today = ctx.today();
    let holidays = store
        .holiday_days(
            ctx.id(),
            today - Duration::days(400),
            today + Duration::days(i64::from(MAX_WEEKS) * 7 + 400),
        )
        .await?;
    let mut input = ForecastInput {
        team: ctx.team().clone(),
        settings: ForecastSettings {
            weeks,
            ..ForecastSettings::default()
        },
        holidays,
        leave: Vec::new(),
        start: Start::Empty { today },
    };
    let window = CaseloadWindow {
        weeks: input.mean_core_episode_weeks().ceil().clamp(1.0, 52.0) as u32,
    };
    let snapshot = store.forecast_snapshot(ctx.id(), ctx.now, window).await?;
    input.start = Start::Snapshot(snapshot);
    Ok(input)
}

/// The input with the what-if made, or the change that cannot be made.
pub fn changed(input: &ForecastInput, what_if: &WhatIf) -> Result<ForecastInput, AppError> {
    if what_if.changes.len() > 20 {
        return Err(AppError::BadRequest(
            "at most 20 what-if changes at a time".into(),
        ));
    }
    what_if
        .apply(input)
        .map_err(|e| AppError::BadRequest(e.to_string()))
}

/// Runs the forecast on the blocking pool.
pub async fn run(input: ForecastInput, runs: Replications) -> Result<Forecast, AppError> {
    let _turn = permits()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || model::forecast(&input, runs))
        .await
        .map_err(|e| AppError::Internal(format!("the forecast failed: {e}")))?
        .map_err(|e| AppError::BadRequest(e.to_string()))
}

/// The headroom search on the blocking pool.
pub async fn headroom(input: ForecastInput, seed: u64) -> Result<Headroom, AppError> {
    let _turn = permits()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let runs = Replications::new(HEADROOM_REPS, seed);
    tokio::task::spawn_blocking(move || model::headroom(&input, runs, HeadroomOptions::default()))
        .await
        .map_err(|e| AppError::Internal(format!("the headroom search failed: {e}")))?
        .map_err(|e| AppError::BadRequest(e.to_string()))
}
