//! What syncing, validating and removing share: an instance's secrets from the
//! keyring, a token session that writes renewed tokens straight back, and the
//! runtime the network calls run on.

use serde_json::Value;
use uuid::Uuid;

use crate::auth::oauth::TokenSet;
use crate::auth::secrets::{SecretKind, SecretStore, SecretsError};
use crate::auth::session::Session;
use crate::connectors::http::{Api, OnAnswer, SyncPolicy};
use crate::connectors::{Connector, ConnectorError, StoredSecrets};

use super::ServiceError;

/// A runtime for one operation's network calls; the service layer stays synchronous.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, ServiceError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ServiceError::Invalid(format!("cannot start the network runtime: {e}")))
}

pub(super) fn load_secrets(
    store: &SecretStore,
    instance: Uuid,
) -> Result<StoredSecrets, SecretsError> {
    Ok(StoredSecrets {
        access_token: store.get(instance, SecretKind::AccessToken)?,
        refresh_token: store.get(instance, SecretKind::RefreshToken)?,
        client_secret: store.get(instance, SecretKind::ClientSecret)?,
    })
}

pub(super) fn save_tokens(
    store: &SecretStore,
    instance: Uuid,
    tokens: &TokenSet,
) -> Result<(), SecretsError> {
    store.set(instance, SecretKind::AccessToken, &tokens.access_token)?;
    if let Some(refresh) = &tokens.refresh_token {
        store.set(instance, SecretKind::RefreshToken, refresh)?;
    }
    Ok(())
}

/// A session over stored (or just obtained) tokens whose renewals go to the keyring.
pub(super) fn session(
    connector: &dyn Connector,
    settings: &Value,
    instance: Uuid,
    stored: &StoredSecrets,
    tokens: Option<TokenSet>,
    secrets: &SecretStore,
) -> Result<Session, ConnectorError> {
    let renewal = connector.renewal(settings, stored)?;
    let tokens = tokens.or_else(|| {
        stored.access_token.clone().map(|access_token| TokenSet {
            access_token,
            refresh_token: stored.refresh_token.clone(),
            // Unknown: the service's 401 says when it has expired.
            expires_at: None,
            fields: Default::default(),
        })
    });
    let keyring = secrets.clone();
    Ok(Session::new(
        tokens,
        renewal,
        Box::new(move |t| save_tokens(&keyring, instance, t).map_err(|e| e.to_string())),
    ))
}

pub(super) fn api(
    connector: &dyn Connector,
    session: Session,
    policy: &SyncPolicy,
    on_answer: OnAnswer,
) -> Api {
    Api::new(session, connector.dialect(), policy.clone(), on_answer)
}
