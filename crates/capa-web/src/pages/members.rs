//! A team's members, managed by its team lead (or an administrator).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use capa_core::Initials;
use capa_store::{NewUser, Role, UserId};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::MembersPage;

async fn view(state: &AppState, p: TeamPage, error: Option<String>) -> PageResult<MembersPage> {
    let team = p.stored.id;
    let initials: std::collections::HashMap<_, _> = p
        .stored
        .clinician_ids
        .iter()
        .zip(&p.stored.team.clinicians)
        .map(|(id, c)| (*id, c.initials.to_string()))
        .collect();
    let members = state
        .store
        .team_members(team)
        .await?
        .into_iter()
        .map(|(u, role)| {
            let role_text = match role {
                Role::Clinician(c) => format!(
                    "clinician ({})",
                    initials.get(&c).cloned().unwrap_or_default()
                ),
                other => other.id().replace('-', " "),
            };
            (
                u.id.0,
                u.username,
                u.display_name,
                role_text,
                format!("/teams/{team}/members/{}/remove", u.id.0),
            )
        })
        .collect();
    Ok(MembersPage {
        team: p.stored.team.settings.name.clone(),
        members,
        action: format!("/teams/{team}/members"),
        error,
        chrome: p.chrome,
    })
}

/// `GET /teams/{team}/members`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
) -> PageResult<MembersPage> {
    let p = TeamPage::load(&state, &user, team, Page::Members).await?;
    p.access.require_planner()?;
    view(&state, p, None).await
}

/// The member form.
#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    csrf: String,
    username: String,
    role: String,
    #[serde(default)]
    clinician: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

impl CarriesCsrf for MemberForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn apply(
    state: &AppState,
    user: &CurrentUser,
    p: &TeamPage,
    f: &MemberForm,
) -> Result<(), String> {
    let role = match f.role.as_str() {
        "team-lead" => Role::TeamLead,
        "booking-administrator" => Role::BookingAdministrator,
        "viewer" => Role::Viewer,
        "clinician" => {
            let initials = Initials::parse(&f.clinician)
                .map_err(|_| "a clinician is linked by their initials".to_string())?;
            let (_, id) = p.clinician(initials.as_str()).map_err(|e| e.to_string())?;
            Role::Clinician(id)
        }
        other => return Err(format!("unknown role '{other}'")),
    };
    let err = |e: capa_store::StoreError| AppError::from(e).to_string();
    let id = match state
        .store
        .login_credentials(&f.username)
        .await
        .map_err(err)?
    {
        Some((u, _)) => u.id,
        None => {
            if f.password.chars().count() < 8 || f.display_name.trim().is_empty() {
                return Err(format!(
                    "there is no account '{}'; to create it give a name and a password of at least 8 characters",
                    f.username.trim()
                ));
            }
            let password = f.password.clone();
            let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
                .await
                .map_err(|e| e.to_string())?;
            // Team leads create ordinary accounts only; administrators are made elsewhere.
            let new = NewUser {
                username: &f.username,
                display_name: f.display_name.trim(),
                password_hash: &hash,
                is_admin: false,
            };
            state
                .store
                .create_user(user.actor(), &new)
                .await
                .map_err(err)?
        }
    };
    state
        .store
        .set_membership(user.actor(), id, p.stored.id, role)
        .await
        .map_err(err)
}

/// `POST /teams/{team}/members`: adds an account (creating it if new) or changes its role.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Checked(form): Checked<MemberForm>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Members).await?;
    p.access.require_planner()?;
    match apply(&state, &user, &p, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/teams/{team}/members")).into_response()),
        Err(message) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view(&state, p, Some(message)).await?,
        )
            .into_response()),
    }
}

/// `POST /teams/{team}/members/{user}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team, member)): Path<(i64, i64)>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let p = TeamPage::load(&state, &user, team, Page::Members).await?;
    p.access.require_planner()?;
    if UserId(member) == user.user.id && !user.user.is_admin {
        return Err(AppError::BadRequest(
            "you cannot remove yourself; ask another team lead or an administrator".into(),
        ));
    }
    state
        .store
        .remove_membership(user.actor(), UserId(member), p.stored.id)
        .await?;
    Ok(Redirect::to(&format!("/teams/{team}/members")).into_response())
}
