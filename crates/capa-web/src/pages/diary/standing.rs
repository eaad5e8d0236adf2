//! Offers a job plan change left standing in sessions that are no longer of
//! their kind (capa-core's `standing::off_plan`): listed on the publish page
//! with a keep or withdraw choice each, and counted, with a note, on the
//! activity-planning sheet.

use std::collections::HashMap;

use axum::extract::State;
use capa_core::diary::AppointmentState;
use capa_core::diary::SlotKind;
use capa_core::diary::standing::{OffPlan, off_plan};
use capa_store::{Appointment, AppointmentId};

use super::own_appointment;
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::{path, with_query};
use crate::views::diary::publish::StandingLine;
use crate::views::format::{kind_of, kind_value, short_when};

/// The route of the keep / withdraw choice.
pub fn routes() -> Routes {
    Routes::new().post(path::PUBLISH_STANDING, choose)
}

/// The offers of a clinician's diary (booked or vacant: those that count)
/// whose session the job plan no longer gives their kind.
pub fn off_plan_of(
    ctx: &TeamContext,
    index: usize,
    kind: &SlotKind,
    offers: &[Appointment],
) -> Vec<OffPlan> {
    let z = ctx.zone();
    let counted: Vec<(i64, chrono::NaiveDateTime)> = offers
        .iter()
        .filter(|a| matches!(a.state, AppointmentState::Vacant | AppointmentState::Booked))
        .map(|a| (a.id.0, z.local(a.starts_at)))
        .collect();
    off_plan(
        ctx.clinician_at(index),
        &ctx.team().settings.layout,
        kind,
        &counted,
    )
}

/// The publish page's lines of offers left standing.
pub fn lines(
    ctx: &TeamContext,
    index: usize,
    kind: &SlotKind,
    offers: &[Appointment],
) -> Vec<StandingLine> {
    let by_id: HashMap<i64, &Appointment> = offers.iter().map(|a| (a.id.0, a)).collect();
    off_plan_of(ctx, index, kind, offers)
        .into_iter()
        .filter_map(|o| {
            let a = by_id.get(&o.id)?;
            Some(StandingLine {
                id: o.id,
                label: a.label.clone(),
                when: short_when(o.starts_at),
                now: o.now,
                vacant: a.state == AppointmentState::Vacant,
            })
        })
        .collect()
}

/// `POST /teams/{team}/diary/publish/standing`: `offer-ID=keep|withdraw` for
/// each offer listed, with the clinician, diary and quarter to go back to.
/// Only the offers listed (still off the plan) and vacant are withdrawn.
async fn choose(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Done> {
    let field = |k: &str| form.get(k).map_or("", |v| v.as_str());
    let (index, id) = ctx.clinician(field("clinician"))?;
    ctx.access.require(Permission::ActFor(id))?;
    let quarter = ctx.quarter(Some(field("quarter")))?;
    let kind = kind_of(Some(field("kind")));
    let mut withdraw = Vec::new();
    let mut kept = Vec::new();
    for (k, v) in &form {
        let Some(offer) = k.strip_prefix("offer-").and_then(|n| n.parse::<i64>().ok()) else {
            continue;
        };
        match v.as_str() {
            "withdraw" => withdraw.push(offer),
            "keep" => kept.push(offer),
            other => {
                return Err(AppError::Invalid {
                    field: "offer",
                    message: format!("'{other}' is not a choice; expected keep or withdraw"),
                });
            }
        }
    }
    withdraw.sort_unstable();
    let mut done = Vec::new();
    for offer in withdraw {
        let a = own_appointment(&state, &ctx, offer).await?;
        if a.clinician_id != id {
            return Err(AppError::NotFound(format!(
                "{} is not one of {}'s offers",
                a.label,
                ctx.clinician_at(index).initials
            )));
        }
        let listed = off_plan_of(&ctx, index, &kind, std::slice::from_ref(&a));
        if listed.is_empty() {
            return Err(AppError::Conflict(format!(
                "{} stands in a session of its kind: it is not withdrawn from here",
                a.label
            )));
        }
        state
            .store
            .withdraw_offer(ctx.user.actor(), AppointmentId(offer))
            .await?;
        done.push(a.label);
    }
    let text = match (done.is_empty(), kept.len()) {
        (true, 0) => "Nothing changed.".to_string(),
        (true, n) => format!("Kept {n} offer{}.", if n == 1 { "" } else { "s" }),
        (false, 0) => format!("Withdrew {}.", done.join(", ")),
        (false, n) => format!(
            "Withdrew {}; kept {n} offer{}.",
            done.join(", "),
            if n == 1 { "" } else { "s" }
        ),
    };
    let back = with_query(
        &ctx.urls.publish(),
        &[
            ("clinician", ctx.clinician_at(index).initials.as_str()),
            ("kind", &kind_value(&kind)),
            ("quarter", &quarter.key()),
        ],
    );
    Ok(Done::to(back, text))
}
