//! Turns an instance's latest snapshot into automatic test results in every
//! assessment that includes it: one result per (action, instance), with evidence.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Deserialize;
use uuid::Uuid;

use crate::connectors::checks::evaluate_with;
use crate::connectors::connector;
use crate::connectors::facts::Facts;
use crate::domain::{AssessmentId, ServiceInstance};
use crate::store::repo::{self, results::AutomaticResult};

use super::ServiceError;

/// The facts of a stored snapshot, with what identifies it in evidence.
pub struct SnapshotFacts {
    pub id: i64,
    pub uid: Uuid,
    pub sha256: String,
    pub finished_at: DateTime<Utc>,
    pub facts: Facts,
}

#[derive(Deserialize)]
struct Content {
    facts: Facts,
}

/// The instance's `limit` newest snapshots' facts, newest first.
pub fn recent_facts(
    conn: &Connection,
    instance: &ServiceInstance,
    limit: usize,
) -> Result<Vec<SnapshotFacts>, ServiceError> {
    repo::snapshots::latest(conn, instance.id, limit)?
        .into_iter()
        .map(|s| {
            let content: Content = serde_json::from_str(&s.content).map_err(|e| {
                ServiceError::Invalid(format!("snapshot {} cannot be read: {e}", s.uid))
            })?;
            Ok(SnapshotFacts {
                id: s.id,
                uid: s.uid,
                sha256: s.sha256,
                finished_at: s.finished_at,
                facts: content.facts,
            })
        })
        .collect()
}

/// Records the checks' verdicts on `snapshot` (or "to be determined" without one)
/// for the instance in every assessment including it, or in `only` that one.
/// Returns how many results were written.
pub fn apply(
    tx: &Transaction<'_>,
    instance: &ServiceInstance,
    snapshot: Option<&SnapshotFacts>,
    only: Option<AssessmentId>,
) -> Result<usize, ServiceError> {
    let Some(connector) = connector(&instance.service) else {
        return Ok(0);
    };
    let checks: HashMap<Uuid, _> = connector
        .checks()
        .into_iter()
        .map(|c| (c.action_uid(), c))
        .collect();
    let targets =
        repo::assessments::service_actions_for_instance(tx, instance.id, &instance.service, only)?;
    let mut verdicts = Vec::new();
    let mut checks_by_action = HashMap::new();
    let mut thresholds = HashMap::new();
    for (assessment_id, action_id, action_uid) in targets {
        checks_by_action.insert(action_id, action_uid);
        let Some(check) = checks.get(&action_uid) else {
            continue;
        };
        let bounds = match thresholds.entry(assessment_id) {
            std::collections::hash_map::Entry::Occupied(slot) => slot.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(repo::check_thresholds::for_assessment(tx, assessment_id)?)
            }
        };
        let bound = bounds.get(&check.id).copied();
        let mut verdict = evaluate_with(check, snapshot.map(|s| &s.facts), bound);
        verdict.evidence.snapshot = snapshot.map(|s| s.uid);
        verdict.evidence.snapshot_sha256 = snapshot.map(|s| s.sha256.clone());
        let evidence = serde_json::to_string(&verdict.evidence)
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        verdicts.push((assessment_id, action_id, verdict.status, evidence));
    }
    let results: Vec<AutomaticResult<'_>> = verdicts
        .iter()
        .map(
            |(assessment_id, action_id, status, evidence)| AutomaticResult {
                assessment_id: *assessment_id,
                action_id: *action_id,
                instance_id: instance.id,
                test_status: *status,
                evidence,
                snapshot_id: snapshot.map(|s| s.id),
                test_date: snapshot.map(|s| s.finished_at),
            },
        )
        .collect();
    let changed = repo::results::record_automatic(tx, &results)?;
    record_changes(
        tx,
        instance,
        &targets_uids(tx, &results, &checks_by_action)?,
        &changed,
        &results,
    )?;
    Ok(results.len())
}

