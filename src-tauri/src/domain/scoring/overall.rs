//! The overall compliance score across assessments. Technical actions count once per
//! service instance, the others once per assessment group, so the overall score is
//! not the average of assessment scores.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::report::Points;
use crate::domain::{ActionId, GroupId, ImprovementAction, ResultKey, ResultState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OverallScore {
    pub points: Points,
    pub score: f64,
    /// Technical actions, once per (action, service instance).
    pub technical: Points,
    /// Documentation and operational actions, once per (action, assessment group).
    pub non_technical: Points,
    /// Distinct (action, instance or group) pairs counted.
    pub counted: u32,
}

/// What one assessment says about one counted pair.
#[derive(Debug, Clone, Copy)]
pub(super) struct Observation {
    test_date: Option<DateTime<Utc>>,
    out_of_scope: bool,
    credit: f64,
}

impl Observation {
    pub(super) fn of(state: &ResultState) -> Self {
        Observation {
            test_date: state.test_date,
            out_of_scope: state.is_out_of_scope(),
            credit: state.credit(),
        }
    }

    /// When assessments disagree, the most recent test wins; on a tie, the less
    /// favourable in-scope result wins, so a score is never flattered by a duplicate.
    fn replaces(&self, current: &Observation) -> bool {
        match self.test_date.cmp(&current.test_date) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                (self.out_of_scope, self.credit) < (current.out_of_scope, current.credit)
            }
        }
    }
}

/// The identity a result is counted under: (action, instance) or (action, group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CountedAs {
    Instance(ActionId, i64),
    Group(ActionId, GroupId),
}

#[derive(Default)]
pub(super) struct OverallTally {
    pairs: FxHashMap<CountedAs, (Observation, bool, u32)>,
}

impl OverallTally {
    pub(super) fn observe(
        &mut self,
        action: &ImprovementAction,
        key: ResultKey,
        group: GroupId,
        observation: Observation,
    ) {
        let counted_as = match key.instance_id {
            Some(instance) if action.is_technical() => CountedAs::Instance(action.id, instance.0),
            _ => CountedAs::Group(action.id, group),
        };
        self.pairs
            .entry(counted_as)
            .and_modify(|(current, _, _)| {
                if observation.replaces(current) {
                    *current = observation;
                }
            })
            .or_insert((observation, action.is_technical(), action.points()));
    }

    pub(super) fn finish(self) -> OverallScore {
        let (mut technical, mut non_technical) = (Points::default(), Points::default());
        let mut counted = 0;
        for (observation, is_technical, points) in self.pairs.into_values() {
            if observation.out_of_scope {
                continue;
            }
            counted += 1;
            let side = if is_technical {
                &mut technical
            } else {
                &mut non_technical
            };
            side.add(f64::from(points) * observation.credit, f64::from(points));
        }
        let points = Points {
            achieved: technical.achieved + non_technical.achieved,
            possible: technical.possible + non_technical.possible,
        };
        OverallScore {
            score: points.ratio(),
            points,
            technical,
            non_technical,
            counted,
        }
    }
}
