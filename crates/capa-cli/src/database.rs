//! Where the database is: `--database-url`, `CAPA_DATABASE_URL`, or an SQLite
//! file in the platform's data directory (`./capa-data/` when there is none).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use capa_store::Store;

/// The default SQLite file.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .map_or_else(|| PathBuf::from("capa-data"), |d| d.join("capa"))
        .join("capa.db")
}

/// An SQLite URL for a path, creating the file if needed.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The URL to use: the one given, or the default file (its folder created).
pub fn resolve(url: Option<String>) -> Result<String> {
    match url {
        Some(u) => Ok(u),
        None => {
            let path = default_path();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            Ok(sqlite_url(&path))
        }
    }
}

/// What to show of a URL: never a password.
pub fn describe(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) if scheme.starts_with("postgres") => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{host}")
        }
        _ => url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or(url)
            .to_string(),
    }
}

/// The SQLite file a URL names (`sqlite://PATH?...`), if it names one.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// The lock file beside an SQLite database: `capa serve` holds it shared
/// while it serves the database, `capa restore` exclusively while it
/// replaces it, so neither runs under the other. The operating system
/// releases it when the process ends, however it ends.
pub fn lock_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", db.display()))
}

/// A held lock on a database; released when dropped.
#[derive(Debug)]
pub struct DatabaseLock {
    _file: File,
}

fn open_lock(db: &Path) -> Result<File> {
    let path = lock_path(db);
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))
}

/// The lock `capa serve` holds on an SQLite database while it serves it
/// (none for PostgreSQL, whose server guards its own files). Refused while
/// `capa restore` is replacing the database.
pub fn serving_lock(url: &str) -> Result<Option<DatabaseLock>> {
    let Some(db) = sqlite_path(url) else {
        return Ok(None);
    };
    let file = open_lock(&db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(DatabaseLock { _file: file })),
        Err(TryLockError::WouldBlock) => bail!(
            "capa restore is replacing {}; start capa serve again when it has finished",
            db.display()
        ),
        Err(TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", lock_path(&db).display()))
        }
    }
}

/// The lock `capa restore` takes on an SQLite database: refused while any
/// `capa serve` holds it.
pub fn restore_lock(db: &Path) -> Result<DatabaseLock> {
    let file = open_lock(db)?;
    match file.try_lock() {
        Ok(()) => Ok(DatabaseLock { _file: file }),
        Err(TryLockError::WouldBlock) => bail!(
            "capa serve is serving {} (it holds {}); stop it before restoring, or \
             bookings made afterwards would be lost",
            db.display(),
            lock_path(db).display()
        ),
        Err(TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", lock_path(db).display()))
        }
    }
}

/// Opens the store, running migrations.
pub async fn open(url: &str) -> Result<Store> {
    Store::open(url)
        .await
        .with_context(|| format!("opening the database at {}", describe(url)))
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            describe("postgres://capa:secret@db.local:5432/capa"),
            "postgres://db.local:5432/capa"
        );
        assert_eq!(
            describe("sqlite:///var/lib/capa/capa.db?mode=rwc"),
            "/var/lib/capa/capa.db"
        );
    }
}
