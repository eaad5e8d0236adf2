//! The start page (the user's teams), the method page, and 404.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::TeamSettings;

use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Chrome;
use crate::views::pages::{HomePage, MethodPage, TeamLink};

/// `GET /`: the user's teams; straight to the team when there is only one.
pub async fn home(State(state): State<AppState>, user: CurrentUser) -> PageResult<Response> {
    let teams: Vec<TeamLink> = if user.user.is_admin {
        state
            .store
            .teams()
            .await?
            .into_iter()
            .map(|t| TeamLink {
                href: format!("/teams/{}", t.id),
                name: t.name,
                role: "administrator".into(),
            })
            .collect()
    } else {
        state
            .store
            .memberships(user.user.id)
            .await?
            .into_iter()
            .map(|m| TeamLink {
                href: format!("/teams/{}", m.team_id),
                name: m.team_name,
                role: m.role.id().replace('-', " "),
            })
            .collect()
    };
    if teams.len() == 1 && !user.user.is_admin {
        return Ok(Redirect::to(&teams[0].href).into_response());
    }
    Ok(HomePage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf()),
        teams,
        is_admin: user.user.is_admin,
    }
    .into_response())
}

/// The new-team form (administrators).
#[derive(serde::Deserialize)]
pub struct NewTeam {
    #[serde(default)]
    csrf: String,
    name: String,
}

impl CarriesCsrf for NewTeam {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /teams`: an administrator creates a team with the method's defaults.
pub async fn create_team(
    State(state): State<AppState>,
    user: CurrentUser,
    Checked(form): Checked<NewTeam>,
) -> PageResult<Response> {
    if !user.user.is_admin {
        return Err(AppError::Forbidden(
            "only an administrator can create a team".into(),
        ));
    }
    let name = form.name.trim();
    if name.is_empty() {
        return Err(AppError::BadRequest("the team needs a name".into()));
    }
    let team = capa_core::Team::new(TeamSettings::new(name), Vec::new()).map_err(|e| {
        AppError::BadRequest(
            e.iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let id = state.store.create_team(user.actor(), &team).await?;
    Ok(Redirect::to(&format!("/teams/{id}/settings")).into_response())
}

/// `GET /method`: how capa computes each figure.
pub async fn method(user: Option<CurrentUser>) -> MethodPage {
    MethodPage {
        chrome: Chrome::plain(
            user.as_ref().map(|u| u.user.display_name.clone()),
            user.map(|u| u.csrf()).unwrap_or_default(),
        ),
    }
}

/// Anything else.
pub async fn not_found() -> AppError {
    AppError::NotFound("there is no page at this address".into())
}
