//! Changing one's password (`/account/password`: the form is also on the
//! account page) and an administrator's one-time password for an account
//! (`/admin/users/{id}/password`). The steps are [`crate::password`]'s.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use capa_store::UserId;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{CurrentUser, Form};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::password::{self, OwnChange};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::account::PasswordPage;
use crate::views::chrome::Chrome;

/// The routes of changing passwords.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::ACCOUNT_PASSWORD, page)
        .post(path::ACCOUNT_PASSWORD, change)
        .post(path::USER_PASSWORD, one_time)
}

fn view(user: &CurrentUser, password_errors: FormErrors) -> PasswordPage {
    let chrome = Chrome::plain(Some(user.user.display_name.clone()), user.csrf());
    PasswordPage {
        chrome,
        forced: user.user.must_change_password,
        password_errors,
    }
}

/// `GET /account/password`.
async fn page(user: CurrentUser) -> PasswordPage {
    view(&user, FormErrors::new())
}

/// The change-password form.
#[derive(Deserialize)]
struct ChangeForm {
    current_password: String,
    new_password: String,
    again: String,
}

/// `POST /account/password`: the current password checked like a sign-in,
/// the new one by the password rule; the user's other sessions end.
async fn change(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    user: CurrentUser,
    Form(form): Form<ChangeForm>,
) -> PageResult<Response> {
    let ip = crate::login::client_address(&state.config, addr.ip(), &headers);
    let change = OwnChange {
        current: &form.current_password,
        new: &form.new_password,
        again: Some(&form.again),
    };
    match password::change_own(&state, &user, ip, &change).await {
        Ok(ended) => {
            let to = if user.user.must_change_password {
                path::HOME
            } else {
                path::ACCOUNT
            };
            let others = match ended {
                0 => "you were signed in nowhere else".to_string(),
                1 => "your 1 other session has ended".to_string(),
                n => format!("your {n} other sessions have ended"),
            };
            Ok(Done::to(to, format!("Changed your password; {others}.")).into_response())
        }
        Err(AppError::Invalid { field, message }) => {
            let mut errors = FormErrors::new();
            errors.field(field, message);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&user, errors)).into_response())
        }
        Err(AppError::TooManyRequests { message, .. }) => {
            let mut errors = FormErrors::new();
            errors.form(message);
            Ok((StatusCode::TOO_MANY_REQUESTS, view(&user, errors)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The one-time password form.
#[derive(Deserialize)]
struct OneTimeForm {
    password: String,
}

/// `POST /admin/users/{id}/password`: a one-time password, to be given to
/// its owner in person; their sessions end, and at the next sign-in they
/// must choose their own.
async fn one_time(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<OneTimeForm>,
) -> PageResult<Response> {
    super::users::require_admin(&user)?;
    match password::set_one_time(&state, &user, UserId(id), &form.password).await {
        Ok(username) => Ok(Done::to(
            path::USERS,
            format!(
                "Set a one-time password for {username}: give it to them in person. \
                 Their sessions have ended, and they must choose their own password when they next sign in."
            ),
        )
        .into_response()),
        Err(AppError::Invalid { message, .. }) => {
            super::users::refused(&state, &user, format!("Password not set: {message}.")).await
        }
        Err(e) => Err(e),
    }
}
