//! Private calendar (ICS) feeds: one secret URL token per feed, of which the
//! store keeps only the SHA-256, revocable.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, FeedId, TeamId};
use crate::secret::{random_secret, session_hash};
use crate::{Store, now};

/// A calendar feed's record (never its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarFeed {
    /// Row id.
    pub id: FeedId,
    /// Whose appointments it shows.
    pub clinician_id: ClinicianId,
    /// The clinician's team.
    pub team_id: TeamId,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked; a revoked feed answers nothing.
    pub revoked_at: Option<DateTime<Utc>>,
}

const FEED_SELECT: &str = "SELECT f.id, f.clinician_id, c.team_id, f.created_at, f.revoked_at \
     FROM calendar_feeds f JOIN clinicians c ON c.id = f.clinician_id";

fn feed_from(row: &Row) -> Result<CalendarFeed> {
    Ok(CalendarFeed {
        id: FeedId(row.get("id")?),
        clinician_id: ClinicianId(row.get("clinician_id")?),
        team_id: TeamId(row.get("team_id")?),
        created_at: row.get("created_at")?,
        revoked_at: row.get("revoked_at")?,
    })
}

impl Store {
    /// Creates a calendar feed for a clinician. Returns its record and the
    /// secret token for the feed's URL, which is not stored and cannot be
    /// shown again.
    pub async fn create_calendar_feed(
        &self,
        actor: Actor,
        clinician: ClinicianId,
    ) -> Result<(CalendarFeed, String)> {
        let token = random_secret()?;
        let mut tx = self.write().await?;
        let team: i64 = tx
            .fetch_optional(
                "SELECT team_id FROM clinicians WHERE id = $1",
                args![clinician.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no clinician with id {clinician}")))?
            .get("team_id")?;
        let id = tx
            .insert(
                "INSERT INTO calendar_feeds (clinician_id, token_hash, created_at) \
                 VALUES ($1, $2, $3) RETURNING id",
                args![clinician.0, session_hash(&token), now()],
            )
            .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(TeamId(team)),
                kind: EntityKind::CalendarFeed,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({ "clinician_id": clinician })),
            },
        )
        .await?;
        let feed = tx
            .fetch_optional(&format!("{FEED_SELECT} WHERE f.id = $1"), args![id])
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?;
        let feed = feed_from(&feed)?;
        tx.commit().await?;
        Ok((feed, token))
    }

    /// Revokes a feed: its URL stops working. Revoking it again changes
    /// nothing.
    pub async fn revoke_calendar_feed(&self, actor: Actor, id: FeedId) -> Result<()> {
        let mut tx = self.write().await?;
        let feed = tx
            .fetch_optional(&format!("{FEED_SELECT} WHERE f.id = $1"), args![id.0])
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no calendar feed with id {id}")))?;
        let feed = feed_from(&feed)?;
        if feed.revoked_at.is_some() {
            return tx.commit().await;
        }
        let at = now();
        tx.execute(
            "UPDATE calendar_feeds SET revoked_at = $2 WHERE id = $1",
            args![id.0, at],
        )
        .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(feed.team_id),
                kind: EntityKind::CalendarFeed,
                id: id.0,
                action: Action::Update,
                before: Some(json!({ "revoked_at": null })),
                after: Some(json!({ "revoked_at": at })),
            },
        )
        .await?;
        tx.commit().await
    }

    /// The unrevoked feed a URL token opens, if any.
    pub async fn calendar_feed(&self, token: &str) -> Result<Option<CalendarFeed>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                &format!("{FEED_SELECT} WHERE f.token_hash = $1 AND f.revoked_at IS NULL"),
                args![session_hash(token)],
            )
            .await?;
        tx.commit().await?;
        row.map(|r| feed_from(&r)).transpose()
    }

    /// A clinician's feeds, revoked ones included, oldest first.
    pub async fn calendar_feeds(&self, clinician: ClinicianId) -> Result<Vec<CalendarFeed>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                &format!("{FEED_SELECT} WHERE f.clinician_id = $1 ORDER BY f.id"),
                args![clinician.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(feed_from).collect()
    }
}
