//! The quarterly review pack (`GET /teams/{team}/review?quarter=Q`): the
//! page a team meeting goes through, printable on A4. Who is behind and why,
//! each clinician's line, what was re-offered and what not, the waits, the
//! managed list; per clinician the actions agreed, kept with the quarter
//! (`POST /review/notes`), and the review's mark that it was done
//! (`POST /review/done`), which the self-assessment takes as evidence.
//! Exports are in [`export`]. Every member reads; the team lead (or an
//! administrator) writes the notes and marks the review done.

pub mod export;

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use capa_core::Quarter;
use capa_core::dates::parse_date;
use capa_core::monitor::{Phase, QuarterMonitor, pack};
use capa_store::{ReviewMark, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::{fill, path::TEAM};
use crate::views::chrome::Page;
use crate::views::review::{
    BehindView, DoneFragment, DoneView, FlagView, LineView, NoteForm, NoteFragment, PackLinks,
    ReviewPage, tables,
};

/// Path patterns, relative to the team.
pub mod path {
    /// The pack.
    pub const PACK: &str = "/review";
    /// Saving one clinician's actions agreed.
    pub const NOTES: &str = "/review/notes";
    /// Marking the review done.
    pub const DONE: &str = "/review/done";
    /// The CSV export.
    pub const CSV: &str = "/review/review.csv";
    /// The XLSX export.
    pub const XLSX: &str = "/review/review.xlsx";
}

/// The routes of the review pack, relative to the team.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::PACK, page)
        .post(path::NOTES, save_note)
        .post(path::DONE, mark_done)
        .merge(export::routes())
}

/// A link to one of the pack's paths for a quarter.
pub fn link(team: i64, pattern: &str, quarter: Option<Quarter>) -> String {
    let base = fill(TEAM, &[("team", &team)]);
    match quarter {
        Some(q) => format!("{base}{pattern}?quarter={}", q.key()),
        None => format!("{base}{pattern}"),
    }
}

/// `?quarter=2026Q1`.
#[derive(Deserialize)]
pub struct PackQuery {
    quarter: Option<String>,
}

/// The quarter's monitor, notes and mark.
pub struct Pack {
    /// The quarter.
    pub quarter: Quarter,
    /// Its monitor.
    pub monitor: QuarterMonitor,
    /// Actions agreed by initials.
    pub notes: Vec<(String, String)>,
    /// The mark, when done.
    pub mark: Option<ReviewMark>,
}

/// Reads what the pack shows.
pub async fn load(state: &AppState, ctx: &TeamContext, q: Quarter) -> Result<Pack, AppError> {
    let monitor = crate::monitor::quarter(&state.store, &ctx.stored, q, ctx.today()).await?;
    let notes = state
        .store
        .review_notes(ctx.id(), q)
        .await?
        .into_iter()
        .map(|n| (n.initials, n.note))
        .collect();
    let mark = state.store.review_mark(ctx.id(), q).await?;
    Ok(Pack {
        quarter: q,
        monitor,
        notes,
        mark,
    })
}

/// "Done on 14/09/2026 by Fiona Smith".
pub fn done_words(mark: &ReviewMark) -> String {
    format!(
        "Done on {} by {}",
        mark.done_on.format("%d/%m/%Y"),
        mark.done_by_name
    )
}

fn note_form(ctx: &TeamContext, q: Quarter, initials: &str, note: &str) -> NoteForm {
    NoteForm {
        initials: initials.to_string(),
        name: ctx
            .team()
            .clinicians
            .iter()
            .find(|c| c.initials.as_str() == initials)
            .map_or(String::new(), |c| c.name.clone()),
        note: note.to_string(),
        action: link(ctx.id().0, path::NOTES, None),
        quarter: q.key(),
        can_edit: ctx.access.may_plan_team(),
        csrf: ctx.user.csrf(),
        error: String::new(),
        saved: String::new(),
    }
}

