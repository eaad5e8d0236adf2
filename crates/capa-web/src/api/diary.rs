//! The diaries over the API: Partnership offers (`/api/v1/offers`) and Choice
//! slots (`/api/v1/choice-slots`): list, book (409 with the next offers when
//! just taken), record the outcome.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get, routing::post};
use capa_core::Quarter;
use capa_core::diary::{AppointmentState, Outcome};
use capa_store::{
    Appointment, AppointmentId, AppointmentKind, AppointmentQuery, Role, StoreError, TeamId,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{Access, CurrentUser};
use crate::diary;
use crate::error::{ApiError, ApiResult, AppError};

/// The diary routes, nested under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offers", get(list_offers))
        .route("/offers/{id}/book", post(book_offer))
        .route("/offers/{id}/outcome", post(offer_outcome))
        .route("/choice-slots", get(list_slots))
        .route("/choice-slots/{id}/book", post(book_slot))
        .route("/choice-slots/{id}/outcome", post(slot_outcome))
}

/// Which diary a route serves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Diary {
    Partnership,
    Choice,
}

impl Diary {
    fn holds(self, kind: AppointmentKind) -> bool {
        (self == Diary::Choice) == (kind == AppointmentKind::Choice)
    }
}

/// An appointment as the API shows it. The client appears as its reference
/// (an NHI or the team's local reference) only to members of the team.
pub fn appointment_json(a: &Appointment) -> Value {
    json!({
        "id": a.id,
        "team": a.team_id,
        "clinician": a.clinician_initials,
        "label": a.label,
        "kind": a.kind.id(),
        "stream": a.stream_name,
        "quarter": a.quarter,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "location": a.location,
        "state": a.state.id(),
        "client": a.client.as_ref().map(|c| c.reference.clone()),
        "choice_appointment": a.choice_appointment_id,
        "replaces": a.replaces_id,
        "reoffered_by": a.reoffered_by,
    })
}

/// `?state=vacant&quarter=2026Q3&team=1`.
#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    quarter: Option<String>,
    team: Option<i64>,
    clinician: Option<String>,
}

async fn teams_of(
    state: &AppState,
    user: &CurrentUser,
    only: Option<i64>,
) -> Result<Vec<TeamId>, AppError> {
    if let Some(t) = only {
        Access::of(state, user, TeamId(t)).await?;
        return Ok(vec![TeamId(t)]);
    }
    Ok(if user.user.is_admin {
        state
            .store
            .teams()
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect()
    } else {
        state
            .store
            .memberships(user.user.id)
            .await?
            .into_iter()
            .map(|m| m.team_id)
            .collect()
    })
}

async fn list(
    state: AppState,
    user: CurrentUser,
    q: ListQuery,
    which: Diary,
) -> ApiResult<Json<Value>> {
    let states = match q.state.as_deref() {
        Some(s) => vec![AppointmentState::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!("unknown state '{s}'; expected vacant, booked, attended, dna, cancelled_by_family or cancelled_by_service"))
        })?],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for team in teams_of(&state, &user, q.team).await? {
        let stored = state.store.load_stored_team(team).await?;
        let quarter = match q.quarter.as_deref() {
            Some(text) => Some(
                Quarter::parse(text, stored.team.settings.year_start_month)
                    .map_err(|e| AppError::BadRequest(e.to_string()))?,
            ),
            None => None,
        };
        let clinician = match q.clinician.as_deref() {
            Some(ini) => {
                let wanted = capa_core::Initials::parse(ini)
                    .map_err(|e| AppError::BadRequest(e.to_string()))?;
                stored
                    .team
                    .clinicians
                    .iter()
                    .position(|c| c.initials == wanted)
                    .map(|i| stored.clinician_ids[i])
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
                .map(appointment_json),
        );
    }
    Ok(Json(Value::Array(out)))
}

async fn list_offers(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    list(state, user, q, Diary::Partnership).await
}

async fn list_slots(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    list(state, user, q, Diary::Choice).await
}

/// An appointment of a diary the user may act in: members see it; viewers
/// may not change it.
async fn actionable(
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
    let access = Access::of(state, user, a.team_id)
        .await
        .map_err(|_| missing())?;
    if access.role == Some(Role::Viewer) && !access.admin {
        return Err(AppError::Forbidden(
            "a viewer cannot book or record outcomes".into(),
        ));
    }
    Ok((a, access))
}

/// Body of a booking.
#[derive(Deserialize)]
struct BookBody {
    client: String,
    choice_appointment: Option<i64>,
}

async fn book(
    state: AppState,
    user: CurrentUser,
    id: i64,
    body: BookBody,
    which: Diary,
) -> ApiResult<Response> {
    let (a, _) = actionable(&state, &user, id, which).await?;
    let stored = state.store.load_stored_team(a.team_id).await?;
    match diary::book(
        &state.store,
        user.actor(),
        &stored,
        a.id,
        &body.client,
        body.choice_appointment.map(AppointmentId),
    )
    .await
    {
        Ok(booking) => {
            let now = state.store.appointment(a.id).await?;
            Ok(Json(json!({
                "booking": booking.id,
                "offer": appointment_json(&now),
                "client": body.client.trim().to_uppercase(),
                "choice_appointment": booking.choice_appointment_id,
                "booked_at": booking.booked_at,
            }))
            .into_response())
        }
        Err(AppError::Conflict(_)) => {
            let next = diary::next_offers(&state.store, &stored, a.kind, 5).await?;
            let next: Vec<Value> = next
                .iter()
                .map(|o| json!({ "id": o.id, "clinician": o.clinician, "label": o.label, "starts_at": diary::utc(diary::zone(&stored.team), o.starts_at), "state": o.state.id() }))
                .collect();
            Ok((
                StatusCode::CONFLICT,
                Json(json!({ "error": format!("{} was just taken by another booking; here are the next ones", a.label), "next_offers": next })),
            )
                .into_response())
        }
        Err(e) => Err(ApiError(e)),
    }
}

async fn book_offer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<BookBody>,
) -> ApiResult<Response> {
    book(state, user, id, body, Diary::Partnership).await
}

async fn book_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<BookBody>,
) -> ApiResult<Response> {
    book(state, user, id, body, Diary::Choice).await
}

/// Body of an outcome.
#[derive(Deserialize)]
struct OutcomeBody {
    outcome: String,
}

async fn outcome(
    state: AppState,
    user: CurrentUser,
    id: i64,
    body: OutcomeBody,
    which: Diary,
) -> ApiResult<Json<Value>> {
    let (a, _) = actionable(&state, &user, id, which).await?;
    let outcome = Outcome::parse(&body.outcome).ok_or_else(|| {
        AppError::BadRequest(format!("unknown outcome '{}'; expected attended, dna, cancelled_by_family or cancelled_by_service", body.outcome))
    })?;
    let after = state
        .store
        .record_outcome(user.actor(), a.id, outcome)
        .await?;
    Ok(Json(appointment_json(&after)))
}

async fn offer_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<OutcomeBody>,
) -> ApiResult<Json<Value>> {
    outcome(state, user, id, body, Diary::Partnership).await
}

async fn slot_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<OutcomeBody>,
) -> ApiResult<Json<Value>> {
    outcome(state, user, id, body, Diary::Choice).await
}
