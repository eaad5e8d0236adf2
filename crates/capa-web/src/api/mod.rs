//! The JSON API under `/api/v1`: the same data and rules as the pages, with
//! typed request and response bodies ([`schema`]) and an OpenAPI document
//! generated from them ([`ApiDoc`], served at `/api/v1/openapi.json`). A test
//! checks every routed API path is documented and every documented path routed.
//!
//! Clients sign in with `POST /api/v1/session` and then send the cookie, or
//! send a personal token as `Authorization: Bearer capa_...`.

pub mod account;
pub mod assessments;
pub mod capacity;
pub mod corrections;
pub mod demand;
pub mod diary;
pub mod forecast;
pub mod monitor;
pub mod plans;
pub mod rejections;
pub mod schema;
pub mod teams;

use axum::Json;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::error::{ApiError, AppError, ErrorBody};
use crate::routes::Routes;

/// The API's routes, relative to `/api/v1`.
pub fn routes() -> Routes {
    Routes::new()
        .post("/session", crate::login::api_login)
        .delete("/session", crate::login::api_logout)
        .get("/openapi.json", openapi)
        .merge(account::routes())
        .merge(teams::routes())
        .merge(plans::routes())
        .merge(capacity::routes())
        .merge(diary::routes())
        .merge(assessments::routes())
        .merge(demand::routes())
        .merge(corrections::routes())
        .merge(forecast::routes())
        .merge(monitor::routes())
}

/// The answer to an API path that does not exist.
pub async fn no_route() -> ApiError {
    ApiError(AppError::NotFound(
        "no such API route; see /api/v1/openapi.json".into(),
    ))
}

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("capa_session"))),
        );
        c.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document, generated from the handlers and their body types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "capa API",
        version = "1",
        description = "Demand and capacity planning for CAPA teams: teams, clinicians, job plans, capacity and the diaries. Sign in with POST /api/v1/session and send the session cookie (JSON requests need no CSRF token), or send a personal token created on the account page as `Authorization: Bearer capa_...`. Every figure in a capacity report has an `explain` text with its formula and working."
    ),
    security(("session" = []), ("token" = [])),
    modifiers(&Security),
    paths(
        crate::login::api_login,
        crate::login::api_logout,
        account::change_password,
        openapi,
        teams::teams,
        teams::team,
        teams::settings,
        teams::clinicians,
        teams::add_clinician,
        teams::clinician,
        plans::job_plans,
        plans::new_job_plan,
        plans::job_plan,
        plans::set_cell,
        capacity::quarter,
        capacity::year,
        diary::list_offers,
        diary::book_offer,
        diary::offer_outcome,
        diary::list_slots,
        diary::book_slot,
        diary::slot_outcome,
        demand::upload,
        demand::list,
        demand::one,
        demand::apply,
        corrections::correct_offer,
        corrections::correct_slot,
        forecast::run,
        monitor::monitor,
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "This document")))]
pub async fn openapi() -> impl IntoResponse {
    let mut doc = ApiDoc::openapi();
    doc.merge(assessments::AssessmentApi::openapi());
    Json(doc)
}
