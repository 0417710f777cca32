//! Notices commits made by other connections: the CLI beside the window, the OS
//! scheduler's sync, or the window's own worker. SQLite's `data_version` changes on a
//! connection whenever another connection has committed since it was last read.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

pub struct Changes {
    conn: Connection,
    seen: i64,
}

impl Changes {
    /// Watches the database at `path`, read-only; the file must exist.
    pub fn watch(path: &Path) -> Result<Changes, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let seen = version(&conn)?;
        Ok(Changes { conn, seen })
    }

    /// Whether anything was committed since the last call.
    pub fn happened(&mut self) -> Result<bool, StoreError> {
        let now = version(&self.conn)?;
        let changed = now != self.seen;
        self.seen = now;
        Ok(changed)
    }
}

fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_commit_by_another_connection_is_noticed_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        let mut changes = Changes::watch(store.path()).unwrap();
        assert!(!changes.happened().unwrap(), "nothing yet");
        store
            .conn()
            .execute_batch("CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1);")
            .unwrap();
        assert!(changes.happened().unwrap(), "the commit is noticed");
        assert!(!changes.happened().unwrap(), "and only once");
    }
}
