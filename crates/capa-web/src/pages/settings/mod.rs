//! Team settings: every setting of the method with its default and meaning.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::explain::n2;
use capa_core::{Multiplier, Team};

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::settings::{SettingsPage, StreamView};

mod fields;
mod form;

use fields::views;
use form::{SettingsForm, form_field, read};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::SETTINGS, page)
        .post(path::SETTINGS, save)
}

fn page_of(ctx: TeamContext, typed: Option<&SettingsForm>, errors: FormErrors) -> SettingsPage {
    let settings = &ctx.team().settings;
    let streams = settings
        .streams
        .iter()
        .filter_map(|st| {
            Multiplier::stream(settings, &st.name).map(|m| StreamView {
                name: st.name.clone(),
                multiplier: format!("{} ({})", n2(m.value), m.explain),
            })
        })
        .collect();
    let mut fields = views(settings);
    for v in &mut fields {
        if let Some(f) = typed
            && let Some((_, value)) = f.values().into_iter().find(|(n, _)| *n == v.name)
        {
            v.value = value.to_string();
            for o in &mut v.options {
                o.selected = o.value == value;
            }
        }
        v.error = errors.of(v.name).to_string();
    }
    SettingsPage {
        can_edit: ctx.access.may_plan_team(),
        settings: fields,
        streams,
        action: ctx.urls.settings(),
        errors,
        chrome: ctx.chrome(Page::Settings),
    }
}

/// `GET /teams/{team}/settings`.
async fn page(ctx: TeamContext) -> SettingsPage {
    page_of(ctx, None, FormErrors::new())
}

/// `POST /teams/{team}/settings`.
async fn save(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<SettingsForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let mut errors = FormErrors::new();
    let s = read(&form, &ctx.team().settings, &mut errors);
    if errors.is_empty() {
        match Team::new(s.clone(), ctx.team().clinicians.clone()) {
            Err(found) => {
                for e in found {
                    match form_field(e.field) {
                        Some(f) => errors.field(f, e.message),
                        None => errors.form(e.message),
                    }
                }
            }
            Ok(_) => match state
                .store
                .update_team_settings(ctx.user.actor(), ctx.id(), &s)
                .await
            {
                Ok(()) => {
                    return Ok(Done::to(
                        ctx.urls.plan(),
                        "Saved the team's settings; the figures below use them.",
                    )
                    .into_response());
                }
                Err(e) => errors.form(AppError::from(e).to_string()),
            },
        }
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page_of(ctx, Some(&form), errors),
    )
        .into_response())
}
