//! Settings → About and Scheduled sync: open the app's folders, and register the daily
//! sync with the OS scheduler from the window.

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::{AppState, IpcError};
use crate::service::schedule::{self, ScheduleStatus};
use crate::service::{paths, ErrorCode};

/// The folders the window may open; never a path chosen by the page.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AppFolder {
    Data,
    Logs,
    Backups,
}

#[tauri::command(async)]
pub fn open_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folder: AppFolder,
) -> Result<(), IpcError> {
    let path = match folder {
        AppFolder::Data => state.data_dir.clone(),
        AppFolder::Logs => paths::log_dir(&state.data_dir),
        AppFolder::Backups => state.data_dir.join(crate::store::backup::BACKUPS_DIR),
    };
    std::fs::create_dir_all(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))
        .and_then(|()| {
            app.opener()
                .open_path(path.to_string_lossy(), None::<&str>)
                .map_err(|e| format!("cannot open {}: {e}", path.display()))
        })
        .map_err(|message| IpcError {
            code: ErrorCode::InvalidInput,
            message,
        })
}

#[tauri::command(async)]
pub fn schedule_status(state: State<'_, AppState>) -> Result<ScheduleStatus, IpcError> {
    schedule::status(&state.data_dir).map_err(IpcError::from)
}

#[tauri::command(async)]
pub fn schedule_install(state: State<'_, AppState>) -> Result<ScheduleStatus, IpcError> {
    state.own_workspace("schedule syncs of your own workspace")?;
    schedule::install(&state.data_dir).map_err(IpcError::from)
}

#[tauri::command(async)]
pub fn schedule_remove(state: State<'_, AppState>) -> Result<ScheduleStatus, IpcError> {
    schedule::remove(&state.data_dir).map_err(IpcError::from)
}
