//! Teams: their settings, their Specific streams, and the whole team loaded
//! back as a `capa_core::Team`.

use std::collections::HashMap;

use serde::Serialize;

use capa_core::team::TeamError;
use capa_core::{SessionLayout, Stream, Team, TeamSettings};

use crate::audit::{self, Action, EntityKind, Entry, json};
use crate::clinicians;
use crate::db::{Backend, Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, StreamId, TeamId};
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

/// A Specific stream with its row id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredStream {
    /// Row id.
    pub id: StreamId,
    /// The stream.
    pub stream: Stream,
}

/// A team as stored: the domain team with the row ids the web application
/// needs to address its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTeam {
    /// The team's row id.
    pub id: TeamId,
    /// The team, checked by `Team::new`.
    pub team: Team,
    /// The row id of each clinician, in the order of `team.clinicians`.
    pub clinician_ids: Vec<ClinicianId>,
}

/// What the writing functions need to know about a team: its layout (the
/// shape of every job plan) and its streams by lower-cased name.
pub(crate) struct TeamContext {
    pub id: TeamId,
    pub layout: SessionLayout,
    pub streams: HashMap<String, (StreamId, String)>,
}

impl TeamContext {
    /// The team's context, with the team locked for the transaction's change.
    pub(crate) async fn load(tx: &mut Tx, id: TeamId) -> Result<Self> {
        lock_team(tx, id).await?;
        let settings = settings_without_streams(tx, id).await?;
        let streams = stream_rows(tx, id)
            .await?
            .into_iter()
            .map(|s| (s.stream.name.to_lowercase(), (s.id, s.stream.name)))
            .collect();
        Ok(Self {
            id,
            layout: settings.layout,
            streams,
        })
    }

    /// A stream's id and the team's spelling of its name.
    pub(crate) fn stream(&self, name: &str) -> Result<&(StreamId, String)> {
        self.streams
            .get(&name.to_lowercase())
            .ok_or_else(|| StoreError::Invalid(format!("the team has no Specific stream '{name}'")))
    }
}

/// Makes changes to one team take turns. Each change ends by checking the
/// whole team (`check_team`); two PostgreSQL writers at READ COMMITTED would
/// each check without seeing the other's change, and could together commit
/// what neither check allowed. SQLite's `BEGIN IMMEDIATE` already admits one
/// writer at a time.
pub(crate) async fn lock_team(tx: &mut Tx, id: TeamId) -> Result<()> {
    if tx.backend() == Backend::Postgres {
        tx.fetch_optional("SELECT id FROM teams WHERE id = $1 FOR UPDATE", args![id.0])
            .await?
            .ok_or_else(|| no_team(id))?;
    }
    Ok(())
}

pub(crate) fn no_team(id: TeamId) -> StoreError {
    StoreError::NotFound(format!("no team with id {id}"))
}