fn done_view(ctx: &TeamContext, q: Quarter, mark: Option<&ReviewMark>) -> DoneView {
    DoneView {
        done: mark.map(done_words),
        can_mark: ctx.access.may_plan_team(),
        action: link(ctx.id().0, path::DONE, None),
        quarter: q.key(),
        date: ctx.today().format("%d/%m/%Y").to_string(),
        csrf: ctx.user.csrf(),
        error: String::new(),
    }
}

fn line(
    initials: String,
    name: String,
    target: u32,
    k: capa_core::monitor::Counts,
    projected: Option<u32>,
    caseload: u32,
    flags: String,
) -> LineView {
    LineView {
        initials,
        name,
        figures: vec![
            target,
            k.published,
            k.booked,
            k.started,
            k.dna,
            k.cancelled,
            k.reoffered,
            k.not_reoffered,
        ],
        projected: projected.map_or("–".into(), |p| p.to_string()),
        caseload,
        flags,
    }
}

fn phase_words(m: &QuarterMonitor) -> String {
    let as_of = m.as_of.format("%d/%m/%Y");
    match m.phase {
        Phase::Past => format!("as of {as_of}: the quarter is over, its figures are final"),
        Phase::Current => format!("as of {as_of}: the quarter is under way"),
        Phase::Future => format!("as of {as_of}: the quarter has not begun"),
    }
}

/// The page of a quarter's pack.
pub fn page_of(ctx: &TeamContext, p: &Pack) -> ReviewPage {
    let m = &p.monitor;
    let q = p.quarter;
    let team = ctx.id().0;
    let pk = pack(m);
    let (reoffers, waits) = tables(&pk);
    let lines = m
        .clinicians
        .iter()
        .map(|c| {
            line(
                c.initials.to_string(),
                c.name.clone(),
                c.target,
                c.counts,
                c.projected,
                c.open_caseload,
                c.flags
                    .iter()
                    .map(|f| f.code.title())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    let t = &m.team;
    let team_line = line(
        "Team".into(),
        String::new(),
        t.target,
        t.counts,
        t.projected,
        t.open_caseload,
        String::new(),
    );
    let behind = pk
        .behind
        .iter()
        .map(|b| BehindView {
            who: format!("{} {}", b.initials, b.name),
            position: match b.projected {
                Some(pr) => format!(
                    "started {} of a target of {}, projected {pr}",
                    b.started, b.target
                ),
                None => format!("started {} of a target of {}", b.started, b.target),
            },
            flags: b
                .flags
                .iter()
                .map(|(code, title, reason)| FlagView {
                    code: code.code(),
                    title,
                    reason: reason.clone(),
                })
                .collect(),
        })
        .collect();
    let access = pk
        .access
        .iter()
        .map(|(weeks, share, target)| match share {
            Some(s) => format!(
                "{:.0}% seen at Choice within {weeks} weeks (target {:.0}%)",
                s * 100.0,
                target * 100.0
            ),
            None => format!("nobody seen at Choice yet to measure within {weeks} weeks"),
        })
        .collect();
    let notes = m
        .clinicians
        .iter()
        .map(|c| {
            let ini = c.initials.as_str();
            let note = p
                .notes
                .iter()
                .find(|(i, _)| i == ini)
                .map_or("", |(_, n)| n.as_str());
            note_form(ctx, q, ini, note)
        })
        .collect();
    ReviewPage {
        chrome: ctx.chrome(Page::Other),
        team: ctx.team().settings.name.clone(),
        quarter: q.to_string(),
        dates: format!(
            "{} to {}",
            m.starts.format("%d/%m/%Y"),
            m.ends.format("%d/%m/%Y")
        ),
        as_of: phase_words(m),
        links: PackLinks {
            previous: link(team, path::PACK, Some(q.previous())),
            next: link(team, path::PACK, Some(q.next())),
            monitor: format!(
                "{}?quarter={}",
                fill(TEAM, &[("team", &team)]) + "/monitor",
                q.key()
            ),
            csv: link(team, path::CSV, Some(q)),
            xlsx: link(team, path::XLSX, Some(q)),
        },
        lines,
        team_line,
        behind,
        reoffer_summary: format!(
            "{} DNA'd or cancelled first appointments: {} re-offered, {} not",
            pk.reoffers.len(),
            pk.reoffered,
            pk.not_reoffered
        ),
        reoffers,
        waits,
        access,
        managed_list: pk.managed_list,
        managed_href: fill(TEAM, &[("team", &team)]) + "/diary/managed",
        notes,
        done: done_view(ctx, q, p.mark.as_ref()),
    }
}

/// `GET /teams/{team}/review?quarter=Q`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(query): Query<PackQuery>,
) -> PageResult<ReviewPage> {
    let q = ctx.quarter(query.quarter.as_deref())?;
    let p = load(&state, &ctx, q).await?;
    Ok(page_of(&ctx, &p))
}

fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map_or("", String::as_str)
}

/// `POST /teams/{team}/review/notes` (`quarter`, `clinician`, `note`):
/// writes the actions agreed for one clinician; htmx gets the form back
/// with "Saved", or the refusal beside the field (422).
async fn save_note(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let q = ctx.quarter(Some(field(&form, "quarter")))?;
    let (_, id) = ctx.clinician(field(&form, "clinician"))?;
    let initials = field(&form, "clinician").trim().to_uppercase();
    let note = field(&form, "note");
    let htmx = headers.contains_key("hx-request");
    match state
        .store
        .set_review_note(ctx.user.actor(), ctx.id(), q, id, note)
        .await
    {
        Ok(()) => {
            let saved = format!("Saved the actions agreed for {initials}.");
            if !htmx {
                return Ok(Done::to(link(ctx.id().0, path::PACK, Some(q)), saved).into_response());
            }
            let mut n = note_form(&ctx, q, &initials, note.trim());
            n.saved = saved;
            Ok(NoteFragment { n }.into_response())
        }
        Err(StoreError::Invalid(message)) if htmx => {
            let mut n = note_form(&ctx, q, &initials, note);
            n.error = message;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, NoteFragment { n }).into_response())
        }
        Err(StoreError::Invalid(message)) => Err(AppError::BadRequest(message)),
        Err(e) => Err(e.into()),
    }
}

