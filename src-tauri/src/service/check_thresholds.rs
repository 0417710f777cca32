//! An assessment's own bound for a check whose bound is organisation policy (an
//! inactivity time-out, a passcode length, how many people may hold a permission):
//! what the action details show of it.

use serde::Serialize;
use ts_rs::TS;

use crate::connectors::checks::Check;
use crate::store::repo;

use super::template_install::all_checks;
use super::ServiceError;

/// What the action details show beside the result: the bound, its default, and
/// whether the assessment chose its own.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ThresholdView {
    pub check_id: String,
    pub name: String,
    pub default: f64,
    pub value: f64,
    pub custom: bool,
}

/// The check behind a technical action, when one tests it.
pub fn check_of(action_uid: uuid::Uuid) -> Option<Check> {
    all_checks()
        .into_values()
        .find(|c| c.action_uid() == action_uid)
}

pub fn view(
    conn: &rusqlite::Connection,
    assessment: crate::domain::AssessmentId,
    action_uid: uuid::Uuid,
) -> Result<Option<ThresholdView>, ServiceError> {
    let Some(check) = check_of(action_uid) else {
        return Ok(None);
    };
    let Some(threshold) = check.threshold else {
        return Ok(None);
    };
    let own = repo::check_thresholds::for_assessment(conn, assessment)?
        .get(&check.id)
        .copied();
    Ok(Some(ThresholdView {
        check_id: check.id,
        name: threshold.name,
        default: threshold.default,
        value: own.unwrap_or(threshold.default),
        custom: own.is_some(),
    }))
}
