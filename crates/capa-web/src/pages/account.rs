//! The user's own account: personal API tokens.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use capa_store::TokenId;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{CarriesCsrf, Checked, CurrentUser};
use crate::error::{AppError, PageResult};
use crate::views::chrome::Chrome;
use crate::views::pages::{AccountPage, TokenRow};

async fn view(
    state: &AppState,
    user: &CurrentUser,
    new_token: Option<String>,
) -> PageResult<AccountPage> {
    let tokens = state
        .store
        .api_tokens(user.user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.0,
            name: t.name,
            created: t.created_at.format("%d/%m/%Y").to_string(),
            last_used: t
                .last_used_at
                .map_or("never".into(), |d| d.format("%d/%m/%Y %H:%M").to_string()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(AccountPage {
        chrome: Chrome::plain(Some(user.user.display_name.clone()), user.csrf()),
        username: user.user.username.clone(),
        tokens,
        new_token,
    })
}

/// `GET /account`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> PageResult<AccountPage> {
    view(&state, &user, None).await
}

/// The token form.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    name: String,
}

impl CarriesCsrf for TokenForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /account/tokens`: creates a token and shows it once.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Checked(form): Checked<TokenForm>,
) -> PageResult<AccountPage> {
    let (_, secret) = state
        .store
        .create_api_token(user.actor(), user.user.id, &form.name)
        .await?;
    view(&state, &user, Some(secret)).await
}

/// `POST /account/tokens/{id}/revoke`: only the owner revokes their token.
pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Checked(_): Checked<crate::auth::CsrfOnly>,
) -> PageResult<Response> {
    let mine = state
        .store
        .api_tokens(user.user.id)
        .await?
        .iter()
        .any(|t| t.id == TokenId(id));
    if !mine {
        return Err(AppError::NotFound("no such token of yours".into()));
    }
    state
        .store
        .revoke_api_token(user.actor(), TokenId(id))
        .await?;
    Ok(Redirect::to("/account").into_response())
}
