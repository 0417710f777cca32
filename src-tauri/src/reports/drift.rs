//! What the connectors saw change since the previous report of the assessment: each
//! export is recorded in the history, so the next report knows where to start.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::domain::TestStatus;
use crate::service::workspace::Workspace;
use crate::store::repo::history::HistoryEntry;

/// The history field an export is recorded under.
pub const REPORT_FIELD: &str = "report";

/// The most changes a report lists; the count says how many there were.
const LISTED: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    /// When the previous report was exported (none: this is the first).
    pub since: Option<String>,
    pub total: usize,
    pub changes: Vec<DriftLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriftLine {
    pub at: String,
    pub action: String,
    pub instance: String,
    pub before: String,
    pub after: String,
}

fn label(code: Option<&str>) -> String {
    match code {
        None => "—".to_string(),
        Some(code) => {
            TestStatus::from_code(code).map_or_else(|_| code.to_string(), |s| s.label().to_string())
        }
    }
}

/// Automatic verdict changes newer than the last recorded report, newest first.
/// `history` is the assessment's history, newest first.
pub fn since_last_report(history: &[HistoryEntry], workspace: &Workspace) -> Drift {
    let last = history.iter().position(|e| e.field == REPORT_FIELD);
    let newer = &history[..last.unwrap_or(history.len())];
    let actions: FxHashMap<String, &str> = workspace
        .actions
        .iter()
        .map(|a| (a.uid.to_string(), a.title.as_str()))
        .collect();
    let instances: FxHashMap<String, &str> = workspace
        .instances
        .iter()
        .map(|i| (i.uid.to_string(), i.name.as_str()))
        .collect();
    let changed: Vec<&HistoryEntry> = newer
        .iter()
        .filter(|e| e.field == "automatic_result")
        .collect();
    let name = |map: &FxHashMap<String, &str>, key: &Option<String>| {
        key.as_ref()
            .map(|k| map.get(k).map_or_else(|| k.clone(), |n| n.to_string()))
            .unwrap_or_default()
    };
    Drift {
        since: last.map(|i| history[i].at.clone()),
        total: changed.len(),
        changes: changed
            .iter()
            .take(LISTED)
            .map(|e| DriftLine {
                at: e.at.clone(),
                action: name(&actions, &e.action_uid),
                instance: name(&instances, &e.instance_uid),
                before: label(e.before.as_deref()),
                after: label(e.after.as_deref()),
            })
            .collect(),
    }
}
