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

/// How an instance connects and how it is doing; secrets are in the OS keyring.
#[derive(Debug, Clone)]
pub struct InstanceRecord {
    pub instance: ServiceInstance,
    pub auth_method: String,
    pub settings: serde_json::Value,
    pub terms_version: Option<String>,
    pub terms_accepted_at: Option<chrono::DateTime<Utc>>,
    pub status: String,
    pub status_reason: Option<String>,
}

/// What `insert_connected` stores besides the name.
pub struct NewConnection<'a> {
    pub uid: Uuid,
    pub name: &'a str,
    pub service: &'a str,
    pub auth_method: &'a str,
    pub settings: &'a serde_json::Value,
    pub terms_version: &'a str,
    /// The account behind the connection (organization or account id), if known.
    pub account_id: Option<&'a str>,
}

pub fn insert_connected(
    tx: &Transaction<'_>,
    new: &NewConnection<'_>,
) -> Result<ServiceInstance, StoreError> {
    let instance = insert(tx, new.name, new.service)?;
    tx.execute(
        "UPDATE service_instances SET uid = ?2, auth_method = ?3, settings = ?4, terms_version = ?5,
             terms_accepted_at = ?6, status = 'connected', status_reason = NULL, account_id = ?7
         WHERE id = ?1",
        params![
            instance.id.0,
            new.uid.to_string(),
            new.auth_method,
            new.settings.to_string(),
            new.terms_version,
            timestamp(Utc::now()),
            new.account_id
        ],
    )?;
    Ok(ServiceInstance {
        uid: new.uid,
        ..instance
    })
}

const RECORD_COLUMNS: &str = "SELECT id, uid, name, service, created_at, auth_method, settings,
        terms_version, terms_accepted_at, status, status_reason FROM service_instances";

fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<InstanceRecord> {
    let settings: String = row.get(6)?;
    Ok(InstanceRecord {
        instance: ServiceInstance {
            id: InstanceId(row.get(0)?),
            uid: uid(row, 1)?,
            name: row.get(2)?,
            service: row.get(3)?,
            created_at: required_datetime(row, 4)?,
        },
        auth_method: row.get(5)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        terms_version: row.get(7)?,
        terms_accepted_at: crate::store::codes::datetime(row, 8)?,
        status: row.get(9)?,
        status_reason: row.get(10)?,
    })
}

pub fn records(conn: &Connection) -> Result<Vec<InstanceRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!("{RECORD_COLUMNS} ORDER BY name"))?;
    let rows = stmt.query_map([], record)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The instance named `key` (any case) or with that UUID.
/// The instance whose UUID is `key`, else the one named `key` (any case): an id
/// always wins over a name.
pub fn find(conn: &Connection, key: &str) -> Result<Option<InstanceRecord>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            &format!(
                "{RECORD_COLUMNS} WHERE uid = lower(?1) OR name = ?1 COLLATE NOCASE
                 ORDER BY uid = lower(?1) DESC LIMIT 1"
            ),
            [key.trim()],
            record,
        )
        .optional()?)
}

pub fn set_status(
    tx: &Transaction<'_>,
    id: InstanceId,
    status: &str,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE service_instances SET status = ?2, status_reason = ?3 WHERE id = ?1",
        params![id.0, status, reason],
    )?;
    Ok(())
}

/// Names of the assessments that include the instance.
pub fn assessments_using(conn: &Connection, id: InstanceId) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT a.name FROM assessments a JOIN assessment_instances ai ON ai.assessment_id = a.id
         WHERE ai.instance_id = ?1 ORDER BY a.name",
    )?;
    let rows = stmt.query_map([id.0], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes the instance, its results in assessments and its sync records. Its
/// snapshots are deleted with `purge_snapshots`; otherwise they stay, naming it.
pub fn delete(
    tx: &Transaction<'_>,
    id: InstanceId,
    purge_snapshots: bool,
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM action_results WHERE instance_id = ?1", [id.0])?;
    tx.execute(
        "DELETE FROM assessment_instances WHERE instance_id = ?1",
        [id.0],
    )?;
    if purge_snapshots {
        tx.execute("DELETE FROM snapshots WHERE instance_id = ?1", [id.0])?;
    }
    tx.execute("DELETE FROM service_instances WHERE id = ?1", [id.0])?;
    Ok(())
}

pub fn rename(tx: &Transaction<'_>, id: InstanceId, name: &str) -> Result<(), StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::Empty("a connector name").into());
    }
    tx.execute(
        "UPDATE service_instances SET name = ?2 WHERE id = ?1",
        params![id.0, name],
    )
    .map_err(|e| super::unique(e, "a connector named", name))?;
    Ok(())
}

/// New connection settings after a new sign-in.
pub fn update_connection(
    tx: &Transaction<'_>,
    id: InstanceId,
    auth_method: &str,
    settings: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE service_instances SET auth_method = ?2, settings = ?3 WHERE id = ?1",
        params![id.0, auth_method, settings.to_string()],
    )?;
    Ok(())
}

/// The account (Salesforce organization, Zoom account) the instance is connected to,
/// when the service said.
pub fn account_id(conn: &Connection, id: InstanceId) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row(
        "SELECT account_id FROM service_instances WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?)
}

pub fn set_account_id(
    tx: &Transaction<'_>,
    id: InstanceId,
    account: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE service_instances SET account_id = ?2 WHERE id = ?1",
        params![id.0, account],
    )?;
    Ok(())
}

/// The instance connected to this account of the service, if there is one.
pub fn find_by_account(
    conn: &Connection,
    service: &str,
    account_id: &str,
) -> Result<Option<InstanceRecord>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            &format!("{RECORD_COLUMNS} WHERE service = ?1 AND account_id = ?2"),
            params![service, account_id],
            record,
        )
        .optional()?)
}
