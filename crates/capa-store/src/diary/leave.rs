//! Each clinician's leave: days the diary skips, and (when longer than the
//! team's `long_leave_weeks`) days that reduce their targets, because
//! `Store::load_team` gives the leave to `capa_core::Team`.

use capa_core::limits::{EARLIEST_DATE, LATEST_DATE, check_date};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, LeaveId, TeamId};

/// A period of a clinician's leave, both days included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leave {
    /// Row id.
    pub id: LeaveId,
    /// Whose.
    pub clinician_id: ClinicianId,
    /// The first day away.
    pub first_day: NaiveDate,
    /// The last day away.
    pub last_day: NaiveDate,
}

async fn clinician_team(tx: &mut Tx, clinician: ClinicianId) -> Result<TeamId> {
    tx.fetch_optional(
        "SELECT team_id FROM clinicians WHERE id = $1",
        args![clinician.0],
    )
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("no clinician with id {clinician}")))?
    .get("team_id")
    .map(TeamId)
}

/// `AND column >= $n` / `<= $n` conditions for an optional date range.
pub(super) fn range(
    params: &mut Vec<Value>,
    from_column: &str,
    to_column: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> String {
    let mut sql = String::new();
    if let Some(from) = from {
        params.push(from.into());
        sql.push_str(&format!(" AND {to_column} >= ${}", params.len()));
    }
    if let Some(to) = to {
        params.push(to.into());
        sql.push_str(&format!(" AND {from_column} <= ${}", params.len()));
    }
    sql
}

/// The team's leave as `capa_core` sees it: each period with its
/// clinician's initials, by first day.
pub(crate) async fn team_leave(tx: &mut Tx, team: TeamId) -> Result<Vec<capa_core::Leave>> {
    let rows = tx
        .fetch_all(
            "SELECT c.initials, l.first_day, l.last_day FROM clinician_leave l \
             JOIN clinicians c ON c.id = l.clinician_id WHERE c.team_id = $1 \
             ORDER BY l.first_day, l.id",
            args![team.0],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let initials: String = r.get("initials")?;
            // Leave entered before capa limited dates is read within them
            // (it means the same for planning), so the team still loads.
            let within = |d: NaiveDate| d.clamp(EARLIEST_DATE, LATEST_DATE);
            Ok(capa_core::Leave {
                clinician: capa_core::Initials::parse(&initials)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
                first_day: within(r.get("first_day")?),
                last_day: within(r.get("last_day")?),
            })
        })
        .collect()
}

