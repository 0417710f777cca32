//! The change history of assessments, with names instead of ids, and the check of
//! its hash chain.

use serde::Serialize;
use ts_rs::TS;

use crate::store::repo::history::{self, ChainCheck, HistoryEntry};
use crate::store::Store;

use super::workspace::Workspace;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HistoryRow {
    #[serde(flatten)]
    #[ts(flatten)]
    pub entry: HistoryEntry,
    pub action: Option<String>,
    pub instance: Option<String>,
}

/// An assessment's history (one action's when given), newest first.
pub fn list(
    store: &Store,
    assessment: &str,
    action: Option<&str>,
) -> Result<Vec<HistoryRow>, ServiceError> {
    let workspace = Workspace::load(store)?;
    let found = workspace.assessment(assessment)?;
    let action_uid = match action {
        Some(key) => Some(
            super::action_target::ActionTarget::find(&workspace, assessment, key)?
                .action
                .uid
                .to_string(),
        ),
        None => None,
    };
    let entries = history::list(store.conn(), &found.uid.to_string(), action_uid.as_deref())?;
    Ok(entries
        .into_iter()
        .map(|entry| HistoryRow {
            action: entry.action_uid.as_deref().and_then(|uid| {
                workspace
                    .actions
                    .iter()
                    .find(|a| a.uid.to_string() == uid)
                    .map(|a| a.title.clone())
            }),
            instance: entry.instance_uid.as_deref().and_then(|uid| {
                workspace
                    .instances
                    .iter()
                    .find(|i| i.uid.to_string() == uid)
                    .map(|i| i.name.clone())
            }),
            entry,
        })
        .collect())
}

pub fn verify(store: &Store) -> Result<ChainCheck, ServiceError> {
    Ok(history::verify(store.conn())?)
}
