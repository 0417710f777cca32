use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::domain::{AssessmentGroup, DomainError, GroupId};
use crate::store::codes::{now, uid};
use crate::store::StoreError;

/// The group with this name (any case), created if it does not exist yet.
pub fn get_or_create(tx: &Transaction<'_>, name: &str) -> Result<AssessmentGroup, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::Empty("an assessment group's name").into());
    }
    let found = tx
        .query_row(
            "SELECT id, uid, name FROM assessment_groups WHERE name = ?1",
            [name],
            read,
        )
        .optional()?;
    if let Some(group) = found {
        return Ok(group);
    }
    let group_uid = Uuid::new_v4();
    tx.execute(
        "INSERT INTO assessment_groups (uid, name, created_at) VALUES (?1, ?2, ?3)",
        params![group_uid.to_string(), name, now()],
    )?;
    Ok(AssessmentGroup {
        id: GroupId(tx.last_insert_rowid()),
        uid: group_uid,
        name: name.to_string(),
    })
}

pub fn list(conn: &Connection) -> Result<Vec<AssessmentGroup>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, uid, name FROM assessment_groups ORDER BY name")?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<AssessmentGroup> {
    Ok(AssessmentGroup {
        id: GroupId(row.get(0)?),
        uid: uid(row, 1)?,
        name: row.get(2)?,
    })
}
