//! The quarter monitor's pages: the monitor of a quarter (past, current or
//! next), one clinician's offers, recording an episode's closure, and the
//! leaver's what-if. Every figure comes from `crate::monitor`, which asks
//! capa-core; these handlers only choose what to show to whom.
//!
//! Every member of the team sees every line (the API gives every role the
//! same figures, and CAPA's monitoring is done together at the team
//! meeting); a clinician's own line is shown first and marked.

mod episode;
pub mod links;
mod settings;
mod what_if;

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use capa_core::Initials;
use capa_core::diary::AppointmentState;
use capa_core::monitor::{Absence, QuarterFacts};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Permission, TeamContext};
use crate::error::AppError;
use crate::routes::Routes;
use crate::views::chrome::Page;
use crate::views::format::state_words;
use crate::views::monitor::clinician::{ClinicianPage, CloseForm, OfferLine};
use crate::views::monitor::{self as view, phase_words};
use crate::views::team_plan::quarter_options;
use links::{Links, path};

/// The routes of the monitor.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::MONITOR, page)
        .get(path::CLINICIAN, clinician)
        .merge(what_if::routes())
        .merge(episode::routes())
        .merge(settings::routes())
}

/// `?quarter=2026Q3`.
#[derive(Deserialize)]
struct QuarterQuery {
    quarter: Option<String>,
}

/// The initials in a path.
#[derive(Deserialize)]
struct WhoPath {
    initials: String,
}

/// The clinician's initials, when the user is one of the team's clinicians.
fn own_initials(ctx: &TeamContext) -> Option<Initials> {
    let id = ctx.access.own_clinician()?;
    let i = ctx.index_of(id)?;
    Some(ctx.clinician_at(i).initials.clone())
}

/// The absence the what-if would plan for, for each clinician with one ahead.
fn absences(ctx: &TeamContext, facts: &QuarterFacts) -> BTreeMap<Initials, Absence> {
    let today = ctx.today();
    ctx.team()
        .clinicians
        .iter()
        .filter_map(|c| {
            let leave = facts
                .clinicians
                .iter()
                .find(|f| f.initials == c.initials)
                .map(|f| f.leave.as_slice())
                .unwrap_or_default();
            Absence::upcoming(c.leaving_date, leave, today).map(|a| (c.initials.clone(), a))
        })
        .collect()
}

/// `GET /teams/{team}/monitor`: the whole page, or (for htmx) the same page
/// for htmx to select the monitor from.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, AppError> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    let today = ctx.today();
    let data = crate::monitor::page_data(&state.store, &ctx.stored, quarter, today).await?;
    let links = Links::new(ctx.id().0);
    let away = absences(&ctx, &data.facts);
    let what_if = |who: &Initials| away.get(who).map(|_| links.what_if(who, quarter));
    let current = ctx.current_quarter();
    let steps = [
        ("Last quarter", current.previous()),
        ("This quarter", current),
        ("Next quarter", current.next()),
    ]
    .into_iter()
    .map(|(label, q)| {
        (
            format!("{label}: {q}"),
            links.monitor(Some(q)),
            q == quarter,
        )
    })
    .collect();
    let own = own_initials(&ctx);
    let view = view::page(view::Inputs {
        chrome: ctx.chrome(Page::Monitor),
        links,
        managed_href: ctx.urls.managed(),
        monitor: &data.monitor,
        trends: &data.trends,
        quarters: quarter_options(current, quarter),
        steps,
        own: own.as_ref(),
        what_if: &what_if,
    });
    let html = askama::Template::render(&view)
        .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    let mut response = Html(html).into_response();
    if headers.contains_key("hx-request")
        && let Ok(v) = links.monitor(Some(quarter)).parse()
    {
        // The quarter chosen is the page's address, so back and reload work.
        response.headers_mut().insert("hx-push-url", v);
    }
    Ok(response)
}

