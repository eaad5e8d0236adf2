//! Starting a new version of a job plan, copied from the latest.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::dates::parse_date;
use serde::Deserialize;

use super::{Shown, Who, editor_page, pick};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::PageResult;
use crate::flash::Done;
use crate::forms::FormErrors;

/// The new-version form.
#[derive(Deserialize)]
pub struct VersionForm {
    applies_from: String,
}

/// `POST /teams/{team}/clinicians/{initials}/plan/versions`.
pub async fn create(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(who): Path<Who>,
    Form(form): Form<VersionForm>,
) -> PageResult<Response> {
    let (index, id) = ctx.clinician(&who.initials)?;
    ctx.access.require(Permission::ActFor(id))?;
    let Some(date) = parse_date(&form.applies_from) else {
        let mut errors = FormErrors::new();
        errors.field(
            "applies_from",
            format!(
                "'{}' is not a date; use dd/mm/yyyy",
                form.applies_from.trim()
            ),
        );
        let plan = pick(&ctx, ctx.clinician_at(index), None)?.clone();
        let shown = Shown {
            editor: None,
            saved: None,
            focus: None,
        };
        let page = editor_page(ctx, index, &plan, shown, errors, Some(form.applies_from));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let created = state
        .store
        .copy_previous_version(ctx.user.actor(), id, Some(date))
        .await?;
    let c = ctx.clinician_at(index);
    Ok(Done::to(
        ctx.urls.plan_version(&c.initials, created.version),
        format!(
            "Job plan #{} starts {}, a copy of the previous version: change its sessions here.",
            created.version,
            date.format("%d/%m/%Y")
        ),
    )
    .into_response())
}
