//! Headers every answer carries that depend on the request: nothing but the
//! static assets may be cached (pages, the API and exports hold health and
//! planning data, and a shared computer's browser cache must not keep them),
//! and HSTS once capa is served over TLS.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// A year, and subdomains left alone (capa does not own its host's domain).
const HSTS: &str = "max-age=31536000";

/// Whether the request reached capa over HTTPS: the server is told so
/// (`--secure-cookies`), or the TLS-terminating proxy says so.
pub fn over_tls(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https")
}

/// The middleware: `Cache-Control: no-store` on everything but the assets
/// (which set their own immutable caching), `Strict-Transport-Security` over TLS.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let tls = over_tls(&state, req.headers());
    let asset = req.uri().path().starts_with("/assets/");
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    if !(asset && h.contains_key(header::CACHE_CONTROL)) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    r
}
