//! The "Actions" sheet both the workbook export writes and the action import reads:
//! one row per result (an action on one instance, or an action of the assessment).

use chrono::Utc;

use crate::domain::{ImplementationStatus, TestStatus, TestingSource};
use crate::service::action_details::{instance_results, InstanceResult};
use crate::service::action_target::ActionTarget;
use crate::service::workspace::Workspace;
use crate::service::ServiceError;
use crate::store::repo::{self, result_details::StoredResult};
use crate::store::Store;

pub const SHEET: &str = "Actions";

/// Column headers, in order. The ones people edit are listed in [`EDITABLE`].
pub const COLUMNS: [&str; 26] = [
    "Action ID",
    "Instance ID",
    "Improvement action",
    "Service instance",
    "Type",
    "Points",
    "Implementation status",
    "Implementation date",
    "Assigned to",
    "Implementation notes",
    "Testing source",
    "Parent action",
    "Test status",
    "Partial credit",
    "Test date",
    "Testing notes",
    "Automatic result",
    "Observed",
    "Expected",
    "Collected at",
    "Snapshot SHA-256",
    "Review",
    "Override status",
    "Override justification",
    "Evidence",
    "Implements",
];

pub const EDITABLE: std::ops::RangeInclusive<usize> = 6..=15;

/// The position of a column by its header.
pub fn column(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("a known column")
}

/// One row of the sheet: the action, and its result on one instance (or its one).
pub struct Row<'w> {
    pub target: ActionTarget<'w>,
    pub result: InstanceResult,
    /// Evidence names with their SHA-256 or address, one per line.
    pub evidence: String,
}

/// Every row of an assessment, in template order, instances in assessment order.
pub fn rows<'w>(
    store: &Store,
    workspace: &'w Workspace,
    assessment: &str,
) -> Result<Vec<Row<'w>>, ServiceError> {
    let targets = ActionTarget::all(workspace, assessment)?;
    let Some(first) = targets.first() else {
        return Ok(Vec::new());
    };
    let assessment_id = first.assessment.id;
    let mut stored: rustc_hash::FxHashMap<_, Vec<StoredResult>> = Default::default();
    for s in repo::result_details::of_assessment(store.conn(), assessment_id, None)? {
        stored.entry(s.action_id).or_default().push(s);
    }
    let mut evidence: rustc_hash::FxHashMap<_, Vec<String>> = Default::default();
    for e in repo::evidence::list(store.conn(), assessment_id, None)? {
        let fingerprint = e.sha256.clone().map_or_else(
            || e.url.clone().unwrap_or_default(),
            |h| format!("SHA-256 {h}"),
        );
        evidence
            .entry(e.action_id)
            .or_default()
            .push(format!("{} ({fingerprint})", e.name));
    }
    let now = Utc::now();
    let mut rows = Vec::new();
    for target in targets {
        let results = instance_results(
            workspace,
            &target,
            stored.remove(&target.action.id).unwrap_or_default(),
            now,
        );
        let notes = evidence
            .get(&target.action.id)
            .map(|e| e.join("\n"))
            .unwrap_or_default();
        for result in results {
            rows.push(Row {
                target: target.clone(),
                result,
                evidence: notes.clone(),
            });
        }
    }
    Ok(rows)
}

/// What the connector observed, as text; the reason when it could not tell.
pub fn observed(r: &InstanceResult) -> String {
    let a = r.automatic.as_ref();
    match a.and_then(|a| a.observed.as_ref()) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => a.and_then(|a| a.reason.clone()).unwrap_or_default(),
    }
}

pub fn implementation_from(text: &str) -> Option<ImplementationStatus> {
    ImplementationStatus::ALL
        .iter()
        .copied()
        .find(|s| s.label().eq_ignore_ascii_case(text) || s.code().eq_ignore_ascii_case(text))
}

pub fn test_status_from(text: &str) -> Option<TestStatus> {
    TestStatus::ALL
        .iter()
        .copied()
        .find(|s| s.label().eq_ignore_ascii_case(text) || s.code().eq_ignore_ascii_case(text))
}

pub fn source_from(text: &str) -> Option<TestingSource> {
    TestingSource::ALL
        .iter()
        .copied()
        .find(|s| s.label().eq_ignore_ascii_case(text) || s.code().eq_ignore_ascii_case(text))
}
