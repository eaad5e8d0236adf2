//! The start page (the user's teams), creating a team, and 404.

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::TeamSettings;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Access, CurrentUser, Form};
use crate::error::{AppError, PageResult};
use crate::flash::{Done, Flash};
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::{TeamUrls, path};
use crate::views::chrome::Chrome;
use crate::views::home::{HomePage, TeamLink};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::HOME, home)
        .post(path::TEAMS, create_team)
}

async fn view(
    state: &AppState,
    user: &CurrentUser,
    flash: Option<Flash>,
    name: String,
    errors: FormErrors,
) -> PageResult<HomePage> {
    let teams = Access::visible_teams(&state.store, user)
        .await?
        .into_iter()
        .map(|(t, role)| TeamLink {
            href: TeamUrls::new(t.id.0).plan(),
            name: t.name,
            role: role.replace('-', " "),
        })
        .collect();
    Ok(HomePage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf()).with_flash(flash),
        teams,
        is_admin: user.user.is_admin,
        name,
        errors,
    })
}

/// `GET /`: the user's teams; straight to the team when there is only one.
async fn home(
    State(state): State<AppState>,
    user: CurrentUser,
    flash: Option<Extension<Flash>>,
) -> PageResult<Response> {
    let page = view(
        &state,
        &user,
        flash.map(|f| f.0),
        String::new(),
        FormErrors::new(),
    )
    .await?;
    if page.teams.len() == 1 && !user.user.is_admin {
        return Ok(Redirect::to(&page.teams[0].href).into_response());
    }
    Ok(page.into_response())
}

/// The new-team form (administrators).
#[derive(Deserialize)]
struct NewTeam {
    name: String,
}

/// `POST /teams`: an administrator creates a team with the method's defaults.
async fn create_team(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewTeam>,
) -> PageResult<Response> {
    if !user.user.is_admin {
        return Err(AppError::Forbidden(
            "only an administrator can create a team".into(),
        ));
    }
    let name = form.name.trim();
    let mut errors = FormErrors::new();
    if name.is_empty() {
        errors.field("name", "the team needs a name");
    }
    if errors.is_empty() {
        match capa_core::Team::new(TeamSettings::new(name), Vec::new()) {
            Err(e) => e
                .iter()
                .for_each(|e| errors.field("name", e.message.clone())),
            Ok(team) => match state.store.create_team(user.actor(), &team).await {
                Ok(id) => {
                    return Ok(Done::to(
                        TeamUrls::new(id.0).settings(),
                        format!("Created the team {name}; set its figures here."),
                    )
                    .into_response());
                }
                Err(e) => errors.field("name", AppError::from(e).to_string()),
            },
        }
    }
    let page = view(&state, &user, None, form.name.clone(), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Anything else.
pub async fn not_found() -> AppError {
    AppError::NotFound("there is no page at this address".into())
}
