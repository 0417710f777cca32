//! One sync at a time per workspace, across processes: the window's worker, a
//! `compliance-desk sync` from a terminal and the OS scheduler's daily run take turns.
//! Two syncs at once would each refresh the same OAuth token, and services that rotate
//! refresh tokens (Zoom) would then refuse one of them, leaving the connector needing
//! a new sign-in. The turn is an OS file lock, so a crashed process never keeps it.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::Duration;

use super::sync::CancelSync;

const LOCK_FILE: &str = "sync.lock";
const LOOK_AGAIN: Duration = Duration::from_millis(200);

/// Held while a sync runs; the lock goes with the file handle.
pub struct SyncTurn {
    _file: Option<File>,
}

/// Waits for this workspace's sync turn. `waiting` is called once if another process
/// holds it. `None` if `cancel` turned true meanwhile.
pub fn wait(database: &Path, cancel: Option<&CancelSync>, waiting: &dyn Fn()) -> Option<SyncTurn> {
    let path = database.with_file_name(LOCK_FILE);
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) => {
            // The database write that follows will say what is wrong with the folder.
            tracing::warn!(path = %path.display(), "cannot open the sync lock: {e}");
            return Some(SyncTurn { _file: None });
        }
    };
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Some(SyncTurn { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                tracing::warn!(path = %path.display(), "cannot take the sync lock: {e}");
                return Some(SyncTurn { _file: None });
            }
        }
        if cancel.is_some_and(|c| *c.borrow()) {
            return None;
        }
        if !told {
            told = true;
            tracing::info!("another sync of this workspace is running; waiting for it");
            waiting();
        }
        std::thread::sleep(LOOK_AGAIN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_turn_waits_for_the_first_and_can_be_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("compliance-desk.sqlite3");
        let first = wait(&db, None, &|| panic!("the first turn never waits")).unwrap();
        let (stop, cancel) = tokio::sync::watch::channel(false);
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let second = s.spawn(|| {
                wait(&db, Some(&cancel), &|| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
            });
            std::thread::sleep(Duration::from_millis(500));
            stop.send(true).unwrap();
            assert!(second.join().unwrap().is_none(), "cancelled while waiting");
        });
        assert!(waited.into_inner(), "the second was told it waits");
        drop(first);
        assert!(wait(&db, None, &|| panic!("free again")).is_some());
    }
}
