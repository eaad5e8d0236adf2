//! The user's own account: the password form (handled in
//! [`super::password`]) and personal API tokens.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_store::TokenId;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Credential, CurrentUser, Empty, Form};
use crate::error::{AppError, PageResult};
use crate::flash::{Done, Flash};
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::{self, path};
use crate::views::account::{AccountPage, TokenRow};
use crate::views::chrome::Chrome;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::ACCOUNT, page)
        .post(path::TOKENS, create_token)
        .post(path::TOKEN_REVOKE, revoke_token)
}

/// Longest token name.
const MAX_NAME: usize = 100;

async fn view(
    state: &AppState,
    user: &CurrentUser,
    new_token: Option<String>,
    flash: Option<Flash>,
    errors: FormErrors,
) -> PageResult<AccountPage> {
    // Dates in the time zone of the user's (first) team; New Zealand's for
    // a user in none.
    let zone = match state.store.memberships(user.user.id).await?.first() {
        Some(m) => state.store.team_settings(m.team_id).await?.time_zone,
        None => capa_core::Zone::AUCKLAND,
    };
    let tokens = state
        .store
        .api_tokens(user.user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            revoke: urls::token_revoke(t.id.0),
            name: t.name,
            created: zone.local(t.created_at).format("%d/%m/%Y").to_string(),
            last_used: t.last_used_at.map_or("never".into(), |d| {
                zone.local(d).format("%d/%m/%Y %H:%M").to_string()
            }),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(AccountPage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf()).with_flash(flash),
        username: user.user.username.clone(),
        tokens,
        new_token,
        errors,
        password_errors: FormErrors::new(),
    })
}

/// `GET /account`.
async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    flash: Option<Extension<Flash>>,
) -> PageResult<AccountPage> {
    view(&state, &user, None, flash.map(|f| f.0), FormErrors::new()).await
}

/// The token form.
#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

/// `POST /account/tokens`: creates a token and shows it once.
async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<TokenForm>,
) -> PageResult<Response> {
    // A token is a key for a script, not a person: it cannot make more keys.
    if !matches!(user.credential, Credential::Session { .. }) {
        return Err(AppError::Forbidden(
            "an API token cannot create tokens; sign in to capa and create one on your account page".into(),
        ));
    }
    let name = form.name.trim();
    let mut errors = FormErrors::new();
    if name.is_empty() {
        errors.field(
            "name",
            "give the token a name, e.g. the script that uses it",
        );
    } else if name.chars().count() > MAX_NAME {
        errors.field(
            "name",
            format!("a token's name has at most {MAX_NAME} characters"),
        );
    }
    if !errors.is_empty() {
        let page = view(&state, &user, None, None, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (_, secret) = state
        .store
        .create_api_token(user.actor(), user.user.id, name)
        .await?;
    let flash = Flash::ok(format!("Created the token \"{name}\"."));
    Ok(
        view(&state, &user, Some(secret), Some(flash), FormErrors::new())
            .await?
            .into_response(),
    )
}

/// `POST /account/tokens/{id}/revoke`: only the owner revokes their token.
async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    let token = state
        .store
        .api_tokens(user.user.id)
        .await?
        .into_iter()
        .find(|t| t.id == TokenId(id))
        .ok_or_else(|| AppError::NotFound("no such token of yours".into()))?;
    state
        .store
        .revoke_api_token(user.actor(), TokenId(id))
        .await?;
    Ok(Done::to(
        path::ACCOUNT,
        format!("Revoked the token \"{}\".", token.name),
    ))
}
