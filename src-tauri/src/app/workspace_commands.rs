//! Commands of the assessment workspace: the assessment page, its paged actions,
//! action details and edits, evidence, reviews, history and the dashboard.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::service::action_details::{self, ActionDetails};
use crate::service::action_edit::{self, ActionEdit};
use crate::service::action_list::{self, ActionPage, ActionQuery};
use crate::service::assessment_page::{self, AssessmentPage};
use crate::service::dashboard::{self, Dashboard};
use crate::service::history::{self, HistoryRow};
use crate::service::review::{self, Decision};
use crate::service::{evidence, journal, threshold_edit};
use crate::store::repo::evidence::EvidencePeriod;
use crate::store::repo::history::ChainCheck;

#[tauri::command(async)]
pub fn get_assessment_page(
    state: State<'_, AppState>,
    assessment: String,
) -> Result<AssessmentPage, IpcError> {
    with_store(&state, |store| assessment_page::get(store, &assessment))
}

#[tauri::command(async)]
pub fn list_assessment_actions(
    state: State<'_, AppState>,
    assessment: String,
    query: ActionQuery,
) -> Result<ActionPage, IpcError> {
    with_store(&state, |store| {
        action_list::page(store, &assessment, &query)
    })
}

#[tauri::command(async)]
pub fn get_action_details(
    state: State<'_, AppState>,
    assessment: String,
    action: String,
) -> Result<ActionDetails, IpcError> {
    with_store(&state, |store| {
        action_details::show(store, &assessment, &action)
    })
}

#[tauri::command(async)]
pub fn update_action(
    state: State<'_, AppState>,
    assessment: String,
    action: String,
    edit: ActionEdit,
) -> Result<ActionDetails, IpcError> {
    with_store_mut(&state, |store| {
        action_edit::apply(store, &assessment, &action, &edit)
    })
}

#[tauri::command(async)]
pub fn review_action(
    state: State<'_, AppState>,
    assessment: String,
    action: String,
    instance: Option<String>,
    decision: Decision,
) -> Result<ActionDetails, IpcError> {
    with_store_mut(&state, |store| {
        review::review(store, &assessment, &action, instance.as_deref(), &decision)
    })
}

/// `value` `None` goes back to the benchmark's bound.
#[tauri::command(async)]
pub fn set_check_threshold(
    state: State<'_, AppState>,
    assessment: String,
    action: String,
    value: Option<f64>,
) -> Result<ActionDetails, IpcError> {
    with_store_mut(&state, |store| {
        threshold_edit::set(store, &assessment, &action, value)
    })
}

/// `source` is a file path (from the open dialog) or an http(s) link.
#[tauri::command(async)]
pub fn add_evidence(
    state: State<'_, AppState>,
    assessment: String,
    action: String,
    source: String,
    period: EvidencePeriod,
) -> Result<ActionDetails, IpcError> {
    with_store_mut(&state, |store| {
        evidence::add(store, &assessment, &action, &source, period)
    })
}

#[tauri::command(async)]
pub fn get_history(
    state: State<'_, AppState>,
    assessment: String,
    action: Option<String>,
) -> Result<Vec<HistoryRow>, IpcError> {
    with_store(&state, |store| {
        history::list(store, &assessment, action.as_deref())
    })
}

#[tauri::command(async)]
pub fn verify_history(state: State<'_, AppState>) -> Result<ChainCheck, IpcError> {
    with_store(&state, history::verify)
}

#[tauri::command(async)]
pub fn get_dashboard(state: State<'_, AppState>) -> Result<Dashboard, IpcError> {
    with_store(&state, dashboard::get)
}

/// The name history entries carry, and whether the person chose it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UserName {
    pub name: String,
    pub chosen: bool,
}

#[tauri::command(async)]
pub fn get_user_name(state: State<'_, AppState>) -> Result<UserName, IpcError> {
    with_store(&state, |store| {
        Ok(UserName {
            name: journal::user_name(store)?,
            chosen: journal::user_name_is_set(store)?,
        })
    })
}

#[tauri::command(async)]
pub fn set_user_name(state: State<'_, AppState>, name: String) -> Result<UserName, IpcError> {
    with_store_mut(&state, |store| {
        Ok(UserName {
            name: journal::set_user_name(store, &name)?,
            chosen: true,
        })
    })
}
