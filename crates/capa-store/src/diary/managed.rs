//! The managed list: families nothing fitted within the team's limit, kept
//! visible with the reason and what they need until someone resolves them,
//! never dropped silently.

use capa_core::limits::{TextField, check_text};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::clients;
use crate::db::{Row, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClientId, ManagedId, TeamId, UserId};
use crate::{Store, now};

/// An entry of the managed list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedEntry {
    /// Row id.
    pub id: ManagedId,
    /// Team.
    pub team_id: TeamId,
    /// The family.
    pub client_id: ClientId,
    /// The family's display label, or its NHI or local reference.
    pub client_reference: String,
    /// Why nothing fitted.
    pub reason: String,
    /// What the family needs (the search that found nothing), as the caller
    /// gave it.
    pub needs: serde_json::Value,
    /// When it was added.
    pub added_at: DateTime<Utc>,
    /// Who added it.
    pub added_by: Option<UserId>,
    /// When it was resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// How ("booked AD7 after a cancellation").
    pub resolution: Option<String>,
}

fn entry_from(row: &Row) -> Result<ManagedEntry> {
    let needs: String = row.get("needs_json")?;
    let label: Option<String> = row.get("label")?;
    let nhi: Option<String> = row.get("nhi")?;
    let reference = match (label, nhi) {
        (Some(l), _) => l,
        (None, Some(n)) => n,
        (None, None) => row.get("local_ref")?,
    };
    Ok(ManagedEntry {
        id: ManagedId(row.get("id")?),
        team_id: TeamId(row.get("team_id")?),
        client_id: ClientId(row.get("client_id")?),
        client_reference: reference,
        reason: row.get("reason")?,
        needs: serde_json::from_str(&needs).map_err(|e| {
            StoreError::Invalid(format!("a managed-list entry holds invalid JSON: {e}"))
        })?,
        added_at: row.get("added_at")?,
        added_by: row.get::<Option<i64>>("added_by")?.map(UserId),
        resolved_at: row.get("resolved_at")?,
        resolution: row.get("resolution")?,
    })
}

impl Store {
    /// Puts a family on the team's managed list. `Conflict` if it is on the
    /// open list already.
    pub async fn add_to_managed_list(
        &self,
        actor: Actor,
        team: TeamId,
        client: ClientId,
        reason: &str,
        needs: &serde_json::Value,
    ) -> Result<ManagedId> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "say why the family is on the managed list".into(),
            ));
        }
        check_text(TextField::Note, reason)?;
        let mut tx = self.write().await?;
        clients::of_team(&mut tx, team, client).await?;
        let id = tx
            .insert(
                "INSERT INTO managed_list (team_id, client_id, reason, needs_json, added_at, added_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                args![
                    team.0,
                    client.0,
                    reason,
                    needs.to_string(),
                    now(),
                    actor.user_id().map(|u| u.0)
                ],
            )
            .await
            .map_err(|e| e.conflict_as(|| "the family is already on the managed list".into()))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::ManagedList,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({ "client_id": client, "reason": reason, "needs": needs })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ManagedId(id))
    }

    /// Takes a family off the managed list, saying how it was resolved.
    /// `Conflict` if it was resolved already.
    pub async fn resolve_managed(
        &self,
        actor: Actor,
        id: ManagedId,
        resolution: &str,
    ) -> Result<()> {
        let resolution = resolution.trim();
        if resolution.is_empty() {
            return Err(StoreError::Invalid("say how it was resolved".into()));
        }
        check_text(TextField::Note, resolution)?;
        let mut tx = self.write().await?;
        let team: i64 = tx
            .fetch_optional(
                "SELECT team_id FROM managed_list WHERE id = $1",
                args![id.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no managed-list entry with id {id}")))?
            .get("team_id")?;
        let at = now();
        let changed = tx
            .execute(
                "UPDATE managed_list SET resolved_at = $2, resolution = $3 \
                 WHERE id = $1 AND resolved_at IS NULL",
                args![id.0, at, resolution],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::Conflict(
                "this entry is already resolved".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(TeamId(team)),
                kind: EntityKind::ManagedList,
                id: id.0,
                action: Action::Update,
                before: Some(json!({ "resolved_at": null })),
                after: Some(json!({ "resolved_at": at, "resolution": resolution })),
            },
        )
        .await?;
        tx.commit().await
    }

    /// The team's managed list, oldest first: the open entries, or every
    /// entry with `include_resolved`.
    pub async fn managed_list(
        &self,
        team: TeamId,
        include_resolved: bool,
    ) -> Result<Vec<ManagedEntry>> {
        let open = if include_resolved {
            ""
        } else {
            " AND m.resolved_at IS NULL"
        };
        let sql = format!(
            "SELECT m.id, m.team_id, m.client_id, m.reason, m.needs_json, m.added_at, m.added_by, \
             m.resolved_at, m.resolution, c.label, c.nhi, c.local_ref \
             FROM managed_list m JOIN clients c ON c.id = m.client_id \
             WHERE m.team_id = $1{open} ORDER BY m.added_at, m.id"
        );
        let mut tx = self.read().await?;
        let rows = tx.fetch_all(&sql, args![team.0]).await?;
        tx.commit().await?;
        rows.iter().map(entry_from).collect()
    }
}
