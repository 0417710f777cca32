//! Incremental scoring: after a person changes one result, only what that result can
//! move is computed again: its action's share of its assessment, that assessment's
//! roll-up, and its (action, instance or group) pair in the overall score. The rest
//! of a million results is not read again. Results that inherit from a parent make
//! a change reach further; then everything is scored again, as the full path does.

use rustc_hash::{FxHashMap, FxHashSet};

use super::assessment::{roll_up, AssessmentTally};
use super::overall::Observation;
use super::parents::ParentLookup;
use super::report::{Points, WorkspaceScore};
use super::{score_workspace, ScoringIndex};
use crate::domain::{
    ActionId, Assessment, AssessmentGroup, DomainError, ImprovementAction, InstanceId, ResultKey,
    ResultState, ServiceInstance, Template, TestingSource,
};

/// What the scores are computed from, owned so that the scores can live on.
pub struct ScoringInputs {
    pub templates: Vec<Template>,
    pub actions: Vec<ImprovementAction>,
    pub instances: Vec<ServiceInstance>,
    pub groups: Vec<AssessmentGroup>,
    pub assessments: Vec<Assessment>,
}

pub struct IncrementalScore {
    inputs: ScoringInputs,
    /// Each assessment's results, sorted by (action, instance).
    results: Vec<Vec<ResultState>>,
    position: FxHashMap<crate::domain::AssessmentId, usize>,
    mapped: Vec<FxHashSet<ActionId>>,
    /// Some result inherits from a parent: changes rescore everything.
    inherits: bool,
    scores: WorkspaceScore,
}

fn order(key: &ResultKey) -> (i64, i64) {
    (key.action_id.0, key.instance_id.map_or(0, |i| i.0))
}

/// What one pick adds to the overall score: technical?, points, in scope?
struct Share {
    technical: bool,
    achieved: f64,
    possible: f64,
    counted: u32,
}

