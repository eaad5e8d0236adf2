//! Private calendar feeds of a clinician's booked appointments: the page that
//! makes and revokes their addresses, and the feed itself (the token in the
//! address is the credential).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use capa_core::diary::AppointmentState;
use capa_store::{AppointmentKind, AppointmentQuery, ClinicianId, FeedId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Empty, Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::{self, path};
use crate::views::chrome::Page;
use crate::views::diary::calendar::{CalendarPage, FeedLine};

/// The routes of the feeds page, relative to `/teams/{team}`.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::CALENDAR, page)
        .post(path::CALENDAR, create)
        .post(path::CALENDAR_REVOKE, revoke)
}

/// The route of the feeds themselves.
pub fn feed_routes() -> Routes {
    Routes::new().get(path::FEED, feed)
}

/// `?clinician=TR`.
#[derive(Deserialize)]
struct WhoQuery {
    clinician: Option<String>,
}

async fn view(
    state: &AppState,
    ctx: TeamContext,
    index: usize,
    id: ClinicianId,
    new_url: Option<String>,
) -> PageResult<CalendarPage> {
    let c = ctx.clinician_at(index);
    let feeds = state
        .store
        .calendar_feeds(id)
        .await?
        .into_iter()
        .map(|f| FeedLine {
            created: ctx
                .zone()
                .local(f.created_at)
                .format("%d/%m/%Y")
                .to_string(),
            revoked: f.revoked_at.is_some(),
            revoke: ctx.urls.calendar_revoke(f.id.0, &c.initials),
        })
        .collect();
    Ok(CalendarPage {
        who: format!("{} {}", c.initials, c.name),
        new_url,
        feeds,
        create_action: ctx.urls.calendar(&c.initials),
        chrome: ctx.chrome(Page::Diary),
    })
}

/// `GET /teams/{team}/diary/calendar`: the clinician's private feed addresses.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<WhoQuery>,
) -> PageResult<CalendarPage> {
    let (index, id) = ctx.whose(q.clinician.as_deref())?;
    ctx.access.require(Permission::ActFor(id))?;
    view(&state, ctx, index, id, None).await
}

/// `POST /teams/{team}/diary/calendar?clinician=TR`: a new feed address, shown once.
async fn create(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Query(q): Query<WhoQuery>,
    Form(_): Form<Empty>,
) -> PageResult<CalendarPage> {
    let (index, id) = ctx.whose(q.clinician.as_deref())?;
    ctx.access.require(Permission::ActFor(id))?;
    let (_, token) = state
        .store
        .create_calendar_feed(ctx.user.actor(), id)
        .await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let url = format!("{scheme}://{host}{}", urls::feed(&token));
    let mut page = view(&state, ctx, index, id, Some(url)).await?;
    page.chrome.flash = Some(crate::flash::Flash::ok(
        "Created a new feed address: copy it into your calendar program now.",
    ));
    Ok(page)
}

/// A feed in a path.
#[derive(Deserialize)]
struct FeedPath {
    feed: i64,
}

/// `POST /teams/{team}/diary/calendar/{feed}/revoke`.
async fn revoke(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<FeedPath>,
    Query(q): Query<WhoQuery>,
    Form(_): Form<Empty>,
) -> PageResult<Done> {
    let (index, id) = ctx.whose(q.clinician.as_deref())?;
    ctx.access.require(Permission::ActFor(id))?;
    if !state
        .store
        .calendar_feeds(id)
        .await?
        .iter()
        .any(|f| f.id == FeedId(p.feed))
    {
        return Err(AppError::NotFound("no such feed".into()));
    }
    state
        .store
        .revoke_calendar_feed(ctx.user.actor(), FeedId(p.feed))
        .await?;
    Ok(Done::to(
        ctx.urls.calendar(&ctx.clinician_at(index).initials),
        "Revoked the feed address: calendars using it get nothing from now on.",
    ))
}

/// The feed's file name.
#[derive(Deserialize)]
struct FilePath {
    file: String,
}

/// `GET /calendar/{token}.ics`: a clinician's booked appointments (a revoked
/// token answers 404). What the feed shows of a family is capa-io's rule:
/// never an NHI.
async fn feed(
    State(state): State<AppState>,
    Path(p): Path<FilePath>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let token = p.file.strip_suffix(".ics").unwrap_or(&p.file);
    let Some(f) = state.store.calendar_feed(token).await? else {
        return Err(AppError::NotFound("no such calendar".into()));
    };
    let c = state.store.clinician(f.clinician_id).await?;
    let now = state.clock.now();
    let rows = state
        .store
        .appointments(
            c.team_id,
            &AppointmentQuery {
                clinician: Some(f.clinician_id),
                from: Some(now - chrono::TimeDelta::days(28)),
                to: Some(now + chrono::TimeDelta::days(200)),
                ..AppointmentQuery::default()
            },
        )
        .await?;
    let events: Vec<capa_io::ics::FeedEvent> = rows
        .iter()
        .filter(|a| a.state != AppointmentState::Vacant)
        .map(|a| capa_io::ics::FeedEvent {
            id: a.id.0,
            title: if a.kind == AppointmentKind::Choice {
                format!("Choice ({})", a.label)
            } else {
                format!("Partnership {}", a.label)
            },
            client: a.client.as_ref().map(|c| capa_io::ics::FeedClient {
                label: c.label.clone(),
                reference: c.reference.clone(),
                is_nhi: c.is_nhi,
            }),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            location: a.location.clone(),
            cancelled: matches!(
                a.state,
                AppointmentState::CancelledByFamily | AppointmentState::CancelledByService
            ),
        })
        .collect();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("capa");
    let body = capa_io::ics::calendar(
        &format!("capa: {} appointments", c.clinician.initials),
        host,
        &events,
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        body,
    )
        .into_response())
}
