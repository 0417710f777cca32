use chrono::Utc;
use rusqlite::{params, Connection, Transaction};
use uuid::Uuid;

use crate::domain::{DomainError, InstanceId, ServiceInstance};
use crate::store::codes::{required_datetime, timestamp, uid};
use crate::store::StoreError;

/// Adds a service instance; names are unique regardless of case.
pub fn insert(
    tx: &Transaction<'_>,
    name: &str,
    service: &str,
) -> Result<ServiceInstance, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::Empty("a connector name").into());
    }
    let instance = ServiceInstance {
        id: InstanceId(0),
        uid: Uuid::new_v4(),
        name: name.to_string(),
        service: service.to_string(),
        created_at: Utc::now(),
    };
    tx.execute(
        "INSERT INTO service_instances (uid, name, service, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            instance.uid.to_string(),
            instance.name,
            instance.service,
            timestamp(instance.created_at)
        ],
    )
    .map_err(|e| super::unique(e, "a connector named", name))?;
    Ok(ServiceInstance {
        id: InstanceId(tx.last_insert_rowid()),
        ..instance
    })
}

pub fn list(conn: &Connection) -> Result<Vec<ServiceInstance>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, uid, name, service, created_at FROM service_instances ORDER BY name",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(ServiceInstance {
            id: InstanceId(row.get(0)?),
            uid: uid(row, 1)?,
            name: row.get(2)?,
            service: row.get(3)?,
            created_at: required_datetime(row, 4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
