//! The daily score trend: one row per day and assessment ('' for the overall score),
//! rewritten by every change that day.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::store::StoreError;

/// The overall score's key in `score_history`.
pub const OVERALL: &str = "";

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScorePoint {
    /// `YYYY-MM-DD`, in UTC.
    pub day: String,
    pub achieved: f64,
    pub possible: f64,
}

/// Records today's scores: (assessment uid or [`OVERALL`], achieved, possible).
pub fn record(
    tx: &Transaction<'_>,
    day: &str,
    scores: &[(String, f64, f64)],
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO score_history (day, assessment_uid, achieved, possible)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (day, assessment_uid) DO UPDATE SET
             achieved = excluded.achieved, possible = excluded.possible",
    )?;
    for (uid, achieved, possible) in scores {
        stmt.execute(params![day, uid, achieved, possible])?;
    }
    Ok(())
}

/// The series of one assessment (or the overall score) from `since` on, oldest first.
pub fn series(
    conn: &Connection,
    assessment_uid: &str,
    since: &str,
) -> Result<Vec<ScorePoint>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, achieved, possible FROM score_history
         WHERE assessment_uid = ?1 AND day >= ?2 ORDER BY day",
    )?;
    let rows = stmt.query_map(params![assessment_uid, since], |r| {
        Ok(ScorePoint {
            day: r.get(0)?,
            achieved: r.get(1)?,
            possible: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
