//! The scoring engine. It turns templates, assessments and results into scores, and
//! says for every action what it earned and why, so that no number is a black box.
//!
//! Rules (see docs/domain.md): only Passed earns points, Partially tested earns its
//! share; Out of scope removes the points from both sides; an action counts once per
//! assessment, its instances aggregated as points x passed / in-scope; the overall
//! score counts technical actions once per service instance and the others once per
//! assessment group.

mod assessment;
mod explain;
mod idmap;
mod incremental;
mod outcome;
mod overall;
mod parents;
mod report;

#[cfg(test)]
mod correction_tests;
#[cfg(test)]
mod incremental_proptests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use assessment::score_assessment;
pub use explain::{explain, fmt_points};
pub use incremental::{IncrementalScore, ScoringInputs};
pub use outcome::{ActionOutcome, AssessmentStatus, ControlStatus};
pub use overall::OverallScore;
pub use report::{
    ActionBreakdown, AssessmentScore, ControlOutcome, Points, StatusCount, WorkspaceScore,
};

use rustc_hash::{FxHashMap, FxHashSet};

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
    let known_groups: FxHashSet<_> = groups.iter().map(|g| g.id).collect();
    let mut tallies = Vec::with_capacity(assessments.len());
    for assessment in assessments {
        if !known_groups.contains(&assessment.group_id) {
            return Err(missing(
                "assessment group",
                assessment.group_id.0,
                &assessment.name,
            ));
        }
        tallies.push(assessment::AssessmentTally::new(index, assessment)?);
    }
    let position: FxHashMap<AssessmentId, usize> = assessments
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    let parents = parents::ParentLookup::new(results);
    let mut overall = overall::OverallTally::new(index, groups);
    // Results usually come grouped by assessment: look the assessment up once a run.
    let mut current: Option<(AssessmentId, Option<usize>)> = None;
    for result in results {
        let id = result.key.assessment_id;
        let tally = match current {
            Some((last, tally)) if last == id => tally,
            _ => {
                let tally = position.get(&id).copied();
                current = Some((id, tally));
                tally
            }
        };
        if let Some(t) = tally {
            tallies[t].add(result, &parents, Some(&mut overall));
        }
    }
    let scores = tallies
        .into_iter()
        .map(|t| t.finish(Some(&mut overall)))
        .collect();
    Ok(WorkspaceScore {
        assessments: scores,
        overall: overall.finish(),
    })
}
