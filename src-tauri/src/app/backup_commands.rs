//! Backups in the window: Settings lists them, takes one and restores one; the
//! start-up error offers the newest good one when the workspace cannot be read.

use tauri::{AppHandle, Runtime, State};

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::service::backups::{self, BackupView, Restored};
use crate::service::{ErrorCode, ServiceError};

#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupView>, IpcError> {
    backups::list(&state.data_dir).map_err(IpcError::from)
}

#[tauri::command(async)]
pub fn take_backup(state: State<'_, AppState>) -> Result<BackupView, IpcError> {
    state.own_workspace("back up or restore your own workspace")?;
    with_store(&state, backups::take_now)
}

#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> Result<Restored, IpcError> {
    state.own_workspace("back up or restore your own workspace")?;
    with_store_mut(&state, |store| backups::restore(store, &name))
}

/// Only when the workspace could not be opened: writes the backup in its place
/// (the unreadable file is moved aside) and starts the app again on it.
#[tauri::command(async)]
pub fn restore_unreadable_workspace<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<(), IpcError> {
    match &state.store {
        Err(e) if e.code == ErrorCode::DatabaseUnreadable => {}
        _ => {
            return Err(ServiceError::Invalid(
                "The workspace opens: restore backups from Settings.".into(),
            )
            .into())
        }
    }
    backups::restore_unreadable(&state.data_dir, &name).map_err(IpcError::from)?;
    app.restart()
}
