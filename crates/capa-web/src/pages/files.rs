//! Files: export the team plan file (TOML) and the team job plan (XLSX);
//! import a team plan file, all or nothing.

use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::{capacity, year};

use super::TeamPage;
use crate::AppState;
use crate::auth::{CurrentUser, check_form_csrf};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::FilesPage;

/// Largest team file accepted.
const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

fn view(p: TeamPage, problems: Vec<String>) -> FilesPage {
    let base = format!("/teams/{}/files", p.stored.id);
    FilesPage {
        toml_href: format!("{base}/team.toml"),
        xlsx_href: format!("{base}/team-job-plan.xlsx"),
        import_href: format!("{base}/import"),
        can_import: p.access.plans_team(),
        problems,
        chrome: p.chrome,
    }
}

/// `GET /teams/{team}/files`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<FilesPage> {
    Ok(view(
        TeamPage::load(&state, &user, team, Page::Files).await?,
        Vec::new(),
    ))
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

/// `GET /teams/{team}/files/team.toml`.
pub async fn export_toml(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Files).await?;
    let text = capa_io::team_file::to_toml(&p.stored.team);
    Ok(download(
        text.into_bytes(),
        "application/toml; charset=utf-8",
        format!("{}.toml", file_stem(&p.stored.team.settings.name)),
    ))
}

/// `GET /teams/{team}/files/team-job-plan.xlsx`: this quarter and the year.
pub async fn export_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Files).await?;
    let q = p.current_quarter();
    let report = capacity::quarter(&p.stored.team, q);
    let y = year::year(&p.stored.team, q.year);
    let bytes = capa_io::xlsx::team_job_plan_xlsx(&p.stored.team, &report, Some(&y))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!(
            "{}-team-job-plan-{}Q{}.xlsx",
            file_stem(&p.stored.team.settings.name),
            q.year.start_year,
            q.number
        ),
    ))
}

/// `POST /teams/{team}/files/import`: replaces the team with the file's, or
/// changes nothing and lists every problem.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    mut form: Multipart,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Files).await?;
    p.access.require_planner()?;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?
    {
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("team.toml").to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    AppError::BadRequest(format!("the upload could not be read: {e}"))
                })?;
                if bytes.len() > MAX_IMPORT_BYTES {
                    return Err(AppError::BadRequest(
                        "the file is larger than 2 MB; a team plan file is a few kilobytes".into(),
                    ));
                }
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    check_form_csrf(&user, &axum::http::HeaderMap::new(), &csrf)?;
    let Some((name, bytes)) = file else {
        return Err(AppError::BadRequest(
            "choose a team plan file to import".into(),
        ));
    };
    let problems = match String::from_utf8(bytes) {
        Err(_) => vec![format!("{name}: the file is not UTF-8 text")],
        Ok(text) => match capa_io::team_file::parse(&text, &name) {
            Err(e) => e.problems.iter().map(|pr| pr.display_in(&e.file)).collect(),
            Ok(tf) => match state
                .store
                .replace_team(user.actor(), p.stored.id, &tf.team)
                .await
            {
                Ok(()) => return Ok(Redirect::to(&format!("/teams/{team}")).into_response()),
                Err(e) => vec![AppError::from(e).to_string()],
            },
        },
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, view(p, problems)).into_response())
}
