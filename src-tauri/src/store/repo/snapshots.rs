//! Immutable snapshots of what a sync read, and the record of every sync attempt.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::domain::InstanceId;
use crate::store::codes::{required_datetime, timestamp, uid};
use crate::store::StoreError;

pub struct NewSnapshot<'a> {
    pub uid: Uuid,
    pub instance_id: InstanceId,
    pub instance_uid: Uuid,
    pub instance_name: &'a str,
    pub service: &'a str,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub requests: u32,
    /// Canonical JSON of the raw answers and the facts.
    pub content: &'a str,
    pub sha256: &'a str,
}

#[derive(Debug, Clone)]
pub struct StoredSnapshot {
    pub id: i64,
    pub uid: Uuid,
    pub finished_at: DateTime<Utc>,
    pub sha256: String,
    pub content: String,
}

pub fn insert(tx: &Transaction<'_>, s: &NewSnapshot<'_>) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO snapshots (uid, instance_id, instance_uid, instance_name, service, started_at,
             finished_at, requests, content, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            s.uid.to_string(),
            s.instance_id.0,
            s.instance_uid.to_string(),
            s.instance_name,
            s.service,
            timestamp(s.started_at),
            timestamp(s.finished_at),
            s.requests,
            s.content,
            s.sha256
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The instance's snapshots, newest first, at most `limit`.
pub fn latest(
    conn: &Connection,
    instance: InstanceId,
    limit: usize,
) -> Result<Vec<StoredSnapshot>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, uid, finished_at, sha256, content FROM snapshots WHERE instance_id = ?1
         ORDER BY finished_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![instance.0, limit as i64], |r| {
        Ok(StoredSnapshot {
            id: r.get(0)?,
            uid: uid(r, 1)?,
            finished_at: required_datetime(r, 2)?,
            sha256: r.get(3)?,
            content: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stored content and SHA-256 of the snapshot `uid`, if it is still kept.
pub fn content(conn: &Connection, uid: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT content, sha256 FROM snapshots WHERE uid = ?1",
            [uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Snapshots kept for an instance uid (also after the instance was removed).
pub fn count_for(conn: &Connection, instance_uid: Uuid) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM snapshots WHERE instance_uid = ?1",
        [instance_uid.to_string()],
        |r| r.get(0),
    )?)
}

pub struct NewSyncRun<'a> {
    pub instance_id: InstanceId,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub snapshot_id: Option<i64>,
    /// (code, message) of a failed sync.
    pub error: Option<(&'a str, &'a str)>,
}

pub fn record_run(tx: &Transaction<'_>, run: &NewSyncRun<'_>) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sync_runs (instance_id, started_at, finished_at, outcome, snapshot_id,
             error_code, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            run.instance_id.0,
            timestamp(run.started_at),
            timestamp(run.finished_at),
            if run.error.is_some() {
                "failed"
            } else {
                "succeeded"
            },
            run.snapshot_id,
            run.error.map(|e| e.0),
            run.error.map(|e| e.1)
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct LastRuns {
    pub last_success: Option<DateTime<Utc>>,
    /// The latest attempt, when it failed: when, code and message.
    pub last_failure: Option<(DateTime<Utc>, String, String)>,
}

pub fn last_runs(conn: &Connection, instance: InstanceId) -> Result<LastRuns, StoreError> {
    let last_success = conn
        .query_row(
            "SELECT finished_at FROM sync_runs WHERE instance_id = ?1 AND outcome = 'succeeded'
             ORDER BY started_at DESC, id DESC LIMIT 1",
            [instance.0],
            |r| required_datetime(r, 0),
        )
        .optional()?;
    let last_failure = conn
        .query_row(
            "SELECT finished_at, outcome, error_code, error_message FROM sync_runs
             WHERE instance_id = ?1 ORDER BY started_at DESC, id DESC LIMIT 1",
            [instance.0],
            |r| {
                let outcome: String = r.get(1)?;
                Ok((outcome == "failed").then(|| -> rusqlite::Result<_> {
                    Ok((required_datetime(r, 0)?, r.get(2)?, r.get(3)?))
                }))
            },
        )
        .optional()?
        .flatten()
        .transpose()?;
    Ok(LastRuns {
        last_success,
        last_failure,
    })
}
