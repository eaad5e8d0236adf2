//! Specific streams on the settings page: adding one, renaming it, setting its
//! multiplier or the average appointments it is derived from. Each change is
//! one store transaction with its audit record.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::explain::n2;
use capa_core::settings::{MultiplierRule, Stream};
use capa_core::{Multiplier, TeamSettings};
use capa_store::{StoredStream, StreamId};
use serde::Deserialize;

use super::page_of;
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::forms::FormErrors;
use crate::views::settings::StreamView;

/// The form of one stream (a new one, or one the team has).
#[derive(Deserialize, Default)]
pub struct StreamForm {
    name: String,
    #[serde(default)]
    multiplier: String,
    #[serde(default)]
    average_appointments: String,
    #[serde(default)]
    appointments_per_session: String,
}

/// `{stream}` in the path.
#[derive(Deserialize)]
pub struct StreamPath {
    stream: i64,
}

/// The key of a stream's form in the page's errors: `stream-ID`, or
/// `stream-new` for the form that adds one.
pub fn key(id: Option<StreamId>) -> String {
    id.map_or("stream-new".into(), |id| format!("stream-{}", id.0))
}

fn number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(Some(v)),
        _ => Err(format!("{what} is a number more than 0, not '{t}'")),
    }
}

/// Reads a stream's form; what is wrong goes to the form's key.
fn read(f: &StreamForm, key: &str, e: &mut FormErrors) -> Option<Stream> {
    let name = f.name.trim();
    if name.is_empty() {
        e.field(key, "a stream needs a name (DBT, OT, eating disorders ...)");
        return None;
    }
    let multiplier = e.take(key, number(&f.multiplier, "the multiplier"))?;
    let average = e.take(
        key,
        number(&f.average_appointments, "the average appointments"),
    )?;
    let per_session = e.take(
        key,
        number(&f.appointments_per_session, "appointments per session"),
    )?;
    let rule = match (multiplier, average) {
        (Some(_), Some(_)) => {
            e.field(
                key,
                "give the stream's multiplier or its average appointments, not both",
            );
            return None;
        }
        (Some(value), None) => Some(MultiplierRule::Fixed { value }),
        (None, Some(average_appointments)) => Some(MultiplierRule::Derived {
            appointments_per_session: per_session.unwrap_or(2.0),
            working_weeks_per_quarter: None,
            average_appointments,
        }),
        (None, None) => None,
    };
    Some(Stream {
        name: name.to_string(),
        multiplier: rule,
    })
}

/// The streams as the page shows them, the one typed (if any) as typed.
pub fn views(
    settings: &TeamSettings,
    stored: &[StoredStream],
    typed: Option<(&str, &StreamForm)>,
    errors: &FormErrors,
    action: impl Fn(Option<StreamId>) -> String,
) -> (Vec<StreamView>, StreamView) {
    let view = |id: Option<StreamId>, s: Option<&Stream>| {
        let k = key(id);
        let (mut name, mut multiplier, mut average, mut per_session) = match s {
            None => Default::default(),
            Some(s) => {
                let (m, a, p) = match &s.multiplier {
                    None => (String::new(), String::new(), String::new()),
                    Some(MultiplierRule::Fixed { value }) => {
                        (n2(*value), String::new(), String::new())
                    }
                    Some(MultiplierRule::Derived {
                        appointments_per_session,
                        average_appointments,
                        ..
                    }) => (
                        String::new(),
                        n2(*average_appointments),
                        n2(*appointments_per_session),
                    ),
                };
                (s.name.clone(), m, a, p)
            }
        };
        if let Some((typed_key, f)) = typed
            && typed_key == k
        {
            name = f.name.clone();
            multiplier = f.multiplier.clone();
            average = f.average_appointments.clone();
            per_session = f.appointments_per_session.clone();
        }
        let figure = s
            .and_then(|s| Multiplier::stream(settings, &s.name))
            .map(|m| format!("{} ({})", n2(m.value), m.explain))
            .unwrap_or_default();
        StreamView {
            error: errors.of(&k).to_string(),
            key: k,
            name,
            multiplier: figure,
            multiplier_value: multiplier,
            average,
            per_session,
            action: action(id),
        }
    };
    let list = stored
        .iter()
        .map(|s| view(Some(s.id), Some(&s.stream)))
        .collect();
    (list, view(None, None))
}

async fn refuse(
    state: &AppState,
    ctx: TeamContext,
    key: String,
    form: &StreamForm,
    errors: FormErrors,
) -> PageResult<Response> {
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page_of(state, ctx, None, Some((&key, form)), errors).await?,
    )
        .into_response())
}

fn stream_error(errors: &mut FormErrors, key: &str, e: capa_store::StoreError) {
    errors.field(key, AppError::from(e).to_string());
}

/// `POST /teams/{team}/settings/streams`: adds a stream.
pub async fn add(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<StreamForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let k = key(None);
    let mut errors = FormErrors::new();
    if let Some(stream) = read(&form, &k, &mut errors) {
        match state
            .store
            .add_stream(ctx.user.actor(), ctx.id(), &stream)
            .await
        {
            Ok(_) => {
                return Ok(Done::to(
                    ctx.urls.settings_streams_anchor(),
                    format!("Added the {} stream.", stream.name),
                )
                .into_response());
            }
            Err(e) => stream_error(&mut errors, &k, e),
        }
    }
    refuse(&state, ctx, k, &form, errors).await
}

/// `POST /teams/{team}/settings/streams/{stream}`: renames a stream and
/// sets its multiplier.
pub async fn update(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<StreamPath>,
    Form(form): Form<StreamForm>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let id = StreamId(p.stream);
    let stored = state.store.streams(ctx.id()).await?;
    if !stored.iter().any(|s| s.id == id) {
        return Err(AppError::NotFound(format!(
            "the team has no stream {}",
            id.0
        )));
    }
    let k = key(Some(id));
    let mut errors = FormErrors::new();
    if let Some(stream) = read(&form, &k, &mut errors) {
        match state
            .store
            .update_stream(ctx.user.actor(), id, &stream)
            .await
        {
            Ok(()) => {
                return Ok(Done::to(
                    ctx.urls.settings_streams_anchor(),
                    format!("Saved the {} stream.", stream.name),
                )
                .into_response());
            }
            Err(e) => stream_error(&mut errors, &k, e),
        }
    }
    refuse(&state, ctx, k, &form, errors).await
}
