//! A team's members, managed by its team lead (or an administrator).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::Initials;
use capa_store::{NewUser, Role, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Empty, Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::members::{MemberLine, MemberView, MembersPage};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::MEMBERS, page)
        .post(path::MEMBERS, save)
        .post(path::MEMBER_REMOVE, remove)
}

async fn view(
    state: &AppState,
    ctx: TeamContext,
    typed: MemberView,
    errors: FormErrors,
) -> PageResult<MembersPage> {
    let initials: std::collections::HashMap<_, _> = ctx
        .stored
        .clinician_ids
        .iter()
        .zip(&ctx.team().clinicians)
        .map(|(id, c)| (*id, c.initials.to_string()))
        .collect();
    let members = state
        .store
        .team_members(ctx.id())
        .await?
        .into_iter()
        .map(|(u, role)| MemberLine {
            role: match role {
                Role::Clinician(c) => format!(
                    "clinician ({})",
                    initials.get(&c).cloned().unwrap_or_default()
                ),
                other => other.id().replace('-', " "),
            },
            remove: ctx.urls.member_remove(u.id.0),
            username: u.username,
            name: u.display_name,
        })
        .collect();
    let roles = ["clinician", "booking-administrator", "viewer", "team-lead"]
        .into_iter()
        .map(|r| crate::views::controls::OptionView {
            value: r.into(),
            label: r.replace('-', " "),
            selected: typed.role == r,
        })
        .collect();
    Ok(MembersPage {
        roles,
        team: ctx.team().settings.name.clone(),
        members,
        action: ctx.urls.members(),
        typed,
        errors,
        chrome: ctx.chrome(Page::Members),
    })
}

/// `GET /teams/{team}/members`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<MembersPage> {
    ctx.access.require(Permission::PlanTeam)?;
    view(&state, ctx, MemberView::default(), FormErrors::new()).await
}

/// The member form.
#[derive(Deserialize)]
struct MemberForm {
    username: String,
    role: String,
    #[serde(default)]
    clinician: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

async fn apply(
    state: &AppState,
    ctx: &TeamContext,
    f: &MemberForm,
    errors: &mut FormErrors,
) -> Result<Option<String>, AppError> {
    let role = match f.role.as_str() {
        "team-lead" => Role::TeamLead,
        "booking-administrator" => Role::BookingAdministrator,
        "viewer" => Role::Viewer,
        "clinician" => {
            let found = Initials::parse(&f.clinician)
                .map_err(|_| "a clinician is linked by their initials".to_string())
                .and_then(|i| ctx.clinician(i.as_str()).map_err(|e| e.to_string()));
            match found {
                Ok((_, id)) => Role::Clinician(id),
                Err(m) => {
                    errors.field("clinician", m);
                    return Ok(None);
                }
            }
        }
        other => {
            errors.field("role", format!("unknown role '{other}'"));
            return Ok(None);
        }
    };
    if f.username.trim().is_empty() {
        errors.field("username", "give the account's username");
        return Ok(None);
    }
    let found = state.store.login_credentials(&f.username).await?;
    let member = match &found {
        Some((u, _)) => state.store.membership(u.id, ctx.id()).await?.is_some(),
        None => false,
    };
    // A lead learns nothing of accounts outside the team: for a username that
    // is not a member the form asks the same (a name and a password) whether
    // or not it exists elsewhere, and answers the same. Administrators see all
    // accounts anyway and may add an existing one by username alone.
    let needs_new_account = match &found {
        None => true,
        Some(_) => !member && !ctx.user.user.is_admin,
    };
    if needs_new_account {
        if f.display_name.trim().is_empty() {
            errors.field(
                "display_name",
                format!(
                    "'{}' is not in the team; to add a new account give a name",
                    f.username.trim()
                ),
            );
        }
        if let Err(e) = capa_core::password::check(&f.password, &f.username) {
            errors.field(
                "password",
                format!(
                    "'{}' is not in the team; to add a new account give a password ({e})",
                    f.username.trim()
                ),
            );
        }
        if !errors.is_empty() {
            return Ok(None);
        }
    }
    let id = match found {
        // An account elsewhere joins the team as it is: its password and name are not changed.
        Some((u, _)) => u.id,
        None => {
            let hash = crate::password::hash(&f.password).await?;
            // Team leads create ordinary accounts only; administrators are made elsewhere.
            let new = NewUser {
                username: &f.username,
                display_name: f.display_name.trim(),
                password_hash: &hash,
                is_admin: false,
            };
            match state.store.create_user(ctx.user.actor(), &new).await {
                Ok(id) => id,
                Err(e) => {
                    errors.field("username", AppError::from(e).to_string());
                    return Ok(None);
                }
            }
        }
    };
    match state
        .store
        .set_membership(ctx.user.actor(), id, ctx.id(), role)
        .await
    {
        Ok(()) => Ok(Some(format!(
            "{} is now {} in the team.",
            f.username.trim(),
            f.role.replace('-', " ")
        ))),
        Err(e) => {
            errors.form(AppError::from(e).to_string());
            Ok(None)
        }
    }
}

/// `POST /teams/{team}/members`: adds an account (creating it if new) or changes its role.
async fn save(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<MemberForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut errors = FormErrors::new();
    if let Some(done) = apply(&state, &ctx, &form, &mut errors).await? {
        return Ok(Done::to(ctx.urls.members(), done).into_response());
    }
    let typed = MemberView {
        username: form.username,
        role: form.role,
        clinician: form.clinician,
        display_name: form.display_name,
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        view(&state, ctx, typed, errors).await?,
    )
        .into_response())
}

/// A member in a path.
#[derive(Deserialize)]
struct MemberPath {
    user: i64,
}

/// `POST /teams/{team}/members/{user}/remove`.
async fn remove(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<MemberPath>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    ctx.access.require(Permission::PlanTeam)?;
    if UserId(p.user) == ctx.user.user.id && !ctx.user.user.is_admin {
        return Err(AppError::BadRequest(
            "you cannot remove yourself; ask another team lead or an administrator".into(),
        ));
    }
    state
        .store
        .remove_membership(ctx.user.actor(), UserId(p.user), ctx.id())
        .await?;
    Ok(Done::to(
        ctx.urls.members(),
        "Removed the member from the team.",
    ))
}
