use rusqlite::{params, Connection, Transaction};

use crate::domain::{
    ActionId, ActionResult, AssessmentId, Credit, ImplementationStatus, InstanceId, ResultKey,
    ResultState, TestStatus, TestingSource,
};
use crate::store::codes::{code, datetime, timestamp};
use crate::store::StoreError;

/// Writes results, replacing those with the same (assessment, action, instance).
pub fn upsert_many(tx: &Transaction<'_>, results: &[ActionResult]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "INSERT INTO action_results (assessment_id, action_id, instance_id, implementation_status,
             implementation_date, implementation_notes, test_status, partial_credit, testing_source,
             parent_action_id, test_date, testing_notes, assigned_to, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (assessment_id, action_id, ifnull(instance_id, 0)) DO UPDATE SET
             implementation_status = excluded.implementation_status,
             implementation_date = excluded.implementation_date,
             implementation_notes = excluded.implementation_notes,
             test_status = excluded.test_status,
             partial_credit = excluded.partial_credit,
             testing_source = excluded.testing_source,
             parent_action_id = excluded.parent_action_id,
             test_date = excluded.test_date,
             testing_notes = excluded.testing_notes,
             assigned_to = excluded.assigned_to,
             updated_at = excluded.updated_at",
    )?;
    for r in results {
        let s = &r.state;
        stmt.execute(params![
            s.key.assessment_id.0,
            s.key.action_id.0,
            s.key.instance_id.map(|i| i.0),
            s.implementation_status.code(),
            r.implementation_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            r.implementation_notes,
            s.test_status.code(),
            s.partial_credit.map(Credit::get),
            s.testing_source.code(),
            s.parent_action_id.map(|a| a.0),
            s.test_date.map(timestamp),
            r.testing_notes,
            r.assigned_to,
            timestamp(r.updated_at),
        ])?;
    }
    Ok(())
}

// An assessor's override replaces the status scoring reads.
const STATE_COLUMNS: &str = "SELECT assessment_id, action_id, instance_id, implementation_status,
        coalesce(override_status, test_status), partial_credit, testing_source, parent_action_id, test_date FROM action_results";

/// What scoring reads of every result, optionally of one assessment only.
pub fn load_states(
    conn: &Connection,
    only: Option<AssessmentId>,
) -> Result<Vec<ResultState>, StoreError> {
    match only {
        // Separate statements, so that one assessment's read uses the key index.
        Some(assessment) => {
            let mut stmt =
                conn.prepare_cached(&format!("{STATE_COLUMNS} WHERE assessment_id = ?1"))?;
            let states = read_states(stmt.query([assessment.0])?, 0);
            states
        }
        None => {
            // The largest row id bounds the count and costs nothing to read.
            let max_id: Option<i64> =
                conn.query_row("SELECT max(id) FROM action_results", [], |r| r.get(0))?;
            let mut stmt = conn.prepare_cached(STATE_COLUMNS)?;
            let states = read_states(stmt.query([])?, max_id.unwrap_or(0).max(0) as usize);
            states
        }
    }
}

/// What scoring reads of one action's results in one assessment.
pub fn load_action_states(
    conn: &Connection,
    assessment: AssessmentId,
    action: ActionId,
) -> Result<Vec<ResultState>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{STATE_COLUMNS} WHERE assessment_id = ?1 AND action_id = ?2"
    ))?;
    let states = read_states(stmt.query([assessment.0, action.0])?, 0);
    states
}

fn read_states(
    mut rows: rusqlite::Rows<'_>,
    capacity: usize,
) -> Result<Vec<ResultState>, StoreError> {
    let mut states = Vec::with_capacity(capacity);
    while let Some(row) = rows.next()? {
        states.push(ResultState {
            key: ResultKey {
                assessment_id: AssessmentId(row.get(0)?),
                action_id: ActionId(row.get(1)?),
                instance_id: row.get::<_, Option<i64>>(2)?.map(InstanceId),
            },
            implementation_status: code(row, 3, ImplementationStatus::from_code_bytes)?,
            test_status: code(row, 4, TestStatus::from_code_bytes)?,
            partial_credit: row.get::<_, Option<f64>>(5)?.map(Credit::new).transpose()?,
            testing_source: code(row, 6, TestingSource::from_code_bytes)?,
            parent_action_id: row.get::<_, Option<i64>>(7)?.map(ActionId),
            test_date: datetime(row, 8)?,
        });
    }
    Ok(states)
}

/// An automatic test result to record for (assessment, action, instance).
pub struct AutomaticResult<'a> {
    pub assessment_id: AssessmentId,
    pub action_id: ActionId,
    pub instance_id: InstanceId,
    pub test_status: TestStatus,
    pub evidence: &'a str,
    pub snapshot_id: Option<i64>,
    pub test_date: Option<chrono::DateTime<chrono::Utc>>,
}

/// An automatic verdict that replaced a different one on an existing result.
pub struct VerdictChange {
    /// Index into the results given to [`record_automatic`].
    pub index: usize,
    pub before: TestStatus,
    /// An override or acceptance stood on the old verdict: it now needs review.
    pub review_flagged: bool,
}

