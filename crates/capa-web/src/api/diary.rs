//! The diaries over the API: Partnership offers (`/api/v1/offers`) and Choice
//! slots (`/api/v1/choice-slots`): list, book (409 with the next offers when
//! just taken), record the outcome.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::Quarter;
use capa_core::diary::AppointmentState;
use capa_store::{
    Appointment, AppointmentId, AppointmentKind, AppointmentQuery, StoreError, TeamId,
};
use serde::Deserialize;

use super::schema::{AppointmentBody, BookBody, BookedBody, JustTakenBody, NextOffer, OutcomeBody};
use crate::AppState;
use crate::auth::{Access, CurrentUser, Permission};
use crate::diary as steps;
use crate::error::{ApiError, ApiResult, AppError, ErrorBody};
use crate::routes::Routes;

/// The diary routes, relative to `/api/v1`.
pub fn routes() -> Routes {
    Routes::new()
        .get("/offers", list_offers)
        .post("/offers/{id}/book", book_offer)
        .post("/offers/{id}/outcome", offer_outcome)
        .get("/choice-slots", list_slots)
        .post("/choice-slots/{id}/book", book_slot)
        .post("/choice-slots/{id}/outcome", slot_outcome)
}

/// Which diary a route serves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Diary {
    Partnership,
    Choice,
}

impl Diary {
    pub(super) fn holds(self, kind: AppointmentKind) -> bool {
        (self == Diary::Choice) == (kind == AppointmentKind::Choice)
    }
}

/// `?state=vacant&quarter=2026Q3&team=1&clinician=TR`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// vacant, booked, attended, dna, cancelled_by_family or cancelled_by_service.
    state: Option<String>,
    /// The quarter (`2026Q3`).
    quarter: Option<String>,
    /// One team (all the user's when absent).
    team: Option<i64>,
    /// One clinician, by initials.
    clinician: Option<String>,
}

async fn teams_of(
    state: &AppState,
    user: &CurrentUser,
    only: Option<i64>,
) -> Result<Vec<TeamId>, AppError> {
    if let Some(t) = only {
        Access::of(&state.store, user, TeamId(t)).await?;
        return Ok(vec![TeamId(t)]);
    }
    Ok(Access::visible_teams(&state.store, user)
        .await?
        .into_iter()
        .map(|(t, _)| t.id)
        .collect())
}

async fn list(
    state: AppState,
    user: CurrentUser,
    q: ListQuery,
    which: Diary,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    let states = match q.state.as_deref() {
        Some(s) => vec![AppointmentState::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!("unknown state '{s}'; expected vacant, booked, attended, dna, cancelled_by_family or cancelled_by_service"))
        })?],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for team in teams_of(&state, &user, q.team).await? {
        // Only what the filters need: the team's year for a quarter, one
        // clinician's id for initials (not the whole team).
        let quarter = match q.quarter.as_deref() {
            Some(text) => {
                let year_start = state.store.team_settings(team).await?.year_start_month;
                Some(
                    Quarter::parse(text, year_start)
                        .map_err(|e| AppError::BadRequest(e.to_string()))?,
                )
            }
            None => None,
        };
        let clinician = match q.clinician.as_deref() {
            Some(ini) => {
                let wanted = capa_core::Initials::parse(ini)
                    .map_err(|e| AppError::BadRequest(e.to_string()))?;
                match state.store.find_clinician(team, &wanted).await? {
                    Some(id) => Some(id),
                    // No such clinician in this team: none of its offers.
                    None => continue,
                }
            }
            None => None,
        };
        let rows = state
            .store
            .appointments(
                team,
                &AppointmentQuery {
                    quarter,
                    states: states.clone(),
                    clinician,
                    ..AppointmentQuery::default()
                },
            )
            .await?;
        out.extend(
            rows.iter()
                .filter(|a| which.holds(a.kind))
                .map(AppointmentBody::from),
        );
    }
    Ok(Json(out))
}

/// `GET /api/v1/offers`.
#[utoipa::path(get, path = "/api/v1/offers", tag = "diary", params(ListQuery),
    responses((status = 200, description = "Partnership offers (Core and Specific) of the user's teams", body = Vec<AppointmentBody>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 422, description = "An unknown state or quarter", body = ErrorBody)))]
pub async fn list_offers(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    list(state, user, q, Diary::Partnership).await
}

/// `GET /api/v1/choice-slots`.
#[utoipa::path(get, path = "/api/v1/choice-slots", tag = "diary", params(ListQuery),
    responses((status = 200, description = "Choice slots of the user's teams", body = Vec<AppointmentBody>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such team, or not a member", body = ErrorBody),
        (status = 422, description = "An unknown state or quarter", body = ErrorBody)))]
