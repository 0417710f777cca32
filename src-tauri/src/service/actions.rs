//! The Improvement actions page: every action of every assessment, with its score.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::scoring::{explain, ActionOutcome};
use crate::domain::{ActionId, AssessmentId, ImplementationType};
use crate::store::Store;

use super::workspace::recompute;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionRow {
    pub action_id: ActionId,
    pub title: String,
    pub assessment_id: AssessmentId,
    pub assessment: String,
    pub implementation_type: ImplementationType,
    pub service: Option<String>,
    /// The connector's display name for `service`, "Salesforce".
    pub service_name: Option<String>,
    pub points: u32,
    pub achieved: f64,
    pub possible: f64,
    pub outcome: ActionOutcome,
    /// The one status to show: "Could not be determined" stays that.
    pub status: crate::domain::TestStatus,
    pub explanation: String,
}

pub fn list(store: &Store) -> Result<Vec<ActionRow>, ServiceError> {
    let (workspace, scores) = recompute(store)?;
    let catalog = crate::connectors::catalog();
    let display_name = |service: &str| {
        catalog
            .iter()
            .find(|c| c.id == service)
            .map_or_else(|| service.to_string(), |c| c.name.clone())
    };
    let mut rows = Vec::new();
    for (assessment, score) in workspace.assessments.iter().zip(&scores.assessments) {
        for breakdown in &score.actions {
            let Some(action) = workspace
                .actions
                .iter()
                .find(|a| a.id == breakdown.action_id)
            else {
                continue;
            };
            rows.push(ActionRow {
                action_id: action.id,
                title: action.title.clone(),
                assessment_id: assessment.id,
                assessment: assessment.name.clone(),
                implementation_type: action.implementation_type,
                service: action.service.clone(),
                service_name: action.service.as_deref().map(display_name),
                points: breakdown.points,
                achieved: breakdown.achieved,
                possible: breakdown.possible,
                outcome: breakdown.outcome,
                status: super::result_flags::summary_status(breakdown),
                explanation: explain(action, breakdown),
            });
        }
    }
    Ok(rows)
}
