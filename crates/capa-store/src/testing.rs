//! Fresh databases for tests, on each backend: used by this crate's tests and
//! by the web application's, so every suite runs the same way on SQLite and
//! PostgreSQL. Compiled only with the `testing` feature.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sqlx::{Connection, Executor, PgConnection};

use crate::{Backend, Store};

/// The variable naming the PostgreSQL server to test against (an admin URL:
/// each test creates and drops its own database there).
pub const POSTGRES_URL_VAR: &str = "CAPA_TEST_DATABASE_URL";

/// The variable that moves the tests' clock ahead by a number of days. CI
/// runs the store and web suites a second time with it set, so a test that
/// depends on the date it runs on, rather than on [`now`], fails there.
pub const CLOCK_SHIFT_VAR: &str = "CAPA_TEST_CLOCK_SHIFT_DAYS";

/// The instant every test runs at: Monday 14 September 2026, 09:30 in
/// Auckland, moved ahead by `CAPA_TEST_CLOCK_SHIFT_DAYS` days when that is
/// set. Tests read the time only from here (or from the application's clock,
/// which the web tests set to this).
pub fn now() -> DateTime<Utc> {
    let base = Utc
        .with_ymd_and_hms(2026, 9, 13, 21, 30, 0)
        .single()
        .expect("a valid instant");
    base + TimeDelta::days(clock_shift_days())
}

/// The days `CAPA_TEST_CLOCK_SHIFT_DAYS` asks for (0 when unset).
pub fn clock_shift_days() -> i64 {
    match std::env::var(CLOCK_SHIFT_VAR) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{CLOCK_SHIFT_VAR}={v} is not a whole number of days")),
        Err(_) => 0,
    }
}

/// A fresh database for one test.
pub struct TestDb {
    /// The store opened on it.
    pub store: Store,
    /// Its URL, to open the database a second way.
    pub url: String,
    /// A folder for the test's files. The harness owns and removes it: a
    /// test body that uses only `store` would otherwise drop it at once (an
    /// `async move` block captures only the fields it uses).
    pub dir: PathBuf,
}

impl TestDb {
    /// Runs raw SQL on a connection of its own, bypassing the store.
    pub async fn raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match self.store.backend() {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
                Ok(c.execute(sql).await?.rows_affected())
            }
            Backend::Postgres => {
                let mut c = PgConnection::connect(&self.url).await?;
                Ok(c.execute(sql).await?.rows_affected())
            }
        }
    }

    /// The one text value of a raw query, bypassing the store.
    pub async fn raw_text(&self, sql: &str) -> String {
        match self.store.backend() {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
            Backend::Postgres => {
                let mut c = PgConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
        }
    }
}

/// A name no other test run uses.
pub fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The admin URL with its database replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

/// Runs `test` against SQLite, and against PostgreSQL when
/// `CAPA_TEST_DATABASE_URL` is set, each time on a new, empty database.
/// With the variable set, an unreachable server fails the test: CI must not
/// pass by skipping the backend it was asked to test.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("capa.db").display());
    let store = Store::open(&url).await.expect("open a new SQLite database");
    eprintln!("-- on SQLite");
    run(test(TestDb {
        store,
        url,
        dir: dir.path().to_path_buf(),
    }))
    .await;
    drop(dir);

    let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
        return;
    };
    let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
        panic!("{POSTGRES_URL_VAR} is set but PostgreSQL cannot be reached: {e}")
    });
    let name = format!("capa_test_{}", unique_suffix());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    let url = with_database(&admin_url, &name);
    let opened = Store::open(&url).await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let outcome = match opened {
        Ok(store) => {
            eprintln!("-- on PostgreSQL ({name})");
            let db = TestDb {
                store: store.clone(),
                url,
                dir: dir.path().to_path_buf(),
            };
            let outcome = tokio::spawn(test(db)).await;
            store.close().await;
            outcome.map_err(|e| e.into_panic())
        }
        Err(e) => Err(Box::new(format!("open the PostgreSQL test database: {e}")) as _),
    };
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .expect("drop the test database");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Runs a test body as a task, so that a panic in it is reported after the
/// SQLite run has cleaned up, like the PostgreSQL one.
async fn run(test: impl Future<Output = ()> + Send + 'static) {
    if let Err(e) = tokio::spawn(test).await {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Every text value in every table of the database, as `(table, value)`:
/// for tests that prove something is not stored anywhere.
pub async fn every_text_value(store: &Store) -> Vec<(String, String)> {
    use sqlx::{Column, Row, TypeInfo};
    let mut out = Vec::new();
    match &store.pool {
        crate::db::Pool::Sqlite(readers, _) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(readers)
            .await
            .unwrap();
            for t in tables {
                let rows = sqlx::query(&format!("SELECT * FROM \"{t}\""))
                    .fetch_all(readers)
                    .await
                    .unwrap();
                for row in rows {
                    for (i, _) in row.columns().iter().enumerate() {
                        // Each value as SQLite stores it: text, or anything cast to text.
                        if let Ok(Some(v)) = row.try_get_unchecked::<Option<String>, _>(i) {
                            out.push((t.clone(), v));
                        }
                    }
                }
            }
        }
        crate::db::Pool::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for t in tables {
                let rows = sqlx::query(&format!("SELECT * FROM \"{t}\""))
                    .fetch_all(pool)
                    .await
                    .unwrap();
                for row in rows {
                    for (i, c) in row.columns().iter().enumerate() {
                        let ty = c.type_info().name().to_string();
                        if matches!(
                            ty.as_str(),
                            "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "JSON" | "JSONB"
                        ) && let Ok(Some(v)) = row.try_get_unchecked::<Option<String>, _>(i)
                        {
                            out.push((t.clone(), v));
                        }
                    }
                }
            }
        }
    }
    out
}
