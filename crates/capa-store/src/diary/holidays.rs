//! A team's public holidays: the ones its calendar gives it (New Zealand's
//! national holidays and a province's anniversary day, or a UK nation's bank
//! holidays; `capa_core::diary::HolidayCalendar`), filled in a calendar year
//! at a time when a range of that year is first asked for, and the days the
//! team adds itself. Every team has them, not only the demo's.
//!
//! A year once filled is remembered (`team_holiday_years`), so a calendar
//! holiday the team removes stays removed; choosing another calendar clears
//! the calendar's days and the years, to be filled again from the new one.

use capa_core::limits::{TextField, check_date, check_text};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::json;

use crate::Store;
use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, HolidayId, TeamId};
use crate::rows::team::{lock_team, no_team, read_settings};

use super::leave::range;

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
    /// Whether it came from the team's calendar (not added by the team).
    pub from_calendar: bool,
}

/// Years filled from a team's calendar in one go at most: a range asked for
/// beyond it is filled as it is reached.
const MAX_YEARS_AT_ONCE: i32 = 12;

/// Forgets the calendar's days and filled years of a team whose calendar
/// changed; the team's own days stay.
pub(crate) async fn calendar_changed(tx: &mut Tx, team: TeamId) -> Result<()> {
    tx.execute(
        "DELETE FROM team_holidays WHERE team_id = $1 AND source = $2",
        args![team.0, "calendar"],
    )
    .await?;
    tx.execute(
        "DELETE FROM team_holiday_years WHERE team_id = $1",
        args![team.0],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Fills in the team's calendar holidays of the calendar years `first`
    /// to `last` not filled before, skipping days that already hold a
    /// holiday; one audit record per year filled.
    async fn fill_holidays(&self, team: TeamId, first: i32, last: i32) -> Result<()> {
        let first = first.clamp(1900, 2200);
        let last = last.clamp(first, (first + MAX_YEARS_AT_ONCE - 1).min(2200));
        let mut tx = self.read().await?;
        let filled = tx
            .fetch_all(
                "SELECT year FROM team_holiday_years WHERE team_id = $1 AND year >= $2 AND year <= $3",
                args![team.0, i64::from(first), i64::from(last)],
            )
            .await?
            .iter()
            .map(|r| r.get::<i64>("year"))
            .collect::<Result<Vec<_>>>()?;
        tx.commit().await?;
        if filled.len() as i32 == last - first + 1 {
            return Ok(());
        }
        let mut tx = self.write().await?;
        lock_team(&mut tx, team).await?;
        let calendar = read_settings(&mut tx, team).await?.holiday_calendar;
        for year in first..=last {
            let new_year = tx
                .execute(
                    "INSERT INTO team_holiday_years (team_id, year) VALUES ($1, $2) \
                     ON CONFLICT (team_id, year) DO NOTHING",
                    args![team.0, i64::from(year)],
                )
                .await?;
            if new_year == 0 {
                continue;
            }
            let mut days = Vec::new();
            for (day, name) in calendar.holidays(year) {
                let added = tx
                    .execute(
                        "INSERT INTO team_holidays (team_id, day, name, source) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (team_id, day) DO NOTHING",
                        args![team.0, day, name, "calendar"],
                    )
                    .await?;
                if added == 1 {
                    days.push(json!({ "day": day, "name": name }));
                }
            }
            audit::record(
                &mut tx,
                Actor::System,
                Entry {
                    team: Some(team),
                    kind: EntityKind::Team,
                    id: team.0,
                    action: Action::Update,
                    before: None,
                    after: Some(json!({
                        "holidays_from_calendar": calendar.id(),
                        "year": year,
                        "added": days,
                    })),
                },
            )
            .await?;
        }
        tx.commit().await
    }

    /// Adds a public holiday to the team's calendar; `Conflict` if the day
    /// already has one the team added. A day the team's calendar already
    /// gave becomes the team's own, with this name.
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
        let existing = tx
            .fetch_optional(
                "SELECT id, name, source FROM team_holidays WHERE team_id = $1 AND day = $2",
                args![team.0, day],
            )
            .await?;
        let id = match existing {
            Some(row) if row.get::<String>("source")? == "calendar" => {
                let id: i64 = row.get("id")?;
                let before: String = row.get("name")?;
                tx.execute(
                    "UPDATE team_holidays SET name = $1, source = $2 WHERE id = $3",
                    args![name, "team", id],
                )
                .await?;
                audit::record(
                    &mut tx,
                    actor,
                    Entry {
                        team: Some(team),
                        kind: EntityKind::Holiday,
                        id,
                        action: Action::Update,
                        before: Some(json!({ "day": day, "name": before, "from_calendar": true })),
                        after: Some(json!({ "day": day, "name": name, "from_calendar": false })),
                    },
                )
                .await?;
                id
            }
            Some(_) => {
                return Err(StoreError::Conflict(format!("{day} is already a holiday")));
            }
            None => {
                let id = tx
                    .insert(
                        "INSERT INTO team_holidays (team_id, day, name, source) \
                         VALUES ($1, $2, $3, $4) RETURNING id",
                        args![team.0, day, name, "team"],
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
                id
            }
        };
        tx.commit().await?;
        Ok(HolidayId(id))
    }

    /// Removes a public holiday (a calendar's too: it stays removed).
    pub async fn remove_holiday(&self, actor: Actor, id: HolidayId) -> Result<()> {
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "SELECT team_id, day, name, source FROM team_holidays WHERE id = $1",
                args![id.0],
            )
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("no holiday with id {id}")))?;
        let day: NaiveDate = row.get("day")?;
        let name: String = row.get("name")?;
        let from_calendar = row.get::<String>("source")? == "calendar";
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
                before: Some(json!({ "day": day, "name": name, "from_calendar": from_calendar })),
                after: None,
            },
        )
        .await?;
        tx.commit().await
    }

    /// The team's holidays between two days (both included; open ends
    /// unbounded), in date order: its calendar's, filled in for the years of
    /// a bounded range on first use, and its own.
    pub async fn holidays(
        &self,
        team: TeamId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Holiday>> {
        if let (Some(from), Some(to)) = (from, to)
            && from <= to
        {
            self.fill_holidays(team, from.year(), to.year()).await?;
        }
        let mut params = args![team.0];
        let filter = range(&mut params, "day", "day", from, to);
        let sql = format!(
            "SELECT id, team_id, day, name, source FROM team_holidays WHERE team_id = $1{filter} ORDER BY day"
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
                    from_calendar: r.get::<String>("source")? == "calendar",
                })
            })
            .collect()
    }

    /// The days of the team's holidays between two days (both included),
    /// for the diary's working-day rules.
    pub async fn holiday_days(
        &self,
        team: TeamId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        Ok(self
            .holidays(team, Some(from), Some(to))
            .await?
            .into_iter()
            .map(|h| h.day)
            .collect())
    }
}
