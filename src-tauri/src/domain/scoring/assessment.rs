//! Scoring one assessment: each mapped action once, its instances aggregated.

use super::idmap::IdMap;
use super::outcome::{action_outcome, assessment_status, control_status, progress, OutcomeCounts};
use super::overall::{Observation, OverallTally};
use super::parents::ParentLookup;
use super::report::{ActionBreakdown, AssessmentScore, ControlOutcome, Points, StatusCount};
use super::ScoringIndex;
use crate::domain::{
    ActionId, Assessment, DomainError, ImprovementAction, InstanceId, ResultKey, ResultState,
    Template, TestStatus, TestingSource,
};

/// Scores one assessment from its results (results of other assessments are ignored).
pub fn score_assessment(
    index: &ScoringIndex<'_>,
    assessment: &Assessment,
    results: &[ResultState],
) -> Result<AssessmentScore, DomainError> {
    let parents = ParentLookup::new(results);
    let mut tally = AssessmentTally::new(index, assessment)?;
    for result in results
        .iter()
        .filter(|r| r.key.assessment_id == assessment.id)
    {
        tally.add(result, &parents, None);
    }
    Ok(tally.finish(None))
}

/// Running totals of one action in one assessment.
struct Slot<'a> {
    action: &'a ImprovementAction,
    /// Position of the action's service among the assessment's services; `None` for
    /// non-technical actions and for services without an instance here.
    service: Option<usize>,
    /// Instances the action applies to: of its service, or 1 for non-technical.
    applicable: u32,
    /// What the action is worth when fully passed.
    points: u32,
    seen_count: u32,
    out_of_scope: u32,
    credit: f64,
    statuses: [u32; TestStatus::ALL.len()],
}

/// An assessment being scored: results are added one by one, in any order.
pub(super) struct AssessmentTally<'a> {
    assessment: &'a Assessment,
    template: &'a Template,
    slots: Vec<Slot<'a>>,
    slot_of: IdMap<usize>,
    /// The assessment's instances: position and the position of their service.
    covered: IdMap<(usize, usize)>,
    /// The assessment's instances of each service.
    service_instances: Vec<Vec<InstanceId>>,
    /// Whether (slot, instance position) has a result, so that repeats count once.
    seen: Vec<bool>,
}

impl<'a> AssessmentTally<'a> {
    pub(super) fn new(
        index: &ScoringIndex<'a>,
        assessment: &'a Assessment,
    ) -> Result<Self, DomainError> {
        let template = index.template(assessment.template_id, &assessment.name)?;
        let mut services: Vec<&str> = Vec::new();
        let mut service_instances: Vec<Vec<InstanceId>> = Vec::new();
        let mut covered = Vec::new();
        for (position, id) in assessment.instance_ids.iter().enumerate() {
            let instance = index.instance(*id, &assessment.name)?;
            let service = match services.iter().position(|s| *s == instance.service) {
                Some(s) => s,
                None => {
                    services.push(&instance.service);
                    service_instances.push(Vec::new());
                    services.len() - 1
                }
            };
            service_instances[service].push(*id);
            covered.push((id.0, (position, service)));
        }

        let mut slots = Vec::new();
        let mut slot_of = Vec::new();
        for action_id in template.distinct_action_ids() {
            let action = index.action(action_id, &template.title)?;
            let service = action
                .service
                .as_deref()
                .and_then(|s| services.iter().position(|c| *c == s));
            let applicable = match (action.is_technical(), service) {
                (true, Some(s)) => service_instances[s].len() as u32,
                (true, None) => 0,
                (false, _) => 1,
            };
            slot_of.push((action_id.0, slots.len()));
            slots.push(Slot {
                action,
                service,
                applicable,
                points: action.points(),
                seen_count: 0,
                out_of_scope: 0,
                credit: 0.0,
                statuses: [0; TestStatus::ALL.len()],
            });
        }
        let seen = vec![false; slots.len() * assessment.instance_ids.len().max(1)];
        Ok(AssessmentTally {
            assessment,
            template,
            slots,
            slot_of: IdMap::new(slot_of),
            covered: IdMap::new(covered),
            service_instances,
            seen,
        })
    }

