//! Teams: creating, listing, loading, changing settings and streams, deleting.

use serde::Serialize;

use capa_core::settings::Stream;
use capa_core::{Team, TeamSettings};

use crate::audit::{self, Action, EntityKind, Entry, json};
use crate::db::args;
use crate::error::{Result, StoreError};
use crate::ids::{Actor, StreamId, TeamId};
use crate::rows::team::{
    TeamContext, insert_stream, lock_team, read_settings, remove_streams, stream_rows,
    stream_taken, team_taken, upsert_streams, write_settings,
};
use crate::rows::whole::{StoredTeam, check_team, read_team};
use crate::rows::{clinician, team::StoredStream};
use crate::settings::{self, COLUMNS, RULE_COLUMNS};
use crate::{Store, now};

/// A team's id and name, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamSummary {
    /// Row id.
    pub id: TeamId,
    /// Name, unique among teams.
    pub name: String,
}

impl Store {
    /// Creates a team with its streams, clinicians and job plans, in one
    /// transaction. Returns its id.
    pub async fn create_team(&self, actor: Actor, team: &Team) -> Result<TeamId> {
        let s = &team.settings;
        let mut tx = self.write().await?;
        let bind_params = (2..=COLUMNS.len() + 1)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO teams (created_at, {}) VALUES ($1, {bind_params}) RETURNING id",
            COLUMNS.join(", ")
        );
        let mut params = args![now()];
        params.extend(settings::values(s)?);
        let id = TeamId(
            tx.insert(&sql, params)
                .await
                .map_err(|e| team_taken(e, &s.name))?,
        );
        for (position, stream) in s.streams.iter().enumerate() {
            insert_stream(&mut tx, id, position, stream).await?;
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(id),
                kind: EntityKind::Team,
                id: id.0,
                action: Action::Create,
                before: None,
                after: Some(json(s)?),
            },
        )
        .await?;
        let context = TeamContext::load(&mut tx, id).await?;
        for clinician in &team.clinicians {
            clinician::insert(&mut tx, actor, &context, clinician).await?;
        }
        crate::diary::replace_team_leave(&mut tx, actor, id, &team.leave).await?;
        check_team(&mut tx, id).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every team, by name.
    pub async fn teams(&self) -> Result<Vec<TeamSummary>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all("SELECT id, name FROM teams ORDER BY name", args![])
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(TeamSummary {
                    id: TeamId(r.get("id")?),
                    name: r.get("name")?,
                })
            })
            .collect()
    }

    /// The id of the team with this exact name, if there is one.
    pub async fn find_team(&self, name: &str) -> Result<Option<TeamId>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional("SELECT id FROM teams WHERE name = $1", args![name])
            .await?;
        tx.commit().await?;
        row.map(|r| r.get("id").map(TeamId)).transpose()
    }

    /// The team rebuilt as a `capa_core::Team`: settings, streams,
    /// clinicians in the team's order, each clinician's job plan versions in
    /// version order, and their leave (long leave reduces targets).
    pub async fn load_team(&self, id: TeamId) -> Result<Team> {
        Ok(self.load_stored_team(id).await?.team)
    }

    /// The team with the row ids of its clinicians.
    pub async fn load_stored_team(&self, id: TeamId) -> Result<StoredTeam> {
        let mut tx = self.read().await?;
        let team = read_team(&mut tx, id).await?;
        tx.commit().await?;
        Ok(team)
    }

    /// The team's settings, streams included.
    pub async fn team_settings(&self, id: TeamId) -> Result<TeamSettings> {
        let mut tx = self.read().await?;
        let s = read_settings(&mut tx, id).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// The team's Specific streams with their ids, in the team's order.
    pub async fn streams(&self, team: TeamId) -> Result<Vec<StoredStream>> {
        let mut tx = self.read().await?;
        read_settings(&mut tx, team).await?;
        let streams = stream_rows(&mut tx, team).await?;
        tx.commit().await?;
        Ok(streams)
    }

    /// Replaces the team's settings, name and streams included.
    ///
    /// Streams are matched to the stored ones by name, ignoring case: a
    /// matched stream keeps its id (and so its clinicians and sessions) and
    /// takes the new spelling, multiplier and place; a new name adds a
    /// stream; a stored stream left out is removed, which fails with
    /// `Conflict` while clinicians or job plans use it. Rename a stream with
    /// [`Store::rename_stream`]. The layout's shape (sessions a day, working
    /// days) cannot change while the team has job plans.
    pub async fn update_team_settings(
        &self,
        actor: Actor,
        id: TeamId,
        settings: &TeamSettings,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        change_settings(&mut tx, actor, id, settings).await?;
        tx.commit().await
    }

    /// Renames a Specific stream; its clinicians and job plan sessions follow.
    pub async fn rename_stream(&self, actor: Actor, id: StreamId, name: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "SELECT team_id, name FROM streams WHERE id = $1",
                args![id.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no stream with id {id}")))?;
        let team = TeamId(row.get("team_id")?);
        let old: String = row.get("name")?;
        lock_team(&mut tx, team).await?;
        tx.execute(
            "UPDATE streams SET name = $1 WHERE id = $2",
            args![name, id.0],
        )
        .await
        .map_err(|e| stream_taken(e, name))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Stream,
                id: id.0,
                action: Action::Update,
                before: Some(serde_json::json!({ "name": old })),
                after: Some(serde_json::json!({ "name": name })),
            },
        )
        .await?;
        check_team(&mut tx, team).await?;
        tx.commit().await
    }

    /// Adds a Specific stream at the end of the team's list; `Conflict` if
    /// the team has one of that name (ignoring case).
    pub async fn add_stream(
        &self,
        actor: Actor,
        team: TeamId,
        stream: &Stream,
    ) -> Result<StreamId> {
        let mut tx = self.write().await?;
        lock_team(&mut tx, team).await?;
        let streams = stream_rows(&mut tx, team).await?;
        if let Some(s) = streams
            .iter()
            .find(|s| s.stream.name.to_lowercase() == stream.name.trim().to_lowercase())
        {
            return Err(StoreError::Conflict(format!(
                "the team already has a stream named '{}'",
                s.stream.name
            )));
        }
        let id = insert_stream(&mut tx, team, streams.len(), stream).await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Stream,
                id: id.0,
                action: Action::Create,
                before: None,
                after: Some(json(stream)?),
            },
        )
        .await?;
        check_team(&mut tx, team).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a Specific stream's name and multiplier in one change; its
    /// clinicians and job plan sessions follow a new name.
    pub async fn update_stream(&self, actor: Actor, id: StreamId, stream: &Stream) -> Result<()> {
        let mut tx = self.write().await?;
        let team = tx
            .fetch_optional("SELECT team_id FROM streams WHERE id = $1", args![id.0])
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no stream with id {id}")))?
            .get("team_id")
            .map(TeamId)?;
        lock_team(&mut tx, team).await?;
        let before = stream_rows(&mut tx, team)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no stream with id {id}")))?;
        let assignments = RULE_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let mut params = args![stream.name.as_str()];
        params.extend(settings::rule_values(stream.multiplier.as_ref()));
        params.push(id.0.into());
        tx.execute(
            &format!("UPDATE streams SET name = $1, {assignments} WHERE id = $7"),
            params,
        )
        .await
        .map_err(|e| stream_taken(e, &stream.name))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Stream,
                id: id.0,
                action: Action::Update,
                before: Some(json(&before.stream)?),
                after: Some(json(stream)?),
            },
        )
        .await?;
        check_team(&mut tx, team).await?;
        tx.commit().await
    }

    /// Deletes a team with everything in it (streams, clinicians, job plans,
    /// memberships, clients and the diary). Its audit records stay.
    pub async fn delete_team(&self, actor: Actor, id: TeamId) -> Result<()> {
        let mut tx = self.write().await?;
        lock_team(&mut tx, id).await?;
        let before = read_settings(&mut tx, id).await?;
        // Children first: left to cascade from `teams`, PostgreSQL may check
        // a stream's references before it has deleted the rows holding them.
        for sql in [
            "DELETE FROM episode_closures WHERE team_id = $1",
            "DELETE FROM review_notes WHERE team_id = $1",
            "DELETE FROM review_marks WHERE team_id = $1",
            "DELETE FROM bookings WHERE appointment_id IN \
             (SELECT id FROM appointments WHERE team_id = $1)",
            "DELETE FROM managed_list WHERE team_id = $1",
            "DELETE FROM assessment_items WHERE assessment_id IN \
             (SELECT id FROM assessments WHERE team_id = $1)",
            "UPDATE assessments SET copied_from = NULL WHERE team_id = $1",
            "DELETE FROM assessments WHERE team_id = $1",
            "DELETE FROM demand_analyses WHERE team_id = $1",
            "DELETE FROM team_demand_settings WHERE team_id = $1",
            "DELETE FROM appointments WHERE team_id = $1",
            "DELETE FROM clients WHERE team_id = $1",
            "DELETE FROM team_holidays WHERE team_id = $1",
            "DELETE FROM team_holiday_years WHERE team_id = $1",
            "DELETE FROM memberships WHERE team_id = $1",
            "DELETE FROM clinicians WHERE team_id = $1",
            "DELETE FROM teams WHERE id = $1",
        ] {
            tx.execute(sql, args![id.0]).await?;
        }
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(id),
                kind: EntityKind::Team,
                id: id.0,
                action: Action::Delete,
                before: Some(json(&before)?),
                after: None,
            },
        )
        .await?;
        tx.commit().await
    }
}

