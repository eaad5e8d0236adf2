//! Every API error is JSON with an `error` field. capa's own handlers answer
//! with [`ErrorBody`]; this middleware turns whatever else ends a request
//! under `/api/` with an error (axum's rejections of bad JSON, a bad path
//! parameter, a missing content type, a wrong method, a body too large; an
//! unknown route) into the same shape, keeping the status and the
//! framework's message where it has one.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ErrorBody;

/// Longest framework message kept (they are a line or two).
const MAX_MESSAGE: usize = 4096;

fn is_json(r: &Response) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"))
}

fn is_text(r: &Response) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"))
}

/// What an error without a message of its own says.
fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "no such API route; see /api/v1/openapi.json".into(),
        StatusCode::METHOD_NOT_ALLOWED => {
            "this route does not take that method (the Allow header lists those it takes); see /api/v1/openapi.json".into()
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "expected a JSON body with the header Content-Type: application/json".into()
        }
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".into(),
        StatusCode::UNAUTHORIZED => "please log in".into(),
        StatusCode::FORBIDDEN => "not allowed".into(),
        s => s
            .canonical_reason()
            .unwrap_or("the request could not be used")
            .to_lowercase(),
    }
}

/// The middleware, on the whole router (it reads the request's full path).
pub async fn layer(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let r = next.run(req).await;
    let status = r.status();
    if !api || !(status.is_client_error() || status.is_server_error()) || is_json(&r) {
        return r;
    }
    let text = is_text(&r);
    let (mut parts, body) = r.into_parts();
    let message = if text {
        to_bytes(body, MAX_MESSAGE)
            .await
            .ok()
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .filter(|m| !m.is_empty())
    } else {
        None
    }
    .unwrap_or_else(|| default_message(status));
    let body = serde_json::to_vec(&ErrorBody {
        error: message,
        field: None,
    })
    .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}