/// `POST /teams/{team}/review/done` (`quarter`, `date`): marks the quarter's
/// review done on the date, by the user; htmx gets the mark back.
async fn mark_done(
    State(state): State<AppState>,
    ctx: TeamContext,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    ctx.access.require(Permission::PlanTeam)?;
    let q = ctx.quarter(Some(field(&form, "quarter")))?;
    let typed = field(&form, "date").trim().to_string();
    let htmx = headers.contains_key("hx-request");
    let result = match parse_date(&typed) {
        None => Err(format!("'{typed}' is not a date; write it as dd/mm/yyyy")),
        Some(day) if day > ctx.today() => Err(format!(
            "{typed} is after today: mark the review done once it has been held"
        )),
        Some(day) => match state
            .store
            .mark_review_done(ctx.user.actor(), ctx.id(), q, day)
            .await
        {
            Ok(mark) => Ok(mark),
            Err(StoreError::Invalid(m) | StoreError::Conflict(m)) => Err(m),
            Err(e) => return Err(e.into()),
        },
    };
    match result {
        Ok(mark) => {
            if !htmx {
                return Ok(Done::to(
                    link(ctx.id().0, path::PACK, Some(q)),
                    format!("The review of {q}: {}.", done_words(&mark)),
                )
                .into_response());
            }
            Ok(DoneFragment {
                done: done_view(&ctx, q, Some(&mark)),
            }
            .into_response())
        }
        Err(message) if htmx => {
            let mark = state.store.review_mark(ctx.id(), q).await?;
            let mut done = done_view(&ctx, q, mark.as_ref());
            done.date = typed;
            done.error = message;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, DoneFragment { done }).into_response())
        }
        Err(message) => Err(AppError::BadRequest(message)),
    }
}
