//! The year: each clinician's new Core targets quarter by quarter, rounded
//! cumulatively.

use axum::extract::Query;
use capa_core::{PlanningYear, year};
use serde::Deserialize;

use crate::auth::TeamContext;
use crate::error::{AppError, PageResult};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::year::YearPage;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new().get(path::YEAR, page)
}

/// `?year=2026`.
#[derive(Deserialize)]
struct YearQuery {
    year: Option<String>,
}

/// `GET /teams/{team}/year`.
async fn page(ctx: TeamContext, Query(q): Query<YearQuery>) -> PageResult<YearPage> {
    let month = ctx.team().settings.year_start_month;
    let current = ctx.current_quarter().year;
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
    let report = year::year(ctx.team(), py);
    let chart = capa_io::chart::year_chart_svg(&report);
    Ok(YearPage::new(
        ctx.chrome(Page::Year),
        &ctx.urls,
        &report,
        chart,
        current,
    ))
}
