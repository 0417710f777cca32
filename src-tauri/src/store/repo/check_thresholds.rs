//! An assessment's own bounds for checks whose bound is organisation policy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::domain::AssessmentId;
use crate::store::StoreError;

/// Every bound the assessment set, by check id.
pub fn for_assessment(
    conn: &Connection,
    assessment: AssessmentId,
) -> Result<HashMap<String, f64>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT check_id, value FROM check_thresholds WHERE assessment_id = ?1")?;
    let rows = stmt.query_map([assessment.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sets the assessment's bound for a check; `None` goes back to the benchmark's.
pub fn set(
    conn: &Connection,
    assessment: AssessmentId,
    check_id: &str,
    value: Option<f64>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO check_thresholds (assessment_id, check_id, value, changed_by, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (assessment_id, check_id) DO UPDATE SET
                value = excluded.value, changed_by = excluded.changed_by,
                changed_at = excluded.changed_at",
            params![assessment.0, check_id, value, by, at.to_rfc3339()],
        )?,
        None => conn.execute(
            "DELETE FROM check_thresholds WHERE assessment_id = ?1 AND check_id = ?2",
            params![assessment.0, check_id],
        )?,
    };
    Ok(())
}
