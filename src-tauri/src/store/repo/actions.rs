use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::domain::{ActionId, ActionPurpose, Enforcement, ImplementationType, ImprovementAction};
use crate::store::codes::{code, uid};
use crate::store::StoreError;

/// Adds the action, or updates the one with the same `uid` (templates share actions).
/// The action's `id` is ignored; the stored id is returned.
pub fn upsert(tx: &Transaction<'_>, action: &ImprovementAction) -> Result<ActionId, StoreError> {
    action.validate()?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM improvement_actions WHERE uid = ?1",
            [action.uid.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let values = params![
        action.uid.to_string(),
        action.title,
        action.description,
        action.purpose.code(),
        action.enforcement.code(),
        action.custom_score,
        action.implementation_type.code(),
        action.service,
    ];
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE improvement_actions SET title = ?2, description = ?3, purpose = ?4,
                 enforcement = ?5, custom_score = ?6, implementation_type = ?7, service = ?8
                 WHERE uid = ?1",
                values,
            )
            .map_err(|e| super::unique(e, "an improvement action titled", &action.title))?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO improvement_actions
                 (uid, title, description, purpose, enforcement, custom_score, implementation_type, service)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                values,
            )
            .map_err(|e| super::unique(e, "an improvement action titled", &action.title))?;
            tx.last_insert_rowid()
        }
    };
    Ok(ActionId(id))
}

pub fn id_of(conn: &Connection, action_uid: Uuid) -> Result<Option<ActionId>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM improvement_actions WHERE uid = ?1",
            [action_uid.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .map(ActionId))
}

pub fn load_all(conn: &Connection) -> Result<Vec<ImprovementAction>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, uid, title, description, purpose, enforcement, custom_score, implementation_type, service
         FROM improvement_actions ORDER BY title",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(ImprovementAction {
            id: ActionId(row.get(0)?),
            uid: uid(row, 1)?,
            title: row.get(2)?,
            description: row.get(3)?,
            purpose: code(row, 4, ActionPurpose::from_code_bytes)?,
            enforcement: code(row, 5, Enforcement::from_code_bytes)?,
            custom_score: row.get(6)?,
            implementation_type: code(row, 7, ImplementationType::from_code_bytes)?,
            service: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
