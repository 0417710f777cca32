//! Embedded schema migrations, applied at start in one transaction.

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::StoreError;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")),
        M::up(include_str!("migrations/0002_connectors.sql")),
        M::up(include_str!("migrations/0003_template_versions.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0004_workspace.sql")),
        M::up(include_str!("migrations/0005_check_thresholds.sql")),
    ])
});

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    5
}

/// The schema version of the open database (0 for a new file).
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > latest_version() {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: latest_version(),
        });
    }
    // Rebuilding a table (SQLite's way to change a constraint) must not cascade
    // deletes: foreign keys are off while migrating, checked per migration, then on.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = MIGRATIONS
        .to_latest(conn)
        .map_err(|e| StoreError::Migration {
            path: path.to_path_buf(),
            message: e.to_string(),
        });
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

/// Brings a new database to an older schema, as an earlier version left it.
#[cfg(test)]
pub fn migrate_to(conn: &mut Connection, version: usize) {
    MIGRATIONS.to_version(conn, version).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(MIGRATIONS.validate().is_ok());
    }

    #[test]
    fn latest_version_matches_the_migration_list() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
    }
}
