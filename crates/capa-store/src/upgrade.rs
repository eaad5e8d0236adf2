//! Bringing a team's data stored before `capa_core::limits` existed within
//! them, once, as the database is upgraded to schema version 6.
//!
//! Every change the store commits since passes `Team::new`, which refuses
//! text beyond the limits and dates outside 1970-2199; a team stored before
//! could hold either, and would then fail to load. So before migration 6 is
//! applied, [`fit_teams`] rewrites what a team is loaded from: control
//! characters become spaces, text too long is cut to its limit ending in
//! `…`, a name made to clash with another gets a number, and dates outside
//! the range become the nearest thing that means the same for planning (a
//! job plan "from 0000-01-01" applies from the beginning). Each row changed
//! is audited as the system's change. Running it twice changes nothing more.

use chrono::NaiveDate;
use serde_json::json;

use capa_core::limits::{EARLIEST_DATE, LATEST_DATE, TextField};

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Pool, Tx, args};
use crate::error::Result;
use crate::ids::{Actor, TeamId};

/// One text column a team is loaded from.
struct TextColumn {
    field: TextField,
    kind: EntityKind,
    column: &'static str,
    /// Unique (ignoring case) among the rows of the same `scope`.
    unique: bool,
    /// Returns `team, entity, scope, value, k1, k2, k3` (all but `value` integers).
    select: &'static str,
    /// Sets `$1` where the value is `$2` and the keys are `$3` (and `$4, $5`
    /// when `keys` is 3).
    update: &'static str,
    keys: usize,
}

const TEXT: &[TextColumn] = &[
    TextColumn {
        field: TextField::TeamName,
        kind: EntityKind::Team,
        column: "name",
        unique: true,
        select: "SELECT id AS team, id AS entity, CAST(0 AS BIGINT) AS scope, name AS value, \
                 id AS k1, CAST(0 AS BIGINT) AS k2, CAST(0 AS BIGINT) AS k3 FROM teams",
        update: "UPDATE teams SET name = $1 WHERE name = $2 AND id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::TimeZone,
        kind: EntityKind::Team,
        column: "time_zone",
        unique: false,
        select: "SELECT id AS team, id AS entity, CAST(0 AS BIGINT) AS scope, time_zone AS value, \
                 id AS k1, CAST(0 AS BIGINT) AS k2, CAST(0 AS BIGINT) AS k3 FROM teams",
        update: "UPDATE teams SET time_zone = $1 WHERE time_zone = $2 AND id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::StreamName,
        kind: EntityKind::Stream,
        column: "name",
        unique: true,
        select: "SELECT team_id AS team, id AS entity, team_id AS scope, name AS value, \
                 id AS k1, CAST(0 AS BIGINT) AS k2, CAST(0 AS BIGINT) AS k3 FROM streams",
        update: "UPDATE streams SET name = $1 WHERE name = $2 AND id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::PersonName,
        kind: EntityKind::Clinician,
        column: "name",
        unique: false,
        select: "SELECT team_id AS team, id AS entity, CAST(0 AS BIGINT) AS scope, name AS value, \
                 id AS k1, CAST(0 AS BIGINT) AS k2, CAST(0 AS BIGINT) AS k3 FROM clinicians",
        update: "UPDATE clinicians SET name = $1 WHERE name = $2 AND id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::Discipline,
        kind: EntityKind::Clinician,
        column: "discipline",
        unique: false,
        select: "SELECT team_id AS team, id AS entity, CAST(0 AS BIGINT) AS scope, discipline AS value, \
                 id AS k1, CAST(0 AS BIGINT) AS k2, CAST(0 AS BIGINT) AS k3 FROM clinicians \
                 WHERE discipline IS NOT NULL",
        update: "UPDATE clinicians SET discipline = $1 WHERE discipline = $2 AND id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::SkillName,
        kind: EntityKind::Clinician,
        column: "skill",
        unique: true,
        select: "SELECT c.team_id AS team, s.clinician_id AS entity, s.clinician_id AS scope, \
                 s.domain AS value, s.clinician_id AS k1, CAST(0 AS BIGINT) AS k2, \
                 CAST(0 AS BIGINT) AS k3 FROM clinician_skills s JOIN clinicians c ON c.id = s.clinician_id",
        update: "UPDATE clinician_skills SET domain = $1 WHERE domain = $2 AND clinician_id = $3",
        keys: 1,
    },
    TextColumn {
        field: TextField::CellLabel,
        kind: EntityKind::JobPlan,
        column: "label",
        unique: false,
        select: "SELECT c.team_id AS team, j.id AS entity, CAST(0 AS BIGINT) AS scope, l.label AS value, \
                 l.job_plan_id AS k1, l.session AS k2, l.day AS k3 FROM job_plan_cells l \
                 JOIN job_plans j ON j.id = l.job_plan_id JOIN clinicians c ON c.id = j.clinician_id \
                 WHERE l.label IS NOT NULL",
        update: "UPDATE job_plan_cells SET label = $1 WHERE label = $2 AND job_plan_id = $3 \
                 AND session = $4 AND day = $5",
        keys: 3,
    },
];

