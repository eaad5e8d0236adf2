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

/// The files of an SQLite database: the file and its write-ahead log and
/// shared-memory index, which belong to it.
fn with_journal(path: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|suffix| PathBuf::from(format!("{}{suffix}", path.display())))
}

fn remove_with_journal(path: &Path) -> Result<()> {
    for p in with_journal(path) {
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(())
}

/// Moves a database with its journal files, keeping them together.
fn move_with_journal(from: &Path, to: &Path) -> Result<()> {
    for (a, b) in with_journal(from).iter().zip(with_journal(to)) {
        if a.exists() {
            std::fs::rename(a, &b)
                .with_context(|| format!("moving {} to {}", a.display(), b.display()))?;
        }
    }
    Ok(())
}

/// Runs `capa restore`: takes the lock `capa serve` holds (so it refuses
/// while a server runs), checks a copy of the file is a capa database with
/// data, moves the database it replaces aside, puts the checked copy in
/// place and verifies it opens and holds what was checked; if it does not,
/// puts the old database back.
pub async fn restore(a: RestoreArgs) -> Result<()> {
    if !a.file.is_file() {
        bail!("{} is not a file", a.file.display());
    }
    let url = database::resolve(a.database_url)?;
    let Some(target) = database::sqlite_path(&url) else {
        bail!(
            "capa restore restores SQLite databases; for PostgreSQL use pg_restore (see `capa backup --help`)"
        );
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let _lock = database::restore_lock(&target)?;
    if target.exists() && !a.force {
        bail!(
            "{} exists; add --force to replace it (the database it replaces is kept beside it)",
            target.display()
        );
    }
    // Check a copy beside the target, so the backup file itself is never
    // changed and the database is replaced only by the copy checked.
    let staged = PathBuf::from(format!("{}.restoring", target.display()));
    remove_with_journal(&staged)?;
    std::fs::copy(&a.file, &staged).with_context(|| format!("copying to {}", staged.display()))?;
    let checked = match capa_store::inspect_sqlite(&staged).await {
        Ok(s) => s,
        Err(e) => {
            remove_with_journal(&staged)?;
            bail!("{} cannot be restored: {e}", a.file.display());
        }
    };
    let replaced = if target.exists() {
        let what = match capa_store::inspect_sqlite(&target).await {
            Ok(s) => s.describe(),
            Err(e) => format!("a database capa could not read ({e})"),
        };
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let aside = PathBuf::from(format!("{}.replaced-{stamp}", target.display()));
        move_with_journal(&target, &aside)?;
        Some((aside, what))
    } else {
        None
    };
    move_with_journal(&staged, &target)?;
    let verified = verify(&target, &checked).await;
    if let Err(e) = verified {
        remove_with_journal(&target)?;
        if let Some((aside, _)) = &replaced {
            move_with_journal(aside, &target)?;
        }
        return Err(e.context(format!(
            "the restored copy did not verify; {} is as it was",
            target.display()
        )));
    }
    println!(
        "Restored {} into {}: {}.",
        a.file.display(),
        target.display(),
        checked.describe()
    );
    match replaced {
        Some((aside, what)) => println!(
            "It replaced {what}; that database is kept as {} (delete it once you have checked the restore).",
            aside.display()
        ),
        None => println!("There was no database there before."),
    }
    println!("Start capa serve again.");
    Ok(())
}

/// Opens the restored database as capa will (migrating it forward if the
/// backup is older) and checks it is sound and holds the teams checked.
async fn verify(target: &Path, checked: &capa_store::DatabaseSummary) -> Result<()> {
    let store = database::open(&database::sqlite_url(target)).await?;
    let problems = store.integrity_check().await?;
    let teams: Vec<String> = store.teams().await?.into_iter().map(|t| t.name).collect();
    store.close().await;
    if !problems.is_empty() {
        bail!("integrity check: {}", problems.join("; "));
    }
    if teams != checked.teams {
        bail!(
            "it holds the teams {:?}, not the {:?} checked",
            teams,
            checked.teams
        );
    }
    Ok(())
}
