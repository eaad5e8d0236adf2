//! Where the database is: `--database-url`, `CAPA_DATABASE_URL`, or an SQLite
//! file in the platform's data directory (`./capa-data/` when there is none).

use std::path::PathBuf;

use anyhow::{Context, Result};
use capa_store::Store;

/// The default SQLite file.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .map_or_else(|| PathBuf::from("capa-data"), |d| d.join("capa"))
        .join("capa.db")
}

/// An SQLite URL for a path, creating the file if needed.
pub fn sqlite_url(path: &std::path::Path) -> String {
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
