//! The improvement action details: overview, per-instance results with what the
//! connector observed, implementation, testing, the assessor's review, related
//! controls, evidence and history.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::checks::Evidence as CheckEvidence;
use crate::domain::scoring::{explain, ActionBreakdown};
use crate::domain::{
    ActionPurpose, Enforcement, ImplementationStatus, ImplementationType, TestStatus, TestingSource,
};
use crate::store::repo::evidence::EvidenceRecord;
use crate::store::repo::history::HistoryEntry;
use crate::store::repo::result_details::StoredResult;
use crate::store::repo::{self};
use crate::store::Store;

use super::action_target::ActionTarget;
use super::sync::SYNC_INTERVAL_HOURS;
use super::workspace::Workspace;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionDetails {
    pub assessment_uid: Uuid,
    pub assessment: String,
    pub action_uid: Uuid,
    pub title: String,
    pub description: String,
    pub implementation_type: ImplementationType,
    pub purpose: ActionPurpose,
    pub enforcement: Enforcement,
    pub service: Option<String>,
    /// The benchmark item the action's check implements, for technical actions.
    pub implements: Option<String>,
    pub breakdown: ActionBreakdown,
    pub explanation: String,
    /// One per instance for technical actions, one for the others.
    pub results: Vec<InstanceResult>,
    pub related_controls: Vec<RelatedControl>,
    pub evidence: Vec<EvidenceItem>,
    pub history: Vec<HistoryEntry>,
    /// Expired evidence or an automatic result from data older than twice the sync
    /// interval.
    pub stale: bool,
    /// Some automatic verdict changed under an assessor's override.
    pub needs_review: bool,
    /// The organisation's bound of the check behind the action, when it has one.
    pub threshold: Option<super::check_thresholds::ThresholdView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InstanceResult {
    pub instance_uid: Option<Uuid>,
    pub instance_name: Option<String>,
    /// The status scoring uses: the override when there is one.
    pub test_status: TestStatus,
    /// The status as recorded by the connector or a person, before any override.
    pub recorded_status: TestStatus,
    pub implementation_status: ImplementationStatus,
    pub implementation_date: Option<NaiveDate>,
    pub implementation_notes: String,
    pub assigned_to: Option<String>,
    pub testing_source: TestingSource,
    pub parent_action_uid: Option<Uuid>,
    pub parent_action_title: Option<String>,
    pub partial_credit: Option<f64>,
    pub test_date: Option<DateTime<Utc>>,
    pub testing_notes: String,
    pub automatic: Option<AutomaticResult>,
    pub review: Review,
    pub updated_at: String,
}

/// What the connector saw, for auditors to re-perform the test.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AutomaticResult {
    pub check_id: String,
    pub setting: String,
    #[ts(type = "unknown")]
    pub observed: Option<serde_json::Value>,
    pub expected: String,
    /// Why the check could not decide, and what to do about it.
    pub reason: Option<String>,
    pub next_step: Option<String>,
    pub collected_at: Option<String>,
    pub snapshot_uid: Option<String>,
    pub snapshot_sha256: Option<String>,
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Review {
    /// "accepted", "overridden", "needs_review" or none.
    pub state: Option<String>,
    /// The automatic verdict the review was made on.
    pub reviewed_status: Option<TestStatus>,
    pub override_status: Option<TestStatus>,
    pub justification: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RelatedControl {
    pub family: String,
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EvidenceItem {
    #[serde(flatten)]
    #[ts(flatten)]
    pub record: EvidenceRecord,
    pub expired: bool,
    /// Expires within 30 days.
    pub expiring: bool,
}

/// How old a snapshot may be before results drawn from it are stale.
pub fn stale_after() -> Duration {
    Duration::hours(2 * SYNC_INTERVAL_HOURS)
}

pub fn evidence_item(record: EvidenceRecord, today: NaiveDate) -> EvidenceItem {
    let expires = record.period.expires_on;
    EvidenceItem {
        expired: expires.is_some_and(|d| d < today),
        expiring: expires.is_some_and(|d| d >= today && d <= today + Duration::days(30)),
        record,
    }
}

/// What to do about a result that could not be determined, from the service's reason.
pub fn next_step(status: TestStatus, reason: Option<&str>, instance: &str) -> Option<String> {
    let reason = reason?.to_lowercase();
    let step = match status {
        TestStatus::ToBeDetermined => format!("Sync {instance} to collect its settings."),
        TestStatus::CouldNotBeDetermined if reason.contains("scope") => format!(
            "Grant the scope named above to the app {instance} signs in with, then sync {instance} again."
        ),
        TestStatus::CouldNotBeDetermined
            if reason.contains("permission") || reason.contains("insufficient") =>
        {
            format!("Give the signed-in user of {instance} the permission named above, then sync again.")
        }
        TestStatus::CouldNotBeDetermined => format!(
            "Check that {instance}'s plan offers this setting, or record a manual test with evidence."
        ),
        _ => return None,
    };
    Some(step)
}

pub fn show(store: &Store, assessment: &str, action: &str) -> Result<ActionDetails, ServiceError> {
    let workspace = Workspace::load(store)?;
    let target = ActionTarget::find(&workspace, assessment, action)?;
    let conn = store.conn();
    let score = super::workspace::assessment_score(store, target.assessment.id)?;
    let breakdown = score
        .actions
        .iter()
        .find(|b| b.action_id == target.action.id)
        .cloned()
        .ok_or_else(|| {
            ServiceError::Invalid("the action is not scored in its assessment".into())
        })?;
    let now = Utc::now();
    let today = now.date_naive();
    let stored = repo::result_details::of_action(conn, target.assessment.id, target.action.id)?;
    let results = instance_results(&workspace, &target, stored, now);
    let evidence: Vec<EvidenceItem> =
        repo::evidence::list(conn, target.assessment.id, Some(target.action.id))?
            .into_iter()
            .map(|r| evidence_item(r, today))
            .collect();
    let assessment_uid = target.assessment.uid.to_string();
    let history = repo::history::list(conn, &assessment_uid, Some(&target.action.uid.to_string()))?;
    let related_controls = target
        .template
        .families
        .iter()
        .flat_map(|f| f.controls.iter().map(move |c| (f, c)))
        .filter(|(_, c)| c.action_ids.contains(&target.action.id))
        .map(|(f, c)| RelatedControl {
            family: f.name.clone(),
            name: c.name.clone(),
            title: c.title.clone(),
        })
        .collect();
    let stale = evidence.iter().any(|e| e.expired)
        || results
            .iter()
            .any(|r| r.automatic.as_ref().is_some_and(|a| a.stale));
    let needs_review = results
        .iter()
        .any(|r| r.review.state.as_deref() == Some("needs_review"));
    Ok(ActionDetails {
        assessment_uid: target.assessment.uid,
        assessment: target.assessment.name.clone(),
        action_uid: target.action.uid,
        title: target.action.title.clone(),
        description: target.action.description.clone(),
        implementation_type: target.action.implementation_type,
        purpose: target.action.purpose,
        enforcement: target.action.enforcement,
        service: target.action.service.clone(),
        implements: crate::connectors::implemented_by_action(target.action.uid).map(str::to_string),
        explanation: explain(target.action, &breakdown),
        breakdown,
        results,
        related_controls,
        evidence,
        history,
        stale,
        needs_review,
        threshold: super::check_thresholds::view(conn, target.assessment.id, target.action.uid)?,
    })
}

pub(crate) fn instance_results(
    workspace: &Workspace,
    target: &ActionTarget<'_>,
    stored: Vec<StoredResult>,
    now: DateTime<Utc>,
) -> Vec<InstanceResult> {
    let mut rows: Vec<InstanceResult> = Vec::new();
    let slots: Vec<Option<&crate::domain::ServiceInstance>> = if target.action.is_technical() {
        target.instances.iter().map(|i| Some(*i)).collect()
    } else {
        vec![None]
    };
    for instance in slots {
        let found = stored
            .iter()
            .find(|s| s.instance_id == instance.map(|i| i.id));
        let name = instance.map_or_else(|| "the service".to_string(), |i| i.name.clone());
        rows.push(match found {
            Some(s) => from_stored(workspace, s, instance, &name, now),
            None => untouched(instance),
        });
    }
    rows
}

fn from_stored(
    workspace: &Workspace,
    s: &StoredResult,
    instance: Option<&crate::domain::ServiceInstance>,
    name: &str,
    now: DateTime<Utc>,
) -> InstanceResult {
    let parent = s
        .manual
        .parent_action_id
        .and_then(|id| workspace.actions.iter().find(|a| a.id == id));
    let automatic = s.evidence.as_deref().and_then(|json| {
        let evidence: CheckEvidence = serde_json::from_str(json).ok()?;
        let collected = s.snapshot_finished_at.clone();
        let stale = collected
            .as_deref()
            .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
            .is_some_and(|c| now - c.with_timezone(&Utc) > stale_after());
        Some(AutomaticResult {
            next_step: next_step(s.recorded_status, evidence.reason.as_deref(), name),
            check_id: evidence.check_id,
            setting: evidence.fact,
            observed: evidence.observed,
            expected: evidence.expected,
            reason: evidence.reason,
            collected_at: collected,
            snapshot_uid: s.snapshot_uid.clone(),
            snapshot_sha256: s.snapshot_sha256.clone(),
            stale,
        })
    });
    InstanceResult {
        instance_uid: instance.map(|i| i.uid),
        instance_name: instance.map(|i| i.name.clone()),
        test_status: s.review.override_status.unwrap_or(s.recorded_status),
        recorded_status: s.recorded_status,
        implementation_status: s.manual.implementation_status,
        implementation_date: s.manual.implementation_date,
        implementation_notes: s.manual.implementation_notes.clone(),
        assigned_to: s.manual.assigned_to.clone(),
        testing_source: s.manual.testing_source,
        parent_action_uid: parent.map(|p| p.uid),
        parent_action_title: parent.map(|p| p.title.clone()),
        partial_credit: s.manual.partial_credit.map(|c| c.get()),
        test_date: s.manual.test_date,
        testing_notes: s.manual.testing_notes.clone(),
        automatic,
        review: Review {
            state: s.review.state.map(str::to_string),
            reviewed_status: s.review.reviewed_status,
            override_status: s.review.override_status,
            justification: s.review.justification.clone(),
            reviewed_by: s.review.reviewed_by.clone(),
            reviewed_at: s.review.reviewed_at.clone(),
        },
        updated_at: s.updated_at.clone(),
    }
}

fn untouched(instance: Option<&crate::domain::ServiceInstance>) -> InstanceResult {
    InstanceResult {
        instance_uid: instance.map(|i| i.uid),
        instance_name: instance.map(|i| i.name.clone()),
        test_status: TestStatus::None,
        recorded_status: TestStatus::None,
        implementation_status: ImplementationStatus::NotImplemented,
        implementation_date: None,
        implementation_notes: String::new(),
        assigned_to: None,
        testing_source: if instance.is_some() {
            TestingSource::Automatic
        } else {
            TestingSource::Manual
        },
        parent_action_uid: None,
        parent_action_title: None,
        partial_credit: None,
        test_date: None,
        testing_notes: String::new(),
        automatic: None,
        review: Review {
            state: None,
            reviewed_status: None,
            override_status: None,
            justification: None,
            reviewed_by: None,
            reviewed_at: None,
        },
        updated_at: String::new(),
    }
}
