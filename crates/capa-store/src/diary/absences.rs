//! Days the diary must skip: the team's public holidays and each
//! clinician's leave.

use capa_core::limits::{TextField, check_date, check_text};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClinicianId, HolidayId, LeaveId, TeamId};
use crate::rows::team::no_team;

/// A team's public holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// Row id.
    pub id: HolidayId,
    /// Team.
    pub team_id: TeamId,
    /// The day.
    pub day: NaiveDate,
    /// Its name ("Matariki").
    pub name: String,
}

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
fn range(
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

impl Store {
    /// Adds a public holiday to the team's calendar; `Conflict` if the day
    /// already has one.
    pub async fn add_holiday(
        &self,
        actor: Actor,
        team: TeamId,
        day: NaiveDate,
        name: &str,
    ) -> Result<HolidayId> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a holiday needs a name".into()));
        }
        check_text(TextField::AbsenceName, name)?;
        check_date("a holiday", day)?;
        let mut tx = self.write().await?;
        tx.fetch_optional("SELECT id FROM teams WHERE id = $1", args![team.0])
            .await?
            .ok_or_else(|| no_team(team))?;
        let id = tx
            .insert(
                "INSERT INTO team_holidays (team_id, day, name) VALUES ($1, $2, $3) RETURNING id",
                args![team.0, day, name],
            )
            .await
            .map_err(|e| e.conflict_as(|| format!("{day} is already a holiday")))?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Holiday,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({ "day": day, "name": name })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(HolidayId(id))
    }

    /// Removes a public holiday.
    pub async fn remove_holiday(&self, actor: Actor, id: HolidayId) -> Result<()> {
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "SELECT team_id, day, name FROM team_holidays WHERE id = $1",
                args![id.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no holiday with id {id}")))?;
        let day: NaiveDate = row.get("day")?;
        let name: String = row.get("name")?;
        tx.execute("DELETE FROM team_holidays WHERE id = $1", args![id.0])
            .await?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: Some(TeamId(row.get("team_id")?)),
                kind: EntityKind::Holiday,
                id: id.0,
                action: Action::Delete,
                before: Some(json!({ "day": day, "name": name })),
                after: None,
            },
        )
        .await?;
        tx.commit().await
    }

    /// The team's holidays between two days (both included; open ends
    /// unbounded), in date order.
    pub async fn holidays(
        &self,
        team: TeamId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Holiday>> {
        let mut params = args![team.0];
        let filter = range(&mut params, "day", "day", from, to);
        let sql = format!(
            "SELECT id, team_id, day, name FROM team_holidays WHERE team_id = $1{filter} ORDER BY day"
        );
        let mut tx = self.read().await?;
        let rows = tx.fetch_all(&sql, params).await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(Holiday {
                    id: HolidayId(r.get("id")?),
                    team_id: TeamId(r.get("team_id")?),
                    day: r.get("day")?,
                    name: r.get("name")?,
                })
            })
            .collect()
    }

    /// Records a clinician's leave, `first_day` to `last_day` included.
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
        let id = tx
            .insert(
                "INSERT INTO clinician_leave (clinician_id, first_day, last_day) \
                 VALUES ($1, $2, $3) RETURNING id",
                args![clinician.0, first_day, last_day],
            )
            .await?;
        audit::record(
            &mut tx,
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
        tx.commit().await?;
        Ok(LeaveId(id))
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
