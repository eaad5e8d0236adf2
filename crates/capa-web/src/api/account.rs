//! The signed-in user's own account over the API: changing their password
//! (the only route, with signing out, that an account signed in with a
//! one-time password is answered on until it is changed).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::password::{self, OwnChange};
use crate::routes::Routes;

/// The routes, relative to `/api/v1`.
pub fn routes() -> Routes {
    Routes::new().post("/account/password", change_password)
}

/// `POST /api/v1/account/password` body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    /// The password in use now.
    #[schema(format = Password)]
    current_password: String,
    /// The new one: at least 8 characters, not the username, not a common password.
    #[schema(format = Password)]
    new_password: String,
}

/// The answer to a password change.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PasswordChanged {
    /// How many of the user's other browser sessions ended (the session
    /// that made the change goes on; a token's request keeps none).
    pub sessions_ended: u64,
}

/// `POST /api/v1/account/password`.
#[utoipa::path(post, path = "/api/v1/account/password", tag = "session",
    request_body = PasswordChange,
    responses((status = 200, description = "Changed; the user's other sessions have ended", body = PasswordChanged),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "A wrong current password, or a new one the password rule refuses (`field` says which)", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    user: CurrentUser,
    Json(body): Json<PasswordChange>,
) -> ApiResult<Json<PasswordChanged>> {
    let ip = crate::login::client_address(&state.config, addr.ip(), &headers);
    let change = OwnChange {
        current: &body.current_password,
        new: &body.new_password,
        again: None,
    };
    let sessions_ended = password::change_own(&state, &user, ip, &change).await?;
    Ok(Json(PasswordChanged { sessions_ended }))
}
