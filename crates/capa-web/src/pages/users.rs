//! Accounts and roles, for administrators.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::Initials;
use capa_store::{NewUser, Role, TeamId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Chrome;
use crate::views::pages::{RoleView, UserRow, UsersPage};

fn require_admin(user: &CurrentUser) -> Result<(), AppError> {
    if user.user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only an administrator can manage accounts".into(),
        ))
    }
}

async fn view(
    state: &AppState,
    user: &CurrentUser,
    error: Option<String>,
) -> PageResult<UsersPage> {
    let teams: Vec<(i64, String)> = state
        .store
        .teams()
        .await?
        .into_iter()
        .map(|t| (t.id.0, t.name))
        .collect();
    let mut users = Vec::new();
    for u in state.store.users().await? {
        let roles = state
            .store
            .memberships(u.id)
            .await?
            .into_iter()
            .map(|m| RoleView {
                team_id: m.team_id.0,
                team: m.team_name,
                role: m.role.id().replace('-', " "),
            })
            .collect();
        users.push(UserRow {
            id: u.id.0,
            username: u.username,
            display_name: u.display_name,
            is_admin: u.is_admin,
            disabled: u.disabled,
            roles,
        });
    }
    Ok(UsersPage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf()).admin(),
        users,
        teams,
        error,
    })
}

/// `GET /admin/users`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> PageResult<UsersPage> {
    require_admin(&user)?;
    view(&state, &user, None).await
}

/// The new-account form.
#[derive(Deserialize)]
pub struct NewAccount {
    #[serde(default)]
    csrf: String,
    username: String,
    display_name: String,
    password: String,
    #[serde(default)]
    is_admin: Option<String>,
}

impl CarriesCsrf for NewAccount {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/users`.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Checked(form): Checked<NewAccount>,
) -> PageResult<Response> {
    require_admin(&user)?;
    if form.password.chars().count() < 8 {
        let page = view(
            &state,
            &user,
            Some("a password needs at least 8 characters".into()),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let password = form.password.clone();
    let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let new = NewUser {
        username: &form.username,
        display_name: form.display_name.trim(),
        password_hash: &hash,
        is_admin: form.is_admin.as_deref() == Some("true"),
    };
    match state.store.create_user(user.actor(), &new).await {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => {
            let page = view(&state, &user, Some(AppError::from(e).to_string())).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The role form.
#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    team: i64,
    role: String,
    #[serde(default)]
    clinician: String,
}

impl CarriesCsrf for RoleForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/users/{id}/teams`: gives a user a role in a team (replacing any).
pub async fn set_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Checked(form): Checked<RoleForm>,
) -> PageResult<Response> {
    require_admin(&user)?;
    let team = TeamId(form.team);
    let role = match form.role.as_str() {
        "team-lead" => Ok(Role::TeamLead),
        "booking-administrator" => Ok(Role::BookingAdministrator),
        "viewer" => Ok(Role::Viewer),
        "clinician" => match Initials::parse(&form.clinician) {
            Err(_) => Err("the clinician role needs the clinician's initials".to_string()),
            Ok(initials) => match state.store.find_clinician(team, &initials).await? {
                Some(c) => Ok(Role::Clinician(c)),
                None => Err(format!(
                    "the team has no clinician with initials {initials}"
                )),
            },
        },
        other => Err(format!("unknown role '{other}'")),
    };
    let result = match role {
        Ok(role) => state
            .store
            .set_membership(user.actor(), UserId(id), team, role)
            .await
            .map_err(|e| AppError::from(e).to_string()),
        Err(m) => Err(m),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(message) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view(&state, &user, Some(message)).await?,
        )
            .into_response()),
    }
}

/// `POST /admin/users/{id}/teams/{team}/remove`.
pub async fn remove_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, team)): Path<(i64, i64)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    require_admin(&user)?;
    state
        .store
        .remove_membership(user.actor(), UserId(id), TeamId(team))
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

/// `POST /admin/users/{id}/disable` and `/enable`: a disabled account cannot
/// sign in, and its sessions end at once.
pub async fn set_disabled(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(i64, String)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    require_admin(&user)?;
    let disable = match action.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(AppError::NotFound("no such action".into())),
    };
    if disable && UserId(id) == user.user.id {
        return Err(AppError::BadRequest(
            "you cannot disable your own account".into(),
        ));
    }
    state
        .store
        .set_disabled(user.actor(), UserId(id), disable)
        .await?;
    if disable {
        state.store.end_user_web_sessions(UserId(id)).await?;
    }
    Ok(Redirect::to("/admin/users").into_response())
}
