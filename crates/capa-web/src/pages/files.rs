//! Files: export the team plan file (TOML) and the team job plan (XLSX);
//! import a team plan file, all or nothing.

use axum::body::Body;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use capa_core::{capacity, year};

use crate::AppState;
use crate::auth::{Permission, TeamContext, csrf};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::files::FilesPage;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::FILES, page)
        .get(path::FILE_TOML, export_toml)
        .get(path::FILE_XLSX, export_xlsx)
        .post(path::FILE_IMPORT, import)
}

fn view(ctx: TeamContext, problems: Vec<String>) -> FilesPage {
    FilesPage {
        toml_href: ctx.urls.file_toml(),
        xlsx_href: ctx.urls.file_xlsx(),
        import_href: ctx.urls.file_import(),
        can_import: ctx.access.may_plan_team(),
        problems,
        chrome: ctx.chrome(Page::Files),
    }
}

/// `GET /teams/{team}/files`.
async fn page(ctx: TeamContext) -> FilesPage {
    view(ctx, Vec::new())
}

/// A file name from the team's name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "team".into() } else { s }
}

fn download(body: Vec<u8>, kind: &'static str, filename: String) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `GET /teams/{team}/files/team.toml`: the team with its own demand
/// thresholds, read back by the import to the same team.
async fn export_toml(State(state): State<AppState>, ctx: TeamContext) -> PageResult<Response> {
    let demand = state.store.team_demand_overrides(ctx.id()).await?;
    let text = capa_io::team_file::to_toml(ctx.team()) + &capa_io::team_file::demand_table(&demand);
    Ok(download(
        text.into_bytes(),
        "application/toml; charset=utf-8",
        format!("{}.toml", file_stem(&ctx.team().settings.name)),
    ))
}

/// `?quarter=2026Q3`.
#[derive(serde::Deserialize)]
struct QuarterQuery {
    quarter: Option<String>,
}

/// `GET /teams/{team}/files/team-job-plan.xlsx[?quarter=2026Q3]`: the
/// quarter asked for (this one by default) and its year.
async fn export_xlsx(
    ctx: TeamContext,
    axum::extract::Query(query): axum::extract::Query<QuarterQuery>,
) -> PageResult<Response> {
    let q = ctx.quarter(query.quarter.as_deref())?;
    let report = capacity::quarter(ctx.team(), q);
    let y = year::year(ctx.team(), q.year);
    let bytes = capa_io::xlsx::team_job_plan_xlsx(ctx.team(), &report, Some(&y))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!(
            "{}-team-job-plan-{}Q{}.xlsx",
            file_stem(&ctx.team().settings.name),
            q.year.start_year,
            q.number
        ),
    ))
}

/// `POST /teams/{team}/files/import`: replaces the team with the file's, or
/// changes nothing and lists every problem.
async fn import(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?
    {
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("team.toml").to_string();
                let limit = state.config.max_team_file_bytes;
                let mut bytes = Vec::new();
                // Read chunk by chunk and stop at the limit: an oversized upload is never held whole.
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    AppError::BadRequest(format!("the upload could not be read: {e}"))
                })? {
                    if bytes.len() + chunk.len() > limit {
                        return Err(AppError::BadRequest(format!(
                            "{name} is larger than this server's limit of {} KiB for a team plan file (one is usually a few kilobytes)",
                            limit / 1024
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    // An upload is read as multipart, so its token is checked here rather than by `csrf::Form`.
    csrf::check(&ctx.user, &headers, &csrf)?;
    let Some((name, bytes)) = file else {
        return Err(AppError::BadRequest(
            "choose a team plan file to import".into(),
        ));
    };
    // Parsing takes time linear in the file, but a large file still takes
    // milliseconds: off the async workers, so other users' requests go on.
    let parsed = tokio::task::spawn_blocking({
        let name = name.clone();
        move || String::from_utf8(bytes).map(|text| capa_io::team_file::parse(&text, &name))
    })
    .await
    .map_err(|e| AppError::Internal(format!("reading the team file failed: {e}")))?;
    let problems = match parsed {
        Err(_) => vec![format!("{name}: the file is not UTF-8 text")],
        Ok(parsed) => match parsed {
            Err(e) => e.problems.iter().map(|pr| pr.display_in(&e.file)).collect(),
            Ok(tf) => match state
                .store
                .replace_team(ctx.user.actor(), ctx.id(), &tf.team)
                .await
            {
                Ok(()) => {
                    // The file's `[team.demand]` thresholds go with it, so
                    // that an upload on the Demand page is analysed as `capa
                    // demand analyse --team` analyses it (the reader has
                    // checked them against the team).
                    state
                        .store
                        .set_team_demand_overrides(ctx.user.actor(), ctx.id(), &tf.demand_table)
                        .await?;
                    let done = format!(
                        "Imported {name}: {} clinicians, {} Specific streams; the figures below are the file's.",
                        tf.team.clinicians.len(),
                        tf.team.settings.streams.len()
                    );
                    return Ok(Done::to(ctx.urls.plan(), done).into_response());
                }
                Err(e) => vec![AppError::from(e).to_string()],
            },
        },
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, view(ctx, problems)).into_response())
}
