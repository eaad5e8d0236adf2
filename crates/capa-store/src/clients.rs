//! Clients: the families a team books, known by a validated NHI or a local
//! reference, with an optional display label and the date the referral was
//! accepted. Nothing clinical is stored, and no address.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use capa_core::Nhi;
use capa_core::limits::{TextField, check_date, check_text};

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, ClientId, TeamId};
use crate::rows::team::no_team;
use crate::{Store, now};

/// The longest local reference kept (`capa_core::limits`; the schema
/// refuses longer ones too).
pub const MAX_LOCAL_REF: usize = TextField::LocalReference.max_chars();

/// How a team knows a family: by NHI, or by a reference of its own when the
/// NHI is not known yet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKey {
    /// A validated NHI number (upper case).
    Nhi(Nhi),
    /// The team's own reference, trimmed, 1 to 64 characters.
    Local(String),
}

/// Whether `text` is written like an NHI (three letters, two digits, then
/// two more letters or digits), so that a mistyped NHI is refused instead of
/// being kept as a local reference.
fn shaped_like_nhi(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7
        && b[..3].iter().all(u8::is_ascii_alphabetic)
        && b[3..5].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_alphanumeric)
}

impl ClientKey {
    /// Reads what a user typed as the client: text shaped like an NHI
    /// (`AAANNxx`) must be a valid NHI, anything else is a local reference.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if shaped_like_nhi(t) {
            Self::nhi(t)
        } else {
            Self::local(t)
        }
    }

    /// An NHI, validated with `capa_core::Nhi::parse`.
    pub fn nhi(text: &str) -> Result<Self> {
        Nhi::parse(text)
            .map(Self::Nhi)
            .map_err(|e| StoreError::Invalid(format!("'{}' is not a valid NHI: {e}", text.trim())))
    }

    /// A local reference: trimmed, not empty, at most 64 characters and no
    /// control characters (`capa_core::limits`).
    pub fn local(text: &str) -> Result<Self> {
        let t = text.trim();
        if t.is_empty() {
            return Err(StoreError::Invalid(
                "a client needs an NHI or a local reference".into(),
            ));
        }
        check_text(TextField::LocalReference, t)?;
        Ok(Self::Local(t.to_string()))
    }

    /// The NHI or the local reference as text.
    pub fn reference(&self) -> String {
        match self {
            Self::Nhi(n) => n.to_string(),
            Self::Local(r) => r.clone(),
        }
    }

    /// Whether this is a test NHI (beginning with Z).
    pub fn is_test(&self) -> bool {
        matches!(self, Self::Nhi(n) if n.is_test())
    }

    /// The column the key is stored in, and its value.
    fn column(&self) -> (&'static str, String) {
        match self {
            Self::Nhi(n) => ("nhi", n.to_string()),
            Self::Local(r) => ("local_ref", r.clone()),
        }
    }
}

/// A client as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredClient {
    /// Row id.
    pub id: ClientId,
    /// The team that knows the family.
    pub team_id: TeamId,
    /// Its NHI or local reference.
    pub key: ClientKey,
    /// A display label chosen by the team (e.g. initials), if any.
    pub label: Option<String>,
    /// When the referral was accepted (the start of the external wait).
    pub accepted_on: Option<NaiveDate>,
    /// When the team first stored the client.
    pub created_at: DateTime<Utc>,
}

impl StoredClient {
    /// The reference to show: the label when there is one, else the NHI or
    /// local reference.
    pub fn display(&self) -> String {
        self.label.clone().unwrap_or_else(|| self.key.reference())
    }
}

/// The columns [`client_from`] reads.
pub(crate) const CLIENT_COLUMNS: &str =
    "id, team_id, nhi, local_ref, label, accepted_on, created_at";

pub(crate) fn client_from(row: &Row) -> Result<StoredClient> {
    let nhi: Option<String> = row.get("nhi")?;
    let key = match nhi {
        Some(n) => ClientKey::Nhi(
            Nhi::parse(&n)
                .map_err(|e| StoreError::Invalid(format!("a stored NHI is invalid: {e}")))?,
        ),
        None => ClientKey::Local(row.get("local_ref")?),
    };
    Ok(StoredClient {
        id: ClientId(row.get("id")?),
        team_id: TeamId(row.get("team_id")?),
        key,
        label: row.get("label")?,
        accepted_on: row.get("accepted_on")?,
        created_at: row.get("created_at")?,
    })
}

