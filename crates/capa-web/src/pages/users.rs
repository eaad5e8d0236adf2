//! Accounts and roles, for administrators.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::Initials;
use capa_store::{NewUser, Role, TeamId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{CurrentUser, Empty, Form};
use crate::error::{AppError, PageResult};
use crate::flash::{Done, Flash};
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::{self, path};
use crate::views::chrome::Chrome;
use crate::views::controls::OptionView;
use crate::views::users::{NewAccountView, RoleView, UserRow, UsersPage};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::USERS, page)
        .post(path::USERS, create)
        .post(path::USER_ROLES, set_role)
        .post(path::USER_ROLE_REMOVE, remove_role)
        .post(path::USER_ACTION, set_disabled)
}

/// Refuses anyone but an administrator.
pub(super) fn require_admin(user: &CurrentUser) -> Result<(), AppError> {
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
    flash: Option<Flash>,
    new: NewAccountView,
    errors: FormErrors,
) -> PageResult<UsersPage> {
    let teams: Vec<OptionView> = state
        .store
        .teams()
        .await?
        .into_iter()
        .map(|t| OptionView {
            value: t.id.0.to_string(),
            label: t.name,
            selected: false,
        })
        .collect();
    let mut users = Vec::new();
    for u in state.store.users().await? {
        let roles = state
            .store
            .memberships(u.id)
            .await?
            .into_iter()
            .map(|m| RoleView {
                remove: urls::user_role_remove(u.id.0, m.team_id.0),
                team: m.team_name,
                role: m.role.id().replace('-', " "),
            })
            .collect();
        users.push(UserRow {
            id: u.id.0,
            roles_action: urls::user_roles(u.id.0),
            toggle_action: urls::user_action(u.id.0, if u.disabled { "enable" } else { "disable" }),
            password_action: (u.id != user.user.id).then(|| urls::user_password(u.id.0)),
            must_change_password: u.must_change_password,
            username: u.username,
            display_name: u.display_name,
            is_admin: u.is_admin,
            disabled: u.disabled,
            roles,
        });
    }
    Ok(UsersPage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf())
            .admin()
            .with_flash(flash),
        users,
        teams,
        new,
        errors,
    })
}

/// `GET /admin/users`.
async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    flash: Option<Extension<Flash>>,
) -> PageResult<UsersPage> {
    require_admin(&user)?;
    view(
        &state,
        &user,
        flash.map(|f| f.0),
        NewAccountView::default(),
        FormErrors::new(),
    )
    .await
}

/// The new-account form.
#[derive(Deserialize)]
struct NewAccount {
    username: String,
    display_name: String,
    password: String,
    #[serde(default)]
    is_admin: Option<String>,
}

/// `POST /admin/users`.
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewAccount>,
) -> PageResult<Response> {
    require_admin(&user)?;
    let mut errors = FormErrors::new();
    if form.username.trim().is_empty() {
        errors.field("username", "give the account a username");
    }
    if form.display_name.trim().is_empty() {
        errors.field("display_name", "give the name shown on its pages");
    }
    if let Err(e) = capa_core::password::check(&form.password, &form.username) {
        errors.field("password", e.to_string());
    }
    if errors.is_empty() {
        let hash = crate::password::hash(&form.password).await?;
        let new = NewUser {
            username: &form.username,
            display_name: form.display_name.trim(),
            password_hash: &hash,
            is_admin: form.is_admin.as_deref() == Some("true"),
        };
        match state.store.create_user(user.actor(), &new).await {
            Ok(_) => {
                return Ok(Done::to(
                    path::USERS,
                    format!(
                        "Created the account {}; give it a role in a team below.",
                        form.username.trim()
                    ),
                )
                .into_response());
            }
            Err(e) => errors.field("username", AppError::from(e).to_string()),
        }
    }
    let kept = NewAccountView {
        username: form.username,
        display_name: form.display_name,
        is_admin: form.is_admin.as_deref() == Some("true"),
    };
    let page = view(&state, &user, None, kept, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The accounts page again, 422, with what was refused above the table.
pub(super) async fn refused(
    state: &AppState,
    user: &CurrentUser,
    message: String,
) -> PageResult<Response> {
    let mut errors = FormErrors::new();
    errors.form(message);
    let page = view(state, user, None, NewAccountView::default(), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The role form.
#[derive(Deserialize)]
struct RoleForm {
    team: i64,
    role: String,
    #[serde(default)]
    clinician: String,
}

/// `POST /admin/users/{id}/teams`: gives a user a role in a team (replacing any).
async fn set_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
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
        Ok(()) => Ok(Done::to(path::USERS, "Saved the role.").into_response()),
        Err(message) => refused(&state, &user, message).await,
    }
}

/// `POST /admin/users/{id}/teams/{team}/remove`.
async fn remove_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, team)): Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    require_admin(&user)?;
    state
        .store
        .remove_membership(user.actor(), UserId(id), TeamId(team))
        .await?;
    Ok(Done::to(path::USERS, "Removed the role."))
}

/// `POST /admin/users/{id}/disable` and `/enable`: a disabled account cannot
/// sign in, and its sessions end at once.
async fn set_disabled(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(i64, String)>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
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
    Ok(Done::to(
        path::USERS,
        if disable {
            "Disabled the account; its sessions have ended."
        } else {
            "Enabled the account."
        },
    ))
}
