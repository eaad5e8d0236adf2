//! Team settings as columns of `teams` (and of `streams` for a stream's
//! multiplier).
//!
//! Columns rather than one JSON document: the settings page changes them one
//! at a time, the database can check them, a later migration adds a field as
//! a column with its default, and a DOUBLE PRECISION / REAL column gives back
//! exactly the `f64` written. The session layout, a nested list of blocks
//! always read and written whole, is the one JSON column; it has its own
//! serde mirror here so that the stored format does not change when the
//! domain types do.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use capa_core::diary::HolidayCalendar;
use capa_core::layout::{Block, BlockKind};
use capa_core::settings::Band;
use capa_core::{ChoicePolicy, MultiplierRule, SessionLayout, TeamSettings, WorkingWeeks};

use crate::db::{Row, Value};
use crate::error::{Result, StoreError};
use crate::to_u32;

/// The `teams` columns that hold settings, in the order of [`values`].
pub(crate) const COLUMNS: [&str; 28] = [
    "name",
    "layout",
    "year_start_month",
    "time_zone",
    "hours_per_week",
    "working_weeks_kind",
    "working_weeks",
    "annual_leave_days",
    "public_holidays",
    "study_days",
    "accepted_referrals_per_week",
    "conversion_to_core",
    "core_multiplier_kind",
    "core_multiplier",
    "core_appointments_per_session",
    "core_working_weeks",
    "core_average_appointments",
    "choice_appointments_per_session",
    "choice_allocation",
    "balance_low",
    "balance_high",
    "share_low",
    "share_high",
    "diary_notice_weeks",
    "holiday_calendar",
    "long_leave_weeks",
    "reoffer_working_days",
    "max_wait_weeks",
];

/// The multiplier columns of `streams`, in the order of [`rule_values`].
pub(crate) const RULE_COLUMNS: [&str; 5] = [
    "multiplier_kind",
    "multiplier",
    "appointments_per_session",
    "working_weeks",
    "average_appointments",
];

/// The settings' values for [`COLUMNS`] (streams are stored in their own table).
pub(crate) fn values(s: &TeamSettings) -> Result<Vec<Value>> {
    let (ww_kind, weeks, leave, holidays, study) = match &s.working_weeks {
        WorkingWeeks::Fixed { weeks } => ("fixed", Some(*weeks), None, None, None),
        WorkingWeeks::FromDaysAway {
            annual_leave_days,
            public_holidays,
            study_days,
        } => (
            "from-days-away",
            None,
            Some(*annual_leave_days),
            Some(*public_holidays),
            Some(*study_days),
        ),
    };
    let mut v = vec![
        Value::from(s.name.as_str()),
        Value::from(layout_json(&s.layout)?),
        Value::from(i64::from(s.year_start_month)),
        Value::from(s.time_zone.name()),
        Value::from(s.hours_per_week),
        Value::from(ww_kind),
        Value::from(weeks),
        Value::from(leave),
        Value::from(holidays),
        Value::from(study),
        Value::from(s.accepted_referrals_per_week),
        Value::from(s.conversion_to_core),
    ];
    v.extend(rule_values(Some(&s.core_multiplier)));
    v.extend([
        Value::from(s.choice_appointments_per_session),
        Value::from(policy_id(s.choice_allocation)),
        Value::from(s.balance_band.low),
        Value::from(s.balance_band.high),
        Value::from(s.choice_core_share_band.low),
        Value::from(s.choice_core_share_band.high),
        Value::from(i64::from(s.diary_notice_weeks)),
        Value::from(s.holiday_calendar.id()),
        Value::from(i64::from(s.long_leave_weeks)),
        Value::from(i64::from(s.reoffer_working_days)),
        Value::from(i64::from(s.max_wait_weeks)),
    ]);
    debug_assert_eq!(v.len(), COLUMNS.len());
    Ok(v)
}

/// Settings from a row holding [`COLUMNS`]; the streams are left empty.
pub(crate) fn from_row(row: &Row) -> Result<TeamSettings> {
    let working_weeks = match row.get::<String>("working_weeks_kind")?.as_str() {
        "fixed" => WorkingWeeks::Fixed {
            weeks: required(row, "working_weeks")?,
        },
        _ => WorkingWeeks::FromDaysAway {
            annual_leave_days: required(row, "annual_leave_days")?,
            public_holidays: required(row, "public_holidays")?,
            study_days: required(row, "study_days")?,
        },
    };
    let core_multiplier = rule(
        row,
        [
            "core_multiplier_kind",
            "core_multiplier",
            "core_appointments_per_session",
            "core_working_weeks",
            "core_average_appointments",
        ],
    )?
    .ok_or_else(|| StoreError::Invalid("the team has no Core multiplier".into()))?;
    let policy: String = row.get("choice_allocation")?;
    let calendar: String = row.get("holiday_calendar")?;
    Ok(TeamSettings {
        name: row.get("name")?,
        layout: layout_from_json(&row.get::<String>("layout")?)?,
        year_start_month: to_u32(row.get("year_start_month")?, "year start month")?,
        time_zone: zone(&row.get::<String>("time_zone")?)?,
        hours_per_week: row.get("hours_per_week")?,
        working_weeks,
        accepted_referrals_per_week: row.get("accepted_referrals_per_week")?,
        conversion_to_core: row.get("conversion_to_core")?,
        core_multiplier,
        streams: Vec::new(),
        choice_appointments_per_session: row.get("choice_appointments_per_session")?,
        choice_allocation: ChoicePolicy::parse(&policy).ok_or_else(|| {
            StoreError::Invalid(format!("unknown Choice allocation policy '{policy}'"))
        })?,
        balance_band: Band {
            low: row.get("balance_low")?,
            high: row.get("balance_high")?,
        },
        choice_core_share_band: Band {
            low: row.get("share_low")?,
            high: row.get("share_high")?,
        },
        diary_notice_weeks: to_u32(row.get("diary_notice_weeks")?, "diary notice")?,
        holiday_calendar: HolidayCalendar::parse(&calendar)
            .ok_or_else(|| StoreError::Invalid(format!("unknown holiday calendar '{calendar}'")))?,
        long_leave_weeks: to_u32(row.get("long_leave_weeks")?, "long leave weeks")?,
        reoffer_working_days: to_u32(row.get("reoffer_working_days")?, "re-offer working days")?,
        max_wait_weeks: to_u32(row.get("max_wait_weeks")?, "wait limit")?,
    })
}

