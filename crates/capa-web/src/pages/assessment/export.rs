//! A review on paper and in files: the A4 summary, CSV and XLSX (written by
//! `capa_io::assessment`).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;

use super::links::{Links, path};
use super::review::{ReviewPath, of_team, previous, work};
use crate::AppState;
use crate::auth::TeamContext;
use crate::error::{AppError, PageResult};
use crate::routes::Routes;
use crate::views::assessment::PrintPage;
use crate::views::chrome::Page;

/// The routes of the summary and exports.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::PRINT, print)
        .get(path::CSV, csv)
        .get(path::XLSX, xlsx)
}

/// `GET /teams/{team}/assessment/{id}/print`.
async fn print(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ReviewPath>,
) -> PageResult<PrintPage> {
    let r = of_team(&state, &ctx, p.id).await?;
    let compare = previous(&state, &ctx, &r).await?;
    let w = work(&ctx, &r, None, String::new(), None);
    Ok(PrintPage {
        chrome: ctx.chrome(Page::Assessment),
        team: ctx.team().settings.name.clone(),
        date: r.view.date.format("%d/%m/%Y").to_string(),
        scores: w.scores,
        items: w.items,
        compare,
        back: Links::new(ctx.id().0).review(p.id),
    })
}

fn download(body: Vec<u8>, kind: &'static str, filename: &str) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn filename(date: chrono::NaiveDate, ext: &str) -> String {
    format!("self-assessment-{}.{ext}", date.format("%Y-%m-%d"))
}

/// `GET /teams/{team}/assessment/{id}/self-assessment.csv`.
async fn csv(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ReviewPath>,
) -> PageResult<Response> {
    let r = of_team(&state, &ctx, p.id).await?;
    let text = capa_io::assessment::assessment_csv(&r.view)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        text.into_bytes(),
        "text/csv; charset=utf-8",
        &filename(r.view.date, "csv"),
    ))
}

/// `GET /teams/{team}/assessment/{id}/self-assessment.xlsx`.
async fn xlsx(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<ReviewPath>,
) -> PageResult<Response> {
    let r = of_team(&state, &ctx, p.id).await?;
    let bytes = capa_io::assessment::assessment_xlsx(&ctx.team().settings.name, &r.view)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &filename(r.view.date, "xlsx"),
    ))
}
