//! The overall compliance score across assessments. Technical actions count once per
//! service instance, the others once per assessment group, so the overall score is
//! not the average of assessment scores.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::{DateTime, Utc};

use super::idmap::PairMap;
use super::report::Points;
use super::ScoringIndex;
use crate::domain::{AssessmentGroup, GroupId, ImprovementAction, ResultKey, ResultState};

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

impl OverallScore {
    pub(super) fn zero() -> Self {
        OverallScore {
            points: Points::default(),
            score: 0.0,
            technical: Points::default(),
            non_technical: Points::default(),
            counted: 0,
        }
    }
}

/// What one assessment says about one counted pair.
#[derive(Debug, Clone, Copy)]
pub(super) struct Observation {
    /// `None` (never tested) sorts before every date.
    tested_at: Option<DateTime<Utc>>,
    /// Whether a result exists: an undated result beats no result at all.
    recorded: bool,
    pub(super) out_of_scope: bool,
    pub(super) credit: f64,
}

impl Observation {
    pub(super) fn of(state: &ResultState) -> Self {
        Observation {
            tested_at: state.test_date,
            recorded: true,
            out_of_scope: state.is_out_of_scope(),
            credit: state.credit(),
        }
    }

    /// An action nobody has touched in one assessment.
    pub(super) fn untouched() -> Self {
        Observation {
            tested_at: None,
            recorded: false,
            out_of_scope: false,
            credit: 0.0,
        }
    }

    /// When assessments disagree, the most recent test wins, and a recorded result
    /// beats none; on a tie, the less favourable in-scope result wins, so a score is
    /// never flattered by a duplicate.
    pub(super) fn replaces(&self, current: &Observation) -> bool {
        let rank = |o: &Observation| (o.tested_at, o.recorded);
        match rank(self).cmp(&rank(current)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                (self.out_of_scope, self.credit) < (current.out_of_scope, current.credit)
            }
        }
    }
}

/// The pick for one counted pair, with the points it is worth.
struct Counted {
    observation: Observation,
    points: u32,
}

fn replaces(new: &Counted, current: &Counted) -> bool {
    new.observation.replaces(&current.observation)
}

/// Technical actions are counted per (action, instance), the others per (action, group).
pub(super) struct OverallTally {
    technical: PairMap<Counted>,
    non_technical: PairMap<Counted>,
}

impl OverallTally {
    pub(super) fn new(index: &ScoringIndex<'_>, groups: &[AssessmentGroup]) -> Self {
        let actions = || index.actions.keys().map(|a| a.0);
        OverallTally {
            technical: PairMap::new(actions(), index.instances.keys().map(|i| i.0)),
            non_technical: PairMap::new(actions(), groups.iter().map(|g| g.id.0)),
        }
    }

    #[inline]
    pub(super) fn observe(
        &mut self,
        action: &ImprovementAction,
        points: u32,
        key: ResultKey,
        group: GroupId,
        observation: Observation,
    ) {
        let counted = Counted {
            observation,
            points,
        };
        match key.instance_id {
            Some(instance) if action.is_technical() => {
                self.technical
                    .upsert(action.id.0, instance.0, counted, replaces)
            }
            _ => self
                .non_technical
                .upsert(action.id.0, group.0, counted, replaces),
        }
    }

    pub(super) fn finish(self) -> OverallScore {
        let (technical, technical_count) = total(self.technical.into_values());
        let (non_technical, non_technical_count) = total(self.non_technical.into_values());
        let points = Points {
            achieved: technical.achieved + non_technical.achieved,
            possible: technical.possible + non_technical.possible,
        };
        OverallScore {
            score: points.ratio(),
            points,
            technical,
            non_technical,
            counted: technical_count + non_technical_count,
        }
    }
}

/// Points achieved and possible of the in-scope picks, and how many there are.
fn total(picks: impl Iterator<Item = Counted>) -> (Points, u32) {
    let mut points = Points::default();
    let mut counted = 0;
    for Counted {
        observation,
        points: worth,
    } in picks
    {
        if !observation.out_of_scope {
            counted += 1;
            points.add(f64::from(worth) * observation.credit, f64::from(worth));
        }
    }
    (points, counted)
}