async fn insert_leave(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    clinician: ClinicianId,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<LeaveId> {
    let id = tx
        .insert(
            "INSERT INTO clinician_leave (clinician_id, first_day, last_day) \
             VALUES ($1, $2, $3) RETURNING id",
            args![clinician.0, first_day, last_day],
        )
        .await?;
    audit::record(
        tx,
        actor,
        Entry {
            team: Some(team),
            kind: EntityKind::Leave,
            id,
            action: Action::Create,
            before: None,
            after: Some(json!({
                "clinician_id": clinician,
                "first_day": first_day,
                "last_day": last_day,
            })),
        },
    )
    .await?;
    Ok(LeaveId(id))
}

/// Makes the team's stored leave equal to `leave` (a team file's): periods
/// not in it are removed, new ones added, each with its audit record.
pub(crate) async fn replace_team_leave(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    leave: &[capa_core::Leave],
) -> Result<()> {
    let stored = tx
        .fetch_all(
            "SELECT l.id, l.clinician_id, c.initials, l.first_day, l.last_day FROM clinician_leave l \
             JOIN clinicians c ON c.id = l.clinician_id WHERE c.team_id = $1",
            args![team.0],
        )
        .await?;
    let mut kept = vec![false; leave.len()];
    for row in &stored {
        let initials: String = row.get("initials")?;
        let first: NaiveDate = row.get("first_day")?;
        let last: NaiveDate = row.get("last_day")?;
        let same = leave.iter().enumerate().find(|(i, l)| {
            !kept[*i]
                && l.clinician.as_str() == initials
                && l.first_day == first
                && l.last_day == last
        });
        match same {
            Some((i, _)) => kept[i] = true,
            None => {
                let id: i64 = row.get("id")?;
                tx.execute("DELETE FROM clinician_leave WHERE id = $1", args![id])
                    .await?;
                audit::record(
                    tx,
                    actor,
                    Entry {
                        team: Some(team),
                        kind: EntityKind::Leave,
                        id,
                        action: Action::Delete,
                        before: Some(json!({
                            "clinician_id": row.get::<i64>("clinician_id")?,
                            "first_day": first,
                            "last_day": last,
                        })),
                        after: None,
                    },
                )
                .await?;
            }
        }
    }
    for (l, _) in leave.iter().zip(&kept).filter(|(_, k)| !**k) {
        let clinician = tx
            .fetch_optional(
                "SELECT id FROM clinicians WHERE team_id = $1 AND initials = $2",
                args![team.0, l.clinician.as_str()],
            )
            .await?
            .ok_or_else(|| {
                StoreError::Invalid(format!("leave for {}, who is not in the team", l.clinician))
            })?;
        insert_leave(
            tx,
            actor,
            team,
            ClinicianId(clinician.get("id")?),
            l.first_day,
            l.last_day,
        )
        .await?;
    }
    Ok(())
}

impl Store {
    /// Records a clinician's leave, `first_day` to `last_day` included.
    /// Leave longer than the team's `long_leave_weeks` reduces their targets
    /// (capa_core's capacity rules), since [`Store::load_team`] includes it.
    pub async fn add_leave(
        &self,
        actor: Actor,
        clinician: ClinicianId,
        first_day: NaiveDate,
        last_day: NaiveDate,
    ) -> Result<LeaveId> {
        if last_day < first_day {
            return Err(StoreError::Invalid(format!(
                "leave cannot end ({last_day}) before it starts ({first_day})"
            )));
        }
        check_date("the first day of leave", first_day)?;
        check_date("the last day of leave", last_day)?;
        let mut tx = self.write().await?;
        let team = clinician_team(&mut tx, clinician).await?;
        let id = insert_leave(&mut tx, actor, team, clinician, first_day, last_day).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes a period of leave.
    pub async fn remove_leave(&self, actor: Actor, id: LeaveId) -> Result<()> {
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "SELECT clinician_id, first_day, last_day FROM clinician_leave WHERE id = $1",
                args![id.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no leave with id {id}")))?;
        let clinician = ClinicianId(row.get("clinician_id")?);
        let team = clinician_team(&mut tx, clinician).await?;
        let before = json!({
            "clinician_id": clinician,
            "first_day": row.get::<NaiveDate>("first_day")?,
            "last_day": row.get::<NaiveDate>("last_day")?,
        });
        tx.execute("DELETE FROM clinician_leave WHERE id = $1", args![id.0])
            .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Leave,
                id: id.0,
                action: Action::Delete,
                before: Some(before),
                after: None,
            },
        )
        .await?;
        tx.commit().await
    }

    /// The leave of the team's clinicians overlapping `from` to `to` (both
    /// included; open ends unbounded), by first day.
    pub async fn leave(
        &self,
        team: TeamId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Leave>> {
        let mut params = args![team.0];
        let filter = range(&mut params, "l.first_day", "l.last_day", from, to);
        let sql = format!(
            "SELECT l.id, l.clinician_id, l.first_day, l.last_day FROM clinician_leave l \
             JOIN clinicians c ON c.id = l.clinician_id WHERE c.team_id = $1{filter} \
             ORDER BY l.first_day, l.id"
        );
        let mut tx = self.read().await?;
        let rows = tx.fetch_all(&sql, params).await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(Leave {
                    id: LeaveId(r.get("id")?),
                    clinician_id: ClinicianId(r.get("clinician_id")?),
                    first_day: r.get("first_day")?,
                    last_day: r.get("last_day")?,
                })
            })
            .collect()
    }
}
