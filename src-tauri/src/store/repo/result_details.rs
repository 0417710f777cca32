//! The whole stored record of results, as the action details show them, and the
//! writes people make: manual work and assessor reviews.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};

use crate::domain::{
    ActionId, AssessmentId, Credit, ImplementationStatus, InstanceId, TestStatus, TestingSource,
};
use crate::store::codes::{code, datetime};
use crate::store::StoreError;

/// What a person sets on a result (the automatic fields are left alone).
#[derive(Debug, Clone, PartialEq)]
pub struct ManualFields {
    pub implementation_status: ImplementationStatus,
    pub implementation_date: Option<NaiveDate>,
    pub implementation_notes: String,
    pub assigned_to: Option<String>,
    pub testing_source: TestingSource,
    pub parent_action_id: Option<ActionId>,
    /// Written only when the source is manual: an automatic source keeps the verdict.
    pub test_status: TestStatus,
    pub partial_credit: Option<Credit>,
    pub test_date: Option<chrono::DateTime<chrono::Utc>>,
    pub testing_notes: String,
}

/// The assessor's review of an automatic result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFields {
    /// "accepted", "overridden" or "needs_review".
    pub state: Option<&'static str>,
    pub reviewed_status: Option<TestStatus>,
    pub override_status: Option<TestStatus>,
    pub justification: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
}

/// One stored result with everything the action details show.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    pub action_id: ActionId,
    pub instance_id: Option<InstanceId>,
    pub manual: ManualFields,
    /// The status as stored (an automatic verdict or a person's), before any override.
    pub recorded_status: TestStatus,
    pub evidence: Option<String>,
    pub snapshot_uid: Option<String>,
    pub snapshot_sha256: Option<String>,
    pub snapshot_finished_at: Option<String>,
    pub review: ReviewFields,
    pub updated_at: String,
}

fn optional_date(value: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("date {v:?}: {e}").into(),
                )
            })
        })
        .transpose()
}

fn review_state(value: Option<String>) -> Option<&'static str> {
    match value.as_deref() {
        Some("accepted") => Some("accepted"),
        Some("overridden") => Some("overridden"),
        Some("needs_review") => Some("needs_review"),
        _ => None,
    }
}

/// The results of one action in one assessment (one per instance, or one), with the
/// snapshot each automatic verdict came from.
pub fn of_action(
    conn: &Connection,
    assessment: AssessmentId,
    action: ActionId,
) -> Result<Vec<StoredResult>, StoreError> {
    of_assessment(conn, assessment, Some(action))
}

