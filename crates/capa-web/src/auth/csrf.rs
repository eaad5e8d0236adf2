//! The one form extractor. Every form a page posts is read through [`Form`],
//! which checks the session's CSRF token (the `csrf` field the template macro
//! `forms::csrf` writes, or the `X-CSRF-Token` header htmx sends) before the
//! handler sees the form; the form types themselves know nothing of it. A
//! test posts to every POST route without the token and expects 403.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Credential, CurrentUser, constant_time_eq};
use crate::AppState;
use crate::error::AppError;

/// Largest form accepted (a team plan file upload is read as multipart, not here).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// A posted form whose CSRF token has been checked against the session.
/// Repeated keys (`slot=...&slot=...`) fill `Vec` fields.
pub struct Form<T>(pub T);

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

/// Checks a form's `csrf` field (or the `X-CSRF-Token` header) against the
/// session. Token clients have no session and so no token to check.
pub fn check(user: &CurrentUser, headers: &HeaderMap, field: &str) -> Result<(), AppError> {
    match &user.credential {
        Credential::Token => Ok(()),
        Credential::Session { csrf, .. } => {
            let header = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
            if constant_time_eq(field, csrf) || header.is_some_and(|h| constant_time_eq(h, csrf)) {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "this form did not come from a capa page (missing or wrong CSRF token); reload the page and try again".into(),
                ))
            }
        }
    }
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Form<T> {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let (mut parts, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                AppError::BadRequest("the form is too large or could not be read".into())
                    .into_response()
            })?;
        let token: Token = serde_html_form::from_bytes(&bytes).unwrap_or(Token {
            csrf: String::new(),
        });
        check(&user, &parts.headers, &token.csrf).map_err(IntoResponse::into_response)?;
        parse(&bytes).map(Form).map_err(IntoResponse::into_response)
    }
}

/// Reads a form body; the `csrf` field, if any, is ignored.
fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, AppError> {
    serde_html_form::from_bytes(bytes)
        .map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))
}

/// A form with nothing but the session's CSRF token (revoke, remove, log out ...).
#[derive(Deserialize)]
pub struct Empty {}
