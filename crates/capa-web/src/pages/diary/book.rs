//! Booking at the end of Choice: the next offers that fit the family, and
//! booking one while they are in the room. Every answer (booked, just taken,
//! a wrong NHI) shows the same search again, with the offers as they now are.
//!
//! A family's NHI or reference never travels in a URL: the search is a POST
//! form, and the link from a Choice appointment names only the appointment,
//! whose family the server looks up.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::diary::search::{self, OfferQuery};
use capa_core::diary::{SlotKind, waits};
use capa_core::{Initials, SkillLevel, skills};
use capa_store::{AppointmentId, AppointmentKind};
use chrono::NaiveTime;

use super::{AppointmentPath, excluded_weekdays, weekday_boxes};
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::diary as steps;
use crate::error::{AppError, PageResult};
use crate::flash::{Flash, Tone};
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::OptionView;
use crate::views::diary::book::{BookPage, Hidden, OfferLine, SkillAsk};
use crate::views::format::short_when;

/// The routes of booking.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::BOOK, page)
        .post(path::BOOK, search_posted)
        .post(path::APPOINTMENT_BOOK, book)
}

/// The search's fields, as the query string (or the booking form) gives them.
const SEARCH_FIELDS: [&str; 6] = [
    "preferred",
    "not_before",
    "not_after",
    "choice",
    "stream",
    "client",
];

fn get<'a>(q: &'a HashMap<String, String>, k: &str) -> &'a str {
    q.get(k).map_or("", |v| v.as_str())
}

/// The answer to a booking, shown above the search.
struct Answer {
    message: Flash,
    /// The offer it was about, the family as typed and what was wrong.
    failed: Option<Failed>,
}

/// A booking that could not be made, shown on its offer's line.
struct Failed {
    offer: i64,
    /// The family as typed.
    client: String,
    /// The field that was wrong (`client` or [`REASON_FIELD`]).
    field: &'static str,
    why: String,
}

/// The field of a booking in another stream's reason.
const REASON_FIELD: &str = "another_stream_reason";

/// "today", "in 1 day", "in 23 days (3 weeks 2 days)".
fn wait_words(days: i64) -> String {
    match days {
        ..=0 => "today".into(),
        1 => "in 1 day".into(),
        d if d < 7 => format!("in {d} days"),
        d => {
            let (w, r) = (d / 7, d % 7);
            let weeks = if w == 1 {
                "1 week".to_string()
            } else {
                format!("{w} weeks")
            };
            match r {
                0 => format!("in {d} days ({weeks})"),
                1 => format!("in {d} days ({weeks} 1 day)"),
                r => format!("in {d} days ({weeks} {r} days)"),
            }
        }
    }
}

