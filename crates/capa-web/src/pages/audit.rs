//! The audit log of a team, for team leads and administrators.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use capa_store::{AuditId, AuditQuery, TeamId};
use serde::Deserialize;

use super::TeamPage;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::views::chrome::Page;
use crate::views::pages::{AuditPage, AuditRow};

/// Records per page.
const PAGE: u32 = 50;

/// `?before=ID`.
#[derive(Deserialize)]
pub struct AuditParams {
    before: Option<i64>,
}

/// `GET /teams/{team}/audit`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(team): Path<i64>,
    Query(q): Query<AuditParams>,
) -> PageResult<AuditPage> {
    let p = TeamPage::load(&state, &user, team, Page::Audit).await?;
    if !p.access.sees_audit() {
        return Err(AppError::Forbidden(
            "only the team lead or an administrator can read the audit log".into(),
        ));
    }
    let records = state
        .store
        .audit_log(&AuditQuery {
            team_id: Some(TeamId(team)),
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
    let zone = p.stored.team.settings.time_zone;
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
    let older = (records.len() as u32 == PAGE).then(|| {
        format!(
            "/teams/{team}/audit?before={}",
            records.last().map_or(0, |r| r.id.0)
        )
    });
    Ok(AuditPage {
        rows,
        older,
        chrome: p.chrome,
    })
}
