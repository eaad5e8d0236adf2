//! The capa web application: a team's shared workspace for job plans,
//! capacity and the diaries, server-rendered with htmx for in-place updates,
//! and a JSON API under `/api/v1`.
//!
//! A page: request -> [`auth::TeamContext`] (the user, their [`auth::Access`]
//! to the team, the team, the clock) -> store query -> `capa_core` computation
//! -> an askama view (the full page, or the fragment htmx asked for). A
//! change: form ([`auth::Form`] checks its CSRF token) or JSON -> core type ->
//! permission check -> one store transaction that writes its audit record ->
//! a redirect with a message ([`flash::Done`]) or a fragment.
//!
//! Every route is registered in a [`routes::Routes`] table, one `routes()` per
//! feature, merged here; [`route_table`] lists them for the tests that check
//! every route's permissions and the OpenAPI document against the router.

pub mod api;
pub mod assessment;
pub mod assets;
pub mod auth;
pub mod clock;
pub mod demand;
pub mod demo;
pub mod diary;
pub mod error;
pub mod flash;
pub mod forecast;
pub mod forms;
pub mod headers;
pub mod login;
pub mod monitor;
pub mod pages;
pub mod password;
pub mod routes;
pub mod state;
pub mod urls;
pub mod views;

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use clock::Clock;
pub use routes::{Method, RouteInfo, Routes};
pub use state::{AppState, Config};

/// Every route of the application.
pub fn routes() -> Routes {
    Routes::new()
        .merge(pages::routes())
        .merge(login::routes())
        .get(urls::path::ASSET, assets::serve)
        .nest(urls::path::TEAM, pages::team_routes())
        .nest("/api/v1", api::routes())
}

/// Every route's method and path pattern, as the router serves them.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table().to_vec()
}

/// The application's router.
pub fn router(state: AppState) -> Router {
    let api_fallback = Router::new().fallback(api::no_route);
    routes()
        .into_router()
        .nest("/api/v1", api_fallback)
        .fallback(pages::home::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), flash::layer))
        .layer(axum::middleware::from_fn(api::rejections::layer))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::layer,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::VARY,
            HeaderValue::from_static("HX-Request, Cookie"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// A request's log span: its method and the route's pattern, never the URI
/// itself, whose path and query can carry a calendar feed's token or an
/// identifier (so no log line at any level names them).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", axum::extract::MatchedPath::as_str);
    tracing::debug_span!("request", method = %req.method(), route)
}

/// Serves the application on a bound listener until `shutdown` completes;
/// requests in flight are finished first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
