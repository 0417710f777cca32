//! The assessment's Improvement actions tab: filtered, sorted, searched, and paged
//! so that the window renders only the rows in view, however many there are.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::{ImplementationType, TestStatus};
use crate::store::Store;

use super::action_details::stale_after;
use super::result_flags::{action_flags, summary_status};
use super::workspace::Workspace;
use super::ServiceError;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActionSort {
    #[default]
    Title,
    Status,
    Points,
    Type,
    Service,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ActionQuery {
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub status: Option<TestStatus>,
    #[ts(optional)]
    pub implementation_type: Option<ImplementationType>,
    #[ts(optional)]
    pub service: Option<String>,
    /// An instance's UUID: actions with a result on it.
    #[ts(optional)]
    pub instance: Option<Uuid>,
    #[ts(optional)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub needs_review: bool,
    #[serde(default)]
    pub sort: ActionSort,
    #[serde(default)]
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionListRow {
    pub uid: Uuid,
    pub title: String,
    pub implementation_type: ImplementationType,
    pub service: Option<String>,
    pub status: TestStatus,
    pub points: u32,
    pub achieved: f64,
    pub possible: f64,
    pub passed: u32,
    pub in_scope: u32,
    pub assignees: Vec<String>,
    pub needs_review: bool,
    pub overridden: bool,
    /// Data older than twice the sync interval, or expired evidence.
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionPage {
    /// Rows matching the filters, of which `rows` are `offset..offset + limit`.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ActionListRow>,
    /// Everyone actions are assigned to, for the filter.
    pub assignees: Vec<String>,
}

/// Orders statuses from most to least urgent for sorting.
fn urgency(status: TestStatus) -> u8 {
    use TestStatus::*;
    match status {
        FailedHighRisk => 0,
        FailedMediumRisk => 1,
        FailedLowRisk => 2,
        CouldNotBeDetermined => 3,
        PartiallyTested => 4,
        InProgress => 5,
        ToBeDetermined => 6,
        NotAssessed => 7,
        None => 8,
        Passed => 9,
        OutOfScope => 10,
    }
}

pub fn page(
    store: &Store,
    assessment: &str,
    query: &ActionQuery,
) -> Result<ActionPage, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(assessment)?;
    let score = super::workspace::assessment_score(store, assessment.id)?;
    let flags = action_flags(store.conn(), assessment.id)?;
    let actions: rustc_hash::FxHashMap<_, _> =
        workspace.actions.iter().map(|a| (a.id, a)).collect();
    let instance = query
        .instance
        .and_then(|uid| workspace.instances.iter().find(|i| i.uid == uid));
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let stale_before = Utc::now() - stale_after();
    // Expired evidence makes an action stale as old data does.
    let today = Utc::now().date_naive();
    let expired: rustc_hash::FxHashSet<_> =
        crate::store::repo::evidence::list(store.conn(), assessment.id, None)?
            .into_iter()
            .filter(|e| e.period.expires_on.is_some_and(|d| d < today))
            .map(|e| e.action_id)
            .collect();
    let no_flags = Default::default();
    let mut assignees: Vec<String> = Vec::new();
    let mut rows: Vec<ActionListRow> = Vec::new();
    for b in &score.actions {
        let Some(action) = actions.get(&b.action_id) else {
            continue;
        };
        let f = flags.get(&b.action_id).unwrap_or(&no_flags);
        for person in &f.assignees {
            if !assignees.contains(person) {
                assignees.push(person.clone());
            }
        }
        let row = ActionListRow {
            uid: action.uid,
            title: action.title.clone(),
            implementation_type: action.implementation_type,
            service: action.service.clone(),
            status: summary_status(b),
            points: b.points,
            achieved: b.achieved,
            possible: b.possible,
            passed: b.passed,
            in_scope: b.in_scope,
            assignees: f.assignees.clone(),
            needs_review: f.needs_review,
            overridden: f.overridden,
            stale: f.oldest_data.is_some_and(|at| at < stale_before)
                || expired.contains(&b.action_id),
        };
        let keep = search
            .as_ref()
            .is_none_or(|s| row.title.to_lowercase().contains(s))
            && query.status.is_none_or(|s| row.status == s)
            && query
                .implementation_type
                .is_none_or(|t| row.implementation_type == t)
            && query
                .service
                .as_ref()
                .is_none_or(|s| row.service.as_ref() == Some(s))
            && instance.is_none_or(|i| f.instances.contains(&i.id))
            && query
                .assignee
                .as_ref()
                .is_none_or(|p| row.assignees.contains(p))
            && (!query.needs_review || row.needs_review);
        if keep {
            rows.push(row);
        }
    }
    match query.sort {
        ActionSort::Title => rows.sort_by(|a, b| a.title.cmp(&b.title)),
        ActionSort::Status => rows.sort_by(|a, b| {
            urgency(a.status)
                .cmp(&urgency(b.status))
                .then(b.points.cmp(&a.points))
        }),
        ActionSort::Points => {
            rows.sort_by(|a, b| b.points.cmp(&a.points).then(a.title.cmp(&b.title)))
        }
        ActionSort::Type => rows.sort_by(|a, b| {
            a.implementation_type
                .label()
                .cmp(b.implementation_type.label())
                .then(a.title.cmp(&b.title))
        }),
        ActionSort::Service => {
            rows.sort_by(|a, b| a.service.cmp(&b.service).then(a.title.cmp(&b.title)))
        }
    }
    if query.descending {
        rows.reverse();
    }
    assignees.sort();
    let total = rows.len() as u32;
    let limit = query.limit.clamp(1, 500) as usize;
    let rows = rows
        .into_iter()
        .skip(query.offset as usize)
        .take(limit)
        .collect();
    Ok(ActionPage {
        total,
        offset: query.offset,
        rows,
        assignees,
    })
}
