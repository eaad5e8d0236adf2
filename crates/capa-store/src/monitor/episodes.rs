//! Partnership episodes closed. A first Partnership appointment attended
//! starts an episode; the clinician (or a lead) records the day it closed
//! from the diary. The open caseload the monitor judges is started minus
//! closed.

use capa_core::limits::check_date;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AppointmentId, TeamId, UserId};
use crate::{Store, now};

/// An episode closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpisodeClosure {
    /// The first Partnership appointment that started the episode.
    pub appointment_id: AppointmentId,
    /// The day the episode closed.
    pub closed_on: NaiveDate,
    /// Who recorded it.
    pub closed_by: Option<UserId>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

fn closure_from(row: &Row) -> Result<EpisodeClosure> {
    Ok(EpisodeClosure {
        appointment_id: AppointmentId(row.get("appointment_id")?),
        closed_on: row.get("closed_on")?,
        closed_by: row.get::<Option<i64>>("closed_by")?.map(UserId),
        recorded_at: row.get("recorded_at")?,
    })
}

impl Store {
    /// Records that the episode started by a first Partnership appointment
    /// (attended) closed on `closed_on` (audited). `Invalid` for a Choice
    /// appointment, one not attended, or a day before the appointment;
    /// `Conflict` if the episode is closed already.
    pub async fn close_episode(
        &self,
        actor: Actor,
        team: TeamId,
        appointment: AppointmentId,
        closed_on: NaiveDate,
    ) -> Result<EpisodeClosure> {
        check_date("the day the episode closed", closed_on)?;
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "SELECT team_id, kind, state, starts_at FROM appointments WHERE id = $1",
                args![appointment.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no appointment with id {appointment}")))?;
        if TeamId(row.get("team_id")?) != team {
            return Err(StoreError::NotFound(format!(
                "no appointment with id {appointment} in this team"
            )));
        }
        if row.get::<String>("kind")? == "choice" {
            return Err(StoreError::Invalid(
                "a Choice appointment starts no Partnership episode".into(),
            ));
        }
        if row.get::<String>("state")? != "attended" {
            return Err(StoreError::Invalid(
                "only an episode that started (first appointment attended) can close".into(),
            ));
        }
        let starts: DateTime<Utc> = row.get("starts_at")?;
        // The first appointment's day in UTC is at most a day off the team's;
        // a closure the day before in UTC terms is still after the start.
        if closed_on < starts.date_naive().pred_opt().unwrap_or(closed_on) {
            return Err(StoreError::Invalid(format!(
                "the episode cannot close on {closed_on}, before its first appointment"
            )));
        }
        let at = now();
        let id = tx
            .insert(
                "INSERT INTO episode_closures (team_id, appointment_id, closed_on, closed_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![
                    team.0,
                    appointment.0,
                    closed_on,
                    actor.user_id().map(|u| u.0),
                    at
                ],
            )
            .await
            .map_err(|e| e.conflict_as(|| "this episode is already closed".into()))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Episode,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({ "appointment_id": appointment, "closed_on": closed_on })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(EpisodeClosure {
            appointment_id: appointment,
            closed_on,
            closed_by: actor.user_id(),
            recorded_at: at,
        })
    }

    /// The episode closures of the team, by the appointments that started
    /// them.
    pub async fn episode_closures(&self, team: TeamId) -> Result<Vec<EpisodeClosure>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                "SELECT appointment_id, closed_on, closed_by, recorded_at FROM episode_closures \
                 WHERE team_id = $1 ORDER BY appointment_id",
                args![team.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(closure_from).collect()
    }
}
