//! Adding a connected instance: the checks before signing in, the sign-in with a
//! validation call (cancellable, nothing stored), then storing it: secrets in the OS
//! keyring, the rest in SQLite. A failure at any step leaves nothing behind. The
//! window's wizard runs the steps apart; the command line runs them in one go.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::secrets::{SecretKind, SecretStore};
use crate::auth::session::Session;
use crate::connectors::http::SyncPolicy;
use crate::connectors::{
    ConnectRequest, Connected, Connector, ConnectorError, OpenBrowser, StoredSecrets,
};
use crate::store::repo;
use crate::store::Store;

use super::connection::{api, block_on, save_tokens};
use super::instances::{connector_for, find, summary, InstanceSummary};
use super::ServiceError;

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

/// Why `name` cannot name a new instance, if it cannot (as the wizard validates it).
pub fn name_problem(store: &Store, name: &str) -> Result<Option<String>, ServiceError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Some("Give the connector a name.".into()));
    }
    if name.chars().count() > 100 {
        return Ok(Some("Use at most 100 characters.".into()));
    }
    if uuid::Uuid::parse_str(name).is_ok() {
        return Ok(Some(
            "A name cannot look like a connector ID (a UUID): choose one people recognise.".into(),
        ));
    }
    Ok(repo::instances::find(store.conn(), name)?.map(|existing| {
        format!(
            "\"{}\" is already the name of a {} connector.",
            existing.instance.name,
            crate::connectors::connector(&existing.instance.service)
                .map_or(existing.instance.service.clone(), |c| c.entry().name)
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
    /// The account the sign-in reached, when the service says.
    pub account_id: Option<String>,
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
            let validated = connector.validate(&api, settings).await?;
            // Validation may have renewed the token: keep the newest.
            Ok::<_, ConnectorError>((validated, api.session().tokens().await))
        })??)
    })();
    match validated {
        Ok((validated, tokens)) => {
            if let Some(tokens) = tokens {
                connected.tokens = tokens;
            }
            Ok(Pending {
                new,
                connected,
                validation: validated.message,
                account_id: validated.account_id,
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

/// Why the validated connection must not be added: its account is already
/// connected as another instance (its results would count twice).
pub fn already_connected(store: &Store, pending: &Pending) -> Result<Option<String>, ServiceError> {
    let Some(account) = pending.account_id.as_deref() else {
        return Ok(None);
    };
    let entry = connector_for(&pending.new.service)?.entry();
    Ok(
        repo::instances::find_by_account(store.conn(), &entry.id, account)?.map(|existing| {
            format!(
                "This {} account ({account}) is already connected as \"{}\"; use that connector, \
                 or delete it first, so that its results are not counted twice.",
                entry.name, existing.instance.name
            )
        }),
    )
}

/// Stores a validated connection: secrets in the keyring, the rest in SQLite; on
/// failure nothing stays behind and the grant is revoked.
pub fn commit(
    store: &mut Store,
    secrets: &SecretStore,
    pending: Pending,
) -> Result<Added, ServiceError> {
    if let Some(problem) = already_connected(store, &pending)? {
        pending.discard();
        return Err(ServiceError::Invalid(problem));
    }
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
                    account_id: pending.account_id.as_deref(),
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

/// Why a new sign-in of `record` must not replace its connection: it reached
/// another organisation or account than the one its results are about, or one that
/// another instance already holds.
fn another_account(
    store: &Store,
    record: &repo::instances::InstanceRecord,
    pending: &Pending,
) -> Result<Option<String>, ServiceError> {
    let Some(reached) = pending.account_id.as_deref() else {
        return Ok(None);
    };
    let service = connector_for(&record.instance.service)?.entry().name;
    let name = &record.instance.name;
    if let Some(known) = repo::instances::account_id(store.conn(), record.instance.id)? {
        if known != reached {
            return Ok(Some(format!(
                "This sign-in reached another {service} account ({reached}) than the one \"{name}\" is \
                 connected to ({known}). Sign in to {known}, or add the other account as a new \
                 connector; \"{name}\" keeps its current connection."
            )));
        }
        return Ok(None);
    }
    Ok(
        repo::instances::find_by_account(store.conn(), &record.instance.service, reached)?
            .filter(|other| other.instance.id != record.instance.id)
            .map(|other| {
                format!(
                    "This {service} account ({reached}) is already connected as \"{}\"; \
                     \"{name}\" keeps its current connection.",
                    other.instance.name
                )
            }),
    )
}

/// After a new sign-in of an existing instance (see [`reauthentication`]) passed
/// validation: replaces its secrets and connection settings and marks it connected.
/// A sign-in that reached another organisation or account is refused and revoked;
/// the old tokens stay.
pub fn replace_connection(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    pending: Pending,
) -> Result<Added, ServiceError> {
    let record = find(store, key)?;
    if let Some(problem) = another_account(store, &record, &pending)? {
        pending.discard();
        return Err(ServiceError::Invalid(problem));
    }
    let uid = record.instance.uid;
    save_secrets(secrets, uid, &pending)?;
    store.write(|tx| {
        repo::instances::update_connection(
            tx,
            record.instance.id,
            &pending.new.request.auth_method,
            &pending.connected.settings,
        )?;
        if let Some(account) = &pending.account_id {
            repo::instances::set_account_id(tx, record.instance.id, account)?;
        }
        repo::instances::set_status(tx, record.instance.id, "connected", None)
    })?;
    Ok(Added {
        instance: summary(store, find(store, &uid.to_string())?)?,
        validation: pending.validation,
    })
}
