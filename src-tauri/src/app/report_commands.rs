//! Commands of the reports: the Excel workbook and the action import.

use std::path::PathBuf;

use tauri::State;

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::reports::action_import::{self, ActionImport};
use crate::reports::workbook::{self, Exported};

/// `path` comes from the native save dialog.
#[tauri::command(async)]
pub fn export_workbook(
    state: State<'_, AppState>,
    assessment: String,
    path: PathBuf,
) -> Result<Exported, IpcError> {
    with_store(&state, |store| workbook::export(store, &assessment, &path))
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
