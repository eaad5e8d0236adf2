//! Team settings: every setting of the method with its default and meaning.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::Team;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::settings::{HolidayView, SettingsPage};

mod fields;
mod form;
mod layout;
mod streams;

use fields::views;
use form::{SettingsForm, form_field, form_is_custom, read};

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::SETTINGS, page)
        .post(path::SETTINGS, save)
        .post(path::STREAMS, streams::add)
        .post(path::STREAM, streams::update)
}

async fn page_of(
    state: &AppState,
    ctx: TeamContext,
    typed: Option<&SettingsForm>,
    typed_stream: Option<(&str, &streams::StreamForm)>,
    errors: FormErrors,
) -> PageResult<SettingsPage> {
    let stored = state.store.streams(ctx.id()).await?;
    let today = ctx.today();
    let holidays = state
        .store
        .holidays(ctx.id(), Some(today), Some(today + chrono::Days::new(365)))
        .await?
        .into_iter()
        .map(|h| HolidayView {
            day: h.day.format("%a %d/%m/%Y").to_string(),
            name: h.name,
            own: !h.from_calendar,
        })
        .collect::<Vec<_>>();
    let settings = &ctx.team().settings;
    let (streams, new_stream) = streams::views(settings, &stored, typed_stream, &errors, |id| {
        id.map_or_else(|| ctx.urls.streams(), |id| ctx.urls.stream(id.0))
    });
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
    Ok(SettingsPage {
        can_edit: ctx.access.may_plan_team(),
        settings: fields,
        streams,
        new_stream,
        calendar: settings.holiday_calendar.describe(),
        has_own_days: holidays.iter().any(|h| h.own),
        holidays,
        absences: ctx.urls.absences(),
        action: ctx.urls.settings(),
        errors,
        monitoring: crate::pages::monitor::links::Links::new(ctx.id().0).settings(),
        chrome: ctx.chrome(Page::Settings),
    })
}

/// `GET /teams/{team}/settings`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<SettingsPage> {
    page_of(&state, ctx, None, None, FormErrors::new()).await
}

/// Whether a new layout has another shape than the team's job plans.
fn reshapes_plans(team: &Team, layout: &capa_core::SessionLayout) -> Option<String> {
    let old = &team.settings.layout;
    let plans: usize = team.clinicians.iter().map(|c| c.job_plans.len()).sum();
    let reshaped = old.sessions_per_day() != layout.sessions_per_day()
        || old.days_per_week() != layout.days_per_week();
    (reshaped && plans > 0).then(|| {
        format!(
            "the team's {plans} job plan versions are laid out as {} sessions a day on {} days; \
             a layout of {} sessions on {} days would not fit them (keep the shape, or start a team with the new layout and import its plans)",
            old.sessions_per_day(),
            old.days_per_week(),
            layout.sessions_per_day(),
            layout.days_per_week()
        )
    })
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
    if errors.is_empty()
        && let Some(why) = reshapes_plans(ctx.team(), &s.layout)
    {
        errors.field(
            if form_is_custom(&form) {
                "layout_blocks"
            } else {
                "layout"
            },
            why,
        );
    }
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
        page_of(&state, ctx, Some(&form), None, errors).await?,
    )
        .into_response())
}
