//! Persistence for capa: one schema and one query layer for SQLite and
//! PostgreSQL.
//!
//! [`Store::open`] connects to either backend from a URL and brings the
//! schema up to date. Teams, streams, clinicians and versioned job plans are
//! stored so that [`Store::load_team`] rebuilds the `capa_core::Team` that was
//! saved, checked by `Team::new`; no change is committed that would leave a
//! stored team failing that check. User accounts, team memberships, personal
//! API tokens, browser sessions and login-failure counters serve the web
//! application's sign-in.
//!
//! Every change takes an [`Actor`] and writes its [`AuditRecord`] in the same
//! transaction: both happen or neither does. The audit log has no update or
//! delete function, and the database itself refuses both (a trigger on each
//! backend).
//!
//! Map: `db.rs` (the two backends behind one query interface), `schema.rs`
//! (migrations), `settings.rs` (team settings as columns), `teams.rs`,
//! `clinicians.rs`, `job_plans.rs`, `users.rs` (accounts and memberships),
//! `tokens.rs`, `sessions.rs` (browser sessions), `attempts.rs` (sign-in
//! attempts reserved before the password check), `throttle.rs`, `audit.rs`,
//! `maintenance.rs` (backup, integrity check), `assessments.rs` (the
//! CAPA self-assessment's reviews, ratings and notes), `demand.rs` (demand
//! analyses: a discharge report's aggregates, never its rows), `import.rs` (a whole team
//! replaced by another), `clients.rs` (families known by NHI or local
//! reference), `diary/` (Partnership offers and Choice slots, booking,
//! outcomes and their corrections, re-offers, holidays from each team's
//! calendar and leave, the managed list, calendar feeds, the Choice flex
//! check), `monitor/` (a quarter's review mark and notes, episode closures,
//! the monitor's settings).

mod assessments;
mod attempts;
mod audit;
mod clients;
mod clinicians;
mod db;
mod demand;
mod diary;
mod error;
mod forecast;
mod ids;
mod import;
mod job_plans;
mod maintenance;
mod monitor;
mod rows;
mod schema;
mod secret;
mod sessions;
mod settings;
mod teams;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
mod tokens;
mod upgrade;
mod users;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

pub use assessments::StoredAssessment;
pub use attempts::{Admission, LoginOutcome, LoginPolicy, Refusal, RefusalReason, Reservation};
pub use audit::{Action, AuditQuery, AuditRecord, EntityKind};
pub use clients::{ClientKey, MAX_LOCAL_REF, StoredClient};
pub use db::Backend;
pub use demand::{DemandAnalysis, DemandAnalysisId, MAX_FILE_NAME, UploadedFile, clean_file_name};
pub use diary::{
    Appointment, AppointmentKind, AppointmentQuery, Booking, BookingOptions, CalendarFeed,
    ClientRef, FLEX_WEEKS, Holiday, Leave, ManagedEntry, NewClient, NewOffers, NewSlot,
    quarter_key,
};
pub use error::{Result, StoreError};
pub use forecast::{AppliedPlan, CaseloadWindow};
pub use ids::{
    Actor, AppointmentId, AssessmentId, AuditId, BookingId, ClientId, ClinicianId, FeedId,
    HolidayId, JobPlanId, LeaveId, ManagedId, StreamId, TeamId, TokenId, UserId,
};
pub use maintenance::{DatabaseSummary, inspect_sqlite};
pub use monitor::{EpisodeClosure, ReviewMark, ReviewNote};
pub use rows::job_plan::JobPlanVersion;
pub use rows::team::StoredStream;
pub use rows::whole::{StoredClinician, StoredTeam};
pub use secret::{random_secret, session_hash};
pub use sessions::WebSession;
pub use teams::TeamSummary;
pub use throttle::{LoginFailures, LoginSubject};
pub use tokens::{ApiToken, TOKEN_PREFIX, TOKEN_USE_PRECISION};
pub use users::{Membership, NewUser, PasswordKind, Role, User};

use db::{Pool, Tx};

