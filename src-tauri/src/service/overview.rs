//! The Overview page: the overall compliance score and what it is made of.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::scoring::OverallScore;
use crate::store::Store;

use super::workspace::recompute;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Overview {
    pub overall: OverallScore,
    pub assessments: u32,
    pub templates: u32,
    pub service_instances: u32,
    /// Actions mapped by at least one assessment.
    pub improvement_actions: u32,
}

pub fn get(store: &Store) -> Result<Overview, ServiceError> {
    let (workspace, scores) = recompute(store)?;
    let mut mapped: Vec<_> = scores
        .assessments
        .iter()
        .flat_map(|a| a.actions.iter().map(|b| b.action_id))
        .collect();
    mapped.sort_unstable();
    mapped.dedup();
    Ok(Overview {
        overall: scores.overall,
        assessments: workspace.assessments.len() as u32,
        templates: workspace.templates.len() as u32,
        service_instances: workspace.instances.len() as u32,
        improvement_actions: mapped.len() as u32,
    })
}
