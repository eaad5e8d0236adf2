//! The forecast page: the team from today's diary, with what-if controls
//! that re-run it in place (htmx swaps the results), the headroom found
//! after the page shows, and a lead's "apply" that writes the what-if as
//! new job plan versions, audited.

mod form;
mod results;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use capa_forecast::model::{Change, WhatIf};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::AppError;
use crate::flash::Done;
use crate::forecast::{self, Ask};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::forecast::{ForecastPage, HeadroomFragment};

pub use form::WhatIfQuery;

/// The routes of the forecast.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::FORECAST, page)
        .get(path::FORECAST_HEADROOM, headroom)
        .post(path::FORECAST_APPLY, apply)
}

fn render(t: &impl Template) -> Result<String, AppError> {
    t.render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

/// `GET /teams/{team}/forecast`: the whole page, or the results htmx asked for.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Query(q): Query<WhatIfQuery>,
) -> Result<Response, AppError> {
    let today = ctx.today();
    let read = q.read(ctx.team(), today);
    let input = forecast::team_input(&state.store, &ctx, None).await?;
    let runs = Ask::default().replications()?;
    let mut errors = read.errors.clone();
    let changed = if read.what_if.changes.is_empty() || !errors.is_empty() {
        None
    } else {
        match forecast::changed(&input, &read.what_if) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.push(e.to_string());
                None
            }
        }
    };
    let base = forecast::run(input.clone(), runs).await?;
    let with = match changed {
        Some(c) => Some(forecast::run(c, runs).await?),
        None => None,
    };
    let plan_changes = ctx.access.may_plan_team() && with.is_some();
    let view = results::view(results::Inputs {
        ctx: &ctx,
        input: &input,
        base: &base,
        with: with.as_ref(),
        words: if with.is_some() {
            read.words.clone()
        } else {
            Vec::new()
        },
        query: &q,
        what_if: &read.what_if,
        errors,
        may_apply: plan_changes,
    });
    let html = render(&view)?;
    if headers.contains_key("hx-request") {
        return Ok(axum::response::Html(html).into_response());
    }
    let page = ForecastPage {
        form: q.view(
            ctx.team(),
            today,
            ctx.urls.forecast(),
            ctx.urls.forecast_headroom(),
        ),
        results_html: html,
        chrome: ctx.chrome(Page::Forecast),
    };
    Ok(axum::response::Html(render(&page)?).into_response())
}

/// `GET /teams/{team}/forecast/headroom`: the most referrals a week the plan
/// (with the what-if) holds.
async fn headroom(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<WhatIfQuery>,
) -> Result<HeadroomFragment, AppError> {
    let read = q.read(ctx.team(), ctx.today());
    let input = forecast::team_input(&state.store, &ctx, None).await?;
    let input = if read.errors.is_empty() {
        forecast::changed(&input, &read.what_if)?
    } else {
        input
    };
    let h = forecast::headroom(input, 1).await?;
    let holds = h.current_referrals_per_week <= h.referrals_per_week;
    Ok(HeadroomFragment {
        answer: format!(
            "This plan holds about {} referrals a week (between {} and {}); the team's rate is {} a week{}.",
            trim(h.referrals_per_week),
            trim(h.interval[0]),
            trim(h.interval[1]),
            trim(h.current_referrals_per_week),
            if holds {
                ", within it"
            } else {
                ", more than it holds: waits will grow"
            }
        ),
        how: format!(
            "The largest rate at which {}, found by trying {} rates with {} replications each; the range is where chance alone could tip the answer.",
            h.criterion,
            h.tested.len(),
            h.reps
        ),
        holds,
    })
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Whether a change is to the team's plan (job plans, leaving and starting
/// dates), so applying it writes job plan versions; rates are settings.
pub fn is_plan_change(c: &Change) -> bool {
    matches!(
        c,
        Change::MoveSessions { .. } | Change::Leaver { .. } | Change::ExtraClinician { .. }
    )
}

/// The apply form: the what-if's fields and the confirmation.
#[derive(Deserialize)]
struct ApplyForm {
    #[serde(flatten)]
    what_if: WhatIfQuery,
    #[serde(default)]
    confirm: String,
}

/// `POST /teams/{team}/forecast/apply`: the what-if's plan changes as new job
/// plan versions (and leaving and starting dates), in one audited change.
async fn apply(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(f): Form<ApplyForm>,
) -> Result<Done, AppError> {
    ctx.access.require(Permission::PlanTeam)?;
    if f.confirm != "yes" {
        return Err(AppError::BadRequest(
            "tick the confirmation to apply the changes to the team's plan".into(),
        ));
    }
    let read = f.what_if.read(ctx.team(), ctx.today());
    if let Some(e) = read.errors.first() {
        return Err(AppError::BadRequest(e.clone()));
    }
    let what_if = WhatIf {
        changes: read
            .what_if
            .changes
            .into_iter()
            .filter(is_plan_change)
            .collect(),
    };
    if what_if.changes.is_empty() {
        return Err(AppError::BadRequest(
            "nothing to apply: only sessions moved, leavers and extra clinicians change the plan"
                .into(),
        ));
    }
    let input = capa_forecast::model::ForecastInput::new(ctx.team().clone(), ctx.today());
    let changed = forecast::changed(&input, &what_if)?;
    let done = state
        .store
        .apply_plan_changes(ctx.user.actor(), ctx.id(), &changed.team)
        .await?;
    let mut said = Vec::new();
    said.extend(
        done.versions_added
            .iter()
            .map(|(who, v)| format!("{who}'s job plan version {v} added")),
    );
    said.extend(
        done.versions_changed
            .iter()
            .map(|(who, v)| format!("{who}'s version {v} changed to match")),
    );
    said.extend(
        done.leavers
            .iter()
            .map(|who| format!("{who}'s leaving date set")),
    );
    said.extend(
        done.joined
            .iter()
            .map(|who| format!("{who} added to the team")),
    );
    Ok(Done::to(
        ctx.urls.forecast(),
        format!("Applied to the team's plan: {}.", said.join("; ")),
    ))
}