fn policy_id(p: ChoicePolicy) -> &'static str {
    match p {
        ChoicePolicy::Equal => "equal",
        ChoicePolicy::Fte => "fte",
        ChoicePolicy::Manual => "manual",
    }
}

fn required(row: &Row, column: &str) -> Result<f64> {
    row.get::<Option<f64>>(column)?
        .ok_or_else(|| StoreError::Invalid(format!("the team setting {column} is missing")))
}

/// A multiplier rule's values for [`RULE_COLUMNS`] (all null for `None`).
pub(crate) fn rule_values(rule: Option<&MultiplierRule>) -> [Value; 5] {
    let none = Value::Real(None);
    match rule {
        None => [
            Value::Text(None),
            none.clone(),
            none.clone(),
            none.clone(),
            none,
        ],
        Some(MultiplierRule::Fixed { value }) => [
            Value::from("fixed"),
            Value::from(*value),
            none.clone(),
            none.clone(),
            none,
        ],
        Some(MultiplierRule::Derived {
            appointments_per_session,
            working_weeks_per_quarter,
            average_appointments,
        }) => [
            Value::from("derived"),
            none,
            Value::from(*appointments_per_session),
            Value::from(*working_weeks_per_quarter),
            Value::from(*average_appointments),
        ],
    }
}

/// A multiplier rule from the five columns named (kind first, as in [`RULE_COLUMNS`]).
pub(crate) fn rule(row: &Row, columns: [&str; 5]) -> Result<Option<MultiplierRule>> {
    let [kind, value, aps, weeks, average] = columns;
    Ok(match row.get::<Option<String>>(kind)?.as_deref() {
        None => None,
        Some("fixed") => Some(MultiplierRule::Fixed {
            value: required(row, value)?,
        }),
        Some(_) => Some(MultiplierRule::Derived {
            appointments_per_session: required(row, aps)?,
            working_weeks_per_quarter: row.get(weeks)?,
            average_appointments: required(row, average)?,
        }),
    })
}

#[derive(Serialize, Deserialize)]
struct LayoutDoc {
    id: String,
    name: String,
    days: Vec<Weekday>,
    blocks: Vec<BlockDoc>,
}

#[derive(Serialize, Deserialize)]
struct BlockDoc {
    label: String,
    start: NaiveTime,
    end: NaiveTime,
    kind: String,
}

const BLOCK_KINDS: [(BlockKind, &str); 4] = [
    (BlockKind::Session, "session"),
    (BlockKind::Buffer, "buffer"),
    (BlockKind::Lunch, "lunch"),
    (BlockKind::Admin, "admin"),
];

fn layout_json(layout: &SessionLayout) -> Result<String> {
    let doc = LayoutDoc {
        id: layout.id.clone(),
        name: layout.name.clone(),
        days: layout.days.clone(),
        blocks: layout
            .blocks
            .iter()
            .map(|b| BlockDoc {
                label: b.label.clone(),
                start: b.start,
                end: b.end,
                kind: BLOCK_KINDS
                    .iter()
                    .find(|(k, _)| *k == b.kind)
                    .map_or("session", |(_, id)| id)
                    .to_string(),
            })
            .collect(),
    };
    serde_json::to_string(&doc)
        .map_err(|e| StoreError::Invalid(format!("cannot store the session layout: {e}")))
}

fn layout_from_json(text: &str) -> Result<SessionLayout> {
    let doc: LayoutDoc = serde_json::from_str(text).map_err(|e| {
        StoreError::Invalid(format!("the stored session layout is unreadable: {e}"))
    })?;
    let blocks = doc
        .blocks
        .into_iter()
        .map(|b| {
            let kind = BLOCK_KINDS
                .iter()
                .find(|(_, id)| *id == b.kind)
                .map(|(k, _)| *k)
                .ok_or_else(|| StoreError::Invalid(format!("unknown block kind '{}'", b.kind)))?;
            Ok(Block {
                label: b.label,
                start: b.start,
                end: b.end,
                kind,
            })
        })
        .collect::<Result<_>>()?;
    Ok(SessionLayout {
        id: doc.id,
        name: doc.name,
        days: doc.days,
        blocks,
    })
}

/// A stored zone name: always one capa wrote, so a bad one is a damaged database.
fn zone(name: &str) -> Result<capa_core::Zone> {
    capa_core::Zone::parse(name).map_err(|e| StoreError::Invalid(format!("stored time zone: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_survive_their_json() {
        for layout in [
            SessionLayout::nz_four_session(),
            SessionLayout::uk_half_day(),
        ] {
            let text = layout_json(&layout).unwrap();
            assert_eq!(layout_from_json(&text).unwrap(), layout);
        }
    }

    #[test]
    fn every_setting_has_a_column() {
        let v = values(&TeamSettings::new("T")).unwrap();
        assert_eq!(v.len(), COLUMNS.len());
    }
}
