//! Switching between the person's workspace and the sample one, in the same window.

use tauri::State;

use super::{AppState, IpcError};
use crate::service::sample;

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Opens the sample workspace (created the first time); the own one is kept aside.
#[tauri::command(async)]
pub fn open_sample_workspace(state: State<'_, AppState>) -> Result<bool, IpcError> {
    let store = state.store.as_ref().map_err(Clone::clone)?;
    let mut parked = lock(&state.parked);
    if parked.is_some() {
        return Ok(true);
    }
    let sample = sample::open(&state.data_dir).map_err(IpcError::from)?;
    *parked = Some(std::mem::replace(&mut *lock(store), sample));
    Ok(true)
}

/// Goes back to the person's own workspace.
#[tauri::command(async)]
pub fn leave_sample_workspace(state: State<'_, AppState>) -> Result<bool, IpcError> {
    let store = state.store.as_ref().map_err(Clone::clone)?;
    if let Some(own) = lock(&state.parked).take() {
        *lock(store) = own;
    }
    Ok(false)
}

/// Goes back to the own workspace and deletes the sample one.
#[tauri::command(async)]
pub fn remove_sample_workspace(state: State<'_, AppState>) -> Result<bool, IpcError> {
    leave_sample_workspace(state.clone())?;
    sample::remove(&state.data_dir).map_err(IpcError::from)?;
    Ok(false)
}
