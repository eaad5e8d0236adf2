//! An audit record in words, as a record of what happened reads: "Fiona
//! Smith changed TR's job plan #2, Monday session 2: Core -> Specific: OT",
//! naming the fields that changed rather than showing whole states.

use std::collections::HashMap;

use capa_core::SessionLayout;
use capa_core::layout::weekday_name;
use capa_store::{Action, AuditRecord, EntityKind};
use serde_json::Value;

/// What the words need to name things: people, clinicians, job plans, streams.
pub struct Names {
    /// Users' display names by id.
    pub users: HashMap<i64, String>,
    /// Clinicians' initials by row id.
    pub clinicians: HashMap<i64, String>,
    /// Job plan versions by row id: (initials, version).
    pub plans: HashMap<i64, (String, u32)>,
    /// Stream names by row id.
    pub streams: HashMap<i64, String>,
    /// The team's layout, to name a session.
    pub layout: SessionLayout,
}

/// The kind of a record in words, for the filter and the table.
pub fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Team => "Team settings",
        EntityKind::Stream => "Specific stream",
        EntityKind::Clinician => "Clinician",
        EntityKind::JobPlan => "Job plan",
        EntityKind::User => "Account",
        EntityKind::Membership => "Membership",
        EntityKind::ApiToken => "API token",
        EntityKind::Client => "Client",
        EntityKind::Appointment => "Appointment",
        EntityKind::Holiday => "Public holiday",
        EntityKind::Leave => "Leave",
        EntityKind::ManagedList => "Managed list",
        EntityKind::CalendarFeed => "Calendar feed",
        EntityKind::Review => "Quarter review",
        EntityKind::Episode => "Episode",
        EntityKind::Assessment => "Self-assessment",
        EntityKind::DemandAnalysis => "Demand analysis",
    }
}

/// Most changed fields named in one sentence.
const MOST_FIELDS: usize = 8;

/// Longest value shown.
const LONGEST: usize = 80;

/// A value in words: text as it is, numbers as written, nothing as "none".
fn value(v: &Value) -> String {
    let text = match v {
        Value::Null => "none".to_string(),
        Value::String(s) if s.is_empty() => "(empty)".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    if text.chars().count() > LONGEST {
        format!("{}…", text.chars().take(LONGEST).collect::<String>())
    } else {
        text
    }
}

/// A job plan cell as stored (`"Core"`, or an Other `{label, category}`).
fn cell(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let label = o.get("label").map(value).unwrap_or_default();
            let category = o.get("category").and_then(Value::as_str).unwrap_or("other");
            if label.is_empty() || label == "(empty)" {
                format!("Other: {category}")
            } else {
                format!("{label} (Other: {category})")
            }
        }
        // As the editor shows it.
        Value::String(s) if s == "Core" => {
            crate::views::format::activity_text(&capa_core::Activity::Core)
        }
        other => value(other),
    }
}

fn field_name(key: &str) -> String {
    key.replace('_', " ")
}

/// The fields that differ between two states, one level deep into objects
/// ("layout name: A -> B"), in key order.
pub fn changes(before: &Value, after: &Value) -> Vec<String> {
    fn walk(prefix: &str, b: &Value, a: &Value, out: &mut Vec<String>, depth: usize) {
        match (b, a) {
            (Value::Object(bo), Value::Object(ao)) if depth < 2 => {
                let mut keys: Vec<&String> = bo.keys().chain(ao.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let name = if prefix.is_empty() {
                        field_name(k)
                    } else {
                        format!("{prefix} {}", field_name(k))
                    };
                    walk(
                        &name,
                        bo.get(k).unwrap_or(&Value::Null),
                        ao.get(k).unwrap_or(&Value::Null),
                        out,
                        depth + 1,
                    );
                }
            }
            _ if b == a => {}
            _ => out.push(format!("{prefix}: {} -> {}", value(b), value(a))),
        }
    }
    let mut out = Vec::new();
    walk("", before, after, &mut out, 0);
    out
}

fn listed(mut fields: Vec<String>) -> String {
    if fields.len() > MOST_FIELDS {
        let more = fields.len() - MOST_FIELDS;
        fields.truncate(MOST_FIELDS);
        fields.push(format!("and {more} more"));
    }
    fields.join("; ")
}

fn verb(a: Action) -> &'static str {
    match a {
        Action::Create => "added",
        Action::Update => "changed",
        Action::Delete => "removed",
    }
}

/// Who made a change.
pub fn who(r: &AuditRecord, names: &Names) -> String {
    match r.user_id {
        None => "capa".into(),
        Some(id) => names
            .users
            .get(&id.0)
            .cloned()
            .unwrap_or_else(|| format!("user {}", id.0)),
    }
}

