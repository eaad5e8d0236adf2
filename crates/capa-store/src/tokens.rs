//! Personal API tokens.
//!
//! A token is shown once, when created; the store keeps only the SHA-256 of
//! it. Looking a token up by that hash through an index is safe against
//! timing attacks: what leaks is how much of a hash matched, and finding an
//! input with a chosen hash prefix does not bring an attacker nearer to the
//! token.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, EntityKind, Entry};
use crate::db::{Row, args};
use crate::error::{Result, StoreError};
use crate::ids::{Actor, TokenId, UserId};
use crate::users::{User, user_from};
use crate::{Store, now};

/// What every token starts with, so that a leaked one is recognisable (by a
/// person or a secret scanner).
pub const TOKEN_PREFIX: &str = "capa_";

/// How precisely a token's last use is kept: a use within this time of the
/// recorded one is not written again.
pub const TOKEN_USE_PRECISION: TimeDelta = TimeDelta::minutes(1);

/// A personal API token's record (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Row id.
    pub id: TokenId,
    /// Its owner.
    pub user_id: UserId,
    /// The owner's name for it ("laptop script").
    pub name: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last authenticated a request.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; a revoked token authenticates nothing.
    pub revoked_at: Option<DateTime<Utc>>,
}

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, last_used_at, revoked_at";

fn token_from(row: &Row) -> Result<ApiToken> {
    Ok(ApiToken {
        id: TokenId(row.get("id")?),
        user_id: UserId(row.get("user_id")?),
        name: row.get("name")?,
        created_at: row.get("created_at")?,
        last_used_at: row.get("last_used_at")?,
        revoked_at: row.get("revoked_at")?,
    })
}

fn hash(secret: &str) -> String {
    crate::secret::session_hash(secret)
}

fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| {
        StoreError::Unsupported(format!("no secure random numbers for a token: {e}"))
    })?;
    Ok(format!("{TOKEN_PREFIX}{}", hex::encode(bytes)))
}

fn token_json(t: &ApiToken) -> serde_json::Value {
    json!({ "user_id": t.user_id, "name": t.name, "revoked_at": t.revoked_at })
}

impl Store {
    /// Creates a token for a user. Returns its record and the token, which
    /// is not stored and cannot be shown again.
    pub async fn create_api_token(
        &self,
        actor: Actor,
        user: UserId,
        name: &str,
    ) -> Result<(ApiToken, String)> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a token needs a name".into()));
        }
        let secret = new_secret()?;
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                &format!(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
                     RETURNING {TOKEN_COLUMNS}"
                ),
                args![user.0, name, hash(&secret), now()],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => StoreError::NotFound(format!("no user with id {user}")),
                other => other,
            })?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?;
        let token = token_from(&row)?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: None,
                kind: EntityKind::ApiToken,
                id: token.id.0,
                action: Action::Create,
                before: None,
                after: Some(token_json(&token)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok((token, secret))
    }

    /// A user's tokens, newest first, revoked ones included.
    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let mut tx = self.read().await?;
        let rows = tx
            .fetch_all(
                &format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
                ),
                args![user.0],
            )
            .await?;
        tx.commit().await?;
        rows.iter().map(token_from).collect()
    }

    /// Revokes a token. Revoking a revoked token changes nothing.
    pub async fn revoke_api_token(&self, actor: Actor, id: TokenId) -> Result<()> {
        let mut tx = self.write().await?;
        let select = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1");
        let before = token_from(
            &tx.fetch_optional(&select, args![id.0])
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("no API token with id {id}")))?,
        )?;
        if before.revoked_at.is_some() {
            return Ok(());
        }
        tx.execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2",
            args![now(), id.0],
        )
        .await?;
        let after = token_from(
            &tx.fetch_optional(&select, args![id.0])
                .await?
                .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?,
        )?;
        audit::record(
            &mut tx,
            actor,
            Entry {
                team: None,
                kind: EntityKind::ApiToken,
                id: id.0,
                action: Action::Update,
                before: Some(token_json(&before)),
                after: Some(token_json(&after)),
            },
        )
        .await?;
        tx.commit().await
    }

    /// The user a presented token belongs to, if the token is known, not
    /// revoked, and its user not disabled; records the use. Not audited: it
    /// changes no one's data.
    ///
    /// A script sends its token with every request, so this is a read (a
    /// SHA-256 and one indexed lookup, no password hashing) that writes only
    /// when the recorded use is older than [`TOKEN_USE_PRECISION`]: the
    /// account page shows when a token was last used to the minute, and a
    /// write per request would queue every API call behind SQLite's one
    /// writer.
    pub async fn authenticate_api_token(&self, secret: &str) -> Result<Option<(User, ApiToken)>> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                "SELECT u.id, u.username, u.display_name, u.is_admin, u.disabled, u.created_at, u.must_change_password, \
                 t.id AS token_id, t.user_id, t.name, t.created_at AS token_created_at, \
                 t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = $2",
                args![hash(secret), false],
            )
            .await?;
        tx.commit().await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user = user_from(&row)?;
        let mut token = ApiToken {
            id: TokenId(row.get("token_id")?),
            user_id: UserId(row.get("user_id")?),
            name: row.get("name")?,
            created_at: row.get("token_created_at")?,
            last_used_at: row.get("last_used_at")?,
            revoked_at: row.get("revoked_at")?,
        };
        let at = now();
        if token
            .last_used_at
            .is_none_or(|last| at - last >= TOKEN_USE_PRECISION)
        {
            let mut tx = self.write().await?;
            // Another request may have recorded a use since the read: the
            // condition keeps the one write a minute.
            tx.execute(
                "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 \
                 AND (last_used_at IS NULL OR last_used_at <= $3)",
                args![at, token.id.0, at - TOKEN_USE_PRECISION],
            )
            .await?;
            tx.commit().await?;
            token.last_used_at = Some(at);
        }
        Ok(Some((user, token)))
    }
}
