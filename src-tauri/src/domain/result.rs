//! A result: the state of one improvement action in one assessment, for one service
//! instance (technical actions) or for the assessment as a whole (the others).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    ActionId, AssessmentId, DomainError, ImplementationStatus, InstanceId, TestStatus,
    TestingSource,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ResultKey {
    pub assessment_id: AssessmentId,
    pub action_id: ActionId,
    /// Set for technical actions only.
    pub instance_id: Option<InstanceId>,
}

/// Share of an action's points a "Partially tested" result earns, in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize, TS)]
#[serde(try_from = "f64", into = "f64")]
#[ts(export, type = "number")]
pub struct Credit(f64);

impl Credit {
    pub const NONE: Credit = Credit(0.0);
    pub const FULL: Credit = Credit(1.0);

    pub fn new(value: f64) -> Result<Self, DomainError> {
        if (0.0..=1.0).contains(&value) {
            Ok(Credit(value))
        } else {
            Err(DomainError::CreditOutOfRange(value))
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Credit {
    type Error = DomainError;
    fn try_from(value: f64) -> Result<Self, DomainError> {
        Credit::new(value)
    }
}

impl From<Credit> for f64 {
    fn from(credit: Credit) -> f64 {
        credit.0
    }
}

/// What scoring needs to know of a result; small and `Copy` so that a million of
/// them score quickly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ResultState {
    pub key: ResultKey,
    pub implementation_status: ImplementationStatus,
    pub test_status: TestStatus,
    /// Only meaningful with `PartiallyTested`.
    pub partial_credit: Option<Credit>,
    pub testing_source: TestingSource,
    /// With `TestingSource::Parent`: the action whose result this one inherits.
    pub parent_action_id: Option<ActionId>,
    pub test_date: Option<DateTime<Utc>>,
}

impl ResultState {
    /// The state of an action nobody has touched yet.
    pub fn untouched(key: ResultKey) -> Self {
        ResultState {
            key,
            implementation_status: ImplementationStatus::NotImplemented,
            test_status: TestStatus::None,
            partial_credit: None,
            testing_source: TestingSource::Manual,
            parent_action_id: None,
            test_date: None,
        }
    }

    /// Out of scope removes the action (for this instance) from both sides of a score.
    pub fn is_out_of_scope(&self) -> bool {
        self.test_status == TestStatus::OutOfScope
            || self.implementation_status == ImplementationStatus::OutOfScope
    }

    /// The share of the points this result earns: all for Passed, the partial credit
    /// for Partially tested, nothing otherwise.
    pub fn credit(&self) -> f64 {
        match self.test_status {
            TestStatus::Passed => 1.0,
            TestStatus::PartiallyTested => self.partial_credit.map_or(0.0, Credit::get),
            _ => 0.0,
        }
    }
}

/// The whole record a person works with in the action's details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionResult {
    pub state: ResultState,
    pub implementation_date: Option<NaiveDate>,
    pub implementation_notes: String,
    pub testing_notes: String,
    pub assigned_to: Option<String>,
    pub updated_at: DateTime<Utc>,
}
