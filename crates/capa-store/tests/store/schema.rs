//! The two backends' schemas agree: the same tables, columns (and which may
//! be null) and indexes, read back from each database after the migrations
//! ran. Opening a database by URL: a new SQLite file is created; PostgreSQL
//! speaks TLS when the URL asks for it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use capa_store::testing::{POSTGRES_URL_VAR, TestDb, unique_suffix, with_database};
use capa_store::{Backend, Store};
use sqlx::{Connection, PgConnection, Row, SqliteConnection};

use crate::support::on_each_backend;

/// A schema as the tests compare it: table -> columns (name, nullable) in
/// order, and index -> (table, unique, partial).
#[derive(Debug, Default, PartialEq)]
struct Schema {
    tables: BTreeMap<String, Vec<(String, bool)>>,
    indexes: BTreeMap<String, (String, bool, bool)>,
}

async fn sqlite_schema(url: &str) -> Schema {
    let mut c = SqliteConnection::connect(url).await.unwrap();
    let mut s = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    for t in tables {
        let columns = sqlx::query(&format!("PRAGMA table_info({t})"))
            .fetch_all(&mut c)
            .await
            .unwrap()
            .iter()
            // A primary key is never null, whatever SQLite's flag says.
            .map(|r| {
                let name: String = r.get("name");
                let pk: i64 = r.get("pk");
                let notnull: i64 = r.get("notnull");
                (name, pk == 0 && notnull == 0)
            })
            .collect();
        for r in sqlx::query(&format!("PRAGMA index_list({t})"))
            .fetch_all(&mut c)
            .await
            .unwrap()
        {
            // Only the indexes a migration created (not those behind UNIQUE
            // or PRIMARY KEY constraints, which each backend names its own way).
            if r.get::<String, _>("origin") == "c" {
                s.indexes.insert(
                    r.get("name"),
                    (
                        t.clone(),
                        r.get::<i64, _>("unique") == 1,
                        r.get::<i64, _>("partial") == 1,
                    ),
                );
            }
        }
        s.tables.insert(t, columns);
    }
    s
}

async fn postgres_schema(url: &str) -> Schema {
    let mut c = PgConnection::connect(url).await.unwrap();
    let mut s = Schema::default();
    for r in sqlx::query(
        "SELECT c.table_name::text AS t, c.column_name::text AS name, c.is_nullable = 'YES' AS nullable \
         FROM information_schema.columns c JOIN information_schema.tables t \
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
         AND c.table_name <> '_sqlx_migrations' ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    {
        s.tables
            .entry(r.get("t"))
            .or_default()
            .push((r.get("name"), r.get("nullable")));
    }
    for r in sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS t, x.indisunique AS is_unique, \
         x.indpred IS NOT NULL AS partial FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    {
        s.indexes.insert(
            r.get("name"),
            (r.get("t"), r.get("is_unique"), r.get("partial")),
        );
    }
    s
}

async fn schema(db: &TestDb) -> Schema {
    match db.store.backend() {
        Backend::Sqlite => sqlite_schema(&db.url).await,
        Backend::Postgres => postgres_schema(&db.url).await,
    }
}

#[tokio::test]
async fn both_backends_define_the_same_tables_columns_and_indexes() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    on_each_backend(move |db| {
        let into = into.clone();
        async move {
            let s = schema(&db).await;
            assert!(s.tables.contains_key("appointments"), "{s:?}");
            assert!(s.indexes.contains_key("bookings_one_active"), "{s:?}");
            into.lock().unwrap().push(s);
        }
    })
    .await;
    let seen = seen.lock().unwrap();
    match &seen[..] {
        [sqlite, postgres] => {
            for (t, columns) in &sqlite.tables {
                assert_eq!(Some(columns), postgres.tables.get(t), "table {t}");
            }
            assert_eq!(
                sqlite.tables.keys().collect::<Vec<_>>(),
                postgres.tables.keys().collect::<Vec<_>>()
            );
            assert_eq!(sqlite.indexes, postgres.indexes);
        }
        [_] => eprintln!("{POSTGRES_URL_VAR} is not set: only SQLite's schema was read"),
        other => panic!("expected one schema per backend, got {}", other.len()),
    }
}

#[tokio::test]
async fn a_new_sqlite_file_is_created_from_a_plain_url() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert!(path.exists());
    assert!(store.teams().await.unwrap().is_empty());
    store.close().await;
    // An explicit mode is respected: read-only does not create a file.
    let missing = dir.path().join("missing.db");
    assert!(
        Store::open(&format!("sqlite://{}?mode=ro", missing.display()))
            .await
            .is_err()
    );
    assert!(!missing.exists());
    // A folder that does not exist is named, once.
    let err = Store::open(&format!("sqlite://{}/nowhere/new.db", dir.path().display()))
        .await
        .unwrap_err();
    assert!(
        err.to_string().ends_with(
            "nowhere does not exist; create it, or choose another place for the database"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn postgres_speaks_tls_when_the_url_asks_for_it() {
    let Ok(admin) = std::env::var(POSTGRES_URL_VAR) else {
        eprintln!("{POSTGRES_URL_VAR} is not set: no PostgreSQL to connect to");
        return;
    };
    let mut plain = PgConnection::connect(&admin).await.unwrap();
    let offers_tls: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(&mut plain)
        .await
        .unwrap();
    let name = format!("capa_test_tls_{}", unique_suffix());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut plain)
        .await
        .unwrap();
    let url = with_database(&admin, &name);
    let url = format!(
        "{url}{}sslmode=require",
        if url.contains('?') { '&' } else { '?' }
    );
    let opened = PgConnection::connect(&url).await;
    if offers_tls == "on" {
        let mut c = opened.expect("a TLS connection");
        let ssl: bool =
            sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .fetch_one(&mut c)
                .await
                .unwrap();
        assert!(ssl, "the connection is encrypted");
        // The store opens the same URL (and so migrates over TLS).
        let store = Store::open(&url).await.unwrap();
        store.close().await;
    } else {
        // A server without TLS is refused rather than used in the clear.
        assert!(
            opened.is_err(),
            "sslmode=require must not fall back to plain text"
        );
    }
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut plain)
        .await
        .unwrap();
}