/// Text as `field` may hold it: control characters and line separators as
/// spaces, trimmed, cut to the limit with `…` as its last character.
pub(crate) fn fit_text(field: TextField, text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim();
    let max = field.max_chars();
    if trimmed.chars().count() <= max {
        return trimmed.to_string();
    }
    let mut cut: String = trimmed.chars().take(max - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// `text` with ` (n)` so that it is not among `used` (lower-cased), still
/// within `max` characters.
fn distinct(text: &str, used: &std::collections::HashSet<String>, max: usize) -> String {
    if !used.contains(&text.to_lowercase()) {
        return text.to_string();
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let room = max - suffix.chars().count();
            let head: String = text.chars().take(room).collect();
            format!("{}{suffix}", head.trim_end())
        })
        .find(|t| !used.contains(&t.to_lowercase()))
        .unwrap_or_default()
}

/// One row of a text column as read.
struct TextRow {
    team: i64,
    entity: i64,
    scope: i64,
    value: String,
    keys: [i64; 3],
}

async fn fit_column(tx: &mut Tx, spec: &TextColumn) -> Result<()> {
    let rows = tx
        .fetch_all(spec.select, args![])
        .await?
        .iter()
        .map(|r| {
            Ok(TextRow {
                team: r.get("team")?,
                entity: r.get("entity")?,
                scope: r.get("scope")?,
                value: r.get("value")?,
                keys: [r.get("k1")?, r.get("k2")?, r.get("k3")?],
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut used: std::collections::HashMap<i64, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    let mut changes = Vec::new();
    for row in &rows {
        let fitted = fit_text(spec.field, &row.value);
        if fitted == row.value {
            used.entry(row.scope)
                .or_default()
                .insert(row.value.to_lowercase());
        } else {
            changes.push((row, fitted));
        }
    }
    for (row, fitted) in changes {
        let scope = used.entry(row.scope).or_default();
        let mut new = if fitted.is_empty() && spec.unique {
            "unnamed".to_string()
        } else {
            fitted
        };
        if spec.unique {
            new = distinct(&new, scope, spec.field.max_chars());
            scope.insert(new.to_lowercase());
        }
        let stored: Option<&str> = (!new.is_empty() || spec.column != "discipline").then_some(&new);
        let mut params = args![stored, row.value.as_str()];
        params.extend(row.keys[..spec.keys].iter().map(|k| (*k).into()));
        tx.execute(spec.update, params).await?;
        audit::record(
            tx,
            Actor::System,
            Entry {
                team: Some(TeamId(row.team)),
                kind: spec.kind,
                id: row.entity,
                action: Action::Update,
                before: Some(json!({ spec.column: row.value })),
                after: Some(json!({
                    spec.column: stored,
                    "why": "brought within capa's limits on upgrading",
                })),
            },
        )
        .await?;
    }
    Ok(())
}

/// A date column a team is loaded from, and what a date outside the range
/// becomes: `(too early, too late)`.
struct DateColumn {
    kind: EntityKind,
    column: &'static str,
    select: &'static str,
    update: &'static str,
    early: Option<NaiveDate>,
    late: Option<NaiveDate>,
}

const DATES: &[DateColumn] = &[
    DateColumn {
        kind: EntityKind::JobPlan,
        column: "applies_from",
        select: "SELECT c.team_id AS team, j.id AS id, j.applies_from AS value FROM job_plans j \
                 JOIN clinicians c ON c.id = j.clinician_id WHERE j.applies_from IS NOT NULL",
        update: "UPDATE job_plans SET applies_from = $1 WHERE id = $2",
        // Applying from before any plan is applying from the beginning.
        early: None,
        late: Some(LATEST_DATE),
    },
    DateColumn {
        kind: EntityKind::Clinician,
        column: "start_date",
        select: "SELECT team_id AS team, id AS id, start_date AS value FROM clinicians \
                 WHERE start_date IS NOT NULL",
        update: "UPDATE clinicians SET start_date = $1 WHERE id = $2",
        early: None,
        late: Some(LATEST_DATE),
    },
    DateColumn {
        kind: EntityKind::Clinician,
        column: "leaving_date",
        select: "SELECT team_id AS team, id AS id, leaving_date AS value FROM clinicians \
                 WHERE leaving_date IS NOT NULL",
        update: "UPDATE clinicians SET leaving_date = $1 WHERE id = $2",
        early: Some(EARLIEST_DATE),
        // Leaving after any plan is not leaving within one.
        late: None,
    },
];

async fn fit_dates(tx: &mut Tx, spec: &DateColumn) -> Result<()> {
    let rows = tx.fetch_all(spec.select, args![]).await?;
    for r in rows {
        let date: NaiveDate = r.get("value")?;
        let new = if date < EARLIEST_DATE {
            spec.early
        } else if date > LATEST_DATE {
            spec.late
        } else {
            continue;
        };
        let id: i64 = r.get("id")?;
        tx.execute(spec.update, args![new, id]).await?;
        audit::record(
            tx,
            Actor::System,
            Entry {
                team: Some(TeamId(r.get("team")?)),
                kind: spec.kind,
                id,
                action: Action::Update,
                before: Some(json!({ spec.column: date })),
                after: Some(json!({
                    spec.column: new,
                    "why": "brought within the dates capa plans with on upgrading",
                })),
            },
        )
        .await?;
    }
    Ok(())
}

/// Rewrites what teams are loaded from to fit the limits, in one transaction.
pub(crate) async fn fit_teams(pool: &Pool) -> Result<()> {
    let mut tx = pool.write().await?;
    for spec in TEXT {
        fit_column(&mut tx, spec).await?;
    }
    for spec in DATES {
        fit_dates(&mut tx, spec).await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_fitted_to_its_field() {
        assert_eq!(
            fit_text(TextField::PersonName, " Ana\r\nTe\0Ao "),
            "Ana  Te Ao"
        );
        let long = fit_text(TextField::CellLabel, &"x".repeat(40_000));
        assert_eq!(long.chars().count(), 80);
        assert!(long.ends_with("x…"));
        assert_eq!(fit_text(TextField::CellLabel, "MDT"), "MDT");
        let used = ["dbt".to_string(), "dbt (2)".to_string()].into();
        assert_eq!(distinct("DBT", &used, 60), "DBT (3)");
        assert_eq!(distinct("OT", &used, 60), "OT");
    }
}