/// Checks what is stored with a new client against `capa_core::limits`.
pub(crate) fn check_client(label: Option<&str>, accepted_on: Option<NaiveDate>) -> Result<()> {
    if let Some(l) = label {
        check_text(TextField::ClientLabel, l)?;
    }
    if let Some(d) = accepted_on {
        check_date("the date the referral was accepted", d)?;
    }
    Ok(())
}

fn no_client(id: ClientId) -> StoreError {
    StoreError::NotFound(format!("no client with id {id}"))
}

async fn find(tx: &mut Tx, team: TeamId, key: &ClientKey) -> Result<Option<StoredClient>> {
    let (column, value) = key.column();
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE team_id = $1 AND {column} = $2");
    tx.fetch_optional(&sql, args![team.0, value])
        .await?
        .map(|r| client_from(&r))
        .transpose()
}

/// The client with this id, checked to belong to `team`.
pub(crate) async fn of_team(tx: &mut Tx, team: TeamId, id: ClientId) -> Result<StoredClient> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = $1");
    let client = tx
        .fetch_optional(&sql, args![id.0])
        .await?
        .map(|r| client_from(&r))
        .transpose()?
        .ok_or_else(|| no_client(id))?;
    if client.team_id != team {
        return Err(StoreError::Invalid(format!(
            "client {id} belongs to another team"
        )));
    }
    Ok(client)
}

/// The team's client with this key, inserted (and audited) in `tx` when the
/// team does not know it yet; see [`Store::find_or_create_client`]. Inside a
/// larger transaction the new client goes with it if it rolls back.
pub(crate) async fn find_or_insert(
    tx: &mut Tx,
    actor: Actor,
    team: TeamId,
    key: &ClientKey,
    label: Option<&str>,
    accepted_on: Option<NaiveDate>,
) -> Result<StoredClient> {
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    check_client(label, accepted_on)?;
    if let Some(found) = find(tx, team, key).await? {
        return Ok(found);
    }
    tx.fetch_optional("SELECT id FROM teams WHERE id = $1", args![team.0])
        .await?
        .ok_or_else(|| no_team(team))?;
    let (column, value) = key.column();
    // ON CONFLICT DO NOTHING: a PostgreSQL writer that lost the race to
    // create the same client finds it below instead of failing.
    let sql = format!(
        "INSERT INTO clients (team_id, {column}, label, accepted_on, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id, {column}) DO NOTHING RETURNING id"
    );
    let inserted = tx
        .fetch_optional(&sql, args![team.0, value, label, accepted_on, now()])
        .await?;
    if let Some(row) = inserted {
        let id: i64 = row.get("id")?;
        // The NHI itself stays out of the append-only log, which can
        // never be purged; the client row holds it.
        audit::record(
            tx,
            actor,
            Entry {
                team: Some(team),
                kind: EntityKind::Client,
                id,
                action: Action::Create,
                before: None,
                after: Some(json!({
                    "key": column,
                    "test": key.is_test(),
                    "accepted_on": accepted_on,
                })),
            },
        )
        .await?;
    }
    find(tx, team, key)
        .await?
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
}

impl Store {
    /// The team's client with this NHI or local reference, created (and
    /// audited) if the team does not know it yet. `label` and `accepted_on`
    /// are stored only when the client is created; an existing client is
    /// returned unchanged. Safe to call concurrently for the same key: one
    /// call creates, the others find.
    pub async fn find_or_create_client(
        &self,
        actor: Actor,
        team: TeamId,
        key: &ClientKey,
        label: Option<&str>,
        accepted_on: Option<NaiveDate>,
    ) -> Result<StoredClient> {
        let mut tx = self.write().await?;
        let client = find_or_insert(&mut tx, actor, team, key, label, accepted_on).await?;
        tx.commit().await?;
        Ok(client)
    }

    /// The team's client with this NHI or local reference, if known.
    pub async fn find_client(&self, team: TeamId, key: &ClientKey) -> Result<Option<StoredClient>> {
        let mut tx = self.read().await?;
        let found = find(&mut tx, team, key).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// A client by id.
    pub async fn client(&self, id: ClientId) -> Result<StoredClient> {
        let mut tx = self.read().await?;
        let sql = format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = $1");
        let row = tx.fetch_optional(&sql, args![id.0]).await?;
        tx.commit().await?;
        row.map(|r| client_from(&r))
            .transpose()?
            .ok_or_else(|| no_client(id))
    }
}
