//! Manual work on an improvement action: implementation, testing, notes, assignee.
//! One edit is one transaction: the fields of every instance it touches, a history
//! entry per changed field, and today's point on the score trend.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use ts_rs::TS;

use crate::domain::{Credit, ImplementationStatus, ServiceInstance, TestStatus, TestingSource};
use crate::store::repo::history::Change;
use crate::store::repo::result_details::{self, ManualFields};
use crate::store::Store;

use super::action_details::{self, ActionDetails};
use super::action_target::ActionTarget;
use super::journal;
use super::workspace::Workspace;
use super::ServiceError;

/// The fields to change; absent fields keep their value. Dates are `YYYY-MM-DD`,
/// and an empty string clears a date or the assignee.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ActionEdit {
    /// One instance (name or UUID); all of the assessment's when absent.
    #[ts(optional)]
    pub instance: Option<String>,
    #[ts(optional)]
    pub implementation_status: Option<ImplementationStatus>,
    #[ts(optional)]
    pub implementation_date: Option<String>,
    #[ts(optional)]
    pub implementation_notes: Option<String>,
    #[ts(optional)]
    pub assigned_to: Option<String>,
    #[ts(optional)]
    pub testing_source: Option<TestingSource>,
    /// With the Parent source: the parent action's title or UUID.
    #[ts(optional)]
    pub parent_action: Option<String>,
    #[ts(optional)]
    pub test_status: Option<TestStatus>,
    /// With Partially tested: the share of the points earned, 0 to 1.
    #[ts(optional)]
    pub partial_credit: Option<f64>,
    #[ts(optional)]
    pub test_date: Option<String>,
    #[ts(optional)]
    pub testing_notes: Option<String>,
}

fn parse_day(value: &str, what: &str) -> Result<Option<NaiveDate>, ServiceError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            ServiceError::Invalid(format!(
                "The {what} \"{value}\" is not a date like 2026-11-29."
            ))
        })
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

pub fn apply(
    store: &mut Store,
    assessment: &str,
    action: &str,
    edit: &ActionEdit,
) -> Result<ActionDetails, ServiceError> {
    let actor = journal::user_name(store)?;
    let workspace = Workspace::load(store)?;
    let target = ActionTarget::find(&workspace, assessment, action)?;
    let edits = [(action.to_string(), edit.clone())];
    store.write_scored(|tx, scores| {
        write_edits(
            tx,
            Rescore::Yes(scores),
            &workspace,
            &actor,
            assessment,
            &edits,
        )?;
        Ok::<_, ServiceError>(())
    })?;
    action_details::show(
        store,
        &target.assessment.uid.to_string(),
        &target.action.uid.to_string(),
    )
}

/// Whether `write_edits` brings the scores and the trend up to date (a preview,
/// rolled back anyway, does not need to).
pub enum Rescore<'s> {
    Yes(Option<&'s mut crate::domain::scoring::IncrementalScore>),
    No,
}

/// Writes several edits of one assessment's actions (action title or UUID, edit) in
/// `tx`: the results, a history entry per changed field, the scores and today's
/// trend point. The first invalid edit stops everything (the caller's transaction
/// then writes nothing). Returns the history entries written.
pub fn write_edits(
    tx: &rusqlite::Transaction<'_>,
    mut rescore: Rescore<'_>,
    workspace: &Workspace,
    actor: &str,
    assessment: &str,
    edits: &[(String, ActionEdit)],
) -> Result<Vec<Change>, ServiceError> {
    let now = Utc::now();
    let mut all = Vec::new();
    for (action, edit) in edits {
        let target = ActionTarget::find(workspace, assessment, action)?;
        let parent = match &edit.parent_action {
            Some(key) => Some(ActionTarget::find(workspace, assessment, key)?.action),
            None => None,
        };
        let instances = target.select(edit.instance.as_deref())?;
        let stored = result_details::of_action(tx, target.assessment.id, target.action.id)?;
        let mut changes = Vec::new();
        for instance in &instances {
            let current = stored
                .iter()
                .find(|s| s.instance_id == instance.map(|i| i.id))
                .map(|s| s.manual.clone())
                .unwrap_or_else(|| untouched(target.action.is_technical()));
            let next = edited(&target, &current, edit, parent, now)?;
            let uid_of = |id: crate::domain::ActionId| {
                workspace
                    .actions
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.uid.to_string())
            };
            changes.extend(diff(actor, &target, *instance, (&current, &next), &uid_of));
            if next != current {
                result_details::write_manual(
                    tx,
                    target.assessment.id,
                    target.action.id,
                    instance.map(|i| i.id),
                    &next,
                    &crate::store::repo::codes_now(),
                )?;
            }
        }
        journal::record(tx, &changes)?;
        if let Rescore::Yes(scores) = &mut rescore {
            journal::rescore_action(
                tx,
                scores.as_deref_mut(),
                target.assessment.id,
                target.action.id,
            )?;
        }
        all.extend(changes);
    }
    Ok(all)
}

fn untouched(technical: bool) -> ManualFields {
    ManualFields {
        implementation_status: ImplementationStatus::NotImplemented,
        implementation_date: None,
        implementation_notes: String::new(),
        assigned_to: None,
        testing_source: if technical {
            TestingSource::Automatic
        } else {
            TestingSource::Manual
        },
        parent_action_id: None,
        test_status: TestStatus::None,
        partial_credit: None,
        test_date: None,
        testing_notes: String::new(),
    }
}

