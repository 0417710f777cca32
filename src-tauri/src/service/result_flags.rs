//! Per-result facts the lists need besides scores: assignee, review state and how
//! old the data is, read in one pass over an assessment's results.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rustc_hash::FxHashMap;

use crate::domain::scoring::ActionBreakdown;
use crate::domain::{ActionId, AssessmentId, InstanceId, TestStatus};
use crate::store::StoreError;

#[derive(Debug, Default, Clone)]
pub struct ActionFlags {
    pub assignees: Vec<String>,
    pub needs_review: bool,
    pub overridden: bool,
    /// Oldest snapshot an automatic result of the action was drawn from.
    pub oldest_data: Option<DateTime<Utc>>,
    /// Instances whose result reads this status, for the instance filter.
    pub instances: Vec<InstanceId>,
}

pub fn action_flags(
    conn: &Connection,
    assessment: AssessmentId,
) -> Result<FxHashMap<ActionId, ActionFlags>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.action_id, r.instance_id, r.assigned_to, r.review_state, s.finished_at
         FROM action_results r LEFT JOIN snapshots s ON s.id = r.snapshot_id
         WHERE r.assessment_id = ?1 AND r.retired_at IS NULL",
    )?;
    let mut rows = stmt.query([assessment.0])?;
    let mut flags: FxHashMap<ActionId, ActionFlags> = FxHashMap::default();
    while let Some(row) = rows.next()? {
        let entry = flags.entry(ActionId(row.get(0)?)).or_default();
        if let Some(instance) = row.get::<_, Option<i64>>(1)? {
            entry.instances.push(InstanceId(instance));
        }
        if let Some(person) = row.get::<_, Option<String>>(2)? {
            if !entry.assignees.contains(&person) {
                entry.assignees.push(person);
            }
        }
        match row.get_ref(3)?.as_str_or_null().ok().flatten() {
            Some("needs_review") => entry.needs_review = true,
            Some("overridden") => entry.overridden = true,
            _ => {}
        }
        if let Some(at) = row.get::<_, Option<String>>(4)? {
            if let Ok(at) = DateTime::parse_from_rfc3339(&at) {
                let at = at.with_timezone(&Utc);
                entry.oldest_data = Some(entry.oldest_data.map_or(at, |o| o.min(at)));
            }
        }
    }
    Ok(flags)
}

/// The one status a list shows for an action across its instances: the worst
/// failure, else what keeps it from passing ("Could not be determined" stays that,
/// never "In progress"), else Passed.
pub fn summary_status(b: &ActionBreakdown) -> TestStatus {
    let has = |s: TestStatus| b.statuses.iter().any(|c| c.status == s && c.count > 0);
    if b.applicable == 0 || b.in_scope == 0 {
        return TestStatus::OutOfScope;
    }
    [
        TestStatus::FailedHighRisk,
        TestStatus::FailedMediumRisk,
        TestStatus::FailedLowRisk,
        TestStatus::CouldNotBeDetermined,
        TestStatus::PartiallyTested,
        TestStatus::InProgress,
        TestStatus::ToBeDetermined,
        TestStatus::NotAssessed,
        TestStatus::None,
    ]
    .into_iter()
    .find(|s| has(*s))
    .unwrap_or(if has(TestStatus::Passed) {
        TestStatus::Passed
    } else {
        TestStatus::None
    })
}
