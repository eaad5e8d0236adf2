//! Migrations, embedded in the binary, one folder per backend.
//!
//! They are listed here by hand rather than with `sqlx::migrate!`, which
//! would pull in sqlx's procedural macros and build the database drivers a
//! second time for the compiler host. Add each new migration to both lists,
//! with the same version number and an equivalent change.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

use crate::db::Pool;
use crate::error::Result;

/// `(version, description, SQL)`.
type Script = (i64, &'static str, &'static str);

const SQLITE: &[Script] = &[
    (
        1,
        "initial",
        include_str!("../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "web sessions",
        include_str!("../migrations/sqlite/0002_web_sessions.sql"),
    ),
    (
        3,
        "diary",
        include_str!("../migrations/sqlite/0003_diary.sql"),
    ),
    (
        5,
        "team calendar",
        include_str!("../migrations/sqlite/0005_team_calendar.sql"),
    ),
    (
        6,
        "login attempts",
        include_str!("../migrations/sqlite/0006_login_attempts.sql"),
    ),
    (
        7,
        "monitor",
        include_str!("../migrations/sqlite/0007_monitor.sql"),
    ),
    (
        8,
        "assessments",
        include_str!("../migrations/sqlite/0008_assessments.sql"),
    ),
    (
        9,
        "demand analyses",
        include_str!("../migrations/sqlite/0009_demand_analyses.sql"),
    ),
    (
        10,
        "password change",
        include_str!("../migrations/sqlite/0010_password_change.sql"),
    ),
    (
        15,
        "team demand settings",
        include_str!("../migrations/sqlite/0015_team_demand_settings.sql"),
    ),
    (
        17,
        "appointments vacant",
        include_str!("../migrations/sqlite/0017_appointments_vacant.sql"),
    ),
];

const POSTGRES: &[Script] = &[
    (
        1,
        "initial",
        include_str!("../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "web sessions",
        include_str!("../migrations/postgres/0002_web_sessions.sql"),
    ),
    (
        3,
        "diary",
        include_str!("../migrations/postgres/0003_diary.sql"),
    ),
    (
        5,
        "team calendar",
        include_str!("../migrations/postgres/0005_team_calendar.sql"),
    ),
    (
        6,
        "login attempts",
        include_str!("../migrations/postgres/0006_login_attempts.sql"),
    ),
    (
        7,
        "monitor",
        include_str!("../migrations/postgres/0007_monitor.sql"),
    ),
    (
        8,
        "assessments",
        include_str!("../migrations/postgres/0008_assessments.sql"),
    ),
    (
        9,
        "demand analyses",
        include_str!("../migrations/postgres/0009_demand_analyses.sql"),
    ),
    (
        10,
        "password change",
        include_str!("../migrations/postgres/0010_password_change.sql"),
    ),
    (
        15,
        "team demand settings",
        include_str!("../migrations/postgres/0015_team_demand_settings.sql"),
    ),
    (
        17,
        "appointments vacant",
        include_str!("../migrations/postgres/0017_appointments_vacant.sql"),
    ),
];

#[derive(Debug)]
struct Embedded(&'static [Script]);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// The SQLite migrations this program knows: `(version, checksum)` as
/// sqlx records them in `_sqlx_migrations`.
pub(crate) fn sqlite_checksums() -> Vec<(i64, Vec<u8>)> {
    SQLITE
        .iter()
        .map(|&(version, description, sql)| {
            let m = Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            );
            (version, m.checksum.into_owned())
        })
        .collect()
}

/// The schema version from which stored teams are within
/// `capa_core::limits` (see `upgrade.rs`).
pub(crate) const LIMITS_VERSION: i64 = 6;

/// Whether the database was made by a capa older than [`LIMITS_VERSION`]
/// and not yet upgraded to it: migrations are recorded, but not that one.
/// A new database (no migrations table yet) is not upgrading.
pub(crate) async fn upgrading_to_limits(pool: &Pool) -> bool {
    let Ok(mut tx) = pool.read().await else {
        return false;
    };
    let applied = tx
        .scalar(
            "SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE version = $1",
            crate::db::args![LIMITS_VERSION],
        )
        .await;
    matches!(applied, Ok(0))
}

/// Applies the pending migrations of the pool's backend.
pub(crate) async fn migrate(pool: &Pool) -> Result<()> {
    match pool {
        Pool::Sqlite(_, p) => Migrator::new(Embedded(SQLITE)).await?.run(p).await?,
        Pool::Postgres(p) => Migrator::new(Embedded(POSTGRES)).await?.run(p).await?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let versions = |s: &[Script]| s.iter().map(|m| (m.0, m.1)).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
    }
}