/// The session a cell is in: "Monday session 2".
fn session(layout: &SessionLayout, state: &Value) -> Option<String> {
    let row = state.get("session")?.as_u64()? as usize;
    let day = state.get("day")?.as_u64()? as usize;
    let label = layout
        .sessions()
        .nth(row)
        .map(|b| b.label.clone())
        .unwrap_or_else(|| format!("session {}", row + 1));
    let label = match label.strip_prefix("Session") {
        Some(rest) => format!("session{rest}"),
        None => label,
    };
    let day = layout
        .days
        .get(day)
        .map(|d| weekday_name(*d).to_string())
        .unwrap_or_else(|| format!("day {}", day + 1));
    Some(format!("{day} {label}"))
}

fn state_field<'a>(r: &'a AuditRecord, key: &str) -> Option<&'a Value> {
    r.after
        .as_ref()
        .and_then(|v| v.get(key))
        .or_else(|| r.before.as_ref().and_then(|v| v.get(key)))
}

/// Whose a record is about, when a clinician: "TR's".
fn clinician_of(r: &AuditRecord, names: &Names) -> Option<String> {
    let id = match r.entity_kind {
        EntityKind::Clinician => r.entity_id,
        _ => state_field(r, "clinician_id").and_then(Value::as_i64),
    }?;
    names.clinicians.get(&id).cloned()
}

/// The thing a record is about, in words ("TR's job plan #2", "the team's settings").
fn subject(r: &AuditRecord, names: &Names) -> String {
    let id = r.entity_id.unwrap_or_default();
    match r.entity_kind {
        EntityKind::JobPlan => {
            let version = state_field(r, "version").and_then(Value::as_u64);
            match names.plans.get(&id) {
                Some((who, v)) => format!("{who}'s job plan #{}", version.unwrap_or(u64::from(*v))),
                None => format!(
                    "job plan #{} (since removed)",
                    version.map_or("?".into(), |v| v.to_string())
                ),
            }
        }
        EntityKind::Team => "the team's settings".into(),
        EntityKind::Stream => {
            let name = state_field(r, "name")
                .map(value)
                .or_else(|| names.streams.get(&id).cloned())
                .unwrap_or_else(|| format!("stream {id}"));
            format!("the {name} stream")
        }
        EntityKind::Clinician if r.action != Action::Update => {
            let i = state_field(r, "initials")
                .map(value)
                .or_else(|| names.clinicians.get(&id).cloned())
                .unwrap_or_default();
            format!("clinician {i}")
        }
        EntityKind::Membership | EntityKind::User => match names.users.get(&id) {
            Some(name) if r.entity_kind == EntityKind::Membership => {
                format!("{name}'s role in the team")
            }
            Some(name) => format!("the account of {name}"),
            None => format!("{} {id}", kind_label(r.entity_kind).to_lowercase()),
        },
        EntityKind::Clinician => match names.clinicians.get(&id) {
            Some(i) => format!("{i}'s details"),
            None => {
                let i = state_field(r, "initials").map(value).unwrap_or_default();
                format!("clinician {i}")
            }
        },
        EntityKind::Leave => match clinician_of(r, names) {
            Some(i) => format!("{i}'s leave"),
            None => "a clinician's leave".into(),
        },
        EntityKind::Holiday => {
            let name = state_field(r, "name").map(value).unwrap_or_default();
            let day = state_field(r, "day").map(value).unwrap_or_default();
            format!("the public holiday {name} ({day})")
        }
        other => format!("{} {id}", kind_label(other).to_lowercase()),
    }
}

