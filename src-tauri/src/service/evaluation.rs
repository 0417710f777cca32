//! Turns an instance's latest snapshot into automatic test results in every
//! assessment that includes it: one result per (action, instance), with evidence.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Deserialize;
use uuid::Uuid;

use crate::connectors::checks::evaluate;
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
    for (assessment_id, action_id, action_uid) in targets {
        let Some(check) = checks.get(&action_uid) else {
            continue;
        };
        let mut verdict = evaluate(check, snapshot.map(|s| &s.facts));
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
    repo::results::record_automatic(tx, &results)?;
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
