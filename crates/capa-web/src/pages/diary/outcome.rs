//! What happened at an appointment (attended, did not attend, cancelled), and
//! re-offering a missed or cancelled first appointment.

use axum::extract::{Path, State};
use capa_core::Quarter;
use capa_core::diary::Outcome;
use serde::Deserialize;

use super::{AppointmentPath, monday_of, own_appointment};
use crate::AppState;
use crate::auth::{Empty, Form, Permission, TeamContext};
use crate::diary as steps;
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::format::state_words;

/// The routes of outcomes and re-offers.
pub fn routes() -> Routes {
    Routes::new()
        .post(path::APPOINTMENT_OUTCOME, outcome)
        .post(path::APPOINTMENT_REOFFER, reoffer)
}

/// The outcome form.
#[derive(Deserialize)]
struct OutcomeForm {
    outcome: String,
}

/// `POST /teams/{team}/diary/appointments/{id}/outcome`.
async fn outcome(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(form): Form<OutcomeForm>,
) -> PageResult<Done> {
    ctx.access.require(Permission::Book)?;
    let a = own_appointment(&state, &ctx, p.id).await?;
    let o = Outcome::parse(&form.outcome)
        .ok_or_else(|| AppError::BadRequest(format!("unknown outcome '{}'", form.outcome)))?;
    let after = state
        .store
        .record_outcome(ctx.user.actor(), a.id, o)
        .await?;
    let week = monday_of(ctx.zone().local(a.starts_at).date());
    let mut text = format!("Recorded: {} {}.", a.label, state_words(after.state).0);
    if after.needs_reoffer() {
        text.push_str(" Re-offer it so the quarter's number does not shrink.");
    }
    Ok(Done::to(
        format!("{}#appointment-{}", ctx.urls.diary_week(week), p.id),
        text,
    ))
}

/// `POST /teams/{team}/diary/appointments/{id}/reoffer`: publishes a replacement
/// in the clinician's next free session.
async fn reoffer(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    ctx.access.require(Permission::Book)?;
    let a = own_appointment(&state, &ctx, p.id).await?;
    if !a.needs_reoffer() {
        return Err(AppError::Conflict(format!(
            "{} does not need a re-offer",
            a.label
        )));
    }
    let new = steps::reoffer(&state.store, ctx.user.actor(), &ctx.stored, &a, ctx.now).await?;
    let quarter = Quarter::containing(
        ctx.zone().local(a.starts_at).date(),
        ctx.team().settings.year_start_month,
    );
    let at = ctx.zone().local(new.starts_at);
    Ok(Done::to(
        ctx.urls.sheet(Some(quarter)),
        format!(
            "Re-offered {} as {} on {}.",
            a.label,
            new.label,
            at.format("%d/%m/%Y at %H:%M")
        ),
    ))
}
