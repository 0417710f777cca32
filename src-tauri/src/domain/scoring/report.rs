//! What the engine returns: scores with their breakdown, ready to show and export.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ActionOutcome, AssessmentStatus, ControlStatus, OverallScore};
use crate::domain::{ActionId, AssessmentId, ControlId, TestStatus};

/// Points achieved out of points possible, and their ratio in [0, 1] (0 when nothing
/// is possible).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Points {
    pub achieved: f64,
    pub possible: f64,
}

impl Points {
    pub fn ratio(self) -> f64 {
        if self.possible > 0.0 {
            (self.achieved / self.possible).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    pub(super) fn add(&mut self, achieved: f64, possible: f64) {
        self.achieved += achieved;
        self.possible += possible;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: TestStatus,
    pub count: u32,
}

/// One action's share of an assessment score; `explain` puts the reason in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionBreakdown {
    pub action_id: ActionId,
    pub title: String,
    /// What the action is worth when fully passed.
    pub points: u32,
    pub achieved: f64,
    pub possible: f64,
    pub outcome: ActionOutcome,
    /// Instances the action applies to (1 for a non-technical action).
    pub applicable: u32,
    pub in_scope: u32,
    pub passed: u32,
    /// Sum of the in-scope results' credit: 1 a pass, a share a partial test.
    pub credit: f64,
    /// Test statuses of the in-scope results; untouched results count as None.
    pub statuses: Vec<StatusCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ControlOutcome {
    pub control_id: ControlId,
    pub name: String,
    pub family: String,
    pub status: ControlStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssessmentScore {
    pub assessment_id: AssessmentId,
    pub points: Points,
    /// `points.ratio()`, kept so that every reader shows the same number.
    pub score: f64,
    pub status: AssessmentStatus,
    /// Share of in-scope controls that passed, in [0, 1].
    pub progress: f64,
    pub controls: Vec<ControlOutcome>,
    pub actions: Vec<ActionBreakdown>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkspaceScore {
    pub assessments: Vec<AssessmentScore>,
    pub overall: OverallScore,
}
