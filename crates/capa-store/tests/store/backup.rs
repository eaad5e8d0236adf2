//! Opening, migrating again, backing up and checking a database.

use capa_store::{Actor, Backend, Store, StoreError};

use crate::support::{on_each_backend, sample_team};

#[tokio::test]
async fn a_backup_opens_and_holds_the_same_team() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let dest = db.dir.join("backup.db");
        match db.store.backend() {
            Backend::Sqlite => {
                db.store.backup_sqlite(&dest).await.unwrap();
                let copy = Store::open(&format!("sqlite://{}", dest.display()))
                    .await
                    .unwrap();
                assert_eq!(copy.load_team(id).await.unwrap(), team);
                assert_eq!(copy.integrity_check().await.unwrap(), Vec::<String>::new());
                copy.close().await;

                let err = db.store.backup_sqlite(&dest).await.unwrap_err();
                assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
            }
            Backend::Postgres => {
                let err = db.store.backup_sqlite(&dest).await.unwrap_err();
                assert!(matches!(err, StoreError::Unsupported(_)), "{err:?}");
                assert!(err.to_string().contains("pg_dump"), "{err}");
                assert!(!dest.exists());
            }
        }
    })
    .await;
}

#[tokio::test]
async fn reopening_keeps_the_data_and_migrates_nothing_twice() {
    on_each_backend(|db| async move {
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let applied = "SELECT CAST(COUNT(*) AS TEXT) FROM _sqlx_migrations";
        let before = db.raw_text(applied).await;
        let again = Store::open(&db.url).await.unwrap();
        assert_eq!(again.load_team(id).await.unwrap(), team);
        assert_eq!(again.integrity_check().await.unwrap(), Vec::<String>::new());
        assert_eq!(db.raw_text(applied).await, before);
        again.close().await;
    })
    .await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    on_each_backend(|db| async move {
        if db.store.backend() != Backend::Sqlite {
            return;
        }
        assert_eq!(db.raw_text("PRAGMA journal_mode").await, "wal");
        // A raw connection does not enforce foreign keys unless asked; the
        // store's do, which the refused deletion of a used stream shows.
        let team = sample_team("North");
        let id = db.store.create_team(Actor::System, &team).await.unwrap();
        let mut s = team.settings.clone();
        s.streams.clear();
        let err = db
            .store
            .update_team_settings(Actor::System, id, &s)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_bad_url_is_refused_without_echoing_it() {
    let err = Store::open("mysql://user:secret@host/db")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"));
}

#[tokio::test]
async fn only_a_capa_database_with_data_is_fit_to_restore() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let url = |name: &str| format!("sqlite://{}?mode=rwc", path(name).display());
    let refused = |e: StoreError| match e {
        StoreError::Invalid(m) => m,
        other => panic!("{other:?}"),
    };

    let live = Store::open(&url("live.db")).await.unwrap();
    live.create_team(Actor::System, &sample_team("North"))
        .await
        .unwrap();
    live.backup_sqlite(&path("copy.db")).await.unwrap();
    let summary = capa_store::inspect_sqlite(&path("copy.db")).await.unwrap();
    assert_eq!(summary.teams, ["North"]);
    assert_eq!(summary.schema_version, summary.known_version);
    assert!(summary.describe().starts_with(&format!(
        "schema {}, 1 team (North), 0 accounts",
        summary.known_version
    )));

    std::fs::write(path("empty.db"), b"").unwrap();
    let m = refused(
        capa_store::inspect_sqlite(&path("empty.db"))
            .await
            .unwrap_err(),
    );
    assert_eq!(m, "the file is empty (0 bytes)");

    std::fs::write(path("text.db"), b"not a database at all").unwrap();
    let m = refused(
        capa_store::inspect_sqlite(&path("text.db"))
            .await
            .unwrap_err(),
    );
    assert!(m.ends_with("it is not an SQLite database"), "{m}");

    let mut other = sqlx::SqliteConnection::connect(&url("other.db"))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        .execute(&mut other)
        .await
        .unwrap();
    other.close().await.unwrap();
    let m = refused(
        capa_store::inspect_sqlite(&path("other.db"))
            .await
            .unwrap_err(),
    );
    assert!(
        m.ends_with("it is an SQLite database but not capa's (tables photos)"),
        "{m}"
    );

    // Opening a new file runs the migrations, so it looks like capa's; it
    // has no team, so it is no backup.
    Store::open(&url("new.db")).await.unwrap().close().await;
    let m = refused(
        capa_store::inspect_sqlite(&path("new.db"))
            .await
            .unwrap_err(),
    );
    assert!(
        m.ends_with("it holds no team (a backup of capa's data has at least one)"),
        "{m}"
    );
    live.close().await;
}
