//! Backups of the workspace for people: list them, take one now, the daily one, and
//! restore one (the workspace as it is is backed up first, so a restore can be undone).

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::store::backup::{self, BackupFile};
use crate::store::{Store, DATABASE_FILE};

use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupView {
    /// The file's name: what `compliance-desk backups restore` takes.
    pub name: String,
    pub taken_at: DateTime<Utc>,
    /// daily, manual, before-restore, before-upgrade-to-vN
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    pub restored: BackupView,
    /// The workspace as it was just before, backed up (None when it could not be read).
    pub previous: Option<BackupView>,
    /// Where an unreadable database file was moved aside.
    pub set_aside: Option<String>,
}

impl From<BackupFile> for BackupView {
    fn from(f: BackupFile) -> Self {
        BackupView {
            name: f.name,
            taken_at: f.taken_at,
            reason: f.reason,
            bytes: f.bytes,
        }
    }
}

/// The backups of the workspace in `data_dir`, newest first.
pub fn list(data_dir: &Path) -> Result<Vec<BackupView>, ServiceError> {
    Ok(files(data_dir)?.into_iter().map(BackupView::from).collect())
}

fn files(data_dir: &Path) -> Result<Vec<BackupFile>, ServiceError> {
    Ok(backup::list(&backup::dir_of(
        &data_dir.join(DATABASE_FILE),
    ))?)
}

pub fn take_now(store: &Store) -> Result<BackupView, ServiceError> {
    Ok(backup::take(store.conn(), store.path(), "manual")?.into())
}

/// Takes the daily backup when the newest is a day old or there is none; a damaged
/// workspace is not backed up over the good copies.
pub fn daily(store: &Store) -> Result<Option<BackupView>, ServiceError> {
    let data_dir = store.path().parent().unwrap_or(Path::new("."));
    let newest = files(data_dir)?.into_iter().next();
    if newest.is_some_and(|b| Utc::now() - b.taken_at < chrono::Duration::hours(24)) {
        return Ok(None);
    }
    let verdict: String = store
        .conn()
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(crate::store::StoreError::from)?;
    if verdict != "ok" {
        return Err(ServiceError::Invalid(format!(
            "The workspace failed SQLite's check ({verdict}), so no daily backup was taken over the good ones."
        )));
    }
    Ok(Some(
        backup::take(store.conn(), store.path(), "daily")?.into(),
    ))
}

/// [`daily`] for callers in the background (the window's worker, a scheduled
/// sync): what happened goes to the log.
pub fn daily_logged(store: &Store) {
    match daily(store) {
        Ok(Some(taken)) => tracing::info!("took the daily backup {}", taken.name),
        Ok(None) => {}
        Err(e) => tracing::error!("the daily backup failed: {e}"),
    }
}

/// The backup called `name`, checked whole and readable by this version.
fn good(data_dir: &Path, name: &str) -> Result<BackupFile, ServiceError> {
    let file = files(data_dir)?
        .into_iter()
        .find(|f| f.name == name)
        .ok_or_else(|| ServiceError::NotFound {
            what: "backup",
            key: name.to_string(),
        })?;
    backup::check(&file.path).map_err(|why| {
        ServiceError::Invalid(format!("The backup \"{name}\" cannot be restored: {why}."))
    })?;
    Ok(file)
}

/// The newest backup that passes the check, for a workspace that cannot be opened.
pub fn newest_good(data_dir: &Path) -> Option<BackupView> {
    newest_good_file(data_dir).map(BackupView::from)
}

pub(super) fn newest_good_file(data_dir: &Path) -> Option<BackupFile> {
    files(data_dir)
        .ok()?
        .into_iter()
        .find(|f| backup::check(&f.path).is_ok())
}

/// Replaces the open workspace with the backup `name`, after backing it up.
pub fn restore(store: &mut Store, name: &str) -> Result<Restored, ServiceError> {
    let data_dir = store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let file = good(&data_dir, name)?;
    let previous = backup::take(store.conn(), store.path(), "before-restore")?;
    store.restore_from(&file.path)?;
    tracing::info!(backup = %file.name, previous = %previous.name, "restored the workspace from a backup");
    Ok(Restored {
        restored: file.into(),
        previous: Some(previous.into()),
        set_aside: None,
    })
}

/// For a workspace that cannot be opened: moves its file aside and writes the backup
/// `name` in its place; the caller opens it next.
pub fn restore_unreadable(data_dir: &Path, name: &str) -> Result<Restored, ServiceError> {
    let file = good(data_dir, name)?;
    let set_aside = backup::restore_file(&data_dir.join(DATABASE_FILE), &file.path)?;
    tracing::info!(backup = %file.name, "replaced an unreadable workspace with a backup");
    Ok(Restored {
        restored: file.into(),
        previous: None,
        set_aside: set_aside.map(|p| p.display().to_string()),
    })
}
