//! The Data connectors page's commands: the set-up wizard (validate a name, sign in
//! and validate, finish or cancel), re-authentication, rename, delete.
//!
//! Signing in waits for the browser, so it runs off the IPC thread, without the
//! database lock, and can be cancelled. A validated connection waits in memory
//! (tokens included) until the person finishes or cancels the wizard; nothing is
//! stored before "Finish".

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::auth::secret::Secret;
use crate::connectors::ConnectRequest;
use crate::service::instances::{self, InstanceSummary, RemovalImpact, Removed};
use crate::service::setup::{self, Added, NewInstance, Pending};
use crate::service::ServiceError;

/// Sign-in attempts of open wizards, by the id the window gave them.
#[derive(Default)]
pub struct Attempts(std::sync::Mutex<HashMap<String, Attempt>>);

enum Attempt {
    /// Waiting for the browser; sending cancels.
    Waiting(tokio::sync::oneshot::Sender<()>),
    /// Signed in and validated, not stored yet.
    Validated(Box<Pending>),
}

impl Attempts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Attempt>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the app quits: stops every sign-in still waiting for the browser and
    /// revokes every one validated but never finished, before the process ends (so
    /// on this thread, not a spawned one). Returns how many there were.
    pub fn discard_all(&self) -> usize {
        let attempts: Vec<Attempt> = self.lock().drain().map(|(_, a)| a).collect();
        let count = attempts.len();
        for attempt in attempts {
            match attempt {
                Attempt::Waiting(cancel) => {
                    let _ = cancel.send(());
                }
                Attempt::Validated(pending) => pending.discard(),
            }
        }
        count
    }
}

/// What the wizard collected. Secrets travel once, from the form to the keyring.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConnectInput {
    pub service: String,
    pub name: String,
    /// The Terms of Service version the person accepted.
    pub accepted_terms: Option<String>,
    pub auth_method: String,
    pub fields: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, String>,
}

/// How long the wizard waits for the browser.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

impl ConnectInput {
    fn request(self) -> (NewInstance, ConnectRequest) {
        let request = ConnectRequest {
            auth_method: self.auth_method,
            fields: self.fields,
            secrets: self
                .secrets
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, Secret::new(v)))
                .collect(),
            sign_in_timeout: SIGN_IN_TIMEOUT,
        };
        let new = NewInstance {
            name: self.name,
            service: self.service,
            accepted_terms: self.accepted_terms,
            request: request.clone(),
        };
        (new, request)
    }
}

#[tauri::command(async)]
pub fn check_connector_name(
    state: State<'_, AppState>,
    name: String,
) -> Result<Option<String>, IpcError> {
    with_store(&state, |store| setup::name_problem(store, &name))
}

/// Signs in and validates in the background of an attempt; keeps the result for
/// `finish_connector`. Returns what validation reached.
async fn sign_in(
    attempts: &Attempts,
    attempt: String,
    new: NewInstance,
) -> Result<String, IpcError> {
    let (cancel, cancelled) = tokio::sync::oneshot::channel();
    if let Some(previous) = attempts
        .lock()
        .insert(attempt.clone(), Attempt::Waiting(cancel))
    {
        discard(previous);
    }
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        setup::connect(new, &|url| crate::auth::browser::open(url), Some(cancelled))
    })
    .await
    .map_err(|e| {
        IpcError::from(ServiceError::Invalid(format!(
            "the sign-in stopped unexpectedly: {e}"
        )))
    })?;
    let mut attempts = attempts.lock();
    match outcome {
        Ok(pending) => {
            let validation = pending.validation.clone();
            attempts.insert(attempt, Attempt::Validated(Box::new(pending)));
            Ok(validation)
        }
        Err(e) => {
            attempts.remove(&attempt);
            Err(e.into())
        }
    }
}

/// The wizard's "Validate connection" for a new connector.
#[tauri::command]
pub async fn connect_connector(
    state: State<'_, AppState>,
    attempts: State<'_, Attempts>,
    attempt: String,
    input: ConnectInput,
) -> Result<String, IpcError> {
    let (new, _) = input.request();
    with_store(&state, |store| setup::check_new(store, &new))?;
    let validation = sign_in(&attempts, attempt.clone(), new).await?;
    // The same account connected twice would count its results twice: say so at
    // validation, not only at Finish.
    let duplicate = match attempts.lock().get(&attempt) {
        Some(Attempt::Validated(pending)) => {
            with_store(&state, |store| setup::already_connected(store, pending))?
        }
        _ => None,
    };
    if let Some(problem) = duplicate {
        if let Some(attempt) = attempts.lock().remove(&attempt) {
            discard(attempt);
        }
        return Err(ServiceError::Invalid(problem).into());
    }
    Ok(validation)
}

