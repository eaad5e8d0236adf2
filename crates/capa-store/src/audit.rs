//! The audit log: who changed what, when, with the state before and after.
//!
//! Records are written only inside the transaction of the change they
//! describe ([`record`]), and read with [`Store::audit_log`]. There is no
//! function to change or remove one, and triggers make the database refuse
//! UPDATE and DELETE on the table.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::{Row, Tx, Value, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, AuditId, TeamId, UserId};
use crate::{Store, now};

/// What kind of thing an audit record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A team and its settings.
    Team,
    /// A Specific stream.
    Stream,
    /// A clinician's details.
    Clinician,
    /// A job plan version (or one of its cells).
    JobPlan,
    /// A user account.
    User,
    /// A user's role in a team.
    Membership,
    /// A personal API token.
    ApiToken,
    /// A client (a family known by NHI or local reference).
    Client,
    /// A diary appointment (Partnership offer or Choice slot) and its bookings.
    Appointment,
    /// A team's public holiday.
    Holiday,
    /// A clinician's leave.
    Leave,
    /// An entry of the managed list.
    ManagedList,
    /// A clinician's calendar feed.
    CalendarFeed,
    /// A quarter's review: its mark (done, when, who) and the actions
    /// agreed per clinician.
    Review,
    /// A Partnership episode's closure.
    Episode,
}

impl EntityKind {
    const ALL: [EntityKind; 15] = [
        Self::Team,
        Self::Stream,
        Self::Clinician,
        Self::JobPlan,
        Self::User,
        Self::Membership,
        Self::ApiToken,
        Self::Client,
        Self::Appointment,
        Self::Holiday,
        Self::Leave,
        Self::ManagedList,
        Self::CalendarFeed,
        Self::Review,
        Self::Episode,
    ];

    /// The identifier stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Team => "team",
            Self::Stream => "stream",
            Self::Clinician => "clinician",
            Self::JobPlan => "job-plan",
            Self::User => "user",
            Self::Membership => "membership",
            Self::ApiToken => "api-token",
            Self::Client => "client",
            Self::Appointment => "appointment",
            Self::Holiday => "holiday",
            Self::Leave => "leave",
            Self::ManagedList => "managed-list",
            Self::CalendarFeed => "calendar-feed",
            Self::Review => "review",
            Self::Episode => "episode",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Created.
    Create,
    /// Changed.
    Update,
    /// Removed.
    Delete,
}

impl Action {
    /// The identifier stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Create, Self::Update, Self::Delete]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    /// Its id; later records have larger ids.
    pub id: AuditId,
    /// When the change was made (to the microsecond).
    pub at: DateTime<Utc>,
    /// Who made it; `None` for the command line or the system.
    pub user_id: Option<UserId>,
    /// The team concerned, if any.
    pub team_id: Option<TeamId>,
    /// What kind of thing changed.
    pub entity_kind: EntityKind,
    /// The row id of the thing changed (for a membership, the user's id).
    pub entity_id: Option<i64>,
    /// What was done.
    pub action: Action,
    /// The state before the change (`None` when created).
    pub before: Option<serde_json::Value>,
    /// The state after the change (`None` when removed).
    pub after: Option<serde_json::Value>,
}

/// Which audit records to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only records about this team.
    pub team_id: Option<TeamId>,
    /// Only records about this thing.
    pub entity: Option<(EntityKind, i64)>,
    /// Only changes made by this user.
    pub user_id: Option<UserId>,
    /// Only records older than this one (for paging back).
    pub before: Option<AuditId>,
    /// At most this many records (default 100).
    pub limit: Option<u32>,
}

/// An audit record to write inside a change's transaction.
pub(crate) struct Entry {
    pub team: Option<TeamId>,
    pub kind: EntityKind,
    pub id: i64,
    pub action: Action,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A value as audit JSON.
pub(crate) fn json(value: &impl Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| StoreError::Invalid(format!("cannot record the change: {e}")))
}

/// Writes an audit record in the transaction of the change it describes.
pub(crate) async fn record(tx: &mut Tx, actor: Actor, entry: Entry) -> Result<()> {
    let text = |v: Option<serde_json::Value>| v.map(|v| v.to_string());
    tx.execute(
        "INSERT INTO audit_log (at, user_id, team_id, entity_kind, entity_id, action, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![
            now(),
            actor.user_id().map(|u| u.0),
            entry.team.map(|t| t.0),
            entry.kind.as_str(),
            entry.id,
            entry.action.as_str(),
            text(entry.before),
            text(entry.after),
        ],
    )
    .await?;
    Ok(())
}

fn from_row(row: &Row) -> Result<AuditRecord> {
    let parse_json = |column: &str| -> Result<Option<serde_json::Value>> {
        row.get::<Option<String>>(column)?
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| {
                    StoreError::Invalid(format!("an audit record holds invalid JSON: {e}"))
                })
            })
            .transpose()
    };
    let kind: String = row.get("entity_kind")?;
    let action: String = row.get("action")?;
    Ok(AuditRecord {
        id: AuditId(row.get("id")?),
        at: row.get("at")?,
        user_id: row.get::<Option<i64>>("user_id")?.map(UserId),
        team_id: row.get::<Option<i64>>("team_id")?.map(TeamId),
        entity_kind: EntityKind::parse(&kind).ok_or_else(|| {
            StoreError::Invalid(format!("unknown entity kind '{kind}' in the audit log"))
        })?,
        entity_id: row.get("entity_id")?,
        action: Action::parse(&action).ok_or_else(|| {
            StoreError::Invalid(format!("unknown action '{action}' in the audit log"))
        })?,
        before: parse_json("before_json")?,
        after: parse_json("after_json")?,
    })
}

impl Store {
    /// Audit records matching `query`, newest first.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>> {
        let mut conditions = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let mut add = |condition: &str, value: Value| {
            params.push(value);
            conditions.push(format!("{condition} ${}", params.len()));
        };
        if let Some(team) = query.team_id {
            add("team_id =", team.0.into());
        }
        if let Some((kind, id)) = query.entity {
            add("entity_kind =", kind.as_str().into());
            add("entity_id =", id.into());
        }
        if let Some(user) = query.user_id {
            add("user_id =", user.0.into());
        }
        if let Some(before) = query.before {
            add("id <", before.0.into());
        }
        params.push(i64::from(query.limit.unwrap_or(100)).into());
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT id, at, user_id, team_id, entity_kind, entity_id, action, before_json, after_json \
             FROM audit_log {filter} ORDER BY id DESC LIMIT ${}",
            params.len()
        );
        let mut tx = self.read().await?;
        let rows = tx.fetch_all(&sql, params).await?;
        tx.commit().await?;
        rows.iter().map(from_row).collect()
    }
}
