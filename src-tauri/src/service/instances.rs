//! Setting up, checking and removing connected instances. Adding one signs in,
//! proves the connection with a real call, and only then stores anything: secrets
//! in the OS keyring, the rest in SQLite. A failure at any step leaves nothing behind.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::secrets::{SecretKind, SecretStore};
use crate::connectors::http::SyncPolicy;
use crate::connectors::{connector, ConnectRequest, Connector, ConnectorError, OpenBrowser};
use crate::store::repo::{self, instances::InstanceRecord};
use crate::store::Store;

use super::connection::{api, load_secrets, runtime, save_tokens, session};
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
    pub created_at: DateTime<Utc>,
}

pub struct NewInstance {
    pub name: String,
    pub service: String,
    /// The Terms of Service version the person accepted.
    pub accepted_terms: Option<String>,
    pub request: ConnectRequest,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Added {
    pub instance: InstanceSummary,
    /// What the validation call reached, in a sentence.
    pub validation: String,
}

fn connector_for(service: &str) -> Result<&'static dyn Connector, ServiceError> {
    connector(service).ok_or_else(|| ServiceError::NotFound {
        what: "connector",
        key: service.to_string(),
    })
}

fn find(store: &Store, key: &str) -> Result<InstanceRecord, ServiceError> {
    repo::instances::find(store.conn(), key)?.ok_or_else(|| ServiceError::NotFound {
        what: "connector",
        key: key.to_string(),
    })
}

fn summary(store: &Store, record: InstanceRecord) -> Result<InstanceSummary, ServiceError> {
    let runs = repo::snapshots::last_runs(store.conn(), record.instance.id)?;
    let i = record.instance;
    Ok(InstanceSummary {
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

/// Signs in, validates, then stores. `browser` opens the sign-in page.
pub fn add(
    store: &mut Store,
    secrets: &SecretStore,
    new: NewInstance,
    browser: &OpenBrowser<'_>,
) -> Result<Added, ServiceError> {
    let connector = connector_for(&new.service)?;
    let entry = connector.entry();
    if new.accepted_terms.as_deref() != Some(entry.terms.version.as_str()) {
        return Err(ServiceError::Invalid(format!(
            "accept the {} connector's Terms of Service (version {}) first",
            entry.name, entry.terms.version
        )));
    }
    let name = new.name.trim();
    if name.is_empty() {
        return Err(ServiceError::Invalid("give the connector a name".into()));
    }
    if repo::instances::find(store.conn(), name)?.is_some() {
        return Err(crate::store::StoreError::Duplicate {
            what: "a connector named",
            name: name.to_string(),
        }
        .into());
    }
    if !entry
        .auth_methods
        .iter()
        .any(|m| m.id == new.request.auth_method)
    {
        let offered: Vec<_> = entry.auth_methods.iter().map(|m| m.id.as_str()).collect();
        return Err(ServiceError::Invalid(format!(
            "{} has no sign-in method \"{}\"; it offers {}",
            entry.name,
            new.request.auth_method,
            offered.join(", ")
        )));
    }
    let rt = runtime()?;
    let connected = rt.block_on(connector.connect(&new.request, browser))?;
    let uid = Uuid::new_v4();
    let stored = crate::connectors::StoredSecrets {
        access_token: Some(connected.tokens.access_token.clone()),
        refresh_token: connected.tokens.refresh_token.clone(),
        client_secret: connected.client_secret.clone(),
    };
    let mut finish = || -> Result<Added, ServiceError> {
        save_tokens(secrets, uid, &connected.tokens)?;
        if let Some(secret) = &connected.client_secret {
            secrets.set(uid, SecretKind::ClientSecret, secret)?;
        }
        let session = session(
            connector,
            &connected.settings,
            uid,
            &stored,
            Some(connected.tokens.clone()),
            secrets,
        )?;
        let api = api(connector, session, &SyncPolicy::default(), Box::new(|_| {}));
        let validation = rt.block_on(connector.validate(&api, &connected.settings))?;
        store.write(|tx| {
            repo::instances::insert_connected(
                tx,
                &repo::instances::NewConnection {
                    uid,
                    name,
                    service: &entry.id,
                    auth_method: &new.request.auth_method,
                    settings: &connected.settings,
                    terms_version: &entry.terms.version,
                },
            )
        })?;
        let record = find(store, &uid.to_string())?;
        Ok(Added {
            instance: summary(store, record)?,
            validation,
        })
    };
    finish().inspect_err(|_| {
        // Leave nothing behind: the grant is revoked and the keyring entries removed.
        if let Err(e) = rt.block_on(connector.revoke(&connected.settings, &stored)) {
            tracing::warn!("could not revoke the grant of a connector that failed to set up: {e}");
        }
        if let Err(e) = secrets.delete_all(uid) {
            tracing::warn!(
                "could not remove the secrets of a connector that failed to set up: {e}"
            );
        }
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
        let rt = runtime().map_err(|e| ConnectorError::Settings(e.to_string()))?;
        rt.block_on(connector.validate(&api, &record.settings))
    })();
    let (status, reason) = match &outcome {
        Ok(_) => ("connected", None),
        Err(e) if e.needs_sign_in() => ("needs_reauthentication", Some(e.to_string())),
        Err(e) => ("error", Some(e.to_string())),
    };
    store.write(|tx| {
        repo::instances::set_status(tx, record.instance.id, status, reason.as_deref())
    })?;
    Ok(outcome?)
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
    let revoked = runtime()?.block_on(connector.revoke(&record.settings, &stored));
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
