//! The team job plan: a quarter's targets and the team against its demand.

use axum::extract::{Query, State};
use capa_core::capacity;
use serde::Deserialize;

use crate::AppState;
use crate::auth::TeamContext;
use crate::error::PageResult;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::team_plan::{self, TeamPlanPage};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new().get(path::PLAN, team_plan)
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
struct QuarterQuery {
    quarter: Option<String>,
}

/// `GET /teams/{team}`.
async fn team_plan(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<QuarterQuery>,
) -> PageResult<TeamPlanPage> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    // The flex check looks six weeks ahead from now: shown with this quarter.
    let flex = if quarter == ctx.current_quarter() {
        Some(state.store.choice_flex_check(ctx.id(), ctx.now).await?)
    } else {
        None
    };
    let report = capacity::quarter(ctx.team(), quarter);
    let chart = capa_io::chart::capacity_chart_svg(&report);
    let options = team_plan::quarter_options(ctx.current_quarter(), quarter);
    Ok(team_plan::page(
        ctx.chrome(Page::Plan),
        &ctx.urls,
        &report,
        chart,
        options,
        flex.as_ref(),
    ))
}
