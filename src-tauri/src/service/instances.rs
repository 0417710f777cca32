//! Connected instances once set up (see `setup` for adding them): their summaries,
//! a validation call, rename, and removal (revoke, delete secrets, keep or purge
//! evidence).

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::secrets::SecretStore;
use crate::connectors::http::SyncPolicy;
use crate::connectors::{connector, Connector, ConnectorError};
use crate::store::repo::{self, instances::InstanceRecord};
use crate::store::Store;

use super::connection::{api, block_on, load_secrets, session};
use super::sync::next_sync;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InstanceSummary {
    pub uid: Uuid,
    pub name: String,
    pub service: String,
    /// The connector's display name, "Salesforce".
    pub connector: String,
    pub auth_method: String,
    /// "connected", "needs_reauthentication" or "error".
    pub status: String,
    pub status_reason: Option<String>,
    pub last_successful_sync: Option<DateTime<Utc>>,
    pub next_sync: DateTime<Utc>,
    pub snapshots: u32,
    pub terms_version: Option<String>,
    /// What was entered to sign in (never a secret), to start a new sign-in from.
    pub sign_in_fields: std::collections::BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
}

pub(super) fn connector_for(service: &str) -> Result<&'static dyn Connector, ServiceError> {
    connector(service).ok_or_else(|| ServiceError::NotFound {
        what: "connector",
        key: service.to_string(),
    })
}

pub(super) fn find(store: &Store, key: &str) -> Result<InstanceRecord, ServiceError> {
    repo::instances::find(store.conn(), key)?.ok_or_else(|| ServiceError::NotFound {
        what: "connector",
        key: key.to_string(),
    })
}

pub(super) fn summary(
    store: &Store,
    record: InstanceRecord,
) -> Result<InstanceSummary, ServiceError> {
    let runs = repo::snapshots::last_runs(store.conn(), record.instance.id)?;
    let i = record.instance;
    let sign_in_fields = connector(&i.service)
        .map(|c| c.sign_in_fields(&record.settings))
        .unwrap_or_default();
    Ok(InstanceSummary {
        sign_in_fields,
        connector: connector(&i.service).map_or(i.service.clone(), |c| c.entry().name),
        snapshots: repo::snapshots::count_for(store.conn(), i.uid)?,
        uid: i.uid,
        name: i.name,
        service: i.service,
        auth_method: record.auth_method,
        status: record.status,
        status_reason: record.status_reason,
        last_successful_sync: runs.last_success,
        next_sync: next_sync(runs.last_success),
        terms_version: record.terms_version,
        created_at: i.created_at,
    })
}

pub fn list(store: &Store) -> Result<Vec<InstanceSummary>, ServiceError> {
    repo::instances::records(store.conn())?
        .into_iter()
        .map(|r| summary(store, r))
        .collect()
}

pub fn rename(store: &mut Store, key: &str, name: &str) -> Result<InstanceSummary, ServiceError> {
    let record = find(store, key)?;
    let name = name.trim();
    if !name.eq_ignore_ascii_case(&record.instance.name) {
        if let Some(problem) = super::setup::name_problem(store, name)? {
            return Err(ServiceError::Invalid(problem));
        }
    } else if name.is_empty() {
        return Err(ServiceError::Invalid("Give the connector a name.".into()));
    }
    store.write(|tx| repo::instances::rename(tx, record.instance.id, name))?;
    summary(store, find(store, &record.instance.uid.to_string())?)
}

/// What deleting the instance would touch, for the confirmation.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RemovalImpact {
    pub name: String,
    pub assessments: Vec<String>,
    pub snapshots: u32,
}

pub fn removal_impact(store: &Store, key: &str) -> Result<RemovalImpact, ServiceError> {
    let record = find(store, key)?;
    Ok(RemovalImpact {
        assessments: repo::instances::assessments_using(store.conn(), record.instance.id)?,
        snapshots: repo::snapshots::count_for(store.conn(), record.instance.uid)?,
        name: record.instance.name,
    })
}

/// Makes one real call with the stored connection; marks the instance as needing a
/// new sign-in when the service refuses it.
pub fn validate(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
) -> Result<String, ServiceError> {
    let record = find(store, key)?;
    let connector = connector_for(&record.instance.service)?;
    let outcome = (|| {
        let stored = load_secrets(secrets, record.instance.uid)?;
        let session = session(
            connector,
            &record.settings,
            record.instance.uid,
            &stored,
            None,
            secrets,
        )?;
        let api = api(connector, session, &SyncPolicy::default(), Box::new(|_| {}));
        block_on(connector.validate(&api, &record.settings))
            .map_err(|e| ConnectorError::Settings(e.to_string()))?
    })();
    let (status, reason) = match &outcome {
        Ok(_) => ("connected", None),
        Err(e) if e.needs_sign_in() => ("needs_reauthentication", Some(e.to_string())),
        Err(e) => ("error", Some(e.to_string())),
    };
    store.write(|tx| {
        repo::instances::set_status(tx, record.instance.id, status, reason.as_deref())
    })?;
    Ok(outcome?.message)
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Removed {
    pub name: String,
    /// Whether the service confirmed the grant was revoked.
    pub revoked: bool,
    pub revoke_error: Option<String>,
    /// Assessments that included the instance: its results were removed from them.
    pub assessments: Vec<String>,
    /// Snapshots kept as evidence (0 when purged).
    pub snapshots_kept: u32,
}

/// Revokes the grant, deletes the secrets, removes the instance and its results;
/// keeps its snapshots unless `purge_snapshots`.
pub fn remove(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    purge_snapshots: bool,
) -> Result<Removed, ServiceError> {
    let record = find(store, key)?;
    let connector = connector_for(&record.instance.service)?;
    let stored = load_secrets(secrets, record.instance.uid)?;
    let revoked = block_on(connector.revoke(&record.settings, &stored))?;
    secrets.delete_all(record.instance.uid)?;
    let assessments = repo::instances::assessments_using(store.conn(), record.instance.id)?;
    store.write(|tx| repo::instances::delete(tx, record.instance.id, purge_snapshots))?;
    Ok(Removed {
        name: record.instance.name.clone(),
        revoked: revoked.is_ok(),
        revoke_error: revoked.err().map(|e| e.to_string()),
        assessments,
        snapshots_kept: repo::snapshots::count_for(store.conn(), record.instance.uid)?,
    })
}
