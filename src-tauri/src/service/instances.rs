//! Setting up, checking and removing connected instances. Adding one signs in,
//! proves the connection with a real call, and only then stores anything: secrets
//! in the OS keyring, the rest in SQLite. A failure at any step leaves nothing behind.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::secrets::{SecretKind, SecretStore};
use crate::auth::session::Session;
use crate::connectors::http::SyncPolicy;
use crate::connectors::{
    connector, ConnectRequest, Connected, Connector, ConnectorError, OpenBrowser, StoredSecrets,
};
use crate::store::repo::{self, instances::InstanceRecord};
use crate::store::Store;

use super::connection::{api, block_on, load_secrets, save_tokens, session};
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

/// Why `name` cannot name a new instance, if it cannot (as the wizard validates it).
pub fn name_problem(store: &Store, name: &str) -> Result<Option<String>, ServiceError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Some("Give the connector a name.".into()));
    }
    if name.chars().count() > 100 {
        return Ok(Some("Use at most 100 characters.".into()));
    }
    Ok(repo::instances::find(store.conn(), name)?.map(|existing| {
        format!(
            "\"{}\" is already the name of a {} connector.",
            existing.instance.name, existing.instance.service
        )
    }))
}

/// Checks what can be checked before signing in: the terms, the name, the method.
pub fn check_new(store: &Store, new: &NewInstance) -> Result<(), ServiceError> {
    let entry = connector_for(&new.service)?.entry();
    if new.accepted_terms.as_deref() != Some(entry.terms.version.as_str()) {
        return Err(ServiceError::Invalid(format!(
            "accept the {} connector's Terms of Service (version {}) first",
            entry.name, entry.terms.version
        )));
    }
    if let Some(problem) = name_problem(store, &new.name)? {
        return Err(ServiceError::Invalid(problem));
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
    Ok(())
}

/// A connection that signed in and passed validation, not stored yet: the wizard's
/// state between "Validate connection" and "Finish". Its tokens are in memory only.
pub struct Pending {
    pub new: NewInstance,
    connected: Connected,
    pub validation: String,
}

/// Resolves when the person cancels; never if the sender is dropped unused.
pub type Cancel = tokio::sync::oneshot::Receiver<()>;

async fn cancelled(cancel: Option<Cancel>) {
    if let Some(rx) = cancel {
        if rx.await.is_ok() {
            return;
        }
    }
    std::future::pending().await
}

/// Signs in (the browser, or app credentials) and validates with one real call.
/// Nothing is stored; `cancel` stops the wait for the browser and frees the port.
pub fn connect(
    new: NewInstance,
    browser: &OpenBrowser<'_>,
    cancel: Option<Cancel>,
) -> Result<Pending, ServiceError> {
    let connector = connector_for(&new.service)?;
    let mut connected = block_on(async {
        tokio::select! {
            connected = connector.connect(&new.request, browser) => connected.map_err(ServiceError::from),
            () = cancelled(cancel) => Err(ServiceError::Cancelled),
        }
    })??;
    let stored = StoredSecrets {
        access_token: Some(connected.tokens.access_token.clone()),
        refresh_token: connected.tokens.refresh_token.clone(),
        client_secret: connected.client_secret.clone(),
    };
    let validated = (|| -> Result<_, ServiceError> {
        let renewal = connector.renewal(&connected.settings, &stored)?;
        let session = Session::new(
            Some(connected.tokens.clone()),
            renewal,
            Box::new(|_| Ok(())),
        );
        let api = api(connector, session, &SyncPolicy::default(), Box::new(|_| {}));
        let settings = &connected.settings;
        Ok(block_on(async {
            let message = connector.validate(&api, settings).await?;
            // Validation may have renewed the token: keep the newest.
            Ok::<_, ConnectorError>((message, api.session().tokens().await))
        })??)
    })();
    match validated {
        Ok((validation, tokens)) => {
            if let Some(tokens) = tokens {
                connected.tokens = tokens;
            }
            Ok(Pending {
                new,
                connected,
                validation,
            })
        }
        Err(e) => {
            revoke_quietly(connector, &connected.settings, &stored);
            Err(e)
        }
    }
}

fn revoke_quietly(connector: &dyn Connector, settings: &serde_json::Value, stored: &StoredSecrets) {
    let revoked = block_on(connector.revoke(settings, stored));
    if let Ok(Err(e)) = revoked {
        tracing::warn!("could not revoke the grant of a connector that was not kept: {e}");
    }
}

impl Pending {
    fn stored(&self) -> StoredSecrets {
        StoredSecrets {
            access_token: Some(self.connected.tokens.access_token.clone()),
            refresh_token: self.connected.tokens.refresh_token.clone(),
            client_secret: self.connected.client_secret.clone(),
        }
    }

    /// Drops the connection: revokes its grant; nothing was stored.
    pub fn discard(self) {
        if let Ok(connector) = connector_for(&self.new.service) {
            revoke_quietly(connector, &self.connected.settings, &self.stored());
        }
    }
}

fn save_secrets(secrets: &SecretStore, uid: Uuid, pending: &Pending) -> Result<(), ServiceError> {
    save_tokens(secrets, uid, &pending.connected.tokens)?;
    match &pending.connected.client_secret {
        Some(secret) => secrets.set(uid, SecretKind::ClientSecret, secret)?,
        None => secrets.delete(uid, SecretKind::ClientSecret)?,
    }
    Ok(())
}

/// Stores a validated connection: secrets in the keyring, the rest in SQLite; on
/// failure nothing stays behind and the grant is revoked.
pub fn commit(
    store: &mut Store,
    secrets: &SecretStore,
    pending: Pending,
) -> Result<Added, ServiceError> {
    let entry = connector_for(&pending.new.service)?.entry();
    let uid = Uuid::new_v4();
    let stored = (|| {
        save_secrets(secrets, uid, &pending)?;
        store.write(|tx| {
            repo::instances::insert_connected(
                tx,
                &repo::instances::NewConnection {
                    uid,
                    name: &pending.new.name,
                    service: &entry.id,
                    auth_method: &pending.new.request.auth_method,
                    settings: &pending.connected.settings,
                    terms_version: &entry.terms.version,
                },
            )
        })?;
        Ok::<_, ServiceError>(())
    })();
    if let Err(e) = stored {
        if let Err(e) = secrets.delete_all(uid) {
            tracing::warn!("could not remove the secrets of a connector that was not kept: {e}");
        }
        pending.discard();
        return Err(e);
    }
    Ok(Added {
        instance: summary(store, find(store, &uid.to_string())?)?,
        validation: pending.validation,
    })
}

/// Signs in, validates, then stores: the command line's one step.
pub fn add(
    store: &mut Store,
    secrets: &SecretStore,
    new: NewInstance,
    browser: &OpenBrowser<'_>,
) -> Result<Added, ServiceError> {
    check_new(store, &new)?;
    let pending = connect(new, browser, None)?;
    commit(store, secrets, pending)
}

/// The request to sign `key` in again: its name, service and accepted terms, with
/// the new sign-in's method and fields.
pub fn reauthentication(
    store: &Store,
    key: &str,
    request: ConnectRequest,
) -> Result<NewInstance, ServiceError> {
    let record = find(store, key)?;
    Ok(NewInstance {
        name: record.instance.name,
        service: record.instance.service,
        accepted_terms: record.terms_version,
        request,
    })
}

/// After a new sign-in of an existing instance (see [`reauthentication`]) passed
/// validation: replaces its secrets and connection settings and marks it connected.
pub fn replace_connection(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    pending: Pending,
) -> Result<Added, ServiceError> {
    let record = find(store, key)?;
    let uid = record.instance.uid;
    save_secrets(secrets, uid, &pending)?;
    store.write(|tx| {
        repo::instances::update_connection(
            tx,
            record.instance.id,
            &pending.new.request.auth_method,
            &pending.connected.settings,
        )?;
        repo::instances::set_status(tx, record.instance.id, "connected", None)
    })?;
    Ok(Added {
        instance: summary(store, find(store, &uid.to_string())?)?,
        validation: pending.validation,
    })
}

pub fn rename(store: &mut Store, key: &str, name: &str) -> Result<InstanceSummary, ServiceError> {
    let record = find(store, key)?;
    let name = name.trim();
    if !name.eq_ignore_ascii_case(&record.instance.name) {
        if let Some(problem) = name_problem(store, name)? {
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
