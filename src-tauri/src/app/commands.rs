use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::about_commands::*;
use super::assessment_commands::*;
use super::backup_commands::*;
use super::connector_commands::*;
use super::report_commands::*;
use super::sample_commands::*;
use super::update_commands::*;
use super::workspace_commands::*;
use super::{AppState, IpcError};
use crate::connectors::ConnectorEntry;
use crate::service::actions::ActionRow;
use crate::service::assessments::{AssessmentSummary, ScoreReport};
use crate::service::instances::InstanceSummary;
use crate::service::overview::Overview;
use crate::service::{self, paths};
use crate::store::Store;

/// Every command the window may call; each must be allowed in src-tauri/permissions.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app_info,
        get_overview,
        list_assessments,
        get_assessment_score,
        list_improvement_actions,
        list_connectors,
        list_activated_connectors,
        sync_connector,
        cancel_sync,
        check_connector_name,
        connect_connector,
        reauthenticate_connector,
        cancel_connector,
        finish_connector,
        finish_reauthentication,
        rename_connector,
        connector_removal,
        delete_connector,
        list_templates,
        list_assessment_groups,
        check_assessment_name,
        create_assessment,
        edit_assessment,
        template_update,
        assessment_deletion,
        delete_assessment,
        import_template,
        get_assessment_page,
        list_assessment_actions,
        get_action_details,
        update_action,
        review_action,
        set_check_threshold,
        add_evidence,
        get_history,
        verify_history,
        get_dashboard,
        get_user_name,
        set_user_name,
        open_sample_workspace,
        leave_sample_workspace,
        remove_sample_workspace,
        export_report,
        organisation,
        set_organisation,
        import_actions,
        list_backups,
        take_backup,
        restore_backup,
        restore_unreadable_workspace,
        check_for_update,
        download_update,
        install_update,
        open_folder,
        schedule_status,
        schedule_install,
        schedule_remove,
    ]
}

pub(super) fn with_store<T>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, service::ServiceError>,
) -> Result<T, IpcError> {
    with_store_mut(state, |store| f(store))
}

pub(super) fn with_store_mut<T>(
    state: &AppState,
    f: impl FnOnce(&mut Store) -> Result<T, service::ServiceError>,
) -> Result<T, IpcError> {
    let store = state.store.as_ref().map_err(Clone::clone)?;
    // A panic elsewhere while holding the lock leaves the connection usable.
    let mut guard = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut guard).map_err(IpcError::from)
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    /// Why the database could not be opened, if it could not.
    pub startup_error: Option<IpcError>,
    /// The window shows the sample workspace, not the person's own.
    pub sample: bool,
    /// When the database cannot be read: the newest backup that can be restored.
    pub restorable_backup: Option<service::backups::BackupView>,
}

#[tauri::command]
fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: paths::log_dir(&state.data_dir).display().to_string(),
        startup_error: state.store.as_ref().err().cloned(),
        sample: state.showing_sample(),
        restorable_backup: match &state.store {
            Err(e) if e.code == service::ErrorCode::DatabaseUnreadable => {
                service::backups::newest_good(&state.data_dir)
            }
            _ => None,
        },
    }
}

#[tauri::command(async)]
fn get_overview(state: State<'_, AppState>) -> Result<Overview, IpcError> {
    with_store(&state, service::overview::get)
}

#[tauri::command(async)]
fn list_assessments(state: State<'_, AppState>) -> Result<Vec<AssessmentSummary>, IpcError> {
    with_store(&state, service::assessments::list)
}

#[tauri::command(async)]
fn get_assessment_score(
    state: State<'_, AppState>,
    assessment: String,
) -> Result<ScoreReport, IpcError> {
    with_store(&state, |store| {
        service::assessments::score(store, &assessment)
    })
}

#[tauri::command(async)]
fn list_improvement_actions(state: State<'_, AppState>) -> Result<Vec<ActionRow>, IpcError> {
    with_store(&state, service::actions::list)
}

#[tauri::command]
fn list_connectors() -> Vec<ConnectorEntry> {
    service::connectors::available()
}

#[tauri::command(async)]
fn list_activated_connectors(state: State<'_, AppState>) -> Result<Vec<InstanceSummary>, IpcError> {
    with_store(&state, service::instances::list)
}

/// Starts a sync of the instance in the background; progress arrives as
/// `sync-progress` events and the outcome as `sync-finished`.
#[tauri::command]
fn sync_connector(
    instance: uuid::Uuid,
    scheduler: State<'_, super::scheduler::Scheduler>,
) -> Result<(), IpcError> {
    if scheduler.sync_now(instance) {
        Ok(())
    } else {
        Err(IpcError::from(service::ServiceError::Invalid(
            "the sync worker has stopped; restart Compliance Desk".into(),
        )))
    }
}

/// Cancels the running sync of the instance; it keeps its last good snapshot.
#[tauri::command]
fn cancel_sync(instance: uuid::Uuid, scheduler: State<'_, super::scheduler::Scheduler>) -> bool {
    scheduler.cancel(instance)
}
