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

/// Runs one operation's network calls to completion; the service layer stays
/// synchronous. Called from a thread that is already inside a tokio runtime (a
/// window command), it runs on a thread of its own, since a runtime cannot block
/// inside another.
pub(super) fn block_on<F>(work: F) -> Result<F::Output, ServiceError>
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    let run = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|rt| rt.block_on(work))
            .map_err(|e| ServiceError::Invalid(format!("cannot start the network runtime: {e}")))
    };
    if tokio::runtime::Handle::try_current().is_err() {
        return run();
    }
    std::thread::scope(|scope| {
        scope
            .spawn(run)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_work_runs_from_plain_threads_and_from_inside_a_runtime() {
        assert_eq!(block_on(async { 1 }).unwrap(), 1);
        let inside = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .unwrap();
        // A window command's thread: a runtime cannot block inside another.
        let answer = inside.block_on(async { block_on(async { 2 }).unwrap() });
        assert_eq!(answer, 2);
    }
}
