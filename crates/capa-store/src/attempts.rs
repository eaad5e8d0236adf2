//! Sign-in attempts, reserved before the password is checked.
//!
//! A sign-in first asks [`Store::reserve_login`] for a reservation; only with
//! one does it check the password, and then it settles the reservation with
//! the outcome ([`Store::settle_login`]). The reservation is taken in one
//! write transaction that reads and updates the counters together (SQLite
//! admits one writer at a time; on PostgreSQL the rows are locked `FOR
//! UPDATE`), so however many attempts arrive at once no more checks run
//! than the policy allows: a reservation in flight counts as spent.
//!
//! The policy ([`LoginPolicy`]) throttles guessing without letting an
//! outsider lock a person out:
//!
//! - **per address**: at most `max_per_address` checks that failed or are in
//!   flight, over all accounts, in a window;
//! - **per account**: after `free_per_account` such checks the account is
//!   *locked*, but only against addresses that have already tried it in the
//!   window; an address that has not may still try, one attempt at a time,
//!   each after a delay that doubles with every failure (from `first_delay`
//!   after the failure that locks it, up to `max_delay`). The owner signing in from their own address is
//!   slowed by seconds, never shut out, while each guess from elsewhere
//!   costs an attacker a fresh address and the delay.
//!
//! A success settles only its own reservation and forgets that address's
//! failures on that account; it does not forgive the account or the address.
//! Usernames are kept only as SHA-256 hashes: what people type into a
//! sign-in form (sometimes a password) is not stored.

use std::net::IpAddr;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

use crate::db::{Backend, Row, Tx, args};
use crate::error::{Result, StoreError};
use crate::{Store, to_u32};

/// The limits of sign-in attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginPolicy {
    /// How long failures are remembered, from the first in a window.
    pub window: TimeDelta,
    /// Checks failed or in flight from one address, over all accounts.
    pub max_per_address: u32,
    /// Checks failed or in flight on one account before it is locked to
    /// the addresses that made them.
    pub free_per_account: u32,
    /// The delay before an address that has not failed may try a locked
    /// account, after the first failure past the free ones; it doubles with
    /// each further failure.
    pub first_delay: TimeDelta,
    /// The longest such delay.
    pub max_delay: TimeDelta,
    /// How long a reservation that is never settled (its request died)
    /// counts as in flight.
    pub reservation_ttl: TimeDelta,
}

impl Default for LoginPolicy {
    /// 15 minutes; 20 per address; 5 per account, then 1 s doubling up to
    /// 60 s; reservations given up after 30 s.
    fn default() -> Self {
        Self {
            window: TimeDelta::minutes(15),
            max_per_address: 20,
            free_per_account: 5,
            first_delay: TimeDelta::seconds(1),
            max_delay: TimeDelta::seconds(60),
            reservation_ttl: TimeDelta::seconds(30),
        }
    }
}

/// Why an attempt was refused before any password was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalReason {
    /// Too many checks from this address.
    Address,
    /// The account is locked against this address (it has tried it).
    Account,
    /// The account is locked; an address that has not failed may try after
    /// the delay.
    Delay,
}

/// An attempt refused, and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Why.
    pub reason: RefusalReason,
    /// How long until an attempt could be granted (for `Retry-After`).
    pub retry_after: TimeDelta,
}

/// The right to check one password, to be settled with its outcome.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "settle the reservation with the outcome of the password check"]
pub struct Reservation {
    subjects: Subjects,
}

/// What [`Store::reserve_login`] decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// Check the password, then settle the reservation.
    Granted(Reservation),
    /// Do not check the password.
    Refused(Refusal),
}

/// How a password check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The password was right and the account may sign in.
    Success,
    /// Anything else: a wrong password, an unknown user, a disabled account.
    Failure,
}

/// The three counters an attempt touches, as stored keys, in the order they
/// are locked (so two attempts never wait for each other in a cycle).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Subjects {
    account: String,
    pair: String,
    address: String,
}

fn hashed(text: &str) -> String {
    crate::secret::session_hash(text)
}

impl Subjects {
    fn new(username: &str, address: IpAddr) -> Self {
        let name = username.trim().to_lowercase();
        Self {
            account: format!("acct:{}", hashed(&name)),
            pair: format!("pair:{}", hashed(&format!("{name}\n{address}"))),
            address: format!("addr:{address}"),
        }
    }

    fn all(&self) -> [&str; 3] {
        [&self.account, &self.pair, &self.address]
    }
}

/// One subject's counters in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counter {
    window_start: DateTime<Utc>,
    failures: u32,
    pending: u32,
    /// Until when `pending` counts.
    pending_until: Option<DateTime<Utc>>,
    next_at: Option<DateTime<Utc>>,
}

