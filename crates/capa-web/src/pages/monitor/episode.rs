//! Recording that the Partnership episode an attended first appointment
//! started has closed (audited): the open caseload behind `caseload_high`
//! is first appointments attended minus episodes closed.

use axum::extract::{Path, State};
use capa_store::AppointmentId;
use serde::Deserialize;

use super::links::{Links, path};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::AppError;
use crate::flash::Done;
use crate::routes::Routes;

/// The route of closing an episode.
pub fn routes() -> Routes {
    Routes::new().post(path::EPISODE_CLOSE, close)
}

/// An appointment's id in a path.
#[derive(Deserialize)]
struct IdPath {
    id: i64,
}

/// The closing form: the day the episode closed.
#[derive(Deserialize)]
struct CloseForm {
    #[serde(default)]
    closed_on: String,
}

/// `POST /teams/{team}/diary/appointments/{id}/close`: the clinician of the
/// appointment, or a lead, records the day its episode closed.
async fn close(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<IdPath>,
    Form(f): Form<CloseForm>,
) -> Result<Done, AppError> {
    let a = state.store.appointment(AppointmentId(p.id)).await?;
    if a.team_id != ctx.id() {
        return Err(AppError::NotFound(
            "no such appointment in this team".into(),
        ));
    }
    ctx.access.require(Permission::ActFor(a.clinician_id))?;
    let day = capa_core::dates::parse_date(&f.closed_on).ok_or_else(|| AppError::Invalid {
        field: "closed_on",
        message: "the day the episode closed, as a date (2026-10-05 or 05/10/2026)".into(),
    })?;
    if day > ctx.today() {
        return Err(AppError::Invalid {
            field: "closed_on",
            message: "an episode cannot close after today".into(),
        });
    }
    state
        .store
        .close_episode(ctx.user.actor(), ctx.id(), a.id, day)
        .await?;
    let links = Links::new(ctx.id().0);
    let back = match ctx.index_of(a.clinician_id) {
        Some(i) => {
            let q = capa_core::Quarter::containing(
                ctx.zone().local(a.starts_at).date(),
                ctx.team().settings.year_start_month,
            );
            links.clinician(&ctx.clinician_at(i).initials, q)
        }
        None => links.monitor(None),
    };
    Ok(Done::to(
        back,
        format!(
            "Recorded: the episode {} started closed on {}.",
            a.label,
            day.format("%d/%m/%Y")
        ),
    ))
}
