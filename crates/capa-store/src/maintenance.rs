//! Backup, integrity checks, and what an SQLite file holds before it is
//! restored.

use std::io::Read;
use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row as _};

use crate::Store;
use crate::db::Pool;
use crate::error::{Result, StoreError};
use crate::schema;

/// What an SQLite file holds, read without changing it (no migration runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseSummary {
    /// The highest migration applied: the schema version.
    pub schema_version: i64,
    /// The newest schema this program knows.
    pub known_version: i64,
    /// The teams' names, alphabetically (as `Store::teams` lists them).
    pub teams: Vec<String>,
    /// Accounts.
    pub users: i64,
    /// Appointments in the diaries.
    pub appointments: i64,
}

impl DatabaseSummary {
    /// One line for people: `schema 6, 2 teams (Awa Valley CAMHS, North), 5 accounts, 310 appointments`.
    pub fn describe(&self) -> String {
        let plural =
            |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "schema {}, {} ({}), {}, {}",
            self.schema_version,
            plural(self.teams.len() as i64, "team", "teams"),
            self.teams.join(", "),
            plural(self.users, "account", "accounts"),
            plural(self.appointments, "appointment", "appointments"),
        )
    }
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why a file is not a capa backup; the caller names the file (a copy of
/// it may be what was checked).
fn not_restorable(why: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(why.to_string())
}

/// Checks that `path` is a capa SQLite database with data, without changing
/// it: an SQLite file, with capa's migrations (none unknown to this program,
/// none altered), at least one team, and passing `PRAGMA integrity_check`
/// and `PRAGMA foreign_key_check`. Returns what it holds. A 0-byte file or
/// another program's database is refused, with why.
pub async fn inspect_sqlite(path: &Path) -> Result<DatabaseSummary> {
    let mut magic = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(not_restorable)?;
    let got = file.read(&mut magic).map_err(not_restorable)?;
    if got == 0 {
        return Err(not_restorable("the file is empty (0 bytes)"));
    }
    if got < magic.len() || &magic != SQLITE_MAGIC {
        return Err(not_restorable("it is not an SQLite database"));
    }
    drop(file);
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut c = SqliteConnection::connect_with(&options).await?;
    let summary = summarise(&mut c).await;
    c.close().await?;
    summary
}

async fn summarise(c: &mut SqliteConnection) -> Result<DatabaseSummary> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *c)
    .await?;
    if !tables.iter().any(|t| t == "_sqlx_migrations") || !tables.iter().any(|t| t == "teams") {
        let shown = if tables.is_empty() {
            "no tables at all".to_string()
        } else {
            format!("tables {}", tables.join(", "))
        };
        return Err(not_restorable(format!(
            "it is an SQLite database but not capa's ({shown})"
        )));
    }
    let known = schema::sqlite_checksums();
    let known_version = known.iter().map(|k| k.0).max().unwrap_or(0);
    let applied =
        sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *c)
            .await?;
    let mut schema_version = 0;
    for row in applied {
        let version: i64 = row.try_get("version")?;
        let checksum: Vec<u8> = row.try_get("checksum")?;
        let success: bool = row.try_get("success")?;
        match known.iter().find(|k| k.0 == version) {
            None => {
                return Err(not_restorable(format!(
                    "it was made by a newer capa (it has migration {version}; this capa knows up to {known_version})"
                )));
            }
            Some((_, sum)) if *sum != checksum => {
                return Err(not_restorable(format!(
                    "its migration {version} differs from this capa's"
                )));
            }
            Some(_) if !success => {
                return Err(not_restorable(format!(
                    "its migration {version} did not finish"
                )));
            }
            Some(_) => schema_version = schema_version.max(version),
        }
    }
    if schema_version == 0 {
        return Err(not_restorable(
            "it has capa's tables but no migrations applied",
        ));
    }
    let teams: Vec<String> = sqlx::query_scalar("SELECT name FROM teams ORDER BY name")
        .fetch_all(&mut *c)
        .await?;
    if teams.is_empty() {
        return Err(not_restorable(
            "it holds no team (a backup of capa's data has at least one)",
        ));
    }
    let mut problems = Vec::new();
    for row in sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut *c)
        .await?
    {
        let line: String = row.try_get(0)?;
        if line != "ok" {
            problems.push(line);
        }
    }
    let broken_links: Vec<String> = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>(0).unwrap_or_default())
        .collect();
    if !broken_links.is_empty() {
        problems.push(format!(
            "{} row(s) refer to missing rows (in {})",
            broken_links.len(),
            broken_links.join(", ")
        ));
    }
    if !problems.is_empty() {
        return Err(not_restorable(format!(
            "it fails the integrity check: {}",
            problems.join("; ")
        )));
    }
    let count = |table: &str| format!("SELECT COUNT(*) FROM {table}");
    let users: i64 = sqlx::query_scalar(&count("users"))
        .fetch_one(&mut *c)
        .await?;
    let appointments: i64 = if tables.iter().any(|t| t == "appointments") {
        sqlx::query_scalar(&count("appointments"))
            .fetch_one(&mut *c)
            .await?
    } else {
        0
    };
    Ok(DatabaseSummary {
        schema_version,
        known_version,
        teams,
        users,
        appointments,
    })
}

impl Store {
    /// Writes a consistent copy of a live SQLite database to `dest` (with
    /// `VACUUM INTO`: one read transaction, so writers carry on and the copy
    /// is a single moment's state, compacted). `dest` must not exist.
    ///
    /// On PostgreSQL this is `Unsupported`: the server's own tools make the
    /// consistent copy (`pg_dump --format=custom`, restored with `pg_restore`).
    pub async fn backup_sqlite(&self, dest: &Path) -> Result<()> {
        let Pool::Sqlite(pool, _) = &self.pool else {
            return Err(StoreError::Unsupported(
                "capa copies only SQLite databases; back up PostgreSQL with \
                 `pg_dump --format=custom --file=capa.dump DATABASE_URL` and restore with `pg_restore`"
                    .into(),
            ));
        };
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; a backup is written to a new file",
                dest.display()
            )));
        }
        let dest = dest.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("{} is not a UTF-8 path", dest.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(dest)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Checks the database's consistency; returns the problems found, none
    /// when it is sound. On SQLite: `PRAGMA integrity_check` and
    /// `PRAGMA foreign_key_check`. On PostgreSQL, whose server guards its own
    /// files, only that the database answers.
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        match &self.pool {
            Pool::Sqlite(pool, _) => {
                for row in sqlx::query("PRAGMA integrity_check")
                    .fetch_all(pool)
                    .await?
                {
                    let line: String = row.try_get(0)?;
                    if line != "ok" {
                        problems.push(line);
                    }
                }
                for row in sqlx::query("PRAGMA foreign_key_check")
                    .fetch_all(pool)
                    .await?
                {
                    let table: String = row.try_get(0)?;
                    let rowid: Option<i64> = row.try_get(1)?;
                    let parent: String = row.try_get(2)?;
                    problems.push(format!(
                        "{table} row {} refers to a missing {parent} row",
                        rowid.map_or_else(|| "?".into(), |r| r.to_string())
                    ));
                }
            }
            Pool::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
            }
        }
        Ok(problems)
    }
}
