//! What every handler can reach: the store, the server's settings, the clock.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use capa_store::{LoginPolicy, Store};

use crate::clock::Clock;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark session cookies `Secure` (set when capa is served over TLS).
    pub secure_cookies: bool,
    /// Hours a browser session lasts.
    pub session_hours: i64,
    /// The largest discharge report accepted for upload, in bytes.
    pub max_upload_bytes: u64,
    /// How many sign-in attempts are checked, per address and per account.
    pub login_policy: LoginPolicy,
    /// The reverse proxy whose `X-Forwarded-For` names the client (only
    /// connections from this address are believed).
    pub trusted_proxy: Option<IpAddr>,
    /// The largest team file accepted by an upload, in bytes.
    pub max_team_file_bytes: usize,
}

/// The default upload limit: 200 MB.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 200_000_000;

impl Default for Config {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            login_policy: LoginPolicy::default(),
            trusted_proxy: None,
            max_team_file_bytes: capa_io::team_file::MAX_TEAM_FILE_BYTES,
        }
    }
}

/// The application's shared state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Server settings.
    pub config: Arc<Config>,
    /// The time.
    pub clock: Clock,
    /// A password hash checked when a username is unknown, so that the time a
    /// failed login takes does not reveal which accounts exist.
    pub dummy_hash: String,
    /// Password checks run since the server started (a measure of guessing;
    /// the throttle's tests count them).
    pub password_checks: Arc<AtomicU64>,
}

impl AppState {
    /// State over a store. Hashing the dummy password takes a moment (Argon2id).
    pub async fn new(store: Store, config: Config, clock: Clock) -> Self {
        let dummy_hash = tokio::task::spawn_blocking(|| {
            password_auth::generate_hash("capa: not a password of anyone")
        })
        .await
        .unwrap_or_default();
        Self {
            store,
            config: Arc::new(config),
            clock,
            dummy_hash,
            password_checks: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many passwords have been checked since the server started.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }
}
