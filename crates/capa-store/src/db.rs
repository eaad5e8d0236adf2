//! The one place that knows there are two backends.
//!
//! Every query of the store is written once, with `$1` bind parameters, and run
//! through [`Tx`]: parameters travel as [`Value`]s and rows come back as
//! [`Row`]s, so the SQL and the code around it are shared and only the few
//! lines here dispatch to SQLite or PostgreSQL. `sqlx::Any` would do the same
//! but cannot carry dates or timestamps, which the schema needs.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgPool, PgRow};
use sqlx::query::Query;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Database, Decode, Encode, Postgres, Row as _, Sqlite, Transaction, Type};

use crate::error::Result;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A connection pool of either backend.
///
/// SQLite has two: readers, and a pool of one connection for writers. SQLite
/// admits one writer at a time anyway; queueing writers here, in order, for
/// the one connection is fair and costs nothing, where letting many
/// connections race for the file's write lock leaves the losers asleep in
/// SQLite's busy handler (sleeps of up to 100 ms) while the lock stands free:
/// less than half the throughput under 64 concurrent bookings. A rolled-back
/// transaction's ROLLBACK also runs on that connection before the next
/// writer's BEGIN.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    /// `(readers, writer)`.
    Sqlite(SqlitePool, SqlitePool),
    Postgres(PgPool),
}

/// A transaction of either backend. Dropping it without [`Tx::commit`] rolls
/// it back, so an early `?` return leaves nothing behind.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A query parameter. Each variant keeps its SQL type even when null, because
/// PostgreSQL types every parameter.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Date(Option<NaiveDate>),
    Time(Option<DateTime<Utc>>),
}

macro_rules! value_from {
    ($variant:ident, $t:ty) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(Some(v.into()))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self {
                Value::$variant(v.map(Into::into))
            }
        }
    };
}

value_from!(Int, i64);
value_from!(Real, f64);
value_from!(Text, String);
value_from!(Text, &str);
value_from!(Bool, bool);
value_from!(Date, NaiveDate);
value_from!(Time, DateTime<Utc>);

/// The parameters of a query, each converted to a [`Value`].
macro_rules! args {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::db::Value::from($v)),*]
    };
}
pub(crate) use args;

fn bind_all<'q, DB>(
    mut query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    args: Vec<Value>,
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<f64>: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    Option<bool>: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
    Option<DateTime<Utc>>: Encode<'q, DB> + Type<DB>,
{
    for v in args {
        query = match v {
            Value::Int(v) => query.bind(v),
            Value::Real(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::Bool(v) => query.bind(v),
            Value::Date(v) => query.bind(v),
            Value::Time(v) => query.bind(v),
        };
    }
    query
}

/// How many times a write transaction tries to take SQLite's write lock,
/// each try waiting up to the busy timeout.
const SQLITE_BEGIN_ATTEMPTS: u32 = 4;

/// Whether SQLite refused because another connection held a lock
/// (SQLITE_BUSY or SQLITE_LOCKED, with any extended code).
fn is_busy(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = e else {
        return false;
    };
    db.code()
        .and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// A result row of either backend.
pub(crate) enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// A Rust type both backends can read from a column.
pub(crate) trait Column:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl Row {
    /// The value of a named column.
    pub(crate) fn get<T: Column>(&self, column: &str) -> Result<T> {
        Ok(match self {
            Row::Sqlite(r) => r.try_get(column)?,
            Row::Postgres(r) => r.try_get(column)?,
        })
    }
}

impl Pool {
    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`): a deferred transaction that reads
    /// and then writes fails with SQLITE_BUSY, past any busy timeout, when
    /// another writer got in between.
    ///
    /// Writers of this process queue for the one writer connection; those of
    /// another process (the command line beside the server) wait for the lock
    /// for up to the busy timeout, and one still busy after that tries again
    /// a bounded number of times before failing, so a burst of writers is
    /// slowed down rather than refused. Nothing has been done when `BEGIN`
    /// fails, so a retry is safe.
    pub(crate) async fn write(&self) -> Result<Tx> {
        Ok(match self {
            Pool::Sqlite(_, p) => {
                let mut attempt = 1;
                loop {
                    match p.begin_with("BEGIN IMMEDIATE").await {
                        Ok(tx) => break Tx::Sqlite(tx),
                        Err(e) if attempt < SQLITE_BEGIN_ATTEMPTS && is_busy(&e) => attempt += 1,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Starts a read-only transaction that sees one snapshot throughout, so a
    /// team read in several queries is consistent (PostgreSQL's default READ
    /// COMMITTED would take a fresh snapshot per statement).
    pub(crate) async fn read(&self) -> Result<Tx> {
        Ok(match self {
            Pool::Sqlite(p, _) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }
}

impl Tx {
    /// The backend the transaction runs on.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a statement; returns the rows it affected.
    pub(crate) async fn execute(&mut self, sql: &str, args: Vec<Value>) -> Result<u64> {
        Ok(match self {
            Tx::Sqlite(tx) => bind_all(sqlx::query(sql), args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => bind_all(sqlx::query(sql), args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// Runs a query; returns all its rows.
    pub(crate) async fn fetch_all(&mut self, sql: &str, args: Vec<Value>) -> Result<Vec<Row>> {
        Ok(match self {
            Tx::Sqlite(tx) => bind_all(sqlx::query(sql), args)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .map(Row::Sqlite)
                .collect(),
            Tx::Postgres(tx) => bind_all(sqlx::query(sql), args)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .map(Row::Postgres)
                .collect(),
        })
    }

    /// Runs a query; returns its first row, if any.
    pub(crate) async fn fetch_optional(
        &mut self,
        sql: &str,
        args: Vec<Value>,
    ) -> Result<Option<Row>> {
        Ok(match self {
            Tx::Sqlite(tx) => bind_all(sqlx::query(sql), args)
                .fetch_optional(&mut **tx)
                .await?
                .map(Row::Sqlite),
            Tx::Postgres(tx) => bind_all(sqlx::query(sql), args)
                .fetch_optional(&mut **tx)
                .await?
                .map(Row::Postgres),
        })
    }

    /// Runs an `INSERT ... RETURNING id`; returns the new id.
    pub(crate) async fn insert(&mut self, sql: &str, args: Vec<Value>) -> Result<i64> {
        match self.fetch_optional(sql, args).await? {
            Some(row) => row.get("id"),
            None => Err(sqlx::Error::RowNotFound.into()),
        }
    }

    /// Runs a query whose one row has one integer column `n` (a count, a maximum).
    pub(crate) async fn scalar(&mut self, sql: &str, args: Vec<Value>) -> Result<i64> {
        match self.fetch_optional(sql, args).await? {
            Some(row) => row.get("n"),
            None => Err(sqlx::Error::RowNotFound.into()),
        }
    }

    /// Makes the transaction's changes permanent.
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}
