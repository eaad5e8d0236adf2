//! Static assets, embedded in the binary and served under versioned URLs with
//! a year's immutable cache, so nothing is fetched from the internet at run time.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// htmx, from the npm registry (pinned in `web/package-lock.json`).
const HTMX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js"));
/// capa's stylesheet.
const CSS: &[u8] = include_bytes!("../assets/capa.css");
/// capa's own script: keyboard movement in the job-plan grid.
const JS: &[u8] = include_bytes!("../assets/capa.js");

/// The version segment of asset URLs; a new build gets new URLs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// URL of the stylesheet.
pub fn css_url() -> String {
    format!("/assets/{VERSION}/capa.css")
}

/// URL of htmx.
pub fn htmx_url() -> String {
    format!("/assets/{VERSION}/htmx.min.js")
}

/// URL of capa's script.
pub fn js_url() -> String {
    format!("/assets/{VERSION}/capa.js")
}

/// `GET /assets/{version}/{name}`.
pub async fn serve(Path((version, name)): Path<(String, String)>) -> Response {
    if version != VERSION {
        return StatusCode::NOT_FOUND.into_response();
    }
    let (body, kind) = match name.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "capa.js" => (JS, "text/javascript; charset=utf-8"),
        "capa.css" => (CSS, "text/css; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}