/// How long an SQLite connection waits for another writer before giving up.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// capa's database: a pool of connections to SQLite or PostgreSQL.
///
/// Cheap to clone; clones share the pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Opens the database at `url` and runs any pending migrations.
    ///
    /// `sqlite://PATH` opens an SQLite file, creating it when it does not
    /// exist yet (unless the URL sets a `mode`, e.g. `mode=ro`), in WAL mode,
    /// with foreign keys enforced and a busy timeout of
    /// [`SQLITE_BUSY_TIMEOUT`]; this process's writers take turns on one
    /// connection while readers use a pool. `postgres://...` (or `postgresql://...`)
    /// connects to PostgreSQL, over TLS when the URL asks for it with
    /// `sslmode=require`, `verify-ca` or `verify-full` (certificates checked
    /// against the system's roots, or `sslrootcert=FILE`). An in-memory SQLite
    /// URL is not useful here: each pooled connection would get its own empty
    /// database.
    pub async fn open(url: &str) -> Result<Self> {
        let pool = if url.starts_with("sqlite:") {
            let mut options = SqliteConnectOptions::from_str(url)?;
            if !url
                .split_once('?')
                .is_some_and(|(_, q)| q.contains("mode="))
            {
                options = options.create_if_missing(true);
            }
            let folder = options.get_filename().parent().map(|p| p.to_path_buf());
            if let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty() && !f.is_dir()) {
                return Err(StoreError::Invalid(format!(
                    "the folder {} does not exist; create it, or choose another place for the database",
                    folder.display()
                )));
            }
            let options = options
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true);
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await?;
            let readers = SqlitePoolOptions::new().connect_with(options).await?;
            Pool::Sqlite(readers, writer)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Pool::Postgres(PgPoolOptions::new().connect(url).await?)
        } else {
            // The URL is not echoed: it may hold a password.
            return Err(StoreError::Invalid(
                "the database URL must start with sqlite:// or postgres://".into(),
            ));
        };
        if schema::upgrading_to_limits(&pool).await {
            upgrade::fit_teams(&pool).await?;
        }
        schema::migrate(&pool).await?;
        Ok(Self { pool })
    }

    /// The backend this store runs on.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(..) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes every connection; waits for those in use to be returned.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(readers, writer) => {
                // Everything into the database file before it is let go:
                // another process (a backup, a restore's check) may read the
                // file before SQLite's own checkpoint at the last close has run.
                let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(writer)
                    .await;
                writer.close().await;
                readers.close().await;
            }
            Pool::Postgres(p) => p.close().await,
        }
    }

    async fn write(&self) -> Result<Tx> {
        self.pool.write().await
    }

    async fn read(&self) -> Result<Tx> {
        self.pool.read().await
    }
}

/// The current time at the precision both backends keep (microseconds), so a
/// timestamp reads back equal to the one written.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A count or number from the database as `u32`, refusing what does not fit.
pub(crate) fn to_u32(n: i64, what: &str) -> Result<u32> {
    u32::try_from(n).map_err(|_| StoreError::Invalid(format!("stored {what} {n} is out of range")))
}

/// The store's modules use one another without cycles (a parent and its own
/// submodules aside), so each layer can be read, tested and changed on its
/// own: `rows::team` below `rows::job_plan` below `rows::clinician` below
/// `rows::whole`, and the `impl Store` files on top.
#[cfg(test)]
mod module_graph {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Module path of a source file: `rows/team.rs` is `rows::team`.
    fn module_of(file: &Path, src: &Path) -> String {
        let rel = file.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
            parts.pop();
        }
        parts.join("::")
    }

    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The `crate::` paths a source mentions, braces expanded one level
    /// (`crate::{a, b::c}`), comments left out.
    fn crate_paths(text: &str) -> Vec<String> {
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut out = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(inner) = rest.strip_prefix('{') {
                let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
                out.extend(inner.split(',').map(|p| p.trim().to_string()));
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                out.push(rest[..end].trim_end_matches(':').to_string());
            }
        }
        out
    }

    fn related(a: &str, b: &str) -> bool {
        a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
    }

    #[test]
    fn the_store_modules_have_no_import_cycles() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut all = Vec::new();
        files(&src, &mut all);
        let modules: BTreeSet<String> = all.iter().map(|f| module_of(f, &src)).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &all {
            let from = module_of(f, &src);
            for path in crate_paths(&std::fs::read_to_string(f).unwrap()) {
                let segments: Vec<&str> = path.split("::").collect();
                let to = (1..=segments.len())
                    .rev()
                    .map(|n| segments[..n].join("::"))
                    .find(|m| modules.contains(m));
                if let Some(to) = to.filter(|t| !t.is_empty() && !related(&from, t)) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        assert!(
            edges
                .get("rows::team")
                .is_none_or(|e| e.iter().all(|m| !m.starts_with("rows"))),
            "rows::team is the bottom layer: {:?}",
            edges.get("rows::team")
        );
        // Depth-first search for a cycle, reporting the first found.
        fn visit(
            m: &str,
            edges: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(i) = path.iter().position(|p| p == m) {
                let mut cycle = path[i..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            if !done.insert(m.to_string()) {
                return None;
            }
            path.push(m.to_string());
            for next in edges.get(m).into_iter().flatten() {
                if let Some(c) = visit(next, edges, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            None
        }
        let mut done = BTreeSet::new();
        for m in &modules {
            if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
                panic!("import cycle: {}", cycle.join(" -> "));
            }
        }
        assert!(
            edges["rows::whole"].contains("rows::clinician"),
            "{edges:?}"
        );
    }
}
