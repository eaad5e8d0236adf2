//! `capa restore`: only a capa database with data replaces the database,
//! never while `capa serve` serves it, and the database it replaces is kept.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use capa_store::{Actor, Store};

use crate::server::{capa_in, temp_dir};
use crate::{root, stderr, stdout};

fn url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A database at `path` holding the seed team under `name`.
async fn database_with_team(path: &Path, name: &str) {
    let store = Store::open(&url(path)).await.unwrap();
    let mut team = capa_io::team_file::load(&root().join("examples/seed-team.toml"))
        .unwrap()
        .team;
    team.settings.name = name.into();
    store.create_team(Actor::System, &team).await.unwrap();
    store.close().await;
}

async fn team_names(path: &Path) -> Vec<String> {
    let store = Store::open(&url(path)).await.unwrap();
    let names = store
        .teams()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    store.close().await;
    names
}

/// `backup.db` in `dir`: a copy made by `capa backup` of a database
/// holding one team.
fn backup_of_team(rt: &tokio::runtime::Runtime, dir: &Path, team: &str) {
    let source = dir.join("source.db");
    rt.block_on(database_with_team(&source, team));
    let o = capa_in(
        dir,
        &["backup", "backup.db", "--database-url", &url(&source)],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs `capa restore FILE --force` into `db`.
fn restore(dir: &Path, file: &str, db: &Path) -> std::process::Output {
    capa_in(
        dir,
        &["restore", file, "--database-url", &url(db), "--force"],
        None,
    )
}

#[test]
fn an_empty_file_or_another_programs_database_replaces_nothing() {
    let dir = temp_dir("restore-refused");
    let db = dir.join("capa.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(database_with_team(&db, "Live team"));

    std::fs::write(dir.join("empty.db"), b"").unwrap();
    let o = restore(&dir, "empty.db", &db);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("empty.db cannot be restored: the file is empty (0 bytes)"),
        "{}",
        stderr(&o)
    );

    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url(&dir.join("photos.db")))
            .await
            .unwrap();
        sqlx::query("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    });
    let o = restore(&dir, "photos.db", &db);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("it is an SQLite database but not capa's (tables photos)"),
        "{}",
        stderr(&o)
    );

    // A capa database without a team: what opening an empty file makes.
    rt.block_on(async {
        Store::open(&url(&dir.join("blank.db")))
            .await
            .unwrap()
            .close()
            .await
    });
    let o = restore(&dir, "blank.db", &db);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("it holds no team"), "{}", stderr(&o));

    assert_eq!(rt.block_on(team_names(&db)), ["Live team"], "untouched");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("restoring") || n.contains("replaced"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn restore_refuses_while_capa_serve_serves_the_database() {
    let dir = temp_dir("restore-live");
    let db = dir.join("capa.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    backup_of_team(&rt, &dir, "From the backup");
    rt.block_on(database_with_team(&db, "Live team"));

    let mut server = Command::new(env!("CARGO_BIN_EXE_capa"))
        .args([
            "serve",
            "--database-url",
            &url(&db),
            "--bind",
            "127.0.0.1:0",
        ])
        .current_dir(&dir)
        .env_remove("CAPA_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let serving = lines
        .by_ref()
        .map(|l| l.unwrap())
        .find(|l| l.starts_with("capa is serving"));
    assert!(serving.is_some(), "the server started");

    let o = restore(&dir, "backup.db", &db);
    let _ = server.kill();
    let _ = server.wait();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("capa serve is serving")
            && stderr(&o).contains("stop it before restoring"),
        "{}",
        stderr(&o)
    );
    assert_eq!(rt.block_on(team_names(&db)), ["Live team"]);

    // With the server stopped, the same restore goes ahead.
    let o = restore(&dir, "backup.db", &db);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rt.block_on(team_names(&db)), ["From the backup"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_replaced_database_is_kept_and_named() {
    let dir = temp_dir("restore-kept");
    let db = dir.join("capa.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    backup_of_team(&rt, &dir, "Restored team");
    rt.block_on(database_with_team(&db, "Team of today"));

    let o = restore(&dir, "backup.db", &db);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("1 team (Restored team), 0 accounts"),
        "says what it restored: {out}"
    );
    assert!(
        out.contains("It replaced schema") && out.contains("1 team (Team of today)"),
        "says what it replaced: {out}"
    );
    let kept = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("capa.db.replaced-") && !n.ends_with("-wal") && !n.ends_with("-shm")
            })
        })
        .expect("the replaced database is kept beside it");
    assert!(out.contains(&kept.display().to_string()), "{out}");
    assert_eq!(rt.block_on(team_names(&kept)), ["Team of today"]);
    assert_eq!(rt.block_on(team_names(&db)), ["Restored team"]);
    std::fs::remove_dir_all(&dir).ok();
}
