//! SQLite storage: one file in the app-data folder, schema migrations embedded in the
//! binary, one repository module per aggregate. Knows domain types, not tauri.

pub mod backup;
pub mod changes;
mod codes;
mod error;
mod migrations;
pub mod private;
pub mod repo;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

pub use error::StoreError;

use crate::domain::scoring::IncrementalScore;

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "compliance-desk.sqlite3";

/// An open database, migrated to this binary's schema.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The scores of the whole workspace, kept between calls so that one edit does
    /// not rescore a million results. Any write drops them unless it updates them
    /// ([`Store::write_scored`]); a write by another process (the CLI beside the
    /// window) is noticed through SQLite's `data_version`.
    scores: RefCell<Option<Memo>>,
}

struct Memo {
    data_version: i64,
    scores: IncrementalScore,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it.
    pub fn open_in(data_dir: &Path) -> Result<Store, StoreError> {
        private::private_dir(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open(&data_dir.join(DATABASE_FILE))
    }

    pub fn open(path: &Path) -> Result<Store, StoreError> {
        private::private_file(path).map_err(|source| StoreError::DatabaseFile {
            path: path.to_path_buf(),
            source,
        })?;
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Deleted rows (a purged connector's snapshots, removed evidence records) are
        // overwritten, not left readable in free pages of the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        // Whole-workspace reads (scoring) scan every result: map the file instead of
        // copying it page by page, and keep a larger page cache.
        conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
        conn.pragma_update(None, "cache_size", -32 * 1024)?;
        let found = migrations::version(&conn)?;
        if found > 0 && found < migrations::latest_version() {
            let reason = format!("before-upgrade-to-v{}", migrations::latest_version());
            let copy = backup::take(&conn, path, &reason)?;
            tracing::info!(
                "backed up the workspace before upgrading it: {}",
                copy.path.display()
            );
        }
        // Turns foreign keys on once the schema is current.
        migrations::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            scores: RefCell::new(None),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the whole workspace with a backup's (see [`backup::check`] first), and
    /// brings an older backup's schema up to date.
    pub fn restore_from(&mut self, backup_file: &Path) -> Result<(), StoreError> {
        self.scores.take();
        backup::restore_into(&mut self.conn, backup_file)?;
        migrations::migrate(&mut self.conn, &self.path)
    }

    /// For reads. Writes go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Runs `read` on the workspace's scores, built by `build` when there are none
    /// yet or when another connection changed the database since.
    pub fn with_scores<T, E: From<StoreError>>(
        &self,
        build: impl FnOnce(&Connection) -> Result<IncrementalScore, E>,
        read: impl FnOnce(&IncrementalScore) -> T,
    ) -> Result<T, E> {
        let version = self.data_version()?;
        let mut memo = self.scores.borrow_mut();
        if memo.as_ref().is_none_or(|m| m.data_version != version) {
            *memo = None;
            *memo = Some(Memo {
                data_version: version,
                scores: build(&self.conn)?,
            });
        }
        Ok(read(&memo.as_ref().expect("just built").scores))
    }

    /// Like [`Store::write`], for writes that keep the scores current themselves: `f`
    /// gets them (when they are up to date) to update with what it wrote.
    pub fn write_scored<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>, Option<&mut IncrementalScore>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let version = self.data_version()?;
        let mut memo = self.scores.take().filter(|m| m.data_version == version);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx, memo.as_mut().map(|m| &mut m.scores))?;
        tx.commit().map_err(StoreError::from)?;
        // Our own commits leave data_version as it was.
        *self.scores.borrow_mut() = memo;
        Ok(value)
    }

    /// Runs `f` in a transaction that is always rolled back: to see what changes would
    /// do (a preview) without doing them.
    pub fn trial<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let value = f(&tx);
        tx.rollback().map_err(StoreError::from)?;
        value
    }

    /// Runs `f` in one immediate transaction: all of its changes land, or none.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.scores.take();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}
