//! The capa web application: a team's shared workspace for job plans and
//! capacity, server-rendered with htmx for in-place updates, and a JSON API
//! under `/api/v1`.
//!
//! A page: request -> [`auth::CurrentUser`] -> [`auth::Access`] (role in the
//! team) -> store query -> `capa_core` computation -> askama view. A change:
//! form or JSON -> core type -> permission check -> one store transaction that
//! writes its audit record -> redirect or fragment.

pub mod api;
pub mod assets;
pub mod auth;
pub mod demo;
pub mod diary;
pub mod error;
pub mod login;
pub mod pages;
pub mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use capa_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark session cookies `Secure` (set when capa is served over TLS).
    pub secure_cookies: bool,
    /// Hours a browser session lasts.
    pub session_hours: i64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Server settings.
    pub config: Arc<Config>,
    /// A password hash checked when a username is unknown, so that the time a
    /// failed login takes does not reveal which accounts exist.
    pub dummy_hash: String,
}

impl AppState {
    /// State over a store. Hashing the dummy password takes a moment (Argon2id).
    pub async fn new(store: Store, config: Config) -> Self {
        let dummy_hash = tokio::task::spawn_blocking(|| {
            password_auth::generate_hash("capa: not a password of anyone")
        })
        .await
        .unwrap_or_default();
        Self {
            store,
            config: Arc::new(config),
            dummy_hash,
        }
    }
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    let team = Router::new()
        .route("/", get(pages::plan::team_plan))
        .route("/year", get(pages::plan::year))
        .route("/diary", get(pages::diary::week))
        .route("/diary/sheet", get(pages::diary::sheet_page))
        .route(
            "/diary/publish",
            get(pages::diary::publish_page).post(pages::diary::publish),
        )
        .route("/diary/book", get(pages::diary::book_page))
        .route("/diary/appointments/{id}/book", post(pages::diary::book))
        .route(
            "/diary/appointments/{id}/outcome",
            post(pages::diary::outcome),
        )
        .route(
            "/diary/appointments/{id}/reoffer",
            post(pages::diary::reoffer),
        )
        .route("/diary/choice", get(pages::diary_more::choice))
        .route(
            "/diary/choice/{id}/book",
            post(pages::diary_more::book_choice),
        )
        .route(
            "/diary/managed",
            get(pages::diary_more::managed).post(pages::diary_more::add_managed),
        )
        .route(
            "/diary/managed/{id}/resolve",
            post(pages::diary_more::resolve_managed),
        )
        .route("/diary/absences", get(pages::diary_more::absences))
        .route(
            "/diary/absences/holidays",
            post(pages::diary_more::add_holiday),
        )
        .route(
            "/diary/absences/holidays/{id}/remove",
            post(pages::diary_more::remove_holiday),
        )
        .route("/diary/absences/leave", post(pages::diary_more::add_leave))
        .route(
            "/diary/absences/leave/{id}/remove",
            post(pages::diary_more::remove_leave),
        )
        .route(
            "/diary/calendar",
            get(pages::diary_more::calendar).post(pages::diary_more::create_calendar),
        )
        .route(
            "/diary/calendar/{feed}/revoke",
            post(pages::diary_more::revoke_calendar),
        )
        .route("/diary/plot", get(pages::diary_more::quarter_plot))
        .route(
            "/clinicians",
            get(pages::clinicians::list).post(pages::clinicians::add),
        )
        .route(
            "/clinicians/{initials}",
            get(pages::clinicians::edit_page).post(pages::clinicians::update),
        )
        .route("/clinicians/{initials}/plan", get(pages::editor::page))
        .route(
            "/clinicians/{initials}/plan/{version}/cells/{row}/{day}",
            post(pages::editor::set_cell),
        )
        .route(
            "/clinicians/{initials}/plan/versions",
            post(pages::editor::new_version),
        )
        .route(
            "/clinicians/{initials}/plan/{version}/print",
            get(pages::editor::print),
        )
        .route(
            "/settings",
            get(pages::settings::page).post(pages::settings::save),
        )
        .route("/skills", get(pages::skills::page))
        .route("/audit", get(pages::audit::page))
        .route(
            "/members",
            get(pages::members::page).post(pages::members::save),
        )
        .route("/members/{user}/remove", post(pages::members::remove))
        .route("/files", get(pages::files::page))
        .route("/files/team.toml", get(pages::files::export_toml))
        .route("/files/team-job-plan.xlsx", get(pages::files::export_xlsx))
        .route("/files/import", post(pages::files::import));
    Router::new()
        .route("/", get(pages::home::home))
        .route("/teams", post(pages::home::create_team))
        .route("/method", get(pages::home::method))
        .route("/account", get(pages::account::page))
        .route("/account/tokens", post(pages::account::create_token))
        .route("/account/tokens/{id}/revoke", post(pages::account::revoke_token))
        .route("/admin/users", get(pages::users::page).post(pages::users::create))
        .route("/admin/users/{id}/teams", post(pages::users::set_role))
        .route("/admin/users/{id}/teams/{team}/remove", post(pages::users::remove_role))
        .route("/admin/users/{id}/{action}", post(pages::users::set_disabled))
        .route("/calendar/{file}", get(pages::diary_more::feed))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/assets/{version}/{name}", get(assets::serve))
        .route("/teams/{team}/", get(|axum::extract::Path(team): axum::extract::Path<i64>| async move { axum::response::Redirect::permanent(&format!("/teams/{team}")) }))
        .nest("/teams/{team}", team)
        .nest("/api/v1", api::router())
        .fallback(pages::home::not_found)
        .layer(SetResponseHeaderLayer::overriding(header::VARY, HeaderValue::from_static("HX-Request, Cookie")))
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
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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