/// Changes a team's settings and streams inside `tx`, audited, and checks the
/// team still holds together (see [`Store::update_team_settings`]).
pub(crate) async fn change_settings(
    tx: &mut crate::db::Tx,
    actor: Actor,
    id: TeamId,
    settings: &TeamSettings,
) -> Result<()> {
    lock_team(tx, id).await?;
    let before = read_settings(tx, id).await?;
    let reshaped = before.layout.sessions_per_day() != settings.layout.sessions_per_day()
        || before.layout.days_per_week() != settings.layout.days_per_week();
    if reshaped {
        let plans = tx
            .scalar(
                "SELECT COUNT(*) AS n FROM job_plans p JOIN clinicians c ON c.id = p.clinician_id \
                 WHERE c.team_id = $1",
                args![id.0],
            )
            .await?;
        if plans > 0 {
            return Err(StoreError::Invalid(format!(
                "the team has {plans} job plan versions laid out as {} sessions a day on {} days; \
                 a layout of another shape would not fit them",
                before.layout.sessions_per_day(),
                before.layout.days_per_week()
            )));
        }
    }
    write_settings(tx, id, settings).await?;
    if before.holiday_calendar != settings.holiday_calendar {
        crate::diary::calendar_changed(tx, id).await?;
    }
    let unnamed = upsert_streams(tx, id, &settings.streams).await?;
    remove_streams(tx, unnamed).await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(id),
            kind: EntityKind::Team,
            id: id.0,
            action: Action::Update,
            before: Some(json(&before)?),
            after: Some(json(settings)?),
        },
    )
    .await?;
    check_team(tx, id).await
}