/// Records the checks' verdicts on the instance's latest snapshot (or "to be
/// determined" before its first sync) in one assessment.
pub fn apply_latest(
    tx: &Transaction<'_>,
    instance: &ServiceInstance,
    assessment: AssessmentId,
) -> Result<usize, ServiceError> {
    let latest = recent_facts(tx, instance, 1)?.into_iter().next();
    apply(tx, instance, latest.as_ref(), Some(assessment))
}

/// The (assessment uid, action uid) of each result, for history entries.
fn targets_uids(
    tx: &Transaction<'_>,
    results: &[AutomaticResult<'_>],
    action_uids: &HashMap<crate::domain::ActionId, Uuid>,
) -> Result<Vec<(String, String)>, ServiceError> {
    let mut assessment_uids: HashMap<AssessmentId, String> = HashMap::new();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        if let std::collections::hash_map::Entry::Vacant(slot) =
            assessment_uids.entry(r.assessment_id)
        {
            let uid: String = tx
                .query_row(
                    "SELECT uid FROM assessments WHERE id = ?1",
                    [r.assessment_id.0],
                    |row| row.get(0),
                )
                .map_err(crate::store::StoreError::from)?;
            slot.insert(uid);
        }
        out.push((
            assessment_uids[&r.assessment_id].clone(),
            action_uids
                .get(&r.action_id)
                .map(Uuid::to_string)
                .unwrap_or_default(),
        ));
    }
    Ok(out)
}

/// Every automatic verdict that changed goes into the history, with whether an
/// assessor's review of the old verdict now needs another look.
fn record_changes(
    tx: &Transaction<'_>,
    instance: &ServiceInstance,
    uids: &[(String, String)],
    changed: &[repo::results::VerdictChange],
    results: &[AutomaticResult<'_>],
) -> Result<(), ServiceError> {
    let actor = format!("Connector sync ({})", instance.name);
    let instance_uid = instance.uid.to_string();
    let mut entries = Vec::new();
    for change in changed {
        let (assessment_uid, action_uid) = &uids[change.index];
        let after = results[change.index].test_status;
        let entry = |field: &str, before: &str, after: &str| {
            super::journal::change(
                &actor,
                assessment_uid,
                Some(action_uid),
                Some(&instance_uid),
                field,
                Some(before.to_string()),
                Some(after.to_string()),
            )
        };
        entries.push(entry(
            "automatic_result",
            change.before.code(),
            after.code(),
        ));
        if change.review_flagged {
            // The override stays; the verdict it overrode is gone, so it needs review.
            entries.push(entry("review", "overridden", "needs_review"));
        }
    }
    super::journal::record(tx, &entries)
}

/// Stores a successful sync: the snapshot (its canonical JSON `content` and SHA-256),
/// the run, and the checks' verdicts in every assessment including the instance.
/// Returns the snapshot's UUID and SHA-256 and how many results were written.
pub fn record_sync(
    tx: &Transaction<'_>,
    instance: &ServiceInstance,
    (started_at, finished_at): (DateTime<Utc>, DateTime<Utc>),
    requests: u32,
    content: &str,
    facts: Facts,
) -> Result<(Uuid, String, usize), ServiceError> {
    use crate::store::repo::snapshots;
    let uid = Uuid::new_v4();
    let sha256 = super::sync::sha256_hex(content);
    let id = snapshots::insert(
        tx,
        &snapshots::NewSnapshot {
            uid,
            instance_id: instance.id,
            instance_uid: instance.uid,
            instance_name: &instance.name,
            service: &instance.service,
            started_at,
            finished_at,
            requests,
            content,
            sha256: &sha256,
        },
    )?;
    snapshots::record_run(
        tx,
        &snapshots::NewSyncRun {
            instance_id: instance.id,
            started_at,
            finished_at,
            snapshot_id: Some(id),
            error: None,
        },
    )?;
    let snapshot = SnapshotFacts {
        id,
        uid,
        sha256: sha256.clone(),
        finished_at,
        facts,
    };
    let written = apply(tx, instance, Some(&snapshot), None)?;
    Ok((uid, sha256, written))
}
