//! Accounts, backup and restore from the command line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{root, stderr, stdout};

/// Runs `capa` in `dir`, with `stdin` piped in, ignoring `CAPA_DATABASE_URL`.
pub fn capa_in(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_capa"))
        .args(args)
        .current_dir(dir)
        .env_remove("CAPA_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("capa runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// A fresh folder for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("capa-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_first_administrator_is_added_with_a_password_from_stdin() {
    let dir = temp_dir("users");
    let url = format!("sqlite://{}?mode=rwc", dir.join("capa.db").display());
    let o = capa_in(
        &dir,
        &[
            "user",
            "add",
            "alice",
            "--role",
            "admin",
            "--database-url",
            &url,
        ],
        Some("a long password\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Created alice, an administrator."));
    let o = capa_in(
        &dir,
        &[
            "user",
            "add",
            "bob",
            "--role",
            "admin",
            "--database-url",
            &url,
        ],
        Some("short\n"),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("at least 8 characters"));
    let o = capa_in(
        &dir,
        &[
            "user",
            "add",
            "carol",
            "--role",
            "viewer",
            "--database-url",
            &url,
        ],
        Some("a long password\n"),
    );
    assert!(stderr(&o).contains("add --team NAME"), "{}", stderr(&o));
    let o = capa_in(
        &dir,
        &[
            "user",
            "add",
            "carol",
            "--role",
            "chief",
            "--database-url",
            &url,
        ],
        Some("a long password\n"),
    );
    assert!(stderr(&o).contains("unknown role 'chief'"));
    // `capa user password`: the same rule, then the new password is the one.
    let password = |stdin: &str| {
        capa_in(
            &dir,
            &["user", "password", "alice", "--database-url", &url],
            Some(stdin),
        )
    };
    let o = password("Password123\n");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("too easy to guess"), "{}", stderr(&o));
    let o = password("short\n");
    assert!(stderr(&o).contains("at least 8 characters"));
    let o = password("a new long password\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Set the password of alice"),
        "{}",
        stdout(&o)
    );
    let o = capa_in(
        &dir,
        &["user", "password", "nobody", "--database-url", &url],
        Some("a new long password\n"),
    );
    assert!(stderr(&o).contains("there is no account 'nobody'"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_restored_backup_serves_the_same_team() {
    let dir = temp_dir("backup");
    let db = dir.join("capa.db");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    // A team from the example file, through the store the server uses.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let team = runtime.block_on(async {
        let store = capa_store::Store::open(&url).await.unwrap();
        let tf = capa_io::team_file::load(&root().join("examples/seed-team.toml")).unwrap();
        store
            .create_team(capa_store::Actor::System, &tf.team)
            .await
            .unwrap();
        store.close().await;
        tf.team
    });
    let o = capa_in(
        &dir,
        &[
            "user",
            "add",
            "lead",
            "--role",
            "team-lead",
            "--team",
            "Seed CAMHS (example)",
            "--database-url",
            &url,
        ],
        Some("a long password\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = capa_in(&dir, &["backup", "copy.db", "--database-url", &url], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("integrity check: ok"));
    let o = capa_in(&dir, &["backup", "copy.db", "--database-url", &url], None);
    assert!(
        stderr(&o).contains("exists already"),
        "a backup never overwrites"
    );
    // Restore into a new place and check it holds the same team and account.
    let restored = dir.join("restored").join("capa.db");
    let restored_url = format!("sqlite://{}?mode=rwc", restored.display());
    let o = capa_in(
        &dir,
        &["restore", "copy.db", "--database-url", &restored_url],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = capa_in(
        &dir,
        &["restore", "copy.db", "--database-url", &restored_url],
        None,
    );
    assert!(
        stderr(&o).contains("add --force"),
        "restore never overwrites silently"
    );
    runtime.block_on(async {
        let store = capa_store::Store::open(&restored_url).await.unwrap();
        let id = store
            .find_team("Seed CAMHS (example)")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.load_team(id).await.unwrap(), team);
        assert!(store.login_credentials("lead").await.unwrap().is_some());
        assert!(store.integrity_check().await.unwrap().is_empty());
        store.close().await;
    });
    // Not a database: refused, nothing replaced.
    std::fs::write(dir.join("junk.db"), b"not a database").unwrap();
    let o = capa_in(
        &dir,
        &[
            "restore",
            "junk.db",
            "--database-url",
            &restored_url,
            "--force",
        ],
        None,
    );
    assert!(!o.status.success());
    runtime.block_on(async {
        let store = capa_store::Store::open(&restored_url).await.unwrap();
        assert!(
            store
                .find_team("Seed CAMHS (example)")
                .await
                .unwrap()
                .is_some(),
            "the database is untouched"
        );
        store.close().await;
    });
    std::fs::remove_dir_all(&dir).ok();
}