/// Writes automatic results. A result someone switched to manual testing keeps its
/// status: automatic tests never overwrite a person's decision. An assessor's
/// override stays when the verdict changes, flagged for review; an acceptance of the
/// old verdict lapses. Returns the verdicts that changed.
pub fn record_automatic(
    tx: &Transaction<'_>,
    results: &[AutomaticResult<'_>],
) -> Result<Vec<VerdictChange>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO action_results (assessment_id, action_id, instance_id, test_status,
             testing_source, test_date, evidence, snapshot_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'automatic', ?5, ?6, ?7, ?8)
         ON CONFLICT (assessment_id, action_id, ifnull(instance_id, 0)) DO UPDATE SET
             test_status = excluded.test_status,
             test_date = excluded.test_date,
             evidence = excluded.evidence,
             snapshot_id = excluded.snapshot_id,
             updated_at = excluded.updated_at,
             review_state = CASE
                 WHEN action_results.review_state IS NULL
                     OR action_results.reviewed_status = excluded.test_status
                     THEN action_results.review_state
                 WHEN action_results.override_status IS NOT NULL THEN 'needs_review'
                 ELSE NULL END
         WHERE action_results.testing_source = 'automatic'",
    )?;
    let mut changes = Vec::new();
    let now = timestamp(chrono::Utc::now());
    let mut before_of = prior_states(tx, results)?;
    for (index, r) in results.iter().enumerate() {
        let before = before_of.remove(&(r.assessment_id, r.action_id, r.instance_id));
        stmt.execute(params![
            r.assessment_id.0,
            r.action_id.0,
            r.instance_id.0,
            r.test_status.code(),
            r.test_date.map(timestamp),
            r.evidence,
            r.snapshot_id,
            now
        ])?;
        if let Some((status, source, review)) = before {
            let before = TestStatus::from_code(&status)?;
            if source == "automatic" && before != r.test_status {
                changes.push(VerdictChange {
                    index,
                    before,
                    review_flagged: matches!(
                        review.as_deref(),
                        Some("overridden" | "needs_review")
                    ),
                });
            }
        }
    }
    Ok(changes)
}

/// (status, testing source, review state) of the results about to be written, read
/// once per instance rather than once per result.
type Prior =
    rustc_hash::FxHashMap<(AssessmentId, ActionId, InstanceId), (String, String, Option<String>)>;

fn prior_states(
    tx: &Transaction<'_>,
    results: &[AutomaticResult<'_>],
) -> Result<Prior, StoreError> {
    let mut instances: Vec<InstanceId> = results.iter().map(|r| r.instance_id).collect();
    instances.sort_unstable_by_key(|i| i.0);
    instances.dedup();
    let mut stmt = tx.prepare_cached(
        "SELECT assessment_id, action_id, test_status, testing_source, review_state
         FROM action_results WHERE instance_id = ?1",
    )?;
    let mut prior = Prior::default();
    for instance in instances {
        let mut rows = stmt.query([instance.0])?;
        while let Some(r) = rows.next()? {
            prior.insert(
                (AssessmentId(r.get(0)?), ActionId(r.get(1)?), instance),
                (r.get(2)?, r.get(3)?, r.get(4)?),
            );
        }
    }
    Ok(prior)
}

/// (assessment, action, instance, status, evidence JSON) of every automatic result of
/// an assessment.
pub type EvidenceRow = (
    AssessmentId,
    ActionId,
    Option<InstanceId>,
    String,
    Option<String>,
);

pub fn evidence_of(
    conn: &Connection,
    assessment: AssessmentId,
) -> Result<Vec<EvidenceRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT assessment_id, action_id, instance_id, test_status, evidence FROM action_results
         WHERE assessment_id = ?1 ORDER BY action_id, instance_id",
    )?;
    let rows = stmt.query_map([assessment.0], |r| {
        Ok((
            AssessmentId(r.get(0)?),
            ActionId(r.get(1)?),
            r.get::<_, Option<i64>>(2)?.map(InstanceId),
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// After a template update: results of actions the template no longer maps are
/// retired (kept for history), those it maps again are not.
pub fn retire_unmapped(
    tx: &Transaction<'_>,
    assessment: AssessmentId,
    mapped: &[ActionId],
) -> Result<usize, StoreError> {
    let ids = serde_json::to_string(&mapped.iter().map(|a| a.0).collect::<Vec<_>>())
        .expect("a list of integers serialises");
    tx.execute(
        "UPDATE action_results SET retired_at = NULL
         WHERE assessment_id = ?1 AND action_id IN (SELECT value FROM json_each(?2))",
        params![assessment.0, ids],
    )?;
    Ok(tx.execute(
        "UPDATE action_results SET retired_at = ?3
         WHERE assessment_id = ?1 AND retired_at IS NULL
           AND action_id NOT IN (SELECT value FROM json_each(?2))",
        params![assessment.0, ids, timestamp(chrono::Utc::now())],
    )?)
}

/// How many results of the assessment are retired.
pub fn retired_count(conn: &Connection, assessment: AssessmentId) -> Result<usize, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM action_results WHERE assessment_id = ?1 AND retired_at IS NOT NULL",
        [assessment.0],
        |r| r.get::<_, i64>(0),
    )? as usize)
}