/// The fields after the edit, or a sentence saying what is wrong with it.
fn edited(
    target: &ActionTarget<'_>,
    current: &ManualFields,
    edit: &ActionEdit,
    parent: Option<&crate::domain::ImprovementAction>,
    now: DateTime<Utc>,
) -> Result<ManualFields, ServiceError> {
    let title = &target.action.title;
    let mut next = current.clone();
    if let Some(status) = edit.implementation_status {
        next.implementation_status = status;
    }
    if let Some(date) = &edit.implementation_date {
        next.implementation_date = parse_day(date, "implementation date")?;
    }
    if let Some(notes) = &edit.implementation_notes {
        next.implementation_notes = notes.trim_end().to_string();
    }
    if let Some(person) = &edit.assigned_to {
        let person = person.trim();
        next.assigned_to = (!person.is_empty()).then(|| person.to_string());
    }
    if let Some(source) = edit.testing_source {
        if source == TestingSource::Automatic && !target.action.is_technical() {
            return Err(ServiceError::Invalid(format!(
                "\"{title}\" is not tested by a connector: its testing source can be Manual or Parent."
            )));
        }
        next.testing_source = source;
    }
    next.parent_action_id = match (next.testing_source, parent) {
        (TestingSource::Parent, Some(p)) if p.id == target.action.id => {
            return Err(ServiceError::Invalid(format!(
                "\"{title}\" cannot be its own parent."
            )))
        }
        (TestingSource::Parent, Some(p)) => Some(p.id),
        (TestingSource::Parent, None) => current
            .parent_action_id
            .ok_or_else(|| {
                ServiceError::Invalid(format!(
                "Testing source Parent needs the parent action whose test \"{title}\" inherits."
            ))
            })?
            .into(),
        (_, Some(_)) => {
            return Err(ServiceError::Invalid(
                "A parent action applies only with the testing source Parent.".into(),
            ))
        }
        (_, None) => None,
    };
    if let Some(status) = edit.test_status {
        if next.testing_source != TestingSource::Manual {
            return Err(ServiceError::Invalid(format!(
                "\"{title}\" is tested {}: set the testing source to Manual to record a test status \
                 (or review the automatic result instead).",
                if next.testing_source == TestingSource::Parent { "through its parent" } else { "automatically" }
            )));
        }
        if matches!(
            status,
            TestStatus::ToBeDetermined | TestStatus::CouldNotBeDetermined
        ) {
            return Err(ServiceError::Invalid(format!(
                "\"{}\" is set by connectors only; a manual test can be any other status.",
                status.label()
            )));
        }
        next.test_status = status;
        if edit.test_date.is_none() && status != current.test_status {
            next.test_date = Some(now);
        }
    }
    if next.testing_source == TestingSource::Manual
        && current.testing_source != TestingSource::Manual
        && edit.test_status.is_none()
    {
        // Switching to manual starts from an untested manual result, not the verdict.
        next.test_status = TestStatus::None;
        next.test_date = None;
    }
    if let Some(date) = &edit.test_date {
        next.test_date = parse_day(date, "test date")?.map(start_of);
    }
    if let Some(notes) = &edit.testing_notes {
        next.testing_notes = notes.trim_end().to_string();
    }
    next.partial_credit = match (next.test_status, edit.partial_credit) {
        (TestStatus::PartiallyTested, Some(share)) => Some(Credit::new(share).map_err(|_| {
            ServiceError::Invalid(format!(
                "The partial credit {share} is not a share between 0 and 1 (0.5 earns half the points)."
            ))
        })?),
        (TestStatus::PartiallyTested, None) if next.testing_source == TestingSource::Manual => {
            Some(current.partial_credit.ok_or_else(|| {
                ServiceError::Invalid(
                    "Partially tested needs the partial credit: the share of the points earned, 0 to 1."
                        .into(),
                )
            })?)
        }
        (_, Some(_)) => {
            return Err(ServiceError::Invalid(
                "A partial credit applies only to the test status Partially tested.".into(),
            ))
        }
        (_, None) => None,
    };
    Ok(next)
}

fn diff(
    actor: &str,
    target: &ActionTarget<'_>,
    instance: Option<&ServiceInstance>,
    (before, after): (&ManualFields, &ManualFields),
    uid_of: &dyn Fn(crate::domain::ActionId) -> Option<String>,
) -> Vec<Change> {
    let assessment = target.assessment.uid.to_string();
    let action = target.action.uid.to_string();
    let instance = instance.map(|i| i.uid.to_string());
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let at = |d: Option<DateTime<Utc>>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let pairs: [(&str, Option<String>, Option<String>); 10] = [
        (
            "implementation_status",
            Some(before.implementation_status.code().into()),
            Some(after.implementation_status.code().into()),
        ),
        (
            "implementation_date",
            day(before.implementation_date),
            day(after.implementation_date),
        ),
        (
            "implementation_notes",
            text(&before.implementation_notes),
            text(&after.implementation_notes),
        ),
        (
            "assigned_to",
            before.assigned_to.clone(),
            after.assigned_to.clone(),
        ),
        (
            "testing_source",
            Some(before.testing_source.code().into()),
            Some(after.testing_source.code().into()),
        ),
        (
            "parent_action",
            before.parent_action_id.and_then(uid_of),
            after.parent_action_id.and_then(uid_of),
        ),
        (
            "test_status",
            Some(before.test_status.code().into()),
            Some(after.test_status.code().into()),
        ),
        (
            "partial_credit",
            before.partial_credit.map(|c| c.get().to_string()),
            after.partial_credit.map(|c| c.get().to_string()),
        ),
        ("test_date", at(before.test_date), at(after.test_date)),
        (
            "testing_notes",
            text(&before.testing_notes),
            text(&after.testing_notes),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, b, a)| {
            journal::change(
                actor,
                &assessment,
                Some(&action),
                instance.as_deref(),
                field,
                b,
                a,
            )
        })
        .collect()
}