pub async fn list_slots(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<AppointmentBody>>> {
    list(state, user, q, Diary::Choice).await
}

/// An appointment of a diary the user may act in: members see it; those who
/// may not book are refused.
async fn actionable(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    which: Diary,
) -> Result<Appointment, AppError> {
    let (a, access) = visible(state, user, id, which).await?;
    access.require(Permission::Book)?;
    Ok(a)
}

/// An appointment of a diary of one of the user's teams, with the user's
/// access to that team (a 404 for any other).
pub(super) async fn visible(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    which: Diary,
) -> Result<(Appointment, Access), AppError> {
    let missing = || {
        AppError::NotFound(format!(
            "no such {}",
            if which == Diary::Choice {
                "Choice slot"
            } else {
                "offer"
            }
        ))
    };
    let a = match state.store.appointment(AppointmentId(id)).await {
        Ok(a) => a,
        Err(StoreError::NotFound(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    if !which.holds(a.kind) {
        return Err(missing());
    }
    let access = Access::of(&state.store, user, a.team_id)
        .await
        .map_err(|_| missing())?;
    Ok((a, access))
}

/// How many vacant offers a "just taken" answer suggests.
const NEXT_OFFERS: u32 = 5;

/// A booking over the API: the appointment and the user's access to its
/// team (two indexed reads), then one write transaction (compare-and-swap,
/// client, booking, audit); nothing that grows with the team. "Just taken"
/// answers 409 with the diary's next vacant offers from one indexed read.
async fn book(
    state: AppState,
    user: CurrentUser,
    id: i64,
    body: BookBody,
    which: Diary,
) -> ApiResult<Response> {
    let a = actionable(&state, &user, id, which).await?;
    let request = steps::BookRequest {
        client: &body.client,
        choice: body.choice_appointment.map(AppointmentId),
        skills_searched: body.skills_searched,
        another_stream: body.another_stream_reason.as_deref(),
    };
    match steps::book_appointment(&state.store, user.actor(), a.team_id, &a, &request).await {
        Ok(booking) => {
            let now = state.store.appointment(a.id).await?;
            Ok(Json(BookedBody {
                booking: booking.id.0,
                offer: (&now).into(),
                client: body.client.trim().to_uppercase(),
                choice_appointment: booking.choice_appointment_id.map(|c| c.0),
                booked_at: booking.booked_at,
            })
            .into_response())
        }
        Err(e @ AppError::JustTaken(_)) => {
            let next = state
                .store
                .next_vacant(a.team_id, a.kind, state.clock.now(), NEXT_OFFERS)
                .await?
                .iter()
                .map(|o| NextOffer {
                    id: o.id.0,
                    clinician: o.clinician_initials.clone(),
                    label: o.label.clone(),
                    starts_at: o.starts_at,
                    state: o.state.id().into(),
                })
                .collect();
            Ok((
                StatusCode::CONFLICT,
                Json(JustTakenBody {
                    error: format!("{e}; here are the next ones"),
                    next_offers: next,
                }),
            )
                .into_response())
        }
        Err(e) => Err(ApiError(e)),
    }
}

/// `POST /api/v1/offers/{id}/book`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/book", tag = "diary",
    params(("id" = i64, Path, description = "Offer id")), request_body = BookBody,
    responses((status = 200, description = "Booked", body = BookedBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A viewer cannot book", body = ErrorBody),
        (status = 404, description = "No such offer of the user's teams", body = ErrorBody),
        (status = 409, description = "Just taken by another booking: the next offers", body = JustTakenBody),
        (status = 422, description = "Not a valid NHI or local reference; a family that already holds a first Partnership appointment (named), unless another_stream_reason is given", body = ErrorBody)))]
pub async fn book_offer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<BookBody>,
) -> ApiResult<Response> {
    book(state, user, id, body, Diary::Partnership).await
}

/// `POST /api/v1/choice-slots/{id}/book`.
#[utoipa::path(post, path = "/api/v1/choice-slots/{id}/book", tag = "diary",
    params(("id" = i64, Path, description = "Choice slot id")), request_body = BookBody,
    responses((status = 200, description = "Booked", body = BookedBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A viewer cannot book", body = ErrorBody),
        (status = 404, description = "No such Choice slot of the user's teams", body = ErrorBody),
        (status = 409, description = "Just taken by another booking: the next slots", body = JustTakenBody),
        (status = 422, description = "Not a valid NHI or local reference", body = ErrorBody)))]
pub async fn book_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<BookBody>,
) -> ApiResult<Response> {
    book(state, user, id, body, Diary::Choice).await
}

async fn outcome(
    state: AppState,
    user: CurrentUser,
    id: i64,
    body: OutcomeBody,
    which: Diary,
) -> ApiResult<Json<AppointmentBody>> {
    let a = actionable(&state, &user, id, which).await?;
    let outcome = steps::outcome_of(&body.outcome, "outcome")?;
    let zone = state.store.team_settings(a.team_id).await?.time_zone;
    let after = steps::record_outcome(
        &state.store,
        user.actor(),
        zone,
        &a,
        outcome,
        state.clock.now(),
    )
    .await?;
    Ok(Json((&after).into()))
}

/// `POST /api/v1/offers/{id}/outcome`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/outcome", tag = "diary",
    params(("id" = i64, Path, description = "Offer id")), request_body = OutcomeBody,
    responses((status = 200, description = "The offer with its outcome", body = AppointmentBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A viewer cannot record outcomes", body = ErrorBody),
        (status = 404, description = "No such offer of the user's teams", body = ErrorBody),
        (status = 409, description = "Only a booked appointment has an outcome", body = ErrorBody),
        (status = 422, description = "An unknown outcome, or an appointment that has not started yet (field: outcome)", body = ErrorBody)))]
pub async fn offer_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<OutcomeBody>,
) -> ApiResult<Json<AppointmentBody>> {
    outcome(state, user, id, body, Diary::Partnership).await
}

/// `POST /api/v1/choice-slots/{id}/outcome`.
#[utoipa::path(post, path = "/api/v1/choice-slots/{id}/outcome", tag = "diary",
    params(("id" = i64, Path, description = "Choice slot id")), request_body = OutcomeBody,
    responses((status = 200, description = "The slot with its outcome", body = AppointmentBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A viewer cannot record outcomes", body = ErrorBody),
        (status = 404, description = "No such Choice slot of the user's teams", body = ErrorBody),
        (status = 409, description = "Only a booked appointment has an outcome", body = ErrorBody),
        (status = 422, description = "An unknown outcome, or an appointment that has not started yet (field: outcome)", body = ErrorBody)))]
pub async fn slot_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<OutcomeBody>,
) -> ApiResult<Json<AppointmentBody>> {
    outcome(state, user, id, body, Diary::Choice).await
}
