//! Signing in and out, for browsers (`/login`, `/logout`) and API clients
//! (`/api/v1/session`), with throttling after repeated failures.

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use capa_store::{LoginSubject, User};
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{
    Credential, CurrentUser, Empty, Form as CheckedForm, SESSION_COOKIE, is_cross_site,
};
use crate::error::{ApiError, AppError, ErrorBody};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Chrome;
use crate::views::login::LoginPage;

/// The routes of signing in and out from pages.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::LOGIN, page)
        .post(path::LOGIN, submit)
        .post(path::LOGOUT, logout)
}

/// Failed attempts on one username within [`WINDOW_MINUTES`] before it is locked.
pub const MAX_FAILURES_PER_USER: u32 = 5;
/// Failed attempts from one address within the window before it is locked.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// The throttling window.
pub const WINDOW_MINUTES: i64 = 15;

fn window() -> TimeDelta {
    TimeDelta::minutes(WINDOW_MINUTES)
}

/// Checks a username and password; starts a session. Failures are counted
/// per username and per address, and both lock for the window once too many.
async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    ip: IpAddr,
) -> Result<(User, String, String), AppError> {
    let now = state.clock.now();
    let store = &state.store;
    let by_user = LoginSubject::Username(username);
    let by_ip = LoginSubject::Address(ip);
    if store.login_failures(by_user, now, window()).await? >= MAX_FAILURES_PER_USER
        || store.login_failures(by_ip, now, window()).await? >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(AppError::TooManyRequests(format!(
            "too many failed attempts; wait {WINDOW_MINUTES} minutes and try again, or ask an administrator"
        )));
    }
    let found = store.login_credentials(username).await?;
    // An unknown user is checked against a dummy hash so the time taken does not reveal who exists.
    let hash = found
        .as_ref()
        .map_or_else(|| state.dummy_hash.clone(), |(_, h)| h.clone());
    let password = password.to_string();
    let matches = tokio::task::spawn_blocking(move || {
        password_auth::verify_password(password, &hash).is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
    match found {
        Some((user, _)) if matches && !user.disabled => {
            store.clear_login_failures(by_user).await?;
            let expires = now + TimeDelta::hours(state.config.session_hours);
            let (cookie, csrf) = store.create_web_session(user.id, expires).await?;
            Ok((user, cookie, csrf))
        }
        _ => {
            store.record_login_failure(by_user, now, window()).await?;
            store.record_login_failure(by_ip, now, window()).await?;
            Err(AppError::Unauthorized)
        }
    }
}

fn session_cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: i64) -> HeaderValue {
    let secure = state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https");
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Query of the login page.
#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only a local path may follow login, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

/// `GET /login`.
async fn page(user: Option<CurrentUser>, Query(q): Query<NextQuery>) -> Response {
    if user.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    LoginPage {
        chrome: Chrome::plain(None, String::new()),
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        error: None,
    }
    .into_response()
}

/// The login form.
#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`.
async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if is_cross_site(&headers) {
        return AppError::Forbidden("cross-site requests are refused".into()).into_response();
    }
    let next = safe_next(form.next.as_deref());
    match sign_in(&state, &form.username, &form.password, addr.ip()).await {
        Ok((_, cookie, _)) => {
            let max_age = state.config.session_hours * 3600;
            let mut r = Redirect::to(&next).into_response();
            r.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&state, &headers, &cookie, max_age),
            );
            r
        }
        Err(e) => {
            let (status, message) = match e {
                AppError::Unauthorized => (
                    StatusCode::UNAUTHORIZED,
                    "Wrong username or password.".to_string(),
                ),
                AppError::TooManyRequests(m) => (StatusCode::TOO_MANY_REQUESTS, m),
                other => return other.into_response(),
            };
            let page = LoginPage {
                chrome: Chrome::plain(None, String::new()),
                next,
                username: form.username,
                error: Some(message),
            };
            (status, page).into_response()
        }
    }
}

/// `POST /logout`.
async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, AppError> {
    if let Credential::Session { cookie, .. } = &user.credential {
        state.store.end_web_session(cookie).await?;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &headers, "", 0));
    Ok(r)
}

/// `POST /api/v1/session` body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ApiLogin {
    username: String,
    #[schema(format = Password)]
    password: String,
}

/// The answer to signing in.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionBody {
    /// The account's username.
    pub username: String,
    /// The name shown on pages.
    pub display_name: String,
    /// Whether the account may do everything everywhere.
    pub is_admin: bool,
    /// The token non-JSON posts made with the cookie must echo (`X-CSRF-Token`).
    pub csrf_token: String,
    /// How long the session lasts.
    pub expires_in_seconds: i64,
}

/// `POST /api/v1/session`: signs in; the answer sets the session cookie and
/// gives the CSRF token (needed only for non-JSON posts).
#[utoipa::path(post, path = "/api/v1/session", tag = "session", security(()),
    request_body = ApiLogin,
    responses((status = 200, description = "Signed in; the session cookie is set", body = SessionBody),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody)))]
pub async fn api_login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<ApiLogin>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    if is_cross_site(&headers) {
        return Err(AppError::Forbidden("cross-site requests are refused".into()).into());
    }
    let Json(body) = body.map_err(|e| {
        AppError::BadRequest(format!(
            "expected JSON {{\"username\", \"password\"}}: {}",
            e.body_text()
        ))
    })?;
    let (user, cookie, csrf) = sign_in(&state, &body.username, &body.password, addr.ip()).await?;
    let max_age = state.config.session_hours * 3600;
    let mut r = Json(SessionBody {
        username: user.username,
        display_name: user.display_name,
        is_admin: user.is_admin,
        csrf_token: csrf,
        expires_in_seconds: max_age,
    })
    .into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&state, &headers, &cookie, max_age),
    );
    Ok(r)
}

/// `DELETE /api/v1/session`: signs out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn api_logout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Credential::Session { cookie, .. } = &user.credential {
        state.store.end_web_session(cookie).await?;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &headers, "", 0));
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_follow_login() {
        assert_eq!(safe_next(Some("/teams/1/")), "/teams/1/");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
