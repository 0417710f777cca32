//! Online backups of the database with SQLite's backup API (a consistent copy while
//! the window and the CLI keep working), kept in `backups/` beside it: before every
//! schema upgrade, once a day, on request, and before a restore. The newest
//! [`KEEP`] stay.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::error::StoreError;
use super::{migrations, private};

pub const BACKUPS_DIR: &str = "backups";
/// How many backups are kept; older ones are deleted after each new one.
pub const KEEP: usize = 7;
const PREFIX: &str = "compliance-desk-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

/// One backup file.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFile {
    /// The file's name, which is how people and commands refer to it.
    pub name: String,
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    /// daily, manual, before-upgrade-to-vN, before-restore
    pub reason: String,
    pub bytes: u64,
}

/// The backups folder of the database at `database`.
pub fn dir_of(database: &Path) -> PathBuf {
    database
        .parent()
        .unwrap_or(Path::new("."))
        .join(BACKUPS_DIR)
}

/// Copies the open database into a new backup file; the file appears whole or not
/// at all (written under a temporary name, then renamed).
pub fn take(conn: &Connection, database: &Path, reason: &str) -> Result<BackupFile, StoreError> {
    let dir = dir_of(database);
    let io = |source| StoreError::Backup {
        path: dir.clone(),
        source,
    };
    private::private_dir(&dir).map_err(io)?;
    let taken_at = Utc::now();
    let name = format!("{PREFIX}{}-{reason}{SUFFIX}", taken_at.format(STAMP));
    let partial = dir.join(format!(".{name}.partial"));
    private::private_file(&partial).map_err(io)?;
    {
        let mut copy = Connection::open(&partial)?;
        Backup::new(conn, &mut copy)?.run_to_completion(1024, Duration::ZERO, None)?;
    }
    let path = dir.join(&name);
    std::fs::rename(&partial, &path).map_err(io)?;
    prune(&dir)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupFile {
        name,
        path,
        taken_at,
        reason: reason.to_string(),
        bytes,
    })
}

/// The backups in `dir`, newest first; files that are not ours are left alone.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(source) => {
            return Err(StoreError::Backup {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut files: Vec<BackupFile> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let (taken_at, reason) = parse_name(&name)?;
            Some(BackupFile {
                bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                path: entry.path(),
                name,
                taken_at,
                reason,
            })
        })
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.taken_at));
    Ok(files)
}

fn parse_name(name: &str) -> Option<(DateTime<Utc>, String)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, reason) = rest.split_once('-')?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((taken_at, reason.to_string()))
}

fn prune(dir: &Path) -> Result<(), StoreError> {
    for old in list(dir)?.into_iter().skip(KEEP) {
        if let Err(e) = std::fs::remove_file(&old.path) {
            tracing::warn!("cannot delete the old backup {}: {e}", old.path.display());
        }
    }
    Ok(())
}

/// Whether `path` is a whole database this version can open: SQLite's integrity
/// check passes and its schema is not newer than ours. Says what is wrong if not.
pub fn check(path: &Path) -> Result<(), String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| e.to_string())?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if verdict != "ok" {
        return Err(format!("it is damaged ({verdict})"));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| e.to_string())?;
    match version {
        0 => Err("it holds no Compliance Desk workspace".into()),
        v if v > migrations::latest_version() => Err(format!(
            "it was written by a newer Compliance Desk (schema version {v})"
        )),
        _ => Ok(()),
    }
}

/// Replaces the open database's content with the backup's, online: other
/// connections see the restored data on their next read.
pub fn restore_into(conn: &mut Connection, backup: &Path) -> Result<(), StoreError> {
    conn.restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)?;
    Ok(())
}

/// Writes the backup as a new database file at `database`, whose old file could not
/// be opened: that file (with its WAL and shared memory) is moved aside, not deleted.
pub fn restore_file(database: &Path, backup: &Path) -> Result<Option<PathBuf>, StoreError> {
    let io = |source| StoreError::Backup {
        path: database.to_path_buf(),
        source,
    };
    let aside = database.with_extension(format!(
        "sqlite3.unreadable-{}",
        Utc::now().format("%Y%m%dT%H%M%SZ")
    ));
    let moved = match std::fs::rename(database, &aside) {
        Ok(()) => Some(aside.clone()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    for side in ["-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{side}", database.display()));
        let target = PathBuf::from(format!("{}{side}", aside.display()));
        match std::fs::rename(&file, &target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    private::private_file(database).map_err(io)?;
    let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut target = Connection::open(database)?;
    Backup::new(&source, &mut target)?.run_to_completion(1024, Duration::ZERO, None)?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, DATABASE_FILE};

    #[test]
    fn an_upgrade_is_preceded_by_a_backup_of_the_old_schema() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join(DATABASE_FILE);
        migrations::migrate_to(&mut Connection::open(&database).unwrap(), 4);
        Store::open(&database).unwrap();
        let taken = list(&dir_of(&database)).unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].reason, "before-upgrade-to-v5");
        check(&taken[0].path).unwrap();
        let old = Connection::open(&taken[0].path).unwrap();
        assert_eq!(
            migrations::version(&old).unwrap(),
            4,
            "the copy is the old schema"
        );
        // Opening a current database takes none.
        Store::open(&database).unwrap();
        assert_eq!(list(&dir_of(&database)).unwrap().len(), 1);
    }

    #[test]
    fn a_new_file_is_no_workspace_and_a_newer_schema_cannot_be_restored() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.sqlite3");
        Connection::open(&empty)
            .unwrap()
            .execute_batch("CREATE TABLE t (x);")
            .unwrap();
        assert!(check(&empty)
            .unwrap_err()
            .contains("no Compliance Desk workspace"));
        let newer = dir.path().join("newer.sqlite3");
        let conn = Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest_version() + 1)
            .unwrap();
        conn.execute_batch("CREATE TABLE t (x);").unwrap();
        assert!(check(&newer).unwrap_err().contains("newer Compliance Desk"));
    }

    #[test]
    fn names_carry_the_time_and_the_reason() {
        let (at, reason) =
            parse_name("compliance-desk-20261206T203000.123Z-before-upgrade-to-v6.sqlite3")
                .unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-06T20:30:00.123+00:00");
        assert_eq!(reason, "before-upgrade-to-v6");
        assert!(parse_name("compliance-desk.sqlite3").is_none());
        assert!(
            parse_name(".compliance-desk-20261206T203000.123Z-daily.sqlite3.partial").is_none()
        );
    }
}