async fn view(
    state: &AppState,
    ctx: TeamContext,
    q: &HashMap<String, String>,
    answer: Option<Answer>,
) -> PageResult<BookPage> {
    let z = ctx.zone();
    let team = ctx.team();
    let stream = capa_core::activity::find_stream(get(q, "stream"), &team.settings.stream_names());
    let diary_kind = match &stream {
        Some(s) => {
            steps::store_kind(&state.store, &ctx.stored, &SlotKind::Specific(s.clone())).await?
        }
        None => AppointmentKind::Partnership,
    };
    let views = steps::vacant(&state.store, &ctx.stored, diary_kind, ctx.now).await?;
    let mut query = OfferQuery::new(z.local(ctx.now));
    query.stream = stream.clone();
    // A preferred clinician's offers come first only within the team's limit.
    query.preferred_within_weeks = team.settings.max_wait_weeks;
    let mut asked = Vec::new();
    let mut hidden: Vec<Hidden> = Vec::new();
    for d in skills::domains(&team.clinicians) {
        let name = format!("skill_{d}");
        let level = get(q, &name).to_string();
        if let Some(l) = SkillLevel::parse(&level) {
            query.skills.push((d.clone(), l));
            hidden.push(Hidden {
                name: name.clone(),
                value: level.clone(),
            });
        }
        asked.push(SkillAsk { domain: d, level });
    }
    query.preferred = Initials::parse(get(q, "preferred")).ok();
    let excluded = excluded_weekdays(q);
    query.excluded_weekdays = excluded.clone();
    query.not_before_time = NaiveTime::parse_from_str(get(q, "not_before"), "%H:%M").ok();
    query.not_after_time = NaiveTime::parse_from_str(get(q, "not_after"), "%H:%M").ok();
    for k in SEARCH_FIELDS {
        if !get(q, k).is_empty() && k != "client" {
            hidden.push(Hidden {
                name: k.into(),
                value: get(q, k).into(),
            });
        }
    }
    for (name, _) in q
        .iter()
        .filter(|(k, _)| k.starts_with("not_") && k.len() == 7)
    {
        hidden.push(Hidden {
            name: name.clone(),
            value: "1".into(),
        });
    }
    let found = search::search_with_waits(&views, &team.clinicians, &query, ctx.today());
    let nothing = if found.is_empty() {
        waits::why_nothing(&views, &team.clinicians, &query).reason
    } else {
        String::new()
    };
    let (message, failed) = match answer {
        Some(a) => (Some(a.message), a.failed),
        None => (None, None),
    };
    let offers = found
        .iter()
        .map(|f| {
            let o = f.offer;
            let (client, error, reason_error) = match &failed {
                Some(Failed {
                    offer,
                    client,
                    field,
                    why,
                }) if *offer == o.id => {
                    if *field == REASON_FIELD {
                        (client.clone(), String::new(), why.clone())
                    } else {
                        (client.clone(), why.clone(), String::new())
                    }
                }
                _ => (get(q, "client").to_string(), String::new(), String::new()),
            };
            OfferLine {
                id: o.id,
                label: o.label.clone(),
                when: short_when(o.starts_at),
                clinician: ctx.who(o.clinician.as_str()),
                wait: wait_words(f.wait.days),
                wait_note: f.wait.explain.notes.join("; "),
                wait_tone: if f.wait.within_aim {
                    "ok"
                } else if f.wait.within_limit {
                    "warn"
                } else {
                    "bad"
                },
                preferred: f.preferred,
                action: ctx.urls.appointment_book(o.id),
                another_stream: !error.is_empty() || !reason_error.is_empty(),
                client,
                error,
                reason_error,
            }
        })
        .collect();
    let may_book = ctx.access.may_book();
    let preferred = get(q, "preferred").trim().to_uppercase();
    Ok(BookPage {
        skills: asked,
        clinicians: team
            .clinicians
            .iter()
            .map(|c| OptionView::plain(c.initials.to_string(), c.initials.as_str() == preferred))
            .collect(),
        weekdays: weekday_boxes(&excluded),
        streams: team
            .settings
            .stream_names()
            .into_iter()
            .map(|s| {
                let chosen = stream.as_deref() == Some(s.as_str());
                OptionView::plain(s, chosen)
            })
            .collect(),
        not_before: get(q, "not_before").to_string(),
        not_after: get(q, "not_after").to_string(),
        choice: get(q, "choice").to_string(),
        client: get(q, "client").to_string(),
        hidden,
        offers,
        nothing,
        skills_text: query
            .skills
            .iter()
            .map(|(d, l)| {
                format!(
                    "{d}:{}",
                    if *l == SkillLevel::Advanced {
                        "advanced"
                    } else {
                        "core"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(","),
        managed_action: may_book.then(|| ctx.urls.managed()),
        search_action: ctx.urls.book(),
        may_book,
        message,
        max_wait_weeks: team.settings.max_wait_weeks,
        chrome: ctx.chrome(Page::Diary),
    })
}

/// The family of the search: as posted, or, booking from a Choice
/// appointment of this team (`choice`), that appointment's.
async fn with_family(
    state: &AppState,
    ctx: &TeamContext,
    mut q: HashMap<String, String>,
) -> PageResult<HashMap<String, String>> {
    if !get(&q, "client").trim().is_empty() {
        return Ok(q);
    }
    let Ok(id) = get(&q, "choice").trim().parse::<i64>() else {
        return Ok(q);
    };
    let from_choice = match state.store.appointment(AppointmentId(id)).await {
        Ok(a) if a.team_id == ctx.id() && a.kind == AppointmentKind::Choice => a.client,
        Ok(_) | Err(capa_store::StoreError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    match from_choice {
        Some(c) => {
            q.insert("client".into(), c.reference);
        }
        // Not a Choice appointment of this team with a family: no such link.
        None => {
            q.remove("choice");
        }
    }
    Ok(q)
}

/// `GET /teams/{team}/diary/book`: the next offers that fit, earliest first.
/// A `client` in the query is ignored (identifiers travel only in bodies).
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(mut q): Query<HashMap<String, String>>,
) -> PageResult<BookPage> {
    q.remove("client");
    let q = with_family(&state, &ctx, q).await?;
    view(&state, ctx, &q, None).await
}

/// `POST /teams/{team}/diary/book`: the search form, posted (by htmx, which
/// swaps in the results).
async fn search_posted(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<BookPage> {
    let q = with_family(&state, &ctx, form).await?;
    view(&state, ctx, &q, None).await
}

/// `POST /teams/{team}/diary/appointments/{id}/book`: books in one action; if
/// someone else was quicker, says so at once and shows the next offers; a
/// family the diary cannot take (a wrong NHI) is said next to the offer.
async fn book(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<AppointmentPath>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::Book)?;
    let client = get(&form, "client").to_string();
    let choice = get(&form, "choice")
        .trim()
        .parse::<i64>()
        .ok()
        .map(AppointmentId);
    // The search's filters travel with the form: a skill level or a stream
    // asked for means the offer was found by skill (item 6's evidence).
    let searched = form.iter().any(|(k, v)| {
        (k.starts_with("skill_") && SkillLevel::parse(v).is_some())
            || (k == "stream" && !v.trim().is_empty())
    });
    let reason = get(&form, REASON_FIELD).trim().to_string();
    let result = if form.contains_key("another_stream") || !reason.is_empty() {
        steps::book_another_stream(
            &state.store,
            ctx.user.actor(),
            &ctx.stored,
            AppointmentId(p.id),
            &client,
            choice,
            &reason,
        )
        .await
    } else {
        steps::book_searched(
            &state.store,
            ctx.user.actor(),
            &ctx.stored,
            AppointmentId(p.id),
            &client,
            choice,
            searched,
        )
        .await
    };
    // After a booking the search goes on for the next family.
    let mut search = form.clone();
    search.remove("client");
    search.remove("another_stream");
    search.remove(REASON_FIELD);
    match result {
        Ok(_) => {
            let a = state.store.appointment(AppointmentId(p.id)).await?;
            let when = ctx.zone().local(a.starts_at);
            let mut text = format!(
                "Booked {} on {} for {}: the family leaves with its date.",
                a.label,
                when.format("%d/%m/%Y at %H:%M"),
                client.trim().to_uppercase()
            );
            if let Some(c) = choice {
                let from = ctx
                    .zone()
                    .local(state.store.appointment(c).await?.starts_at)
                    .date();
                let wait =
                    waits::internal_wait(from, when.date(), ctx.team().settings.max_wait_weeks);
                text.push_str(&format!(
                    " Internal wait from Choice: {} days. {}",
                    wait.days, wait.explain
                ));
            }
            let answer = Answer {
                message: Flash::ok(text),
                failed: None,
            };
            Ok(view(&state, ctx, &search, Some(answer))
                .await?
                .into_response())
        }
        Err(AppError::JustTaken(label)) => {
            let answer = Answer {
                message: Flash {
                    tone: Tone::Bad,
                    text: format!(
                        "Just taken: someone booked {label} a moment ago. Here are the next ones."
                    ),
                },
                failed: None,
            };
            let page = view(&state, ctx, &search, Some(answer)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e @ (AppError::BadRequest(_) | AppError::Invalid { .. })) => {
            let (field, why) = match e {
                AppError::Invalid { field, message } => (field, message),
                other => ("client", other.to_string()),
            };
            let answer = Answer {
                message: Flash {
                    tone: Tone::Bad,
                    text: format!("Not booked: {why}."),
                },
                failed: Some(Failed {
                    offer: p.id,
                    client,
                    field,
                    why,
                }),
            };
            let page = view(&state, ctx, &search, Some(answer)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
