//! The managed list: families for whom nothing fitted within the team's limit.

use axum::extract::{Path, State};
use capa_core::diary::search::OfferQuery;
use capa_core::diary::waits;
use capa_store::{AppointmentKind, ManagedId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Form, Permission, TeamContext};
use crate::diary as steps;
use crate::error::{AppError, PageResult};
use crate::flash::Done;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::chrome::Page;
use crate::views::diary::managed::{ManagedLine, ManagedPage};

/// The routes of the managed list.
pub fn routes() -> Routes {
    Routes::new()
        .get(path::MANAGED, page)
        .post(path::MANAGED, add)
        .post(path::MANAGED_RESOLVE, resolve)
}

/// Longest resolution note.
const MAX_RESOLUTION: usize = 200;

/// `GET /teams/{team}/diary/managed`.
async fn page(State(state): State<AppState>, ctx: TeamContext) -> PageResult<ManagedPage> {
    let z = ctx.zone();
    let may_book = ctx.access.may_book();
    let rows = state
        .store
        .managed_list(ctx.id(), false)
        .await?
        .into_iter()
        .map(|m| ManagedLine {
            id: m.id.0,
            client: m.client_reference,
            since: z.local(m.added_at).format("%d/%m/%Y").to_string(),
            reason: m.reason,
            action: may_book.then(|| ctx.urls.managed_resolve(m.id.0)),
        })
        .collect();
    Ok(ManagedPage {
        rows,
        chrome: ctx.chrome(Page::Diary),
    })
}

/// Putting a family on the managed list.
#[derive(Deserialize)]
struct ManagedForm {
    client: String,
    #[serde(default)]
    skills: String,
}

/// `POST /teams/{team}/diary/managed`: when nothing fits within the team's
/// limit, the family goes on the list with the reason capa-core gives.
async fn add(
    State(state): State<AppState>,
    ctx: TeamContext,
    Form(form): Form<ManagedForm>,
) -> PageResult<Done> {
    ctx.access.require(Permission::Book)?;
    let z = ctx.zone();
    let views = steps::vacant(
        &state.store,
        &ctx.stored,
        AppointmentKind::Partnership,
        ctx.now,
    )
    .await?;
    let mut q = OfferQuery::new(z.local(ctx.now));
    for part in form.skills.split(',').filter(|s| !s.trim().is_empty()) {
        if let Some((d, l)) = part.split_once(':')
            && let Some(level) = capa_core::SkillLevel::parse(l)
        {
            q.skills.push((d.trim().to_string(), level));
        }
    }
    let reason = match waits::place(
        &views,
        &ctx.team().clinicians,
        &q,
        ctx.team().settings.max_wait_weeks,
    ) {
        waits::Placement::ManagedList(entry) => entry.reason,
        waits::Placement::Offers { .. } => {
            return Err(AppError::Conflict(
                "offers fit within the limit: book one instead".into(),
            ));
        }
    };
    let key = steps::client_key(&form.client)?;
    let client = state
        .store
        .find_or_create_client(ctx.user.actor(), ctx.id(), &key, None, None)
        .await?;
    let needs = serde_json::json!({ "skills": form.skills });
    state
        .store
        .add_to_managed_list(ctx.user.actor(), ctx.id(), client.id, &reason, &needs)
        .await?;
    Ok(Done::to(
        ctx.urls.managed(),
        "The family is on the managed list, with the reason nothing fitted.",
    ))
}

/// The resolve form.
#[derive(Deserialize)]
struct ResolveForm {
    resolution: String,
}

/// An entry in a path.
#[derive(Deserialize)]
struct EntryPath {
    id: i64,
}

/// `POST /teams/{team}/diary/managed/{id}/resolve`.
async fn resolve(
    State(state): State<AppState>,
    ctx: TeamContext,
    Path(p): Path<EntryPath>,
    Form(form): Form<ResolveForm>,
) -> PageResult<Done> {
    ctx.access.require(Permission::Book)?;
    let mine = state
        .store
        .managed_list(ctx.id(), false)
        .await?
        .iter()
        .any(|m| m.id == ManagedId(p.id));
    if !mine {
        return Err(AppError::NotFound("no such open entry in this team".into()));
    }
    let resolution = form.resolution.trim();
    if resolution.is_empty() || resolution.chars().count() > MAX_RESOLUTION {
        return Err(AppError::BadRequest(format!(
            "say what happened in 1 to {MAX_RESOLUTION} characters, e.g. \"booked AD7\""
        )));
    }
    state
        .store
        .resolve_managed(ctx.user.actor(), ManagedId(p.id), resolution)
        .await?;
    Ok(Done::to(
        ctx.urls.managed(),
        "Resolved: the family is off the managed list.",
    ))
}
