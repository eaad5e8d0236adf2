//! Correcting a wrong outcome over the API: `POST /api/v1/offers/{id}/correct`
//! and `POST /api/v1/choice-slots/{id}/correct`, by the clinician of the
//! appointment or a lead, with a reason (audited).

use axum::Json;
use axum::extract::{Path, State};

use super::diary::{Diary, visible};
use super::schema::{CorrectedBody, CorrectionBody};
use crate::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::diary as steps;
use crate::error::{ApiResult, ErrorBody};
use crate::routes::Routes;

/// The correction routes, relative to `/api/v1`.
pub fn routes() -> Routes {
    Routes::new()
        .post("/offers/{id}/correct", correct_offer)
        .post("/choice-slots/{id}/correct", correct_slot)
}

async fn correct(
    state: AppState,
    user: CurrentUser,
    id: i64,
    body: CorrectionBody,
    which: Diary,
) -> ApiResult<Json<CorrectedBody>> {
    let (a, access) = visible(&state, &user, id, which).await?;
    access.require(Permission::CorrectFor(a.clinician_id))?;
    let outcome = steps::outcome_of(&body.outcome, "outcome")?;
    let (after, correction) =
        steps::correct_outcome(&state.store, user.actor(), &a, outcome, &body.reason).await?;
    Ok(Json(CorrectedBody {
        offer: (&after).into(),
        from: correction.from.id().into(),
        to: correction.to.id().into(),
        reoffer_withdrawn: correction.withdraws_reoffer,
        kept_offer: a
            .reoffered_by
            .filter(|_| correction.withdraws_reoffer)
            .map(|i| i.0),
        needs_reoffer: correction.needs_reoffer,
    }))
}

/// `POST /api/v1/offers/{id}/correct`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/correct", tag = "diary",
    params(("id" = i64, Path, description = "Offer id")), request_body = CorrectionBody,
    responses((status = 200, description = "The outcome corrected; a DNA's re-offer task withdrawn", body = CorrectedBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only the clinician of the appointment or a lead corrects it", body = ErrorBody),
        (status = 404, description = "No such offer of the user's teams", body = ErrorBody),
        (status = 409, description = "The appointment has no outcome yet", body = ErrorBody),
        (status = 422, description = "An unknown or unchanged outcome (field: outcome), no reason or one too long (field: reason)", body = ErrorBody)))]
pub async fn correct_offer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CorrectionBody>,
) -> ApiResult<Json<CorrectedBody>> {
    correct(state, user, id, body, Diary::Partnership).await
}

/// `POST /api/v1/choice-slots/{id}/correct`.
#[utoipa::path(post, path = "/api/v1/choice-slots/{id}/correct", tag = "diary",
    params(("id" = i64, Path, description = "Choice slot id")), request_body = CorrectionBody,
    responses((status = 200, description = "The outcome corrected", body = CorrectedBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only the clinician of the appointment or a lead corrects it", body = ErrorBody),
        (status = 404, description = "No such Choice slot of the user's teams", body = ErrorBody),
        (status = 409, description = "The appointment has no outcome yet", body = ErrorBody),
        (status = 422, description = "An unknown or unchanged outcome (field: outcome), no reason or one too long (field: reason)", body = ErrorBody)))]
pub async fn correct_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CorrectionBody>,
) -> ApiResult<Json<CorrectedBody>> {
    correct(state, user, id, body, Diary::Choice).await
}
