//! The next vacant appointments of a diary, for the "just taken" answer of a
//! booking: one read on the index `appointments_vacant` (team, kind, state,
//! start), however many appointments the team has.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use capa_core::clinician::in_post_on;
use capa_core::diary::AppointmentState;

use crate::Store;
use crate::db::{Backend, Value, args};
use crate::error::Result;
use crate::ids::TeamId;

use super::{APPOINTMENT_SELECT, Appointment, AppointmentKind, appointment_from};

impl Store {
    /// The next vacant appointments of one diary of a team (the kind, with
    /// its stream) starting after `after`, earliest first, at most `limit`.
    /// A Partnership offer counts only when its clinician is in post on its
    /// day, the team's local day (capa-core's rule, as the search at the end
    /// of Choice applies it); a Choice slot always.
    ///
    /// In capa-core's search order (start, initials, id), read in pages of
    /// `limit` in one read transaction: usually the first page is the
    /// answer; a page holding offers of clinicians who have left is
    /// followed by the next.
    pub async fn next_vacant(
        &self,
        team: TeamId,
        kind: AppointmentKind,
        after: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Appointment>> {
        let select = APPOINTMENT_SELECT.replacen(
            "SELECT ",
            "SELECT c.start_date, c.leaving_date, t.time_zone AS team_zone, ",
            1,
        );
        let mut sql = format!(
            "{select} JOIN teams t ON t.id = a.team_id \
             WHERE a.team_id = $1 AND a.kind = $2 AND a.state = $3 AND a.starts_at > $4"
        );
        let mut params: Vec<Value> = args![team.0, kind.id(), AppointmentState::Vacant.id(), after];
        if let Some(stream) = kind.stream() {
            params.push(stream.0.into());
            sql.push_str(&format!(" AND a.stream_id = ${}", params.len()));
        }
        if kind.is_numbered() {
            // Whatever the team's zone, an offer's local day is at most a
            // day before `after`'s UTC day: a clinician who left before
            // that has no offer to suggest. The exact rule is below.
            params.push((after.date_naive() - TimeDelta::days(1)).into());
            sql.push_str(&format!(
                " AND (c.leaving_date IS NULL OR c.leaving_date >= ${})",
                params.len()
            ));
        }
        let mut tx = self.read().await?;
        // capa-core's search order: start, then initials (as Rust orders
        // strings: by code point), then id.
        let initials = match tx.backend() {
            Backend::Sqlite => "c.initials COLLATE BINARY",
            Backend::Postgres => "c.initials COLLATE \"C\"",
        };
        sql.push_str(&format!(
            " ORDER BY a.starts_at, {initials}, a.id LIMIT ${} OFFSET ${}",
            params.len() + 1,
            params.len() + 2
        ));
        let mut found = Vec::new();
        let mut offset = 0;
        while found.len() < limit as usize {
            let mut page = params.clone();
            page.push(i64::from(limit).into());
            page.push(offset.into());
            let rows = tx.fetch_all(&sql, page).await?;
            offset += rows.len() as i64;
            for row in &rows {
                let a = appointment_from(row)?;
                let zone: Tz = row.get::<String>("team_zone")?.parse().unwrap_or(Tz::UTC);
                let day = a.starts_at.with_timezone(&zone).date_naive();
                if !kind.is_numbered()
                    || in_post_on(row.get("start_date")?, row.get("leaving_date")?, day)
                {
                    found.push(a);
                }
            }
            if rows.len() < limit as usize {
                break;
            }
        }
        tx.commit().await?;
        found.truncate(limit as usize);
        Ok(found)
    }
}
