//! What happened at an appointment (attended, did not attend, cancelled),
//! recorded once it has started; correcting a wrong outcome with a reason;
//! and re-offering a missed or cancelled first appointment.

use axum::extract::{Path, State};
use capa_core::Quarter;
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

/// The routes of outcomes, corrections and re-offers.
pub fn routes() -> Routes {
    Routes::new()
        .post(path::APPOINTMENT_OUTCOME, outcome)
        .post(path::APPOINTMENT_CORRECT, correct)
        .post(path::APPOINTMENT_REOFFER, reoffer)
}

/// The outcome form.
#[derive(Deserialize)]
struct OutcomeForm {
    outcome: String,
}

/// `POST /teams/{team}/diary/appointments/{id}/outcome`: only once the
/// appointment has started (422 naming `outcome` before).
async fn outcome(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(form): Form<OutcomeForm>,
) -> PageResult<Done> {
    ctx.access.require(Permission::Book)?;
    let a = own_appointment(&state, &ctx, p.id).await?;
    let o = steps::outcome_of(&form.outcome, "outcome")?;
    let after =
        steps::record_outcome(&state.store, ctx.user.actor(), ctx.zone(), &a, o, ctx.now).await?;
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

/// The correction form.
#[derive(Deserialize)]
struct CorrectForm {
    outcome: String,
    #[serde(default)]
    reason: String,
}

/// `POST /teams/{team}/diary/appointments/{id}/correct`: the clinician of the
/// appointment or a lead corrects a wrong outcome, with a reason (audited).
/// Correcting a DNA withdraws its re-offer task; a re-offer already
/// published stays as an ordinary offer.
async fn correct(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(form): Form<CorrectForm>,
) -> PageResult<Done> {
    let a = own_appointment(&state, &ctx, p.id).await?;
    ctx.access.require(Permission::CorrectFor(a.clinician_id))?;
    let o = steps::outcome_of(&form.outcome, "outcome")?;
    let (after, correction) =
        steps::correct_outcome(&state.store, ctx.user.actor(), &a, o, &form.reason).await?;
    let week = monday_of(ctx.zone().local(a.starts_at).date());
    let mut text = format!(
        "Corrected: {} was {}, now {}.",
        a.label,
        state_words(correction.from).0,
        state_words(after.state).0
    );
    if correction.withdraws_reoffer {
        match a.reoffered_by {
            Some(id) => {
                let kept = state.store.appointment(id).await?;
                text.push_str(&format!(
                    " Its re-offer task is withdrawn; {} stays in the diary as an ordinary offer.",
                    kept.label
                ));
            }
            None => text.push_str(" Its re-offer task is withdrawn."),
        }
    }
    if correction.needs_reoffer {
        text.push_str(" Re-offer it so the quarter's number does not shrink.");
    }
    Ok(Done::to(
        format!("{}#appointment-{}", ctx.urls.diary_week(week), p.id),
        text,
    ))
}

/// `POST /teams/{team}/diary/appointments/{id}/reoffer`: publishes a replacement
/// in the clinician's next free session after the appointment it replaces.
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