impl IncrementalScore {
    pub fn build(inputs: ScoringInputs, results: Vec<ResultState>) -> Result<Self, DomainError> {
        let position: FxHashMap<_, _> = inputs
            .assessments
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let mut per: Vec<Vec<ResultState>> = vec![Vec::new(); inputs.assessments.len()];
        let mut inherits = false;
        for r in results {
            if let Some(&i) = position.get(&r.key.assessment_id) {
                inherits |= r.testing_source == TestingSource::Parent;
                per[i].push(r);
            }
        }
        for list in &mut per {
            list.sort_by_key(|r| order(&r.key));
            // Scoring counts the first of repeated keys; keep that one.
            list.dedup_by_key(|r| order(&r.key));
        }
        let mapped = inputs
            .assessments
            .iter()
            .map(|a| {
                inputs
                    .templates
                    .iter()
                    .find(|t| t.id == a.template_id)
                    .map(|t| t.distinct_action_ids().into_iter().collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut this = IncrementalScore {
            inputs,
            results: per,
            position,
            mapped,
            inherits,
            scores: WorkspaceScore {
                assessments: Vec::new(),
                overall: super::OverallScore::zero(),
            },
        };
        this.rescore_all()?;
        Ok(this)
    }

    pub fn scores(&self) -> &WorkspaceScore {
        &self.scores
    }

    pub fn inputs(&self) -> &ScoringInputs {
        &self.inputs
    }

    fn rescore_all(&mut self) -> Result<(), DomainError> {
        let all: Vec<ResultState> = self.results.iter().flatten().copied().collect();
        let i = &self.inputs;
        let index = ScoringIndex::new(&i.templates, &i.actions, &i.instances);
        self.scores = score_workspace(&index, &i.groups, &i.assessments, &all)?;
        Ok(())
    }

    /// Records `state` (a new or changed result) and updates the scores.
    pub fn set(&mut self, state: ResultState) -> Result<(), DomainError> {
        let Some(&a) = self.position.get(&state.key.assessment_id) else {
            return Ok(());
        };
        let list = &mut self.results[a];
        let found = list.binary_search_by_key(&order(&state.key), |r| order(&r.key));
        let old = found.ok().map(|i| list[i]);
        let parent_involved = state.testing_source == TestingSource::Parent
            || old.is_some_and(|o| o.testing_source == TestingSource::Parent);
        if self.inherits || parent_involved {
            self.store(a, found, state);
            self.inherits = true;
            return self.rescore_all();
        }
        let before = self.share(&state.key);
        self.store(a, found, state);
        let after = self.share(&state.key);
        self.rescore_action(a, state.key.action_id)?;
        let overall = &mut self.scores.overall;
        for (share, sign) in [(before, -1.0), (after, 1.0)] {
            let Some(share) = share else { continue };
            let part = if share.technical {
                &mut overall.technical
            } else {
                &mut overall.non_technical
            };
            part.achieved += sign * share.achieved;
            part.possible += sign * share.possible;
            if sign > 0.0 {
                overall.counted += share.counted;
            } else {
                overall.counted -= share.counted;
            }
        }
        overall.points = Points {
            achieved: overall.technical.achieved + overall.non_technical.achieved,
            possible: overall.technical.possible + overall.non_technical.possible,
        };
        overall.score = overall.points.ratio();
        Ok(())
    }

    fn store(&mut self, a: usize, found: Result<usize, usize>, state: ResultState) {
        match found {
            Ok(i) => self.results[a][i] = state,
            Err(i) => self.results[a].insert(i, state),
        }
    }

    /// Scores one action of assessment `a` again and rolls the assessment up.
    fn rescore_action(&mut self, a: usize, action: ActionId) -> Result<(), DomainError> {
        let i = &self.inputs;
        let index = ScoringIndex::new(&i.templates, &i.actions, &i.instances);
        let assessment = &i.assessments[a];
        let list = &self.results[a];
        let start = list.partition_point(|r| r.key.action_id.0 < action.0);
        let end = list.partition_point(|r| r.key.action_id.0 <= action.0);
        let slice = &list[start..end];
        let parents = ParentLookup::new(slice);
        let mut tally = AssessmentTally::new(&index, assessment)?;
        for r in slice {
            tally.add(r, &parents, None);
        }
        let Some(breakdown) = tally.breakdown_of(action) else {
            return Ok(());
        };
        let template = index.template(assessment.template_id, &assessment.name)?;
        let mut breakdowns = std::mem::take(&mut self.scores.assessments[a].actions);
        if let Some(slot) = breakdowns.iter_mut().find(|b| b.action_id == action) {
            *slot = breakdown;
        }
        self.scores.assessments[a] = roll_up(assessment, template, breakdowns);
        Ok(())
    }

    /// What the overall score counts for `key`'s pair: the winning observation among
    /// the assessments that count it, as the full path picks it.
    fn share(&self, key: &ResultKey) -> Option<Share> {
        let i = &self.inputs;
        let action = i.actions.iter().find(|x| x.id == key.action_id)?;
        let technical = action.is_technical() && key.instance_id.is_some();
        let group = i.assessments[self.position[&key.assessment_id]].group_id;
        let mut pick: Option<Observation> = None;
        for (b, assessment) in i.assessments.iter().enumerate() {
            if !self.mapped[b].contains(&action.id) {
                continue;
            }
            let lookup: Option<InstanceId> = if technical {
                let instance = key.instance_id?;
                let covered = assessment.instance_ids.contains(&instance)
                    && i.instances
                        .iter()
                        .any(|x| x.id == instance && Some(&x.service) == action.service.as_ref());
                if !covered {
                    continue;
                }
                Some(instance)
            } else {
                if assessment.group_id != group || (action.is_technical()) {
                    continue;
                }
                None
            };
            let wanted = (action.id.0, lookup.map_or(0, |x| x.0));
            let list = &self.results[b];
            let observation = match list.binary_search_by_key(&wanted, |r| order(&r.key)) {
                Ok(found) => Observation::of(&list[found]),
                Err(_) => Observation::untouched(),
            };
            if pick.is_none_or_replaced(&observation) {
                pick = Some(observation);
            }
        }
        let pick = pick?;
        let points = f64::from(action.points());
        Some(if pick.out_of_scope {
            Share {
                technical,
                achieved: 0.0,
                possible: 0.0,
                counted: 0,
            }
        } else {
            Share {
                technical,
                achieved: points * pick.credit,
                possible: points,
                counted: 1,
            }
        })
    }
}

trait Pick {
    fn is_none_or_replaced(&self, by: &Observation) -> bool;
}

impl Pick for Option<Observation> {
    fn is_none_or_replaced(&self, by: &Observation) -> bool {
        match self {
            None => true,
            Some(current) => by.replaces(current),
        }
    }
}
