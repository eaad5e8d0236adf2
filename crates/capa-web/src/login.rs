//! Signing in and out, for browsers (`/login`, `/logout`) and API clients
//! (`/api/v1/session`), with throttling after repeated failures.

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use std::sync::atomic::Ordering;

use capa_store::{Admission, LoginOutcome, Refusal, RefusalReason, User};
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

/// Checks a username and password; starts a session. The attempt is
/// reserved in the store before the password is checked and settled after
/// ([`capa_store::Store::reserve_login`]), so however many arrive at once no
/// more checks run than the server's [`LoginPolicy`] allows: per address, and
/// per account with a growing delay that an address which has not failed may
/// still wait out (an outsider cannot lock a person out).
async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    ip: IpAddr,
) -> Result<(User, String, String), AppError> {
    let user = verify(state, username, password, ip).await?;
    let expires = state.clock.now() + TimeDelta::hours(state.config.session_hours);
    let (cookie, csrf) = state.store.create_web_session(user.id, expires).await?;
    Ok((user, cookie, csrf))
}

/// The throttled password check of [`sign_in`], also asked of a user who
/// changes their password: the account when the password is right, else
/// [`AppError::Unauthorized`] (or [`AppError::TooManyRequests`]).
pub(crate) async fn verify(
    state: &AppState,
    username: &str,
    password: &str,
    ip: IpAddr,
) -> Result<User, AppError> {
    let now = state.clock.now();
    let store = &state.store;
    let policy = &state.config.login_policy;
    let reservation = match store.reserve_login(username, ip, now, policy).await? {
        Admission::Granted(r) => r,
        Admission::Refused(refusal) => return Err(refused(&refusal)),
    };
    let checked = check_password(state, username, password).await;
    let outcome = match &checked {
        Ok(Some(_)) => LoginOutcome::Success,
        _ => LoginOutcome::Failure,
    };
    store
        .settle_login(reservation, outcome, state.clock.now(), policy)
        .await?;
    checked?.ok_or(AppError::Unauthorized)
}

/// The password check itself (Argon2id off the async workers): the account
/// when the password is right and the account is enabled.
async fn check_password(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<Option<User>, AppError> {
    let found = state.store.login_credentials(username).await?;
    // An unknown user is checked against a dummy hash so the time taken does not reveal who exists.
    let hash = found
        .as_ref()
        .map_or_else(|| state.dummy_hash.clone(), |(_, h)| h.clone());
    let password = password.to_string();
    state.password_checks.fetch_add(1, Ordering::Relaxed);
    let matches = tokio::task::spawn_blocking(move || {
        password_auth::verify_password(password, &hash).is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
    Ok(found.and_then(|(user, _)| (matches && !user.disabled).then_some(user)))
}

/// The answer to a refused attempt, saying when to try again.
fn refused(refusal: &Refusal) -> AppError {
    let secs = refusal.retry_after.num_seconds().max(1);
    let wait = if secs >= 120 {
        format!("{} minutes", (secs + 59) / 60)
    } else {
        format!("{secs} seconds")
    };
    let why = match refusal.reason {
        RefusalReason::Address => "too many failed attempts from this address",
        RefusalReason::Account | RefusalReason::Delay => "too many failed attempts on this account",
    };
    AppError::TooManyRequests {
        message: format!("{why}; wait {wait} and try again, or ask an administrator"),
        retry_after_secs: secs,
    }
}

/// The client's address: the connection's, or, when the connection comes
/// from the trusted reverse proxy (`--trusted-proxy`), the last address that
/// proxy added to `X-Forwarded-For` (earlier ones are the client's to forge).
pub fn client_address(config: &crate::Config, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if config.trusted_proxy != Some(peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

fn session_cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: i64) -> HeaderValue {
    let secure = crate::headers::over_tls(state, headers);
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

/// Only a path on this site may follow login, never another site: `next`
/// is parsed as browsers parse a link on this site (WHATWG URL rules, which
/// drop tabs and newlines and read `\\` as `/`), and kept only when it stays
/// on this site's origin. Anything else, or anything unparsable, goes home.
fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/";
    let Some(next) = next else {
        return HOME.into();
    };
    if !next.starts_with('/') || next.chars().any(char::is_control) {
        return HOME.into();
    }
    let Ok(base) = url::Url::parse("http://capa.invalid/") else {
        return HOME.into();
    };
    match base.join(next) {
        Ok(u)
            if u.origin() == base.origin() && u.username().is_empty() && u.password().is_none() =>
        {
            match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_string(),
            }
        }
        _ => HOME.into(),
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
    match sign_in(
        &state,
        &form.username,
        &form.password,
        client_address(&state.config, addr.ip(), &headers),
    )
    .await
    {
        Ok((user, cookie, _)) => {
            let max_age = state.config.session_hours * 3600;
            let to = if user.must_change_password {
                path::ACCOUNT_PASSWORD
            } else {
                next.as_str()
            };
            let mut r = Redirect::to(to).into_response();
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
                AppError::TooManyRequests { message, .. } => {
                    (StatusCode::TOO_MANY_REQUESTS, message)
                }
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
    /// Signed in with a one-time password: nothing but
    /// `POST /api/v1/account/password` (and signing out) is answered until
    /// it is changed.
    pub must_change_password: bool,
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
    let (user, cookie, csrf) = sign_in(
        &state,
        &body.username,
        &body.password,
        client_address(&state.config, addr.ip(), &headers),
    )
    .await?;
    let max_age = state.config.session_hours * 3600;
    let mut r = Json(SessionBody {
        username: user.username,
        display_name: user.display_name,
        is_admin: user.is_admin,
        must_change_password: user.must_change_password,
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
        assert_eq!(
            safe_next(Some("/%09/evil.example/x")),
            "/%09/evil.example/x"
        );
        for evil in [
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/ /evil.example",
            "/x\r\nSet-Cookie: a=b",
            "///evil.example",
            "/\u{0}",
            "evil.example",
            "javascript:alert(1)",
            "",
        ] {
            let to = safe_next(Some(evil));
            assert!(
                to == "/" || (to.starts_with('/') && !to.starts_with("//") && !to.contains('\\')),
                "{evil:?} -> {to:?}"
            );
            assert!(
                !to.contains("evil.example") || to.starts_with("/%"),
                "{evil:?} -> {to:?}"
            );
        }
        assert_eq!(safe_next(Some("/teams/1/?q=a b")), "/teams/1/?q=a%20b");
    }
}
