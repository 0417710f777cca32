//! Setting an assessment's own bound for a check: one transaction with its history
//! entry, the latest data of the assessment's instances judged again, and the scores.

use crate::store::{repo, Store};

use super::action_details::{self, ActionDetails};
use super::action_target::ActionTarget;
use super::check_thresholds::check_of;
use super::workspace::Workspace;
use super::{evaluation, journal, ServiceError};

/// Sets (or with `None`, resets to the benchmark's) the bound of the check behind
/// `action` in `assessment`; one transaction with its history entry and new results.
pub fn set(
    store: &mut Store,
    assessment: &str,
    action: &str,
    value: Option<f64>,
) -> Result<ActionDetails, ServiceError> {
    let actor = journal::user_name(store)?;
    let workspace = Workspace::load(store)?;
    let target = ActionTarget::find(&workspace, assessment, action)?;
    let title = &target.action.title;
    let check = check_of(target.action.uid).ok_or_else(|| {
        ServiceError::Invalid(format!(
            "\"{title}\" is not tested by a connector check, so it has no bound to set."
        ))
    })?;
    let threshold = check.threshold.as_ref().ok_or_else(|| {
        ServiceError::Invalid(format!(
            "The check of \"{title}\" follows the benchmark exactly; it has no bound the organisation chooses."
        ))
    })?;
    if let Some(v) = value {
        let floor = threshold.floor.unwrap_or(0.0);
        if !v.is_finite() || !(floor..=1_000_000.0).contains(&v) {
            return Err(ServiceError::Invalid(format!(
                "The {} must be a number from {floor} to 1000000, not {v}{}.",
                threshold.name,
                if threshold.floor.is_some() {
                    " (the benchmark's minimum may be raised, not lowered)"
                } else {
                    ""
                }
            )));
        }
    }
    let assessment_id = target.assessment.id;
    let assessment_uid = target.assessment.uid.to_string();
    let action_uid = target.action.uid.to_string();
    store.write_scored(|tx, scores| {
        let before = repo::check_thresholds::for_assessment(tx, assessment_id)?
            .get(&check.id)
            .copied();
        if before == value {
            return Ok(());
        }
        repo::check_thresholds::set(
            tx,
            assessment_id,
            &check.id,
            value,
            &actor,
            chrono::Utc::now(),
        )?;
        journal::record(
            tx,
            &[journal::change(
                &actor,
                &assessment_uid,
                Some(&action_uid),
                None,
                "threshold",
                Some(before.unwrap_or(threshold.default).to_string()),
                Some(value.unwrap_or(threshold.default).to_string()),
            )],
        )?;
        for instance in &target.instances {
            evaluation::apply_latest(tx, instance, assessment_id)?;
        }
        journal::rescore_action(tx, scores, assessment_id, target.action.id)?;
        Ok::<_, ServiceError>(())
    })?;
    action_details::show(store, &assessment_uid, &action_uid)
}
