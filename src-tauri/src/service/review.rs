//! The assessor's review of automatic results: accept the verdict, or override its
//! status with a written justification. An override stays until someone reviews it
//! again; a sync that changes the verdict under it flags it for review.

use crate::domain::{TestStatus, TestingSource};
use crate::store::repo::result_details::{self, ReviewFields};
use crate::store::Store;

use super::action_details::{self, ActionDetails};
use super::action_target::ActionTarget;
use super::journal;
use super::workspace::Workspace;
use super::ServiceError;

/// Accept the automatic verdict, or override its status with a justification.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "decision", rename_all = "snake_case")]
#[ts(export)]
pub enum Decision {
    Accept,
    Override {
        status: TestStatus,
        #[ts(optional)]
        partial_credit: Option<f64>,
        justification: String,
    },
}

pub fn review(
    store: &mut Store,
    assessment: &str,
    action: &str,
    instance: Option<&str>,
    decision: &Decision,
) -> Result<ActionDetails, ServiceError> {
    let actor = journal::user_name(store)?;
    let workspace = Workspace::load(store)?;
    let target = ActionTarget::find(&workspace, assessment, action)?;
    let title = &target.action.title;
    if !target.action.is_technical() {
        return Err(ServiceError::Invalid(format!(
            "\"{title}\" has no automatic result to review: record its test on the action instead."
        )));
    }
    if let Decision::Override {
        status,
        partial_credit,
        justification,
    } = decision
    {
        if justification.trim().is_empty() {
            return Err(ServiceError::Invalid(
                "An override needs a written justification: say why the automatic result is wrong."
                    .into(),
            ));
        }
        if matches!(
            status,
            TestStatus::ToBeDetermined | TestStatus::CouldNotBeDetermined
        ) {
            return Err(ServiceError::Invalid(format!(
                "An override cannot be \"{}\": choose the status the evidence supports.",
                status.label()
            )));
        }
        if (*status == TestStatus::PartiallyTested) != partial_credit.is_some() {
            return Err(ServiceError::Invalid(
                "Partially tested needs a partial credit (0 to 1), and only it takes one.".into(),
            ));
        }
    }
    let instances = target.select(instance)?;
    let now = crate::store::repo::codes_now();
    store.write_scored(|tx, scores| {
        let stored = result_details::of_action(tx, target.assessment.id, target.action.id)?;
        let mut changes = Vec::new();
        for instance in &instances {
            let instance = instance.expect("technical actions have instances");
            let current = stored
                .iter()
                .find(|s| s.instance_id == Some(instance.id))
                .filter(|s| s.manual.testing_source == TestingSource::Automatic)
                .ok_or_else(|| {
                    ServiceError::Invalid(format!(
                        "\"{title}\" has no automatic result on {} to review.",
                        instance.name
                    ))
                })?;
            let fields = match decision {
                Decision::Accept => ReviewFields {
                    state: Some("accepted"),
                    reviewed_status: Some(current.recorded_status),
                    override_status: None,
                    justification: None,
                    reviewed_by: Some(actor.clone()),
                    reviewed_at: Some(now.clone()),
                },
                Decision::Override {
                    status,
                    justification,
                    ..
                } => ReviewFields {
                    state: Some("overridden"),
                    reviewed_status: Some(current.recorded_status),
                    override_status: Some(*status),
                    justification: Some(justification.trim().to_string()),
                    reviewed_by: Some(actor.clone()),
                    reviewed_at: Some(now.clone()),
                },
            };
            if let Decision::Override {
                partial_credit: Some(share),
                ..
            } = decision
            {
                crate::domain::Credit::new(*share)?;
                tx.execute(
                    "UPDATE action_results SET partial_credit = ?4
                     WHERE assessment_id = ?1 AND action_id = ?2 AND instance_id = ?3",
                    rusqlite::params![
                        target.assessment.id.0,
                        target.action.id.0,
                        instance.id.0,
                        share
                    ],
                )
                .map_err(crate::store::StoreError::from)?;
            }
            result_details::write_review(
                tx,
                target.assessment.id,
                target.action.id,
                Some(instance.id),
                &fields,
            )?;
            let describe = |state: Option<&str>, status: Option<TestStatus>| {
                state.map(|s| match status {
                    Some(status) => format!("{s}: {}", status.code()),
                    None => s.to_string(),
                })
            };
            let (assessment_uid, action_uid, instance_uid) = (
                target.assessment.uid.to_string(),
                target.action.uid.to_string(),
                instance.uid.to_string(),
            );
            let entry = |field: &str, before, after| {
                journal::change(
                    &actor,
                    &assessment_uid,
                    Some(&action_uid),
                    Some(&instance_uid),
                    field,
                    before,
                    after,
                )
            };
            changes.push(entry(
                "review",
                describe(
                    current.review.state,
                    current
                        .review
                        .override_status
                        .or(current.review.reviewed_status),
                ),
                describe(
                    fields.state,
                    fields.override_status.or(fields.reviewed_status),
                ),
            ));
            if fields.justification.is_some() {
                changes.push(entry(
                    "override_justification",
                    current.review.justification.clone(),
                    fields.justification.clone(),
                ));
            }
        }
        journal::record(tx, &changes)?;
        journal::rescore_action(tx, scores, target.assessment.id, target.action.id)?;
        Ok::<_, ServiceError>(())
    })?;
    action_details::show(
        store,
        &target.assessment.uid.to_string(),
        &target.action.uid.to_string(),
    )
}