/// `GET /teams/{team}/monitor/clinicians/{initials}`: the clinician's first
/// Partnership appointments of the quarter, each with what became of it.
async fn clinician(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<WhoPath>,
    Query(q): Query<QuarterQuery>,
) -> Result<ClinicianPage, AppError> {
    let quarter = ctx.quarter(q.quarter.as_deref())?;
    let wanted = Initials::parse(&p.initials).map_err(|e| AppError::NotFound(e.to_string()))?;
    let (facts, m) =
        crate::monitor::with_facts(&state.store, &ctx.stored, quarter, ctx.today()).await?;
    let c = m
        .clinicians
        .iter()
        .find(|c| c.initials == wanted)
        .ok_or_else(|| {
            AppError::NotFound(format!("no clinician {wanted} in the quarter's monitor"))
        })?;
    let links = Links::new(ctx.id().0);
    let own = own_initials(&ctx);
    let line = view::row(c, &links, &m, own.as_ref(), None);
    // Closing an episode is the clinician's own change, or a lead's.
    let may_close = ctx
        .clinician(wanted.as_str())
        .is_ok_and(|(_, id)| ctx.access.may(Permission::ActFor(id)));
    let closed: BTreeMap<i64, chrono::NaiveDate> = state
        .store
        .episode_closures(ctx.id())
        .await?
        .into_iter()
        .map(|e| (e.appointment_id.0, e.closed_on))
        .collect();
    let today = ctx.today();
    let mut mine: Vec<_> = facts
        .appointments
        .iter()
        .filter(|a| a.clinician == wanted)
        .collect();
    mine.sort_by_key(|a| (a.starts_at, a.id));
    let offers = mine
        .into_iter()
        .map(|a| {
            let (state, tone) = state_words(a.state);
            let missed = c.missed.iter().find(|x| x.id == a.id);
            let (follow_up, overdue) = match missed {
                Some(x) => match x.reoffered_on {
                    Some(d) => (
                        format!(
                            "re-offered {}{}",
                            d.format("%d/%m/%Y"),
                            if x.in_time { ", in time" } else { ", late" }
                        ),
                        false,
                    ),
                    None => (
                        format!(
                            "not re-offered; due by {}{}",
                            x.reoffer_by.format("%d/%m/%Y"),
                            if x.overdue { " (overdue)" } else { "" }
                        ),
                        x.overdue,
                    ),
                },
                None if a.state == AppointmentState::Attended => match closed.get(&a.id) {
                    Some(d) => (format!("episode closed {}", d.format("%d/%m/%Y")), false),
                    None => ("episode open".to_string(), false),
                },
                None => (String::new(), false),
            };
            let booking = a
                .booking
                .as_ref()
                .map(|b| {
                    let from_choice = b
                        .choice_date
                        .map(|d| format!(" at the end of Choice on {}", d.format("%d/%m/%Y")))
                        .unwrap_or_default();
                    format!("booked {}{from_choice}", b.booked_on.format("%d/%m/%Y"))
                })
                .unwrap_or_default();
            let open = a.state == AppointmentState::Attended && !closed.contains_key(&a.id);
            OfferLine {
                id: a.id,
                label: a.label.clone(),
                stream: a.stream.clone().unwrap_or_else(|| "Core".into()),
                when: a.starts_at.format("%d/%m/%Y %H:%M").to_string(),
                state,
                tone,
                booking,
                follow_up,
                overdue,
                close: (open && may_close).then(|| CloseForm {
                    href: links.episode_close(a.id),
                    min: a.starts_at.date().to_string(),
                    today: today.max(a.starts_at.date()).to_string(),
                }),
            }
        })
        .collect();
    Ok(ClinicianPage {
        chrome: ctx.chrome(Page::Monitor),
        who: line.who.clone(),
        quarter: quarter.to_string(),
        phase: phase_words(m.phase).into(),
        back: links.monitor(Some(quarter)),
        what_if_href: links.what_if(&wanted, ctx.current_quarter().next()),
        line,
        offers,
        diary_href: ctx.urls.diary(),
    })
}
