//! Browser sessions of the web application: a random cookie whose SHA-256
//! hash is kept here with the user, a CSRF token and an expiry.
//!
//! Signing in and out is not audited: it changes no one's data, and the
//! audit log records changes.

use chrono::{DateTime, Utc};

use crate::db::args;
use crate::error::Result;
use crate::ids::UserId;
use crate::secret::{random_secret, session_hash};
use crate::users::{User, user_from};
use crate::{Store, now};

/// A signed-in browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    /// Whose it is.
    pub user: User,
    /// The token forms and htmx requests must echo.
    pub csrf_token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Starts a session for a user. Returns the cookie value (kept only by the
    /// browser) and the session's CSRF token.
    pub async fn create_web_session(
        &self,
        user: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<(String, String)> {
        let cookie = random_secret()?;
        let csrf = random_secret()?;
        let mut tx = self.write().await?;
        tx.execute(
            "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            args![
                session_hash(&cookie),
                user.0,
                csrf.clone(),
                now(),
                expires_at
            ],
        )
        .await?;
        tx.commit().await?;
        Ok((cookie, csrf))
    }

    /// The session a cookie names, if it exists, has not expired and its user
    /// is not disabled.
    pub async fn web_session(&self, cookie: &str, at: DateTime<Utc>) -> Result<Option<WebSession>> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                "SELECT u.id, u.username, u.display_name, u.is_admin, u.disabled, u.created_at, u.must_change_password, \
                 s.csrf_token, s.expires_at FROM web_sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = $3",
                args![session_hash(cookie), at, false],
            )
            .await?;
        tx.commit().await?;
        row.map(|row| {
            Ok(WebSession {
                user: user_from(&row)?,
                csrf_token: row.get("csrf_token")?,
                expires_at: row.get("expires_at")?,
            })
        })
        .transpose()
    }

    /// Ends a session (logging out). Ending an unknown session changes nothing.
    pub async fn end_web_session(&self, cookie: &str) -> Result<()> {
        let mut tx = self.write().await?;
        tx.execute(
            "DELETE FROM web_sessions WHERE token_hash = $1",
            args![session_hash(cookie)],
        )
        .await?;
        tx.commit().await
    }

    /// Ends every session of a user (after a password change or disabling).
    pub async fn end_user_web_sessions(&self, user: UserId) -> Result<u64> {
        let mut tx = self.write().await?;
        let n = tx
            .execute("DELETE FROM web_sessions WHERE user_id = $1", args![user.0])
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Removes sessions that expired before `at`.
    pub async fn purge_web_sessions(&self, at: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.write().await?;
        let n = tx
            .execute("DELETE FROM web_sessions WHERE expires_at <= $1", args![at])
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