/// "Re-authenticate" of an activated connector: signs in again and validates.
#[tauri::command]
pub async fn reauthenticate_connector(
    state: State<'_, AppState>,
    attempts: State<'_, Attempts>,
    attempt: String,
    instance: Uuid,
    input: ConnectInput,
) -> Result<String, IpcError> {
    let (_, request) = input.request();
    let new = with_store(&state, |store| {
        setup::reauthentication(store, &instance.to_string(), request)
    })?;
    sign_in(&attempts, attempt, new).await
}

fn discard(attempt: Attempt) {
    match attempt {
        Attempt::Waiting(cancel) => {
            let _ = cancel.send(());
        }
        // Revoking talks to the service: not on the IPC thread.
        Attempt::Validated(pending) => {
            std::thread::spawn(move || pending.discard());
        }
    }
}

/// Cancel at any step: stops a sign-in in progress or revokes a validated one.
#[tauri::command]
pub fn cancel_connector(attempts: State<'_, Attempts>, attempt: String) {
    if let Some(attempt) = attempts.lock().remove(&attempt) {
        discard(attempt);
    }
}

fn take_validated(attempts: &Attempts, attempt: &str) -> Result<Pending, IpcError> {
    match attempts.lock().remove(attempt) {
        Some(Attempt::Validated(pending)) => Ok(*pending),
        other => {
            if let Some(other) = other {
                discard(other);
            }
            Err(ServiceError::Invalid("validate the connection first".into()).into())
        }
    }
}

/// "Finish": stores the validated connection.
#[tauri::command(async)]
pub fn finish_connector(
    state: State<'_, AppState>,
    attempts: State<'_, Attempts>,
    attempt: String,
) -> Result<Added, IpcError> {
    let pending = take_validated(&attempts, &attempt)?;
    with_store_mut(&state, |store| {
        setup::commit(store, &state.secrets, pending)
    })
}

/// "Save" after re-authenticating: replaces the instance's secrets and settings.
#[tauri::command(async)]
pub fn finish_reauthentication(
    state: State<'_, AppState>,
    attempts: State<'_, Attempts>,
    attempt: String,
    instance: Uuid,
) -> Result<Added, IpcError> {
    let pending = take_validated(&attempts, &attempt)?;
    with_store_mut(&state, |store| {
        setup::replace_connection(store, &state.secrets, &instance.to_string(), pending)
    })
}

#[tauri::command(async)]
pub fn rename_connector(
    state: State<'_, AppState>,
    instance: Uuid,
    name: String,
) -> Result<InstanceSummary, IpcError> {
    with_store_mut(&state, |store| {
        instances::rename(store, &instance.to_string(), &name)
    })
}

#[tauri::command(async)]
pub fn connector_removal(
    state: State<'_, AppState>,
    instance: Uuid,
) -> Result<RemovalImpact, IpcError> {
    with_store(&state, |store| {
        instances::removal_impact(store, &instance.to_string())
    })
}

#[tauri::command(async)]
pub fn delete_connector(
    state: State<'_, AppState>,
    instance: Uuid,
    purge: bool,
) -> Result<Removed, IpcError> {
    with_store_mut(&state, |store| {
        instances::remove(store, &state.secrets, &instance.to_string(), purge)
    })
}

#[cfg(test)]
mod tests {
    use super::{Attempt, Attempts};

    #[test]
    fn quitting_stops_every_sign_in_still_waiting() {
        let attempts = Attempts::default();
        let (cancel, mut cancelled) = tokio::sync::oneshot::channel();
        attempts
            .lock()
            .insert("wizard-1".into(), Attempt::Waiting(cancel));
        assert_eq!(attempts.discard_all(), 1);
        assert!(cancelled.try_recv().is_ok(), "the browser wait is stopped");
        assert!(attempts.lock().is_empty());
        assert_eq!(attempts.discard_all(), 0);
    }
}