/// Every current result of an assessment (of one action when given), by action.
pub fn of_assessment(
    conn: &Connection,
    assessment: AssessmentId,
    action: Option<ActionId>,
) -> Result<Vec<StoredResult>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.instance_id, r.implementation_status, r.implementation_date,
             r.implementation_notes, r.assigned_to, r.testing_source, r.parent_action_id,
             r.test_status, r.partial_credit, r.test_date, r.testing_notes, r.evidence,
             s.uid, s.sha256, s.finished_at, r.review_state, r.reviewed_status,
             r.override_status, r.override_justification, r.reviewed_by, r.reviewed_at,
             r.updated_at, r.action_id
         FROM action_results r LEFT JOIN snapshots s ON s.id = r.snapshot_id
         WHERE r.assessment_id = ?1 AND (?2 IS NULL OR r.action_id = ?2) AND r.retired_at IS NULL
         ORDER BY r.action_id, r.instance_id",
    )?;
    let rows = stmt.query_map(params![assessment.0, action.map(|a| a.0)], |r| {
        let status = code(r, 7, TestStatus::from_code_bytes)?;
        let status_code = |i: usize| -> rusqlite::Result<Option<TestStatus>> {
            r.get::<_, Option<String>>(i)?
                .map(|c| TestStatus::from_code(&c))
                .transpose()
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })
        };
        Ok(StoredResult {
            action_id: ActionId(r.get(22)?),
            instance_id: r.get::<_, Option<i64>>(0)?.map(InstanceId),
            manual: ManualFields {
                implementation_status: code(r, 1, ImplementationStatus::from_code_bytes)?,
                implementation_date: optional_date(r.get(2)?)?,
                implementation_notes: r.get(3)?,
                assigned_to: r.get(4)?,
                testing_source: code(r, 5, TestingSource::from_code_bytes)?,
                parent_action_id: r.get::<_, Option<i64>>(6)?.map(ActionId),
                test_status: status,
                partial_credit: r
                    .get::<_, Option<f64>>(8)?
                    .and_then(|c| Credit::new(c).ok()),
                test_date: datetime(r, 9)?,
                testing_notes: r.get(10)?,
            },
            recorded_status: status,
            evidence: r.get(11)?,
            snapshot_uid: r.get(12)?,
            snapshot_sha256: r.get(13)?,
            snapshot_finished_at: r.get(14)?,
            review: ReviewFields {
                state: review_state(r.get(15)?),
                reviewed_status: status_code(16)?,
                override_status: status_code(17)?,
                justification: r.get(18)?,
                reviewed_by: r.get(19)?,
                reviewed_at: r.get(20)?,
            },
            updated_at: r.get(21)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes a person's fields on (assessment, action, instance), creating the result if
/// nobody has touched it yet. An automatic source keeps the connector's verdict.
pub fn write_manual(
    tx: &Transaction<'_>,
    assessment: AssessmentId,
    action: ActionId,
    instance: Option<InstanceId>,
    fields: &ManualFields,
    now: &str,
) -> Result<(), StoreError> {
    let date = fields
        .implementation_date
        .map(|d| d.format("%Y-%m-%d").to_string());
    let automatic = fields.testing_source == TestingSource::Automatic;
    tx.prepare_cached(
        "INSERT INTO action_results (assessment_id, action_id, instance_id,
             implementation_status, implementation_date, implementation_notes, assigned_to,
             testing_source, parent_action_id, test_status, partial_credit, test_date,
             testing_notes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (assessment_id, action_id, ifnull(instance_id, 0)) DO UPDATE SET
             implementation_status = excluded.implementation_status,
             implementation_date = excluded.implementation_date,
             implementation_notes = excluded.implementation_notes,
             assigned_to = excluded.assigned_to,
             testing_source = excluded.testing_source,
             parent_action_id = excluded.parent_action_id,
             test_status = CASE WHEN ?15 THEN action_results.test_status
                 ELSE excluded.test_status END,
             partial_credit = excluded.partial_credit,
             test_date = CASE WHEN ?15 THEN action_results.test_date
                 ELSE excluded.test_date END,
             testing_notes = excluded.testing_notes,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        assessment.0,
        action.0,
        instance.map(|i| i.0),
        fields.implementation_status.code(),
        date,
        fields.implementation_notes,
        fields.assigned_to,
        fields.testing_source.code(),
        fields.parent_action_id.map(|a| a.0),
        if automatic {
            TestStatus::ToBeDetermined.code()
        } else {
            fields.test_status.code()
        },
        fields.partial_credit.map(Credit::get),
        fields.test_date.map(crate::store::codes::timestamp),
        fields.testing_notes,
        now,
        automatic,
    ])?;
    Ok(())
}

/// Records an assessor's review on an existing result.
pub fn write_review(
    tx: &Transaction<'_>,
    assessment: AssessmentId,
    action: ActionId,
    instance: Option<InstanceId>,
    review: &ReviewFields,
) -> Result<bool, StoreError> {
    let changed = tx.execute(
        "UPDATE action_results SET review_state = ?4, reviewed_status = ?5, override_status = ?6,
             override_justification = ?7, reviewed_by = ?8, reviewed_at = ?9
         WHERE assessment_id = ?1 AND action_id = ?2 AND ifnull(instance_id, 0) = ifnull(?3, 0)",
        params![
            assessment.0,
            action.0,
            instance.map(|i| i.0),
            review.state,
            review.reviewed_status.map(TestStatus::code),
            review.override_status.map(TestStatus::code),
            review.justification,
            review.reviewed_by,
            review.reviewed_at,
        ],
    )?;
    Ok(changed > 0)
}
