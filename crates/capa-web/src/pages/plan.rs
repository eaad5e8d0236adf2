//! The team job plan (a quarter) and the year view.

use axum::extract::{Path, Query, State};
use capa_core::{PlanningYear, capacity, year};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::YearPage;
use crate::views::team_plan::{self, TeamPlanPage};

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
pub struct QuarterQuery {
    quarter: Option<String>,
}

/// `GET /teams/{team}/`.
pub async fn team_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<QuarterQuery>,
) -> PageResult<TeamPlanPage> {
    let p = TeamPage::load(&state, &user, team, Page::Plan).await?;
    let quarter = p.quarter(q.quarter.as_deref())?;
    let report = capacity::quarter(&p.stored.team, quarter);
    let chart = capa_io::chart::capacity_chart_svg(&report);
    let options = team_plan::quarter_options(p.current_quarter(), quarter);
    Ok(team_plan::page(p.chrome, team, &report, chart, options))
}

/// `?year=2026`.
#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// `GET /teams/{team}/year`.
pub async fn year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult<YearPage> {
    let p = TeamPage::load(&state, &user, team, Page::Year).await?;
    let month = p.stored.team.settings.year_start_month;
    let current = p.current_quarter().year;
    let py = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => {
            let first = y.split('/').next().unwrap_or("");
            let n: i32 = first.parse().map_err(|_| {
                AppError::BadRequest(format!("'{y}' is not a year; write e.g. 2026 for 2026/27"))
            })?;
            PlanningYear::new(n, month)
        }
        None => current,
    };
    let report = year::year(&p.stored.team, py);
    let chart = capa_io::chart::year_chart_svg(&report);
    Ok(YearPage::new(p.chrome, team, &report, chart, current))
}
