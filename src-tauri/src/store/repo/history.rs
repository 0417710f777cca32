//! The append-only change history. Each entry's SHA-256 covers its fields and the
//! previous entry's hash, so a later edit of any entry is detectable.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::store::StoreError;

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change to record: who changed which field of what, from what to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub actor: String,
    pub assessment_uid: String,
    pub action_uid: Option<String>,
    pub instance_uid: Option<String>,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub assessment_uid: String,
    pub action_uid: Option<String>,
    pub instance_uid: Option<String>,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub sha256: String,
}

/// The hash of an entry: SHA-256 of the JSON array of its fields and the previous
/// hash. JSON keeps the field boundaries unambiguous.
fn entry_hash(at: &str, change: &Change, prev: &str) -> String {
    let canonical = serde_json::json!([
        at,
        change.actor,
        change.assessment_uid,
        change.action_uid,
        change.instance_uid,
        change.field,
        change.before,
        change.after,
        prev
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn head(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn
        .query_row(
            "SELECT sha256 FROM history ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string()))
}

/// Appends `changes` in order, chained to the current head.
pub fn append(tx: &Transaction<'_>, at: &str, changes: &[Change]) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut prev = head(tx)?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO history (at, actor, assessment_uid, action_uid, instance_uid, field,
             before, after, prev_sha256, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for change in changes {
        let hash = entry_hash(at, change, &prev);
        stmt.execute(params![
            at,
            change.actor,
            change.assessment_uid,
            change.action_uid,
            change.instance_uid,
            change.field,
            change.before,
            change.after,
            prev,
            hash
        ])?;
        prev = hash;
    }
    Ok(())
}

/// Entries of an assessment (and of one action of it), newest first.
pub fn list(
    conn: &Connection,
    assessment_uid: &str,
    action_uid: Option<&str>,
) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, assessment_uid, action_uid, instance_uid, field, before, after,
             sha256
         FROM history WHERE assessment_uid = ?1 AND (?2 IS NULL OR action_uid = ?2)
         ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![assessment_uid, action_uid], |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            assessment_uid: r.get(3)?,
            action_uid: r.get(4)?,
            instance_uid: r.get(5)?,
            field: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            sha256: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChainCheck {
    pub entries: u64,
    /// The last entry's hash (the genesis hash for an empty history).
    pub head: String,
    /// The first entry that does not match its hash or its predecessor, and why.
    pub broken: Option<BrokenEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrokenEntry {
    pub id: i64,
    pub reason: String,
}

/// Recomputes every entry's hash in order.
pub fn verify(conn: &Connection) -> Result<ChainCheck, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, assessment_uid, action_uid, instance_uid, field, before, after,
             prev_sha256, sha256 FROM history ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        entries += 1;
        let id: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let change = Change {
            actor: r.get(2)?,
            assessment_uid: r.get(3)?,
            action_uid: r.get(4)?,
            instance_uid: r.get(5)?,
            field: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
        };
        let stored_prev: String = r.get(9)?;
        let stored: String = r.get(10)?;
        let reason = if stored_prev != prev {
            Some("it does not follow the entry before it (an entry was removed or inserted)")
        } else if entry_hash(&at, &change, &prev) != stored {
            Some("its content does not match its hash (the entry was edited)")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Ok(ChainCheck {
                entries,
                head: prev,
                broken: Some(BrokenEntry {
                    id,
                    reason: reason.to_string(),
                }),
            });
        }
        prev = stored;
    }
    Ok(ChainCheck {
        entries,
        head: prev,
        broken: None,
    })
}
