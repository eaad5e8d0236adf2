//! The review pack in files: CSV and XLSX (written by `capa_io::review`),
//! with the same figures, flags and actions agreed as the page.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use capa_core::monitor::pack;
use capa_io::review::{ReviewExport, review_csv, review_xlsx};

use super::{Pack, PackQuery, done_words, load, path};
use crate::AppState;
use crate::auth::TeamContext;
use crate::error::{AppError, PageResult};
use crate::routes::Routes;

/// The routes of the exports.
pub fn routes() -> Routes {
    Routes::new().get(path::CSV, csv).get(path::XLSX, xlsx)
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

async fn read(state: &AppState, ctx: &TeamContext, q: Option<&str>) -> Result<Pack, AppError> {
    let q = ctx.quarter(q)?;
    load(state, ctx, q).await
}

fn export<T>(
    ctx: &TeamContext,
    p: &Pack,
    write: impl FnOnce(&ReviewExport<'_>) -> Result<T, String>,
) -> Result<T, AppError> {
    let pk = pack(&p.monitor);
    let done = p.mark.as_ref().map(done_words);
    let e = ReviewExport {
        team: &ctx.team().settings.name,
        monitor: &p.monitor,
        pack: &pk,
        notes: &p.notes,
        done: done.as_deref(),
    };
    write(&e).map_err(AppError::Internal)
}

/// `GET /teams/{team}/review/review.csv?quarter=Q`.
async fn csv(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(query): Query<PackQuery>,
) -> PageResult<Response> {
    let p = read(&state, &ctx, query.quarter.as_deref()).await?;
    let text = export(&ctx, &p, |e| review_csv(e).map_err(|e| e.to_string()))?;
    Ok(download(
        text.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("review-{}.csv", p.quarter.key()),
    ))
}

/// `GET /teams/{team}/review/review.xlsx?quarter=Q`.
async fn xlsx(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(query): Query<PackQuery>,
) -> PageResult<Response> {
    let p = read(&state, &ctx, query.quarter.as_deref()).await?;
    let bytes = export(&ctx, &p, |e| review_xlsx(e).map_err(|e| e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("review-{}.xlsx", p.quarter.key()),
    ))
}
