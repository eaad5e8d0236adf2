//! Publishing a clinician's offers (or Choice slots) for a quarter from the
//! sessions their job plan proposes.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use capa_core::diary::SlotKind;
use serde::Deserialize;

use super::standing;
use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::diary::{self as steps, DiaryOf};
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::controls::OptionView;
use crate::views::diary::publish::{CandidateLine, PublishPage, PublishedLine};
use crate::views::format::{day_name, kind_of, kind_value, short_when, state_words};
use crate::views::team_plan::quarter_options;
use chrono::Datelike;

/// The routes of publishing.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::PUBLISH, page)
        .post(path::PUBLISH, publish)
}

/// `?clinician=AD&kind=core&quarter=2026Q3`.
#[derive(Deserialize)]
struct PublishQuery {
    clinician: Option<String>,
    kind: Option<String>,
    quarter: Option<String>,
}

/// The clinicians whose offers the user may publish: their own as a
/// clinician, anyone's as a lead.
pub(super) fn publishable(ctx: &TeamContext) -> Vec<usize> {
    (0..ctx.team().clinicians.len())
        .filter(|i| ctx.access.may_act_for(ctx.stored.clinician_ids[*i]))
        .collect()
}

/// The value a candidate session is ticked by.
fn slot_value(s: &capa_core::diary::ProposedSlot) -> String {
    format!("{}|{}|{}", s.date, s.session, s.seat)
}

pub(super) async fn view(
    state: &AppState,
    ctx: TeamContext,
    index: usize,
    quarter: capa_core::Quarter,
    kind: SlotKind,
    error: Option<String>,
) -> PageResult<PublishPage> {
    let allowed = publishable(&ctx);
    let (proposal, existing) =
        steps::proposal_for(&state.store, &ctx.stored, index, quarter, kind.clone()).await?;
    let c = ctx.clinician_at(index);
    let z = ctx.zone();
    let mut existing = existing;
    existing.sort_by_key(|a| (a.starts_at, a.id.0));
    let published = existing
        .iter()
        .map(|a| {
            let (words, tone) = state_words(a.state);
            PublishedLine {
                label: a.label.clone(),
                when: short_when(z.local(a.starts_at)),
                state: words.into(),
                tone,
            }
        })
        .collect();
    let n = &proposal.needed;
    let mut published_line = format!("{} of {} published for {quarter}", n.published, n.target);
    if n.lost > 0 {
        published_line.push_str(&format!(" ({} DNA'd or cancelled, to re-offer)", n.lost));
    }
    let reoffers = existing.iter().filter(|a| a.replaces_id.is_some()).count();
    if reoffers > 0 {
        published_line.push_str(&format!(
            "; {reoffers} re-offer{} besides",
            if reoffers == 1 { "" } else { "s" }
        ));
    }
    published_line.push('.');
    let standing = standing::lines(&ctx, index, &kind, &existing);
    let candidates = proposal
        .candidates
        .iter()
        .enumerate()
        .map(|(i, s)| CandidateLine {
            value: slot_value(s),
            label: format!(
                "{} {} {}-{}",
                &day_name(s.date.weekday())[..3],
                s.date.format("%d/%m/%Y"),
                s.starts.format("%H:%M"),
                s.ends.format("%H:%M")
            ),
            suggested: proposal.suggested.contains(&i),
        })
        .collect();
    let value = kind_value(&kind);
    let mut kinds = vec![
        ("core".to_string(), "Core Partnership offers".to_string()),
        ("choice".to_string(), "Choice slots".to_string()),
    ];
    kinds.extend(
        ctx.team()
            .settings
            .stream_names()
            .into_iter()
            .map(|s| (format!("specific:{s}"), format!("{s} Specific offers"))),
    );
    Ok(PublishPage {
        who: format!("{} {}", c.initials, c.name),
        initials: c.initials.to_string(),
        kinds: kinds
            .into_iter()
            .map(|(v, label)| OptionView {
                selected: v == value,
                value: v,
                label,
            })
            .collect(),
        kind: value,
        kind_label: kind.to_string(),
        quarter: quarter.to_string(),
        quarter_value: quarter.key(),
        quarters: quarter_options(ctx.current_quarter(), quarter),
        clinicians: allowed
            .iter()
            .map(|i| OptionView::plain(ctx.clinician_at(*i).initials.to_string(), *i == index))
            .collect(),
        explain: proposal.explain.to_string(),
        candidates,
        action: ctx.urls.publish(),
        error,
        published_line,
        published,
        standing,
        standing_action: ctx.urls.publish_standing(),
        chrome: ctx.chrome(Page::Diary),
    })
}

/// `GET /teams/{team}/diary/publish`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<PublishQuery>,
) -> PageResult<PublishPage> {
    ctx.access.require(Permission::PublishSome)?;
    let index = match q.clinician.as_deref() {
        Some(ini) => ctx.clinician(ini)?.0,
        None => match ctx.access.own_clinician().and_then(|c| ctx.index_of(c)) {
            Some(i) => i,
            None => *publishable(&ctx)
                .first()
                .ok_or_else(|| AppError::NotFound("the team has no clinicians yet".into()))?,
        },
    };
    ctx.access
        .require(Permission::ActFor(ctx.stored.clinician_ids[index]))?;
    let quarter = match q.quarter.as_deref() {
        Some(_) => ctx.quarter(q.quarter.as_deref())?,
        None => ctx.current_quarter().next(),
    };
    view(
        &state,
        ctx,
        index,
        quarter,
        kind_of(q.kind.as_deref()),
        None,
    )
    .await
}

/// The publish form.
#[derive(Deserialize)]
struct PublishForm {
    clinician: String,
    kind: String,
    quarter: String,
    #[serde(default)]
    slot: Vec<String>,
}

/// `POST /teams/{team}/diary/publish`: publishes the ticked sessions, numbered in date order.
async fn publish(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<PublishForm>,
) -> PageResult<Response> {
    let (index, id) = ctx.clinician(&form.clinician)?;
    ctx.access.require(Permission::ActFor(id))?;
    let quarter = ctx.quarter(Some(&form.quarter))?;
    let kind = kind_of(Some(form.kind.as_str()));
    let (proposal, existing) =
        steps::proposal_for(&state.store, &ctx.stored, index, quarter, kind.clone()).await?;
    let chosen: Vec<_> = proposal
        .candidates
        .iter()
        .filter(|s| form.slot.contains(&slot_value(s)))
        .cloned()
        .collect();
    let problem = if chosen.len() != form.slot.len() {
        Some(
            "Some of the ticked sessions are no longer free (someone published them a moment ago): here is the quarter as it is now.",
        )
    } else if chosen.is_empty() {
        Some("Tick at least one session to publish.")
    } else {
        None
    };
    if let Some(problem) = problem {
        let status = if chosen.is_empty() && form.slot.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::CONFLICT
        };
        let page = view(&state, ctx, index, quarter, kind, Some(problem.into())).await?;
        return Ok((status, page).into_response());
    }
    let ids = steps::publish(
        &state.store,
        ctx.user.actor(),
        &ctx.stored,
        DiaryOf {
            index,
            quarter,
            kind: &kind,
        },
        &existing,
        &chosen,
    )
    .await?;
    let first = state.store.appointment(ids[0]).await?.label;
    let last = state.store.appointment(ids[ids.len() - 1]).await?.label;
    let which = if ids.len() == 1 {
        first
    } else {
        format!("{first}-{last}")
    };
    Ok(Done::to(
        ctx.urls.sheet(Some(quarter)),
        format!("Published {which} ({} {}) for {quarter}.", ids.len(), kind),
    )
    .into_response())
}