impl Counter {
    fn fresh(now: DateTime<Utc>) -> Self {
        Self {
            window_start: now,
            failures: 0,
            pending: 0,
            pending_until: None,
            next_at: None,
        }
    }

    fn used(&self) -> u32 {
        self.failures + self.pending
    }

    fn window_end(&self, policy: &LoginPolicy) -> DateTime<Utc> {
        self.window_start + policy.window
    }
}

/// The decision, from the three counters (pure, so it is tested alone).
/// `Ok(next_at)` grants, with the account's new `next_at` when the attempt
/// is one of a locked account's delayed ones.
fn decide(
    policy: &LoginPolicy,
    now: DateTime<Utc>,
    account: &Counter,
    pair: &Counter,
    address: &Counter,
) -> std::result::Result<Option<DateTime<Utc>>, Refusal> {
    let wait = |until: DateTime<Utc>| (until - now).max(TimeDelta::seconds(1));
    if address.used() >= policy.max_per_address {
        return Err(Refusal {
            reason: RefusalReason::Address,
            retry_after: wait(address.window_end(policy)),
        });
    }
    if account.used() < policy.free_per_account {
        return Ok(None);
    }
    if pair.used() > 0 {
        return Err(Refusal {
            reason: RefusalReason::Account,
            retry_after: wait(pair.window_end(policy)),
        });
    }
    if let Some(at) = account.next_at.filter(|at| now < *at) {
        return Err(Refusal {
            reason: RefusalReason::Delay,
            retry_after: wait(at),
        });
    }
    Ok(Some(now + delay(policy, account.failures)))
}

/// The delay after `failures` on a locked account: `first_delay`, doubled
/// for each failure past the free ones, at most `max_delay`.
fn delay(policy: &LoginPolicy, failures: u32) -> TimeDelta {
    let doublings = failures.saturating_sub(policy.free_per_account).min(30);
    policy
        .first_delay
        .checked_mul(1 << doublings)
        .map_or(policy.max_delay, |d| d.min(policy.max_delay))
}

fn counter_from(row: &Row, now: DateTime<Utc>, policy: &LoginPolicy) -> Result<Counter> {
    let window_start: DateTime<Utc> = row.get("window_start")?;
    if window_start + policy.window <= now {
        return Ok(Counter::fresh(now));
    }
    let until: Option<DateTime<Utc>> = row.get("pending_until")?;
    let pending = if until.is_some_and(|u| u > now) {
        to_u32(row.get("pending")?, "pending sign-ins")?
    } else {
        0
    };
    Ok(Counter {
        window_start,
        failures: to_u32(row.get("failures")?, "failed sign-ins")?,
        pending,
        pending_until: until.filter(|_| pending > 0),
        next_at: row.get("next_at")?,
    })
}

/// The subject's counter, its row created if missing and locked until the
/// transaction ends (PostgreSQL; SQLite's write transaction already excludes
/// every other writer).
async fn lock(
    tx: &mut Tx,
    subject: &str,
    now: DateTime<Utc>,
    policy: &LoginPolicy,
) -> Result<Counter> {
    tx.execute(
        "INSERT INTO login_attempts (subject, window_start, failures, pending) \
         VALUES ($1, $2, 0, 0) ON CONFLICT (subject) DO NOTHING",
        args![subject, now],
    )
    .await?;
    let lock = if tx.backend() == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT window_start, failures, pending, pending_until, next_at \
         FROM login_attempts WHERE subject = $1{lock}"
    );
    let row = tx
        .fetch_optional(&sql, args![subject])
        .await?
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?;
    counter_from(&row, now, policy)
}

