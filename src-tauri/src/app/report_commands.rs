//! Commands of the reports: the four exports, the organisation they name, and the
//! action import.

use std::path::PathBuf;

use tauri::State;

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::reports::action_import::{self, ActionImport};
use crate::reports::output::ExportedFile;
use crate::reports::{self, ExportFormat};

/// `path` comes from the native save dialog. Runs off the UI thread: a large PDF
/// takes seconds.
#[tauri::command(async)]
pub fn export_report(
    state: State<'_, AppState>,
    assessment: String,
    format: ExportFormat,
    path: PathBuf,
) -> Result<ExportedFile, IpcError> {
    with_store_mut(&state, |store| {
        reports::export(store, format, &assessment, &path)
    })
}

#[tauri::command]
pub fn organisation(state: State<'_, AppState>) -> Result<String, IpcError> {
    with_store(&state, reports::organisation)
}

#[tauri::command]
pub fn set_organisation(state: State<'_, AppState>, name: String) -> Result<String, IpcError> {
    with_store_mut(&state, |store| reports::set_organisation(store, &name))
}

/// `path` comes from the native open dialog; `dry_run` previews without writing.
#[tauri::command(async)]
pub fn import_actions(
    state: State<'_, AppState>,
    assessment: String,
    path: PathBuf,
    dry_run: bool,
) -> Result<ActionImport, IpcError> {
    with_store_mut(&state, |store| {
        action_import::import(store, &assessment, &path, dry_run)
    })
}