    /// Counts one result of this assessment. Results for actions the template does
    /// not map, for instances outside the assessment, or repeated keys are ignored.
    pub(super) fn add(
        &mut self,
        result: &ResultState,
        parents: &ParentLookup<'_>,
        overall: Option<&mut OverallTally>,
    ) {
        let Some(&slot_index) = self.slot_of.get(result.key.action_id.0) else {
            return;
        };
        let slot = &mut self.slots[slot_index];
        let position = match (result.key.instance_id, slot.action.is_technical()) {
            (Some(id), true) => match self.covered.get(id.0) {
                Some(&(position, service)) if Some(service) == slot.service => position,
                _ => return,
            },
            (None, false) => 0,
            _ => return,
        };
        let width = self.assessment.instance_ids.len().max(1);
        if std::mem::replace(&mut self.seen[slot_index * width + position], true) {
            return;
        }
        let inherited;
        let state = if result.testing_source == TestingSource::Parent {
            inherited = parents.effective(result);
            &inherited
        } else {
            result
        };
        slot.seen_count += 1;
        if state.is_out_of_scope() {
            slot.out_of_scope += 1;
        } else {
            slot.credit += state.credit();
            slot.statuses[state.test_status as usize] += 1;
        }
        if let Some(tally) = overall {
            tally.observe(
                slot.action,
                slot.points,
                result.key,
                self.assessment.group_id,
                Observation::of(state),
            );
        }
    }

    pub(super) fn finish(self, overall: Option<&mut OverallTally>) -> AssessmentScore {
        if let Some(tally) = overall {
            self.observe_untouched(tally);
        }
        let breakdowns: Vec<ActionBreakdown> = self.slots.iter().map(breakdown).collect();
        roll_up(self.assessment, self.template, breakdowns)
    }

    /// The breakdown of one action only (for incremental scoring).
    pub(super) fn breakdown_of(&self, action: ActionId) -> Option<ActionBreakdown> {
        let slot = *self.slot_of.get(action.0)?;
        Some(breakdown(&self.slots[slot]))
    }

    /// Results nobody has written yet still count in the overall score as not earned.
    fn observe_untouched(&self, tally: &mut OverallTally) {
        let width = self.assessment.instance_ids.len().max(1);
        for (slot_index, slot) in self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.seen_count < s.applicable)
        {
            let unseen = |id: &&InstanceId| {
                self.covered
                    .get(id.0)
                    .is_some_and(|c| !self.seen[slot_index * width + c.0])
            };
            let untouched: Vec<Option<InstanceId>> = match slot.service {
                Some(s) if slot.action.is_technical() => self.service_instances[s]
                    .iter()
                    .filter(unseen)
                    .map(|id| Some(*id))
                    .collect(),
                _ => vec![None],
            };
            for instance_id in untouched {
                let key = ResultKey {
                    assessment_id: self.assessment.id,
                    action_id: slot.action.id,
                    instance_id,
                };
                tally.observe(
                    slot.action,
                    slot.points,
                    key,
                    self.assessment.group_id,
                    Observation::untouched(),
                );
            }
        }
    }
}

/// An assessment's score from its actions' breakdowns (in template order): points,
/// each control's status, the assessment's status and progress.
pub(super) fn roll_up(
    assessment: &Assessment,
    template: &Template,
    breakdowns: Vec<ActionBreakdown>,
) -> AssessmentScore {
    let position: rustc_hash::FxHashMap<ActionId, usize> = breakdowns
        .iter()
        .enumerate()
        .map(|(i, b)| (b.action_id, i))
        .collect();
    let mut points = Points::default();
    for b in &breakdowns {
        points.add(b.achieved, b.possible);
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
                    .filter_map(|id| position.get(id))
                    .map(|&i| breakdowns[i].outcome),
            ),
        })
        .collect();
    AssessmentScore {
        assessment_id: assessment.id,
        score: points.ratio(),
        points,
        status: assessment_status(&controls),
        progress: progress(&controls),
        controls,
        actions: breakdowns,
    }
}

fn breakdown(slot: &Slot<'_>) -> ActionBreakdown {
    let applicable = slot.applicable;
    let mut statuses = slot.statuses;
    statuses[TestStatus::None as usize] += applicable.saturating_sub(slot.seen_count);
    let in_scope = applicable - slot.out_of_scope.min(applicable);
    let count = |pick: fn(&TestStatus) -> bool| -> u32 {
        TestStatus::ALL
            .iter()
            .filter(|s| pick(s))
            .map(|s| statuses[*s as usize])
            .sum()
    };
    let counts = OutcomeCounts {
        applicable,
        in_scope,
        passed: statuses[TestStatus::Passed as usize],
        failed: count(|s| s.is_failed()),
        untested: count(|s| s.is_untested()),
    };
    let points = slot.points;
    let (achieved, possible) = if in_scope == 0 {
        (0.0, 0.0)
    } else {
        (
            f64::from(points) * slot.credit / f64::from(in_scope),
            f64::from(points),
        )
    };
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
        outcome: action_outcome(&counts),
        applicable,
        in_scope,
        passed: counts.passed,
        credit: slot.credit,
        statuses,
    }
}
