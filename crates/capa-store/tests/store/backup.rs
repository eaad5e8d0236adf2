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
