//! Backup and integrity checks.

use std::path::Path;

use sqlx::Row as _;

use crate::Store;
use crate::db::Pool;
use crate::error::{Result, StoreError};

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
