//! A team's own rows: its settings and Specific streams, the lock that makes
//! changes to one team take turns, and what writers need to know about it.
//! The bottom layer: it uses no other module of the store's teams.

use std::collections::HashMap;

use serde::Serialize;

use capa_core::team::TeamError;
use capa_core::{SessionLayout, Stream, TeamSettings};

use crate::db::{Backend, Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{ClinicianId, StreamId, TeamId};
use crate::settings::{self, COLUMNS, RULE_COLUMNS};

/// A Specific stream with its row id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredStream {
    /// Row id.
    pub id: StreamId,
    /// The stream.
    pub stream: Stream,
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

pub(crate) async fn settings_without_streams(tx: &mut Tx, id: TeamId) -> Result<TeamSettings> {
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

pub(crate) async fn stream_rows(tx: &mut Tx, team: TeamId) -> Result<Vec<StoredStream>> {
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

pub(crate) async fn insert_stream(
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

pub(crate) fn stream_taken(e: StoreError, name: &str) -> StoreError {
    e.conflict_as(|| format!("the team already has a stream named '{name}'"))
}

pub(crate) fn team_taken(e: StoreError, name: &str) -> StoreError {
    e.conflict_as(|| format!("a team named '{name}' already exists"))
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

pub(crate) fn no_clinician(id: ClinicianId) -> StoreError {
    StoreError::NotFound(format!("no clinician with id {id}"))
}

/// The team a clinician belongs to.
pub(crate) async fn team_of(tx: &mut Tx, id: ClinicianId) -> Result<TeamId> {
    let row = tx
        .fetch_optional("SELECT team_id FROM clinicians WHERE id = $1", args![id.0])
        .await?
        .ok_or_else(|| no_clinician(id))?;
    Ok(TeamId(row.get("team_id")?))
}
