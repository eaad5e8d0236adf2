//! The audit log of a team, for team leads and administrators.

use std::collections::HashMap;

use axum::extract::{Query, State};
use capa_store::{AuditId, AuditQuery};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Permission, TeamContext};
use crate::error::PageResult;
use crate::routes::Routes;
use crate::urls::path;
use crate::views::audit::{AuditPage, AuditRow};
use crate::views::chrome::Page;

/// The routes of this page.
pub fn routes() -> Routes {
    Routes::new().get(path::AUDIT, page)
}

/// Records per page.
const PAGE: u32 = 50;

/// `?before=ID`.
#[derive(Deserialize)]
struct AuditParams {
    before: Option<i64>,
}

/// `GET /teams/{team}/audit`.
async fn page(
    State(state): State<AppState>,
    ctx: TeamContext,
    Query(q): Query<AuditParams>,
) -> PageResult<AuditPage> {
    ctx.access.require(Permission::PlanTeam)?;
    let records = state
        .store
        .audit_log(&AuditQuery {
            team_id: Some(ctx.id()),
            before: q.before.map(AuditId),
            limit: Some(PAGE),
            ..AuditQuery::default()
        })
        .await?;
    let names: HashMap<_, _> = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let zone = ctx.zone();
    let pretty = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
            .unwrap_or_default()
    };
    let rows = records
        .iter()
        .map(|r| AuditRow {
            at: zone.local(r.at).format("%d/%m/%Y %H:%M:%S").to_string(),
            who: r.user_id.map_or("capa (command line)".into(), |id| {
                names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("user {id}"))
            }),
            what: format!(
                "{:?}{}",
                r.entity_kind,
                r.entity_id.map(|i| format!(" {i}")).unwrap_or_default()
            ),
            action: r.action.as_str().to_string(),
            before: pretty(&r.before),
            after: pretty(&r.after),
        })
        .collect();
    let older =
        (records.len() as u32 == PAGE).then(|| ctx.urls.audit(records.last().map(|r| r.id.0)));
    Ok(AuditPage {
        rows,
        older,
        chrome: ctx.chrome(Page::Audit),
    })
}
