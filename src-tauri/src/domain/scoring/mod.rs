//! The scoring engine. It turns templates, assessments and results into scores, and
//! says for every action what it earned and why, so that no number is a black box.
//!
//! Rules (see docs/domain.md): only Passed earns points, Partially tested earns its
//! share; Out of scope removes the points from both sides; an action counts once per
//! assessment, its instances aggregated as points x passed / in-scope; the overall
//! score counts technical actions once per service instance and the others once per
//! assessment group.

mod assessment;
pub mod explain;
mod outcome;
mod overall;
mod report;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use assessment::score_assessment;
pub use outcome::{ActionOutcome, AssessmentStatus, ControlStatus};
pub use overall::OverallScore;
pub use report::{
    ActionBreakdown, AssessmentScore, ControlOutcome, Points, StatusCount, WorkspaceScore,
};

use rustc_hash::FxHashMap;

use super::{
    ActionId, Assessment, AssessmentGroup, AssessmentId, DomainError, ImprovementAction,
    InstanceId, ResultState, ServiceInstance, Template, TemplateId,
};

/// Everything scoring reads apart from the results, indexed for lookups.
pub struct ScoringIndex<'a> {
    templates: FxHashMap<TemplateId, &'a Template>,
    actions: FxHashMap<ActionId, &'a ImprovementAction>,
    instances: FxHashMap<InstanceId, &'a ServiceInstance>,
}

impl<'a> ScoringIndex<'a> {
    pub fn new(
        templates: &'a [Template],
        actions: &'a [ImprovementAction],
        instances: &'a [ServiceInstance],
    ) -> Self {
        ScoringIndex {
            templates: templates.iter().map(|t| (t.id, t)).collect(),
            actions: actions.iter().map(|a| (a.id, a)).collect(),
            instances: instances.iter().map(|i| (i.id, i)).collect(),
        }
    }

    fn template(&self, id: TemplateId, from: &str) -> Result<&'a Template, DomainError> {
        self.templates
            .get(&id)
            .copied()
            .ok_or_else(|| missing("template", id.0, from))
    }

    fn action(&self, id: ActionId, from: &str) -> Result<&'a ImprovementAction, DomainError> {
        self.actions
            .get(&id)
            .copied()
            .ok_or_else(|| missing("improvement action", id.0, from))
    }

    fn instance(&self, id: InstanceId, from: &str) -> Result<&'a ServiceInstance, DomainError> {
        self.instances
            .get(&id)
            .copied()
            .ok_or_else(|| missing("service instance", id.0, from))
    }
}

fn missing(what: &'static str, id: i64, from: &str) -> DomainError {
    DomainError::MissingReference {
        what,
        id,
        from: from.to_string(),
    }
}

/// Scores every assessment and the overall score in one pass over the results.
/// Results may come in any order; results of unknown assessments are ignored.
pub fn score_workspace(
    index: &ScoringIndex<'_>,
    groups: &[AssessmentGroup],
    assessments: &[Assessment],
    results: &[ResultState],
) -> Result<WorkspaceScore, DomainError> {
    let mut by_assessment: FxHashMap<AssessmentId, Vec<&ResultState>> =
        assessments.iter().map(|a| (a.id, Vec::new())).collect();
    for result in results {
        if let Some(bucket) = by_assessment.get_mut(&result.key.assessment_id) {
            bucket.push(result);
        }
    }
    let known_groups: rustc_hash::FxHashSet<_> = groups.iter().map(|g| g.id).collect();
    let mut overall = overall::OverallTally::default();
    let mut scores = Vec::with_capacity(assessments.len());
    for assessment in assessments {
        if !known_groups.contains(&assessment.group_id) {
            return Err(missing(
                "assessment group",
                assessment.group_id.0,
                &assessment.name,
            ));
        }
        let bucket = by_assessment.remove(&assessment.id).unwrap_or_default();
        scores.push(assessment::score_with_tally(
            index,
            assessment,
            &bucket,
            Some(&mut overall),
        )?);
    }
    Ok(WorkspaceScore {
        assessments: scores,
        overall: overall.finish(),
    })
}
