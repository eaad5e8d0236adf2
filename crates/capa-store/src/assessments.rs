//! The CAPA self-assessment: a team's reviews, each on a date, with the
//! eleven items' ratings and notes. Scores and the full-implementation rule
//! are capa-core's (`capa_core::assessment`); the store keeps what the team
//! said, and every change is audited.

use capa_core::assessment::{Assessment, ItemNumber, Rating, parse_note};
use capa_core::limits::{TextField, check_date, check_text};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AssessmentId, TeamId, UserId};
use crate::{Store, now};

/// A stored review.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAssessment {
    /// Row id.
    pub id: AssessmentId,
    /// Whose review.
    pub team_id: TeamId,
    /// The review's date, ratings and notes.
    pub assessment: Assessment,
    /// The review it was started from, if it was copied.
    pub copied_from: Option<AssessmentId>,
    /// When it was started.
    pub created_at: DateTime<Utc>,
    /// Who started it (`None` for the system, or an account since removed).
    pub created_by: Option<UserId>,
}

const HEAD: &str =
    "SELECT id, team_id, review_date, copied_from, created_at, created_by FROM assessments";

fn rating_value(r: Option<Rating>) -> Option<i64> {
    r.map(|r| i64::from(r.value()))
}

async fn items(tx: &mut Tx, heads: Vec<Row>) -> Result<Vec<StoredAssessment>> {
    let mut out = Vec::with_capacity(heads.len());
    for row in heads {
        let id: i64 = row.get("id")?;
        let mut a = Assessment::new(row.get("review_date")?);
        for item in tx
            .fetch_all(
                "SELECT number, rating, note FROM assessment_items \
                 WHERE assessment_id = $1 ORDER BY number",
                args![id],
            )
            .await?
        {
            let number = ItemNumber::from_value(item.get("number")?)
                .map_err(|e| StoreError::Invalid(format!("stored review {id}: {e}")))?;
            let rating = item
                .get::<Option<i64>>("rating")?
                .map(Rating::from_value)
                .transpose()
                .map_err(|e| StoreError::Invalid(format!("stored review {id}: {e}")))?;
            a.set(number, rating, item.get("note")?);
        }
        out.push(StoredAssessment {
            id: AssessmentId(id),
            team_id: TeamId(row.get("team_id")?),
            assessment: a,
            copied_from: row.get::<Option<i64>>("copied_from")?.map(AssessmentId),
            created_at: row.get("created_at")?,
            created_by: row.get::<Option<i64>>("created_by")?.map(UserId),
        });
    }
    Ok(out)
}

async fn one(tx: &mut Tx, id: AssessmentId) -> Result<StoredAssessment> {
    let head = tx
        .fetch_optional(&format!("{HEAD} WHERE id = $1"), args![id.0])
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no self-assessment with id {id}")))?;
    Ok(items(tx, vec![head]).await?.remove(0))
}

fn entry_json(a: &Assessment, n: ItemNumber) -> serde_json::Value {
    let e = a.entries.get(&n).cloned().unwrap_or_default();
    json!({ "number": n, "rating": e.rating, "note": e.note })
}

impl Store {
    /// Starts a review of the team on `date`: empty, or with the ratings and
    /// notes of `copy_from` (a review of the same team). `Conflict` when the
    /// team has a review on that date already.
    pub async fn create_assessment(
        &self,
        actor: Actor,
        team: TeamId,
        date: NaiveDate,
        copy_from: Option<AssessmentId>,
    ) -> Result<StoredAssessment> {
        check_date("the review's date", date)?;
        let mut tx = self.write().await?;
        let start = match copy_from {
            None => Assessment::new(date),
            Some(from) => {
                let source = one(&mut tx, from).await?;
                if source.team_id != team {
                    return Err(StoreError::NotFound(format!(
                        "no self-assessment with id {from} in this team"
                    )));
                }
                source.assessment.copy_to(date)
            }
        };
        let id = tx
            .insert(
                "INSERT INTO assessments (team_id, review_date, copied_from, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![
                    team.0,
                    date,
                    copy_from.map(|c| c.0),
                    now(),
                    actor.user_id().map(|u| u.0)
                ],
            )
            .await
            .map_err(|e| {
                e.conflict_as(|| {
                    format!(
                        "the team has a review dated {} already; open it, or choose another date",
                        date.format("%d/%m/%Y")
                    )
                })
            })?;
        for (n, e) in &start.entries {
            tx.execute(
                "INSERT INTO assessment_items (assessment_id, number, rating, note) \
                 VALUES ($1, $2, $3, $4)",
                args![
                    id,
                    i64::from(n.get()),
                    rating_value(e.rating),
                    e.note.as_str()
                ],
            )
            .await?;
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Assessment,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({
                    "date": date,
                    "copied_from": copy_from,
                    "items": ItemNumber::all().map(|n| entry_json(&start, n)).collect::<Vec<_>>(),
                })),
            },
        )
        .await?;
        let stored = one(&mut tx, AssessmentId(id)).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One review. `NotFound` if there is none with that id.
    pub async fn assessment(&self, id: AssessmentId) -> Result<StoredAssessment> {
        let mut tx = self.read().await?;
        let a = one(&mut tx, id).await?;
        tx.commit().await?;
        Ok(a)
    }

    /// The team's reviews, oldest first.
    pub async fn assessments(&self, team: TeamId) -> Result<Vec<StoredAssessment>> {
        let mut tx = self.read().await?;
        let heads = tx
            .fetch_all(
                &format!("{HEAD} WHERE team_id = $1 ORDER BY review_date, id"),
                args![team.0],
            )
            .await?;
        let all = items(&mut tx, heads).await?;
        tx.commit().await?;
        Ok(all)
    }

    /// The team's latest review (by date), if any.
    pub async fn last_assessment(&self, team: TeamId) -> Result<Option<StoredAssessment>> {
        let mut tx = self.read().await?;
        let heads = tx
            .fetch_all(
                &format!("{HEAD} WHERE team_id = $1 ORDER BY review_date DESC, id DESC LIMIT 1"),
                args![team.0],
            )
            .await?;
        let mut last = items(&mut tx, heads).await?;
        tx.commit().await?;
        Ok(last.pop())
    }

    /// Rates one item of a review (`None`: back to not rated) with its
    /// note, trimmed and at most 2000 characters. Returns the review as it
    /// now stands; the audit record keeps the rating and note before.
    pub async fn rate_assessment_item(
        &self,
        actor: Actor,
        id: AssessmentId,
        number: ItemNumber,
        rating: Option<Rating>,
        note: &str,
    ) -> Result<StoredAssessment> {
        let note = parse_note(note).map_err(|e| StoreError::Invalid(e.to_string()))?;
        check_text(TextField::Note, &note)?;
        let mut tx = self.write().await?;
        let before = one(&mut tx, id).await?;
        tx.execute(
            "UPDATE assessment_items SET rating = $3, note = $4 \
             WHERE assessment_id = $1 AND number = $2",
            args![
                id.0,
                i64::from(number.get()),
                rating_value(rating),
                note.as_str()
            ],
        )
        .await?;
        let after = one(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(before.team_id),
                kind: EntityKind::Assessment,
                id: id.0,
                action: Action::Update,
                before: Some(entry_json(&before.assessment, number)),
                after: Some(entry_json(&after.assessment, number)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}
