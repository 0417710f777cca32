//! Scoring one assessment: each mapped action once, its instances aggregated.

use rustc_hash::FxHashMap;

use super::outcome::{action_outcome, assessment_status, control_status, progress, OutcomeCounts};
use super::overall::{Observation, OverallTally};
use super::report::{ActionBreakdown, AssessmentScore, ControlOutcome, Points, StatusCount};
use super::{explain, ScoringIndex};
use crate::domain::{
    ActionId, Assessment, DomainError, ImprovementAction, InstanceId, ResultKey, ResultState,
    TestStatus, TestingSource,
};

/// Scores one assessment from its results (results of other assessments are ignored).
pub fn score_assessment(
    index: &ScoringIndex<'_>,
    assessment: &Assessment,
    results: &[ResultState],
) -> Result<AssessmentScore, DomainError> {
    let own: Vec<&ResultState> = results
        .iter()
        .filter(|r| r.key.assessment_id == assessment.id)
        .collect();
    score_with_tally(index, assessment, &own, None)
}

/// Running totals of one action in one assessment.
struct Slot<'a> {
    action: &'a ImprovementAction,
    /// Instances of the action's service in the assessment (technical actions).
    instances: Vec<InstanceId>,
    seen: u32,
    out_of_scope: u32,
    credit: f64,
    statuses: [u32; TestStatus::ALL.len()],
}

impl Slot<'_> {
    fn applicable(&self) -> u32 {
        if self.action.is_technical() {
            self.instances.len() as u32
        } else {
            1
        }
    }

    fn applies_to(&self, instance: Option<InstanceId>) -> bool {
        match instance {
            Some(id) => self.action.is_technical() && self.instances.contains(&id),
            None => !self.action.is_technical(),
        }
    }
}

pub(super) fn score_with_tally(
    index: &ScoringIndex<'_>,
    assessment: &Assessment,
    results: &[&ResultState],
    mut overall: Option<&mut OverallTally>,
) -> Result<AssessmentScore, DomainError> {
    let template = index.template(assessment.template_id, &assessment.name)?;
    let mut instances = Vec::with_capacity(assessment.instance_ids.len());
    for id in &assessment.instance_ids {
        instances.push(index.instance(*id, &assessment.name)?);
    }

    let mut slots = Vec::new();
    let mut slot_of: FxHashMap<ActionId, usize> = FxHashMap::default();
    for action_id in template.distinct_action_ids() {
        let action = index.action(action_id, &template.title)?;
        let service_instances = instances
            .iter()
            .filter(|i| action.service.as_deref() == Some(i.service.as_str()))
            .map(|i| i.id)
            .collect();
        slot_of.insert(action_id, slots.len());
        slots.push(Slot {
            action,
            instances: service_instances,
            seen: 0,
            out_of_scope: 0,
            credit: 0.0,
            statuses: [0; TestStatus::ALL.len()],
        });
    }

    let parents = ParentLookup::new(results);
    for result in results {
        let Some(slot) = slot_of.get(&result.key.action_id).map(|&i| &mut slots[i]) else {
            continue;
        };
        if !slot.applies_to(result.key.instance_id) {
            continue;
        }
        let state = parents.effective(result);
        slot.seen += 1;
        if state.is_out_of_scope() {
            slot.out_of_scope += 1;
        } else {
            slot.credit += state.credit();
            slot.statuses[state.test_status as usize] += 1;
        }
        if let Some(tally) = overall.as_deref_mut() {
            tally.observe(
                slot.action,
                result.key,
                assessment.group_id,
                Observation::of(&state),
            );
        }
    }

    if let Some(tally) = overall {
        observe_untouched(tally, assessment, &slots, results);
    }

    let mut points = Points::default();
    let mut breakdowns = Vec::with_capacity(slots.len());
    for slot in &slots {
        let breakdown = breakdown(slot);
        points.add(breakdown.achieved, breakdown.possible);
        breakdowns.push(breakdown);
    }

    let controls: Vec<ControlOutcome> = template
        .families
        .iter()
        .flat_map(|family| family.controls.iter().map(move |c| (family, c)))
        .map(|(family, control)| ControlOutcome {
            control_id: control.id,
            name: control.name.clone(),
            family: family.name.clone(),
            status: control_status(
                control
                    .action_ids
                    .iter()
                    .map(|id| breakdowns[slot_of[id]].outcome),
            ),
        })
        .collect();

    Ok(AssessmentScore {
        assessment_id: assessment.id,
        score: points.ratio(),
        points,
        status: assessment_status(&controls),
        progress: progress(&controls),
        controls,
        actions: breakdowns,
    })
}