/// The record as a sentence.
pub fn sentence(r: &AuditRecord, names: &Names) -> String {
    let who = who(r, names);
    let what = subject(r, names);
    // The team's calendar filling in a year of holidays.
    if let Some(calendar) = r
        .after
        .as_ref()
        .and_then(|a| a.get("holidays_from_calendar"))
    {
        let year = r
            .after
            .as_ref()
            .and_then(|a| a.get("year"))
            .map(value)
            .unwrap_or_default();
        let n = r
            .after
            .as_ref()
            .and_then(|a| a.get("added"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let days = if n == 1 { "day" } else { "days" };
        return format!(
            "{who} added {year}'s public holidays from the {} calendar ({n} {days})",
            value(calendar)
        );
    }
    match (r.entity_kind, r.action, &r.before, &r.after) {
        (EntityKind::JobPlan, Action::Update, Some(b), Some(a)) if a.get("cell").is_some() => {
            let at = session(&names.layout, a).unwrap_or_else(|| "a session".into());
            format!(
                "{who} changed {what}, {at}: {} -> {}",
                cell(b.get("cell").unwrap_or(&Value::Null)),
                cell(a.get("cell").unwrap_or(&Value::Null))
            )
        }
        (EntityKind::JobPlan, Action::Create, _, Some(a)) => {
            let from = a
                .get("applies_from")
                .filter(|v| !v.is_null())
                .map(|v| format!(", applying from {}", value(v)))
                .unwrap_or_default();
            format!("{who} added {what}{from}")
        }
        (_, Action::Update, Some(b), Some(a)) => {
            let fields = changes(b, a);
            if fields.is_empty() {
                format!("{who} saved {what} unchanged")
            } else {
                format!("{who} changed {what}: {}", listed(fields))
            }
        }
        (kind, Action::Create, _, Some(a)) => {
            let details = match kind {
                EntityKind::Leave => format!(
                    ": {} to {}",
                    a.get("first_day").map(value).unwrap_or_default(),
                    a.get("last_day").map(value).unwrap_or_default()
                ),
                EntityKind::Stream => a
                    .get("multiplier")
                    .filter(|m| !m.is_null())
                    .map(|m| {
                        format!(
                            " with its multiplier ({})",
                            listed(
                                changes(&Value::Null, m)
                                    .into_iter()
                                    .map(|c| c.replace("none -> ", ""))
                                    .collect()
                            )
                        )
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!("{who} added {what}{details}")
        }
        (kind, Action::Delete, Some(b), _) => {
            let details = match kind {
                EntityKind::Leave => format!(
                    ": {} to {}",
                    b.get("first_day").map(value).unwrap_or_default(),
                    b.get("last_day").map(value).unwrap_or_default()
                ),
                _ => String::new(),
            };
            format!("{who} removed {what}{details}")
        }
        (_, action, _, _) => format!("{who} {} {what}", verb(action)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use capa_store::{AuditId, TeamId, UserId};
    use serde_json::json;

    fn names() -> Names {
        Names {
            users: HashMap::from([(1, "Fiona Smith".to_string())]),
            clinicians: HashMap::from([(7, "TR".to_string())]),
            plans: HashMap::from([(30, ("TR".to_string(), 2))]),
            streams: HashMap::new(),
            layout: SessionLayout::nz_four_session(),
        }
    }

    fn record(
        kind: EntityKind,
        id: i64,
        action: Action,
        before: Value,
        after: Value,
    ) -> AuditRecord {
        AuditRecord {
            id: AuditId(1),
            at: chrono::DateTime::UNIX_EPOCH,
            user_id: Some(UserId(1)),
            team_id: Some(TeamId(1)),
            entity_kind: kind,
            entity_id: Some(id),
            action,
            before: (!before.is_null()).then_some(before),
            after: (!after.is_null()).then_some(after),
        }
    }

    #[test]
    fn a_cell_change_names_the_plan_the_session_and_both_readings() {
        let r = record(
            EntityKind::JobPlan,
            30,
            Action::Update,
            json!({"version": 2, "session": 1, "day": 0, "cell": "Core"}),
            json!({"version": 2, "session": 1, "day": 0, "cell": "Specific: OT"}),
        );
        assert_eq!(
            sentence(&r, &names()),
            "Fiona Smith changed TR's job plan #2, Monday session 2: Core (free) -> Specific: OT"
        );
        let r = record(
            EntityKind::JobPlan,
            30,
            Action::Update,
            json!({"version": 2, "session": 3, "day": 4, "cell": {"label": "DBT consult", "category": "consultation"}}),
            json!({"version": 2, "session": 3, "day": 4, "cell": "Choice"}),
        );
        assert_eq!(
            sentence(&r, &names()),
            "Fiona Smith changed TR's job plan #2, Friday session 4: DBT consult (Other: consultation) -> Choice"
        );
    }

    #[test]
    fn a_change_names_only_the_fields_that_changed() {
        let r = record(
            EntityKind::Team,
            1,
            Action::Update,
            json!({"name": "Awa", "accepted_referrals_per_week": 16.0, "layout": {"id": "nz", "name": "NZ"}}),
            json!({"name": "Awa", "accepted_referrals_per_week": 12.0, "layout": {"id": "own", "name": "NZ"}}),
        );
        assert_eq!(
            sentence(&r, &names()),
            "Fiona Smith changed the team's settings: accepted referrals per week: 16.0 -> 12.0; layout id: nz -> own"
        );
        let r = record(
            EntityKind::Leave,
            5,
            Action::Create,
            Value::Null,
            json!({"clinician_id": 7, "first_day": "2026-08-03", "last_day": "2026-10-30"}),
        );
        assert_eq!(
            sentence(&r, &names()),
            "Fiona Smith added TR's leave: 2026-08-03 to 2026-10-30"
        );
    }
}