async fn write(tx: &mut Tx, subject: &str, c: &Counter) -> Result<()> {
    tx.execute(
        "UPDATE login_attempts SET window_start = $2, failures = $3, pending = $4, \
         pending_until = $5, next_at = $6 WHERE subject = $1",
        args![
            subject,
            c.window_start,
            i64::from(c.failures),
            i64::from(c.pending),
            c.pending_until.filter(|_| c.pending > 0),
            c.next_at
        ],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Asks to check one password of `username` from `address` at `now`:
    /// granted, with a [`Reservation`] that counts as a failure until it is
    /// settled; or refused, with when to try again. Safe under any number of
    /// concurrent attempts: no more are granted than `policy` allows.
    pub async fn reserve_login(
        &self,
        username: &str,
        address: IpAddr,
        now: DateTime<Utc>,
        policy: &LoginPolicy,
    ) -> Result<Admission> {
        let now = now.trunc_subsecs(6);
        let subjects = Subjects::new(username, address);
        let mut tx = self.write().await?;
        let mut account = lock(&mut tx, &subjects.account, now, policy).await?;
        let mut pair = lock(&mut tx, &subjects.pair, now, policy).await?;
        let mut addr = lock(&mut tx, &subjects.address, now, policy).await?;
        let next_at = match decide(policy, now, &account, &pair, &addr) {
            Ok(next_at) => next_at,
            Err(refusal) => {
                tx.commit().await?;
                return Ok(Admission::Refused(refusal));
            }
        };
        if next_at.is_some() {
            account.next_at = next_at;
        }
        for (subject, c) in [
            (&subjects.account, &mut account),
            (&subjects.pair, &mut pair),
            (&subjects.address, &mut addr),
        ] {
            c.pending += 1;
            c.pending_until = Some(now + policy.reservation_ttl);
            write(&mut tx, subject, c).await?;
        }
        tx.commit().await?;
        Ok(Admission::Granted(Reservation { subjects }))
    }

    /// Settles a reservation with the password check's outcome at `now`: a
    /// failure is counted against the account, the address and the pair; a
    /// success forgets the pair's failures (this address on this account).
    pub async fn settle_login(
        &self,
        reservation: Reservation,
        outcome: LoginOutcome,
        now: DateTime<Utc>,
        policy: &LoginPolicy,
    ) -> Result<()> {
        let now = now.trunc_subsecs(6);
        let subjects = reservation.subjects;
        let mut tx = self.write().await?;
        for subject in subjects.all() {
            let mut c = lock(&mut tx, subject, now, policy).await?;
            c.pending = c.pending.saturating_sub(1);
            match outcome {
                LoginOutcome::Failure => {
                    c.failures += 1;
                    // A locked account's next attempt waits the delay this failure earned.
                    if subject == subjects.account && c.failures >= policy.free_per_account {
                        c.next_at = c.next_at.max(Some(now + delay(policy, c.failures)));
                    }
                }
                LoginOutcome::Success if subject == subjects.pair => {
                    tx.execute(
                        "DELETE FROM login_attempts WHERE subject = $1",
                        args![subject],
                    )
                    .await?;
                    continue;
                }
                LoginOutcome::Success => {}
            }
            write(&mut tx, subject, &c).await?;
        }
        tx.commit().await
    }

    /// Removes the counters of windows that ended before `before`, so that
    /// addresses seen once do not pile up. Returns how many were removed.
    pub async fn purge_login_attempts(
        &self,
        before: DateTime<Utc>,
        policy: &LoginPolicy,
    ) -> Result<u64> {
        let mut tx = self.write().await?;
        let n = tx
            .execute(
                "DELETE FROM login_attempts WHERE window_start < $1 \
                 AND (pending_until IS NULL OR pending_until < $2)",
                args![before - policy.window, before],
            )
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    fn counter(failures: u32, pending: u32) -> Counter {
        Counter {
            failures,
            pending,
            ..Counter::fresh(t0())
        }
    }

    #[test]
    fn delays_double_from_the_first_past_the_free_ones_up_to_the_cap() {
        let p = LoginPolicy::default();
        let secs: Vec<i64> = (5..13).map(|f| delay(&p, f).num_seconds()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(delay(&p, u32::MAX), p.max_delay);
    }

    #[test]
    fn an_address_that_has_not_tried_a_locked_account_may_after_the_delay() {
        let p = LoginPolicy::default();
        let now = t0() + TimeDelta::minutes(1);
        let locked = counter(5, 0);
        let clean = counter(0, 0);
        assert_eq!(
            decide(&p, now, &locked, &clean, &clean),
            Ok(Some(now + TimeDelta::seconds(1)))
        );
        let tried = counter(1, 0);
        let refused = decide(&p, now, &locked, &tried, &clean).unwrap_err();
        assert_eq!(refused.reason, RefusalReason::Account);
        assert_eq!(refused.retry_after, TimeDelta::minutes(14));
        let waiting = Counter {
            next_at: Some(now + TimeDelta::seconds(8)),
            ..locked
        };
        let refused = decide(&p, now, &waiting, &clean, &clean).unwrap_err();
        assert_eq!(
            (refused.reason, refused.retry_after),
            (RefusalReason::Delay, TimeDelta::seconds(8))
        );
        let busy = counter(19, 1);
        assert_eq!(
            decide(&p, now, &clean, &clean, &busy).unwrap_err().reason,
            RefusalReason::Address
        );
        assert_eq!(
            decide(&p, now, &counter(3, 1), &counter(3, 1), &clean),
            Ok(None)
        );
    }
}
