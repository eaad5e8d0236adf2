//! Who is asking, and what they may do.
//!
//! Browsers sign in with a session cookie (HttpOnly, SameSite=Lax, Secure
//! behind TLS); API clients with the same cookie or a personal token
//! (`Authorization: Bearer capa_...`). Every state-changing request made with
//! a cookie must come from capa's own pages: cross-site requests are refused
//! by their `Sec-Fetch-Site`/`Origin` headers, and the session's CSRF token
//! must come back in the form (`csrf`, checked by [`csrf::Form`]) or the
//! `X-CSRF-Token` header.
//!
//! - [`access`]: what a user may do in a team, every permission written once.
//! - [`csrf`]: the one form extractor, which checks the token of every form post.
//! - [`team`]: the team context every team page and API route starts from.

pub mod access;
pub mod csrf;
pub mod team;

pub use access::{Access, Permission};
pub use csrf::{Empty, Form};
pub use team::TeamContext;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use capa_store::User;

use crate::AppState;
use crate::error::{ApiError, AppError};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "capa_session";

/// How the request proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session, with its CSRF token.
    Session {
        /// The cookie value.
        cookie: String,
        /// The token state-changing requests must echo.
        csrf: String,
    },
    /// A personal API token: no ambient authority, so no CSRF token is needed.
    Token,
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// How they signed in.
    pub credential: Credential,
}

impl CurrentUser {
    /// The CSRF token to put in forms (empty for token clients).
    pub fn csrf(&self) -> String {
        match &self.credential {
            Credential::Session { csrf, .. } => csrf.clone(),
            Credential::Token => String::new(),
        }
    }

    /// The audit log's actor.
    pub fn actor(&self) -> capa_store::Actor {
        capa_store::Actor::User(self.user.id)
    }
}

/// Whether a request is a cross-site one: browsers say so in `Sec-Fetch-Site`;
/// older ones send an `Origin` whose host differs from `Host`.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split("://").nth(1).is_none_or(|h| h != host),
        _ => false,
    }
}

/// The request's path as the client sent it: nested routers see the path
/// without its prefix, so the original URI decides.
fn full_path(parts: &Parts) -> &str {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(parts.uri.path(), |u| u.0.path())
}

/// Whether the request is for the JSON API.
pub(crate) fn is_api(parts: &Parts) -> bool {
    full_path(parts).starts_with("/api/")
}

/// What an account signed in with a one-time password may still ask for:
/// changing it, and signing out.
fn allowed_before_password_change(parts: &Parts) -> bool {
    use crate::urls::path;
    let path = full_path(parts);
    match parts.method {
        Method::GET | Method::HEAD => path == path::ACCOUNT_PASSWORD,
        Method::POST => [
            path::ACCOUNT_PASSWORD,
            path::LOGOUT,
            path::API_ACCOUNT_PASSWORD,
        ]
        .contains(&path),
        Method::DELETE => path == path::API_SESSION,
        _ => false,
    }
}

async fn authenticate(
    parts: &mut Parts,
    state: &AppState,
) -> Result<Option<CurrentUser>, AppError> {
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let Some(secret) = auth.strip_prefix("Bearer ") else {
            return Err(AppError::Unauthorized);
        };
        return match state.store.authenticate_api_token(secret.trim()).await? {
            Some((user, _)) => Ok(Some(CurrentUser {
                user,
                credential: Credential::Token,
            })),
            None => Err(AppError::Unauthorized),
        };
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    Ok(state
        .store
        .web_session(&cookie, state.clock.now())
        .await?
        .map(|s| CurrentUser {
            user: s.user,
            credential: Credential::Session {
                cookie,
                csrf: s.csrf_token,
            },
        }))
}

/// Refuses a state-changing cookie request that is cross-site, or that is
/// neither JSON (which a cross-site page cannot send without a CORS preflight,
/// and capa grants none) nor carries the session's CSRF token. Forms carry the
/// token in their body: [`Checked`] checks it there.
fn check_header_csrf(parts: &Parts, user: &CurrentUser) -> Result<(), AppError> {
    let Credential::Session { csrf, .. } = &user.credential else {
        return Ok(());
    };
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if is_cross_site(&parts.headers) {
        return Err(AppError::Forbidden(
            "cross-site requests are refused".into(),
        ));
    }
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok());
    if kind.starts_with("application/json") || sent.is_some_and(|t| constant_time_eq(t, csrf)) {
        return Ok(());
    }
    if sent.is_none()
        && (kind.starts_with("application/x-www-form-urlencoded")
            || kind.starts_with("multipart/form-data"))
    {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "this request did not come from a capa page (missing or wrong CSRF token); reload the page and try again".into(),
    ))
}

pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Rejection of [`CurrentUser`] and [`TeamContext`]: a redirect to the login
/// page for pages, 401 or 403 JSON for the API.
pub struct AuthRejection {
    pub(crate) api: bool,
    pub(crate) error: AppError,
    pub(crate) next: String,
    /// The account must change its one-time password first: pages go to
    /// the change-password page.
    pub(crate) password_change: bool,
}

/// The answer to an account that must change its one-time password first.
fn password_must_change() -> AppError {
    AppError::Forbidden(format!(
        "your password must be changed before anything else: it was set by an administrator for one sign-in; \
         change it on {} or with POST {} (current_password, new_password)",
        crate::urls::path::ACCOUNT_PASSWORD,
        crate::urls::path::API_ACCOUNT_PASSWORD
    ))
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        if self.api {
            return ApiError(self.error).into_response();
        }
        if self.password_change {
            return Redirect::to(crate::urls::path::ACCOUNT_PASSWORD).into_response();
        }
        match self.error {
            AppError::Unauthorized => Redirect::to(&crate::urls::login(&self.next)).into_response(),
            other => other.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let api = is_api(parts);
        let next = parts
            .uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.to_string());
        let reject = |error| AuthRejection {
            api,
            error,
            next: next.clone(),
            password_change: false,
        };
        let user = authenticate(parts, state)
            .await
            .map_err(reject)?
            .ok_or_else(|| reject(AppError::Unauthorized))?;
        check_header_csrf(parts, &user).map_err(reject)?;
        if user.user.must_change_password && !allowed_before_password_change(parts) {
            return Err(AuthRejection {
                password_change: true,
                ..reject(password_must_change())
            });
        }
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(authenticate(parts, state).await.ok().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cross_site_by_fetch_metadata_or_origin() {
        let mut h = HeaderMap::new();
        assert!(!is_cross_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(!is_cross_site(&h));
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("capa.example:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(is_cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://capa.example:8080"),
        );
        assert!(!is_cross_site(&h));
    }
}
