//! The store's one error type.

use thiserror::Error;

/// Why a store operation failed.
///
/// Messages are written for the person who asked for the change (the web
/// application shows `NotFound`, `Conflict` and `Invalid` as they are); a
/// `Database` error is an operational fault to log, not to show.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change clashes with what is stored: a name or number already
    /// taken, or a row still referred to by others.
    #[error("{0}")]
    Conflict(String),
    /// The change would leave the data breaking a rule of the method (the
    /// message is the domain's, e.g. from `capa_core::Team::new`).
    #[error("{0}")]
    Invalid(String),
    /// The operation does not exist for this backend (e.g. an online copy of
    /// a PostgreSQL database, which is `pg_dump`'s job).
    #[error("{0}")]
    Unsupported(String),
    /// The database failed or refused for another reason. (The message
    /// includes sqlx's; it is not also given as the source, or a report of the
    /// error's chain would print it twice.)
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migration(sqlx::migrate::MigrateError),
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::Migration(e)
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if db.is_unique_violation() {
                return Self::Conflict(format!("this already exists ({})", db.message()));
            }
            if db.is_foreign_key_violation() {
                return Self::Conflict(
                    "this is still referred to by other records, or refers to one that does not exist"
                        .into(),
                );
            }
            if db.is_check_violation() {
                return Self::Invalid(format!("a stored value is out of range ({})", db.message()));
            }
        }
        Self::Database(e)
    }
}

impl From<capa_core::limits::TextError> for StoreError {
    fn from(e: capa_core::limits::TextError) -> Self {
        Self::Invalid(e.to_string())
    }
}

impl From<capa_core::limits::DateError> for StoreError {
    fn from(e: capa_core::limits::DateError) -> Self {
        Self::Invalid(e.to_string())
    }
}

impl StoreError {
    /// Replaces the generic message of a `Conflict` with one that names what
    /// clashed; other errors pass through.
    pub(crate) fn conflict_as(self, message: impl FnOnce() -> String) -> Self {
        match self {
            Self::Conflict(_) => Self::Conflict(message()),
            other => other,
        }
    }
}