fn breakdown(slot: &Slot<'_>) -> ActionBreakdown {
    let applicable = slot.applicable();
    let untouched = applicable.saturating_sub(slot.seen);
    let mut statuses = slot.statuses;
    statuses[TestStatus::None as usize] += untouched;
    let in_scope = applicable - slot.out_of_scope.min(applicable);
    let counts = OutcomeCounts {
        applicable,
        in_scope,
        passed: statuses[TestStatus::Passed as usize],
        failed: TestStatus::ALL
            .iter()
            .filter(|s| s.is_failed())
            .map(|s| statuses[*s as usize])
            .sum(),
        untested: TestStatus::ALL
            .iter()
            .filter(|s| s.is_untested())
            .map(|s| statuses[*s as usize])
            .sum(),
    };
    let points = slot.action.points();
    let (achieved, possible) = if in_scope == 0 {
        (0.0, 0.0)
    } else {
        (
            f64::from(points) * slot.credit / f64::from(in_scope),
            f64::from(points),
        )
    };
    let outcome = action_outcome(&counts);
    let statuses: Vec<StatusCount> = TestStatus::ALL
        .iter()
        .filter(|s| statuses[**s as usize] > 0)
        .map(|s| StatusCount {
            status: *s,
            count: statuses[*s as usize],
        })
        .collect();
    ActionBreakdown {
        action_id: slot.action.id,
        title: slot.action.title.clone(),
        points,
        achieved,
        possible,
        outcome,
        applicable,
        in_scope,
        passed: counts.passed,
        explanation: explain::action(slot.action, &counts, &statuses, slot.credit, achieved),
        statuses,
    }
}

/// Results nobody has written yet still count in the overall score as not earned.
fn observe_untouched(
    tally: &mut OverallTally,
    assessment: &Assessment,
    slots: &[Slot<'_>],
    results: &[&ResultState],
) {
    let incomplete = slots.iter().any(|s| s.seen < s.applicable());
    if !incomplete {
        return;
    }
    let seen: rustc_hash::FxHashSet<(ActionId, Option<InstanceId>)> = results
        .iter()
        .map(|r| (r.key.action_id, r.key.instance_id))
        .collect();
    for slot in slots.iter().filter(|s| s.seen < s.applicable()) {
        let keys: Vec<Option<InstanceId>> = if slot.action.is_technical() {
            slot.instances.iter().map(|i| Some(*i)).collect()
        } else {
            vec![None]
        };
        for instance_id in keys {
            if seen.contains(&(slot.action.id, instance_id)) {
                continue;
            }
            let key = ResultKey {
                assessment_id: assessment.id,
                action_id: slot.action.id,
                instance_id,
            };
            let untouched = ResultState::untouched(key);
            tally.observe(
                slot.action,
                key,
                assessment.group_id,
                Observation::of(&untouched),
            );
        }
    }
}

/// Resolves results whose testing source is Parent to the parent action's result.
struct ParentLookup<'r> {
    by_key: Option<FxHashMap<(ActionId, Option<InstanceId>), &'r ResultState>>,
}

impl<'r> ParentLookup<'r> {
    const MAX_DEPTH: usize = 16;

    fn new(results: &[&'r ResultState]) -> Self {
        let any_parent = results
            .iter()
            .any(|r| r.testing_source == TestingSource::Parent);
        ParentLookup {
            by_key: any_parent.then(|| {
                results
                    .iter()
                    .map(|r| ((r.key.action_id, r.key.instance_id), *r))
                    .collect()
            }),
        }
    }

    /// The state scoring uses: the result itself, or what it inherits. A missing
    /// parent or a cycle counts as untested rather than guessing.
    fn effective(&self, result: &ResultState) -> ResultState {
        let Some(by_key) = &self.by_key else {
            return *result;
        };
        let mut current = *result;
        for _ in 0..Self::MAX_DEPTH {
            if current.testing_source != TestingSource::Parent {
                return ResultState {
                    key: result.key,
                    ..current
                };
            }
            let Some(parent) = current.parent_action_id else {
                break;
            };
            let found = by_key
                .get(&(parent, result.key.instance_id))
                .or_else(|| by_key.get(&(parent, None)));
            match found {
                Some(parent_state) => current = **parent_state,
                None => break,
            }
        }
        ResultState {
            test_date: None,
            ..ResultState::untouched(result.key)
        }
    }
}
