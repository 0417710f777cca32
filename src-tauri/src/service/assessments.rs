//! Listing assessments and explaining their scores.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::scoring::{
    explain, score_assessment, ActionBreakdown, AssessmentScore, AssessmentStatus, ControlOutcome,
    Points, ScoringIndex,
};
use crate::domain::{Assessment, AssessmentId};
use crate::store::{repo, Store};

use super::workspace::{recompute, Workspace};
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AssessmentSummary {
    pub id: AssessmentId,
    pub uid: Uuid,
    pub name: String,
    pub group: String,
    pub template: String,
    pub instances: Vec<String>,
    pub points: Points,
    pub score: f64,
    pub status: AssessmentStatus,
    pub progress: f64,
    pub created_at: DateTime<Utc>,
}

/// An assessment's score with every control's status and every action's share and reason.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScoreReport {
    pub assessment: AssessmentSummary,
    pub controls: Vec<ControlOutcome>,
    pub actions: Vec<ExplainedAction>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExplainedAction {
    #[serde(flatten)]
    pub breakdown: ActionBreakdown,
    /// Why the action earned what it earned, in a sentence.
    pub explanation: String,
}

pub fn list(store: &Store) -> Result<Vec<AssessmentSummary>, ServiceError> {
    let (workspace, scores) = recompute(store)?;
    Ok(workspace
        .assessments
        .iter()
        .zip(&scores.assessments)
        .map(|(assessment, score)| summary(&workspace, assessment, score))
        .collect())
}

/// Scores one assessment, found by UUID or name.
pub fn score(store: &Store, key: &str) -> Result<ScoreReport, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?;
    let results = repo::results::load_states(store.conn(), Some(assessment.id))?;
    let index = ScoringIndex::new(
        &workspace.templates,
        &workspace.actions,
        &workspace.instances,
    );
    let score = score_assessment(&index, assessment, &results)?;
    let actions = score
        .actions
        .iter()
        .filter_map(|b| {
            let action = workspace.actions.iter().find(|a| a.id == b.action_id)?;
            Some(ExplainedAction {
                explanation: explain(action, b),
                breakdown: b.clone(),
            })
        })
        .collect();
    Ok(ScoreReport {
        assessment: summary(&workspace, assessment, &score),
        controls: score.controls,
        actions,
    })
}

fn summary(
    workspace: &Workspace,
    assessment: &Assessment,
    score: &AssessmentScore,
) -> AssessmentSummary {
    AssessmentSummary {
        id: assessment.id,
        uid: assessment.uid,
        name: assessment.name.clone(),
        group: workspace.group_name(assessment).to_string(),
        template: workspace.template_title(assessment).to_string(),
        instances: workspace.instance_names(assessment),
        points: score.points,
        score: score.score,
        status: score.status,
        progress: score.progress,
        created_at: assessment.created_at,
    }
}
