//! `capa backup` and `capa restore`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use capa_store::Backend;
use clap::Args;

use crate::database;

/// `capa backup` options.
#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist).
    file: PathBuf,
    /// Database URL (default: the SQLite file `capa serve` uses).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
}

/// `capa restore` options.
#[derive(Args)]
pub struct RestoreArgs {
    /// A copy made by `capa backup`.
    file: PathBuf,
    /// The SQLite database to restore into (default: the file `capa serve` uses).
    #[arg(long, env = "CAPA_DATABASE_URL")]
    database_url: Option<String>,
    /// Replace an existing database.
    #[arg(long)]
    force: bool,
}

/// Runs `capa backup`: a consistent copy of a live SQLite database.
pub async fn backup(a: BackupArgs) -> Result<()> {
    let url = database::resolve(a.database_url)?;
    let store = database::open(&url).await?;
    if store.backend() == Backend::Postgres {
        bail!(
            "capa backup copies SQLite databases. For PostgreSQL use its own tools, e.g.\n  pg_dump --format=custom --file=capa.dump DATABASE_URL\nand restore with\n  pg_restore --clean --dbname=DATABASE_URL capa.dump"
        );
    }
    if a.file.exists() {
        bail!(
            "{} exists already; choose a new file name",
            a.file.display()
        );
    }
    store
        .backup_sqlite(&a.file)
        .await
        .with_context(|| format!("writing {}", a.file.display()))?;
    store.close().await;
    let copy = database::open(&database::sqlite_url(&a.file)).await?;
    let problems = copy.integrity_check().await?;
    copy.close().await;
    if !problems.is_empty() {
        bail!(
            "the copy failed its integrity check: {}",
            problems.join("; ")
        );
    }
    println!(
        "Backed up {} to {} (integrity check: ok).",
        database::describe(&url),
        a.file.display()
    );
    Ok(())
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

fn remove_with_journal(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(())
}

/// Runs `capa restore`: checks the copy, then puts it in place of the database.
/// Stop `capa serve` first.
pub async fn restore(a: RestoreArgs) -> Result<()> {
    if !a.file.is_file() {
        bail!("{} is not a file", a.file.display());
    }
    let url = database::resolve(a.database_url)?;
    let Some(target) = sqlite_path(&url) else {
        bail!(
            "capa restore restores SQLite databases; for PostgreSQL use pg_restore (see `capa backup --help`)"
        );
    };
    if target.exists() && !a.force {
        bail!(
            "{} exists; add --force to replace it (stop capa serve first)",
            target.display()
        );
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Check a copy beside the target, so the backup file itself is never changed
    // and the database is replaced only by a copy known to be sound.
    let staged = PathBuf::from(format!("{}.restoring", target.display()));
    remove_with_journal(&staged)?;
    std::fs::copy(&a.file, &staged).with_context(|| format!("copying to {}", staged.display()))?;
    let check = async {
        let copy = database::open(&database::sqlite_url(&staged))
            .await
            .context("the backup does not open as a capa database")?;
        let problems = copy.integrity_check().await?;
        let teams = copy.teams().await?.len();
        copy.close().await;
        if !problems.is_empty() {
            bail!(
                "the backup failed its integrity check: {}",
                problems.join("; ")
            );
        }
        Ok(teams)
    };
    let teams = match check.await {
        Ok(n) => n,
        Err(e) => {
            remove_with_journal(&staged)?;
            return Err(e);
        }
    };
    remove_with_journal(&target)?;
    std::fs::rename(&staged, &target)
        .with_context(|| format!("moving the restored copy to {}", target.display()))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", staged.display()));
    }
    let restored = database::open(&database::sqlite_url(&target)).await?;
    let after = restored.teams().await?.len();
    restored.close().await;
    debug_assert_eq!(after, teams);
    println!(
        "Restored {} into {} ({after} team(s)); start capa serve again.",
        a.file.display(),
        target.display()
    );
    Ok(())
}