/// `Team::new`'s complaints as one message.
pub(crate) fn invalid(errors: Vec<TeamError>) -> StoreError {
    StoreError::Invalid(
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

async fn settings_without_streams(tx: &mut Tx, id: TeamId) -> Result<TeamSettings> {
    let sql = format!("SELECT {} FROM teams WHERE id = $1", COLUMNS.join(", "));
    let row = tx
        .fetch_optional(&sql, args![id.0])
        .await?
        .ok_or_else(|| no_team(id))?;
    settings::from_row(&row)
}

/// A team's settings, streams included.
pub(crate) async fn read_settings(tx: &mut Tx, id: TeamId) -> Result<TeamSettings> {
    let mut s = settings_without_streams(tx, id).await?;
    s.streams = stream_rows(tx, id)
        .await?
        .into_iter()
        .map(|s| s.stream)
        .collect();
    Ok(s)
}

async fn stream_rows(tx: &mut Tx, team: TeamId) -> Result<Vec<StoredStream>> {
    let sql = format!(
        "SELECT id, name, {} FROM streams WHERE team_id = $1 ORDER BY position, id",
        RULE_COLUMNS.join(", ")
    );
    tx.fetch_all(&sql, args![team.0])
        .await?
        .iter()
        .map(|row| {
            Ok(StoredStream {
                id: StreamId(row.get("id")?),
                stream: Stream {
                    name: row.get("name")?,
                    multiplier: settings::rule(row, RULE_COLUMNS)?,
                },
            })
        })
        .collect()
}

/// The whole team, rebuilt and checked by `Team::new`.
pub(crate) async fn read_team(tx: &mut Tx, id: TeamId) -> Result<StoredTeam> {
    let settings = read_settings(tx, id).await?;
    let (clinician_ids, clinicians) = clinicians::read_all(tx, id, &settings.layout)
        .await?
        .into_iter()
        .unzip();
    let leave = crate::diary::team_leave(tx, id).await?;
    let team = Team::with_leave(settings, clinicians, leave).map_err(invalid)?;
    Ok(StoredTeam {
        id,
        team,
        clinician_ids,
    })
}

/// Refuses to commit a change that leaves the team failing `Team::new`.
pub(crate) async fn check_team(tx: &mut Tx, id: TeamId) -> Result<()> {
    read_team(tx, id).await.map(|_| ())
}

async fn insert_stream(
    tx: &mut Tx,
    team: TeamId,
    position: usize,
    stream: &Stream,
) -> Result<StreamId> {
    let sql = format!(
        "INSERT INTO streams (team_id, position, name, {}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        RULE_COLUMNS.join(", ")
    );
    let mut params = args![team.0, position as i64, stream.name.as_str()];
    params.extend(settings::rule_values(stream.multiplier.as_ref()));
    tx.insert(&sql, params)
        .await
        .map(StreamId)
        .map_err(|e| stream_taken(e, &stream.name))
}

fn stream_taken(e: StoreError, name: &str) -> StoreError {
    e.conflict_as(|| format!("the team already has a stream named '{name}'"))
}

fn team_taken(e: StoreError, name: &str) -> StoreError {
    e.conflict_as(|| format!("a team named '{name}' already exists"))
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
            clinicians::insert(&mut tx, actor, &context, clinician).await?;
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
        lock_team(&mut tx, id).await?;
        let before = read_settings(&mut tx, id).await?;
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
        write_settings(&mut tx, id, settings).await?;
        if before.holiday_calendar != settings.holiday_calendar {
            crate::diary::calendar_changed(&mut tx, id).await?;
        }
        let unnamed = upsert_streams(&mut tx, id, &settings.streams).await?;
        remove_streams(&mut tx, unnamed).await?;
        audit::record(
            &mut tx,
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
        check_team(&mut tx, id).await?;
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

    /// Deletes a team with everything in it (streams, clinicians, job plans,
    /// memberships, clients and the diary). Its audit records stay.
    pub async fn delete_team(&self, actor: Actor, id: TeamId) -> Result<()> {
        let mut tx = self.write().await?;
        lock_team(&mut tx, id).await?;
        let before = read_settings(&mut tx, id).await?;
        // Children first: left to cascade from `teams`, PostgreSQL may check
        // a stream's references before it has deleted the rows holding them.
        for sql in [
            "DELETE FROM bookings WHERE appointment_id IN \
             (SELECT id FROM appointments WHERE team_id = $1)",
            "DELETE FROM managed_list WHERE team_id = $1",
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

/// Writes the settings' columns (not the streams) over the team's.
pub(crate) async fn write_settings(tx: &mut Tx, id: TeamId, settings: &TeamSettings) -> Result<()> {
    let assignments = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE teams SET {assignments} WHERE id = ${}",
        COLUMNS.len() + 1
    );
    let mut params = settings::values(settings)?;
    params.push(id.0.into());
    tx.execute(&sql, params)
        .await
        .map_err(|e| team_taken(e, &settings.name))?;
    Ok(())
}

/// A stored stream that the new settings no longer name: `(id, name)`.
pub(crate) type Unnamed = Vec<(i64, String)>;

/// Brings the team's streams in line with `streams`, matching by name
/// ignoring case, except that streams no longer named are not removed yet:
/// they are returned, for [`remove_streams`] once nothing uses them.
pub(crate) async fn upsert_streams(
    tx: &mut Tx,
    team: TeamId,
    streams: &[Stream],
) -> Result<Unnamed> {
    let mut stored: Unnamed = tx
        .fetch_all(
            "SELECT id, name FROM streams WHERE team_id = $1",
            args![team.0],
        )
        .await?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("name")?)))
        .collect::<Result<_>>()?;
    for (position, stream) in streams.iter().enumerate() {
        let wanted = stream.name.to_lowercase();
        match stored.iter().position(|(_, n)| n.to_lowercase() == wanted) {
            Some(i) => {
                let (id, _) = stored.swap_remove(i);
                let assignments = RULE_COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{c} = ${}", i + 3))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "UPDATE streams SET position = $1, name = $2, {assignments} WHERE id = $8"
                );
                let mut params: Vec<Value> = args![position as i64, stream.name.as_str()];
                params.extend(settings::rule_values(stream.multiplier.as_ref()));
                params.push(id.into());
                tx.execute(&sql, params).await?;
            }
            None => {
                insert_stream(tx, team, position, stream).await?;
            }
        }
    }
    Ok(stored)
}

/// Removes streams; `Conflict` if a clinician or job plan still uses one.
pub(crate) async fn remove_streams(tx: &mut Tx, unnamed: Unnamed) -> Result<()> {
    for (id, name) in unnamed {
        tx.execute("DELETE FROM streams WHERE id = $1", args![id])
            .await
            .map_err(|e| {
                e.conflict_as(|| {
                    format!("stream '{name}' is still used by clinicians or job plans")
                })
            })?;
    }
    Ok(())
}
