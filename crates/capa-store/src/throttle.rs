//! Failed sign-in counters, for throttling guessed passwords.
//!
//! One counter per subject (a username or a client address) counts failures
//! in a window that starts at the first failure; once the window has passed,
//! the next failure starts a new one. The web application decides the limit
//! and the window. The counters are bookkeeping, not anyone's data, so they
//! are not audited.

use std::fmt;
use std::net::IpAddr;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

use crate::db::args;
use crate::error::Result;
use crate::{Store, to_u32};

/// Whose failures are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginSubject<'a> {
    /// Sign-ins to one account (any case).
    Username(&'a str),
    /// Sign-ins from one client address.
    Address(IpAddr),
}

impl fmt::Display for LoginSubject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Username(name) => write!(f, "user:{}", name.trim().to_ascii_lowercase()),
            Self::Address(ip) => write!(f, "ip:{ip}"),
        }
    }
}

/// A subject's failures in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    /// Failures since the window started.
    pub failures: u32,
    /// When the window started (the first failure in it).
    pub window_start: DateTime<Utc>,
}

impl Store {
    /// Counts a failed sign-in at `now`; returns the failures in the window
    /// (`window` long), this one included. One statement, so concurrent
    /// failures are all counted.
    pub async fn record_login_failure(
        &self,
        subject: LoginSubject<'_>,
        now: DateTime<Utc>,
        window: TimeDelta,
    ) -> Result<LoginFailures> {
        // PostgreSQL keeps microseconds; so must the value compared and returned.
        let now = now.trunc_subsecs(6);
        let mut tx = self.write().await?;
        let row = tx
            .fetch_optional(
                "INSERT INTO login_failures (subject, failures, window_start) VALUES ($1, 1, $2) \
                 ON CONFLICT (subject) DO UPDATE SET \
                 failures = CASE WHEN login_failures.window_start <= $3 THEN 1 ELSE login_failures.failures + 1 END, \
                 window_start = CASE WHEN login_failures.window_start <= $3 THEN $2 ELSE login_failures.window_start END \
                 RETURNING failures, window_start",
                args![subject.to_string(), now, now - window],
            )
            .await?
            .ok_or(crate::StoreError::Database(sqlx::Error::RowNotFound))?;
        tx.commit().await?;
        Ok(LoginFailures {
            failures: to_u32(row.get("failures")?, "failure count")?,
            window_start: row.get("window_start")?,
        })
    }

    /// The subject's failures in the window that is current at `now` (0 when
    /// there are none or the window has passed).
    pub async fn login_failures(
        &self,
        subject: LoginSubject<'_>,
        now: DateTime<Utc>,
        window: TimeDelta,
    ) -> Result<u32> {
        let mut tx = self.read().await?;
        let row = tx
            .fetch_optional(
                "SELECT failures FROM login_failures WHERE subject = $1 AND window_start > $2",
                args![subject.to_string(), now - window],
            )
            .await?;
        tx.commit().await?;
        match row {
            Some(r) => to_u32(r.get("failures")?, "failure count"),
            None => Ok(0),
        }
    }

    /// Forgets the subject's failures (after a successful sign-in).
    pub async fn clear_login_failures(&self, subject: LoginSubject<'_>) -> Result<()> {
        let mut tx = self.write().await?;
        tx.execute(
            "DELETE FROM login_failures WHERE subject = $1",
            args![subject.to_string()],
        )
        .await?;
        tx.commit().await
    }

    /// Removes counters whose window started before `before`, so that
    /// addresses seen once do not pile up. Returns how many were removed.
    pub async fn purge_login_failures(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.write().await?;
        let n = tx
            .execute(
                "DELETE FROM login_failures WHERE window_start < $1",
                args![before],
            )
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
