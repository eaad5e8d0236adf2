//! A quarter's review: the mark that it was done (date and who, the
//! self-assessment's evidence that targets are reviewed) and the actions
//! agreed for each clinician, kept with the quarter.

use capa_core::Quarter;
use capa_core::limits::{TextField, check_date, check_text};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, TeamId, UserId};
use crate::{Store, now};

/// A quarter's review, marked done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewMark {
    /// The team.
    pub team_id: TeamId,
    /// The quarter's key (`2026Q3`, `Quarter::key`).
    pub quarter: String,
    /// The day the review was held.
    pub done_on: NaiveDate,
    /// Who marked it (`None` for the command line or a removed account).
    pub done_by: Option<UserId>,
    /// Their name when they marked it (kept if the account goes).
    pub done_by_name: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// The actions agreed for one clinician at a quarter's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewNote {
    /// The clinician.
    pub clinician_id: ClinicianId,
    /// Their initials.
    pub initials: String,
    /// The note as written.
    pub note: String,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Who changed it last.
    pub updated_by: Option<UserId>,
}

fn mark_from(row: &Row) -> Result<ReviewMark> {
    Ok(ReviewMark {
        team_id: TeamId(row.get("team_id")?),
        quarter: row.get("quarter")?,
        done_on: row.get("done_on")?,
        done_by: row.get::<Option<i64>>("done_by")?.map(UserId),
        done_by_name: row.get("done_by_name")?,
        recorded_at: row.get("recorded_at")?,
    })
}

/// The name recorded for who did something.
async fn actor_name(tx: &mut Tx, actor: Actor) -> Result<String> {
    match actor {
        Actor::System => Ok("capa (command line)".into()),
        Actor::User(id) => tx
            .fetch_optional("SELECT display_name FROM users WHERE id = $1", args![id.0])
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no user with id {id}")))?
            .get("display_name"),
    }
}

async fn team_exists(tx: &mut Tx, team: TeamId) -> Result<()> {
    tx.fetch_optional("SELECT id FROM teams WHERE id = $1", args![team.0])
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("no team with id {team}")))
}

/// The clinician's initials, checking they are of the team.
async fn clinician_initials(tx: &mut Tx, team: TeamId, clinician: ClinicianId) -> Result<String> {
    let row = tx
        .fetch_optional(
            "SELECT team_id, initials FROM clinicians WHERE id = $1",
            args![clinician.0],
        )
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no clinician with id {clinician}")))?;
    if TeamId(row.get("team_id")?) != team {
        return Err(StoreError::Invalid(format!(
            "clinician {clinician} belongs to another team"
        )));
    }
    row.get("initials")
}

impl Store {
    /// The quarter's review mark, if the review has been marked done.
    pub async fn review_mark(&self, team: TeamId, quarter: Quarter) -> Result<Option<ReviewMark>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                "SELECT team_id, quarter, done_on, done_by, done_by_name, recorded_at \
                 FROM review_marks WHERE team_id = $1 AND quarter = $2",
                args![team.0, quarter.key()],
            )
            .await?;
        tx.commit().await?;
        row.as_ref().map(mark_from).transpose()
    }

    /// Every review mark of the team, latest quarter first.
    pub async fn review_marks(&self, team: TeamId) -> Result<Vec<ReviewMark>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT team_id, quarter, done_on, done_by, done_by_name, recorded_at \
                 FROM review_marks WHERE team_id = $1 ORDER BY done_on DESC, quarter DESC",
                args![team.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(mark_from).collect()
    }

    /// Marks the quarter's review done on `done_on`, by the actor (audited).
    /// `Conflict` if it is marked already: a review is held once.
    pub async fn mark_review_done(
        &self,
        actor: Actor,
        team: TeamId,
        quarter: Quarter,
        done_on: NaiveDate,
    ) -> Result<ReviewMark> {
        check_date("the review's date", done_on)?;
        let mut tx = self.write().await?;
        team_exists(&mut tx, team).await?;
        let name = actor_name(&mut tx, actor).await?;
        let at = now();
        tx.execute(
            "INSERT INTO review_marks (team_id, quarter, done_on, done_by, done_by_name, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            args![
                team.0,
                quarter.key(),
                done_on,
                actor.user_id().map(|u| u.0),
                name.as_str(),
                at
            ],
        )
        .await
        .map_err(|e| e.conflict_as(|| format!("the review of {quarter} is already marked done")))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Review,
                id: team.0,
                action: Action::Create,
                before: None,
                after: Some(json!({
                    "quarter": quarter.key(),
                    "done_on": done_on,
                    "done_by": name,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ReviewMark {
            team_id: team,
            quarter: quarter.key(),
            done_on,
            done_by: actor.user_id(),
            done_by_name: name,
            recorded_at: at,
        })
    }

    /// The actions agreed at the quarter's review, by clinician initials.
    pub async fn review_notes(&self, team: TeamId, quarter: Quarter) -> Result<Vec<ReviewNote>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT n.clinician_id, c.initials, n.note, n.updated_at, n.updated_by \
                 FROM review_notes n JOIN clinicians c ON c.id = n.clinician_id \
                 WHERE n.team_id = $1 AND n.quarter = $2 ORDER BY c.initials",
                args![team.0, quarter.key()],
            )
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(ReviewNote {
                    clinician_id: ClinicianId(r.get("clinician_id")?),
                    initials: r.get("initials")?,
                    note: r.get("note")?,
                    updated_at: r.get("updated_at")?,
                    updated_by: r.get::<Option<i64>>("updated_by")?.map(UserId),
                })
            })
            .collect()
    }

    /// Writes the actions agreed for a clinician at the quarter's review
    /// (audited, before and after); an empty note removes it.
    pub async fn set_review_note(
        &self,
        actor: Actor,
        team: TeamId,
        quarter: Quarter,
        clinician: ClinicianId,
        note: &str,
    ) -> Result<()> {
        let note = note.trim();
        check_text(TextField::Note, note)?;
        let mut tx = self.write().await?;
        let initials = clinician_initials(&mut tx, team, clinician).await?;
        let before: Option<String> = tx
            .fetch_optional(
                "SELECT note FROM review_notes WHERE team_id = $1 AND quarter = $2 \
                 AND clinician_id = $3",
                args![team.0, quarter.key(), clinician.0],
            )
            .await?
            .map(|r| r.get("note"))
            .transpose()?;
        if before.as_deref() == Some(note) || (before.is_none() && note.is_empty()) {
            return Ok(());
        }
        if note.is_empty() {
            tx.execute(
                "DELETE FROM review_notes WHERE team_id = $1 AND quarter = $2 AND clinician_id = $3",
                args![team.0, quarter.key(), clinician.0],
            )
            .await?;
        } else {
            tx.execute(
                "INSERT INTO review_notes (team_id, quarter, clinician_id, note, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (team_id, quarter, clinician_id) \
                 DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, \
                 updated_by = excluded.updated_by",
                args![
                    team.0,
                    quarter.key(),
                    clinician.0,
                    note,
                    now(),
                    actor.user_id().map(|u| u.0)
                ],
            )
            .await?;
        }
        let state = |n: Option<&str>| {
            n.map(|n| json!({ "quarter": quarter.key(), "clinician": initials, "note": n }))
        };
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Review,
                id: clinician.0,
                action: match (&before, note.is_empty()) {
                    (None, _) => Action::Create,
                    (Some(_), true) => Action::Delete,
                    (Some(_), false) => Action::Update,
                },
                before: state(before.as_deref()),
                after: state(Some(note).filter(|n| !n.is_empty())),
            },
        )
        .await?;
        tx.commit().await
    }
}
