//! Full booking to Choice: at referral, the two earliest fitting Choice slots
//! on different days, and booking the one the family picks. The family's NHI
//! or reference travels only in POST bodies: the search is a posted form.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::dates::parse_date;
use capa_core::diary::search::ChoiceQuery;
use capa_core::diary::{two_choice_slots, waits};
use capa_store::{AppointmentId, AppointmentKind};

use super::{AppointmentPath, excluded_weekdays, weekday_boxes};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::diary as steps;
use crate::error::{AppError, PageResult};
use crate::flash::{Flash, Tone};
use crate::forms::FormErrors;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::diary::choice::{ChoiceLine, ChoicePage};
use crate::views::format::short_when;

/// The routes of full booking to Choice.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::CHOICE, page)
        .post(path::CHOICE, search_posted)
        .post(path::CHOICE_BOOK, book)
}

fn get<'a>(q: &'a HashMap<String, String>, k: &str) -> &'a str {
    q.get(k).map_or("", |v| v.trim())
}

async fn view(
    state: &AppState,
    ctx: TeamContext,
    q: &HashMap<String, String>,
    message: Option<Flash>,
    mut errors: FormErrors,
) -> PageResult<ChoicePage> {
    let z = ctx.zone();
    let excluded = excluded_weekdays(q);
    let client = get(q, "client");
    let accepted = get(q, "accepted");
    if !accepted.is_empty() && parse_date(accepted).is_none() {
        errors.field(
            "accepted",
            format!("'{accepted}' is not a date; use dd/mm/yyyy"),
        );
    }
    let mut slots = Vec::new();
    let searched = !client.is_empty() && errors.is_empty();
    if searched {
        if let Err(e) = steps::client_key(client) {
            errors.field("client", e.to_string());
        } else {
            let views =
                steps::vacant(&state.store, &ctx.stored, AppointmentKind::Choice, ctx.now).await?;
            let cq = ChoiceQuery {
                excluded_weekdays: excluded.clone(),
                not_before_time: None,
                not_after_time: None,
                location: None,
                from: z.local(ctx.now),
            };
            let may_book = ctx.access.may_book();
            slots = two_choice_slots(&views, &cq)
                .into_iter()
                .map(|o| ChoiceLine {
                    id: o.id,
                    when: short_when(o.starts_at),
                    clinician: format!("with {}", ctx.who(o.clinician.as_str())),
                    action: may_book.then(|| ctx.urls.choice_book(o.id)),
                })
                .collect();
        }
    }
    Ok(ChoicePage {
        client: client.to_string(),
        accepted: accepted.to_string(),
        weekdays: weekday_boxes(&excluded),
        searched: searched && errors.is_empty(),
        search_action: ctx.urls.choice(),
        slots,
        message,
        errors,
        chrome: ctx.chrome(Page::Diary),
    })
}

/// `GET /teams/{team}/diary/choice`: the search form (a `client` in the
/// query is ignored: identifiers travel only in bodies).
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(mut q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    q.remove("client");
    searched(&state, ctx, &q).await
}

/// `POST /teams/{team}/diary/choice`: the search, posted (`client`,
/// `accepted`, `not_Mon` ...; by htmx, which swaps in the slots).
async fn search_posted(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    searched(&state, ctx, &form).await
}

async fn searched(
    state: &AppState,
    ctx: TeamContext,
    q: &HashMap<String, String>,
) -> PageResult<Response> {
    let page = view(state, ctx, q, None, FormErrors::new()).await?;
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// `POST /teams/{team}/diary/choice/{id}/book`.
async fn book(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::Book)?;
    let client = get(&form, "client").to_string();
    let mut errors = FormErrors::new();
    // A new family is recorded with its referral's accepted date, so the
    // external wait (accepted -> Choice) can be measured.
    let accepted = match get(&form, "accepted") {
        "" => None,
        text => match parse_date(text) {
            Some(d) => Some(d),
            None => {
                errors.field(
                    "accepted",
                    format!("'{text}' is not a date; use dd/mm/yyyy"),
                );
                None
            }
        },
    };
    if errors.is_empty()
        && let Some(acc) = accepted
    {
        match steps::client_key(&client) {
            Ok(key) => {
                state
                    .store
                    .find_or_create_client(ctx.user.actor(), ctx.id(), &key, None, Some(acc))
                    .await?;
            }
            Err(e) => errors.field("client", e.to_string()),
        }
    }
    if !errors.is_empty() {
        let page = view(&state, ctx, &form, None, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let result = steps::book(
        &state.store,
        ctx.user.actor(),
        &ctx.stored,
        AppointmentId(p.id),
        &client,
        None,
    )
    .await;
    let (message, status, search) = match result {
        Ok(_) => {
            let a = state.store.appointment(AppointmentId(p.id)).await?;
            let day = ctx.zone().local(a.starts_at);
            let mut text = format!(
                "Booked the Choice appointment on {} for {}.",
                day.format("%d/%m/%Y at %H:%M"),
                client.to_uppercase()
            );
            if let Some(acc) = accepted {
                let wait = waits::external_wait(acc, day.date());
                text.push_str(&format!(
                    " External wait from acceptance: {} days ({}).",
                    wait.days, wait.explain
                ));
            }
            (Flash::ok(text), StatusCode::OK, HashMap::new())
        }
        Err(AppError::JustTaken(_)) => (
            Flash {
                tone: Tone::Bad,
                text: "Just taken: someone booked that slot a moment ago. Here are the next two."
                    .into(),
            },
            StatusCode::CONFLICT,
            form.clone(),
        ),
        Err(AppError::BadRequest(why)) => {
            let mut errors = FormErrors::new();
            errors.field("client", why);
            let page = view(&state, ctx, &form, None, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e),
    };
    let page = view(&state, ctx, &search, Some(message), FormErrors::new()).await?;
    Ok((status, page).into_response())
}
