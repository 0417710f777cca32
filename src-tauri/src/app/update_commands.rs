//! "Check for updates" in Settings → About. An update is found, then downloaded and
//! its minisign signature checked against the public key in tauri.conf.json, then
//! installed only when the person asks. A file whose signature does not match is
//! thrown away with a sentence; nothing is installed.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_updater::{Error as UpdateError, Update, UpdaterExt};
use ts_rs::TS;

use super::IpcError;
use crate::service::ErrorCode;

/// Debug builds (tests) may point the updater at a server on this computer, with its
/// own key; release builds use only tauri.conf.json's endpoint and key.
#[cfg(any(debug_assertions, feature = "local-services"))]
const UPDATE_URL_ENV: &str = "COMPLIANCE_DESK_UPDATE_URL";
#[cfg(any(debug_assertions, feature = "local-services"))]
const UPDATE_PUBKEY_ENV: &str = "COMPLIANCE_DESK_UPDATE_PUBKEY";

/// The update found by the last check, and its verified file once downloaded.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<(Update, Option<Vec<u8>>)>>);

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UpdateOffer {
    pub current_version: String,
    pub version: String,
    pub notes: Option<String>,
    /// RFC 3339, as the release says.
    pub published: Option<String>,
}

fn offer(update: &Update) -> UpdateOffer {
    UpdateOffer {
        current_version: update.current_version.clone(),
        version: update.version.clone(),
        notes: update.body.clone(),
        published: update
            .date
            .and_then(|d| chrono::DateTime::from_timestamp(d.unix_timestamp(), 0))
            .map(|d| d.to_rfc3339()),
    }
}

fn failed(code: ErrorCode, message: String) -> IpcError {
    tracing::warn!(?code, "{message}");
    IpcError { code, message }
}

fn updater<R: Runtime>(app: &AppHandle<R>) -> Result<tauri_plugin_updater::Updater, UpdateError> {
    let mut builder = app.updater_builder().timeout(Duration::from_secs(60));
    if let Some((url, pubkey)) = local_server() {
        builder = builder.endpoints(vec![url])?.pubkey(pubkey);
    }
    builder.build()
}

#[cfg(any(debug_assertions, feature = "local-services"))]
fn local_server() -> Option<(url::Url, String)> {
    let url = std::env::var(UPDATE_URL_ENV).ok()?.parse().ok()?;
    Some((url, std::env::var(UPDATE_PUBKEY_ENV).ok()?))
}

#[cfg(not(any(debug_assertions, feature = "local-services")))]
fn local_server() -> Option<(url::Url, String)> {
    None
}

/// The newer version on offer, if there is one.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<UpdateOffer>, IpcError> {
    let unavailable = |e: UpdateError| {
        let why = describe(&e);
        failed(
            ErrorCode::UpdateUnavailable,
            format!("Could not check for updates: {why}. Check the network connection and try again later."),
        )
    };
    let found = updater(&app)
        .map_err(unavailable)?
        .check()
        .await
        .map_err(unavailable)?;
    let answer = found.as_ref().map(offer);
    *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = found.map(|u| (u, None));
    Ok(answer)
}

/// Downloads the update found by the last check and verifies its signature.
#[tauri::command]
pub async fn download_update(pending: State<'_, PendingUpdate>) -> Result<UpdateOffer, IpcError> {
    let update = pending
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|(update, _)| update.clone())
        .ok_or_else(|| failed(ErrorCode::InvalidInput, "Check for updates first.".into()))?;
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| download_failed(&update, e))?;
    tracing::info!(version = %update.version, bytes = bytes.len(), "update downloaded and verified");
    let answer = offer(&update);
    *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((update, Some(bytes)));
    Ok(answer)
}

fn download_failed(update: &Update, e: UpdateError) -> IpcError {
    let (version, current) = (&update.version, &update.current_version);
    match e {
        UpdateError::Minisign(_) | UpdateError::Base64(_) | UpdateError::SignatureUtf8(_) => {
            let why = lowercase_first(&e.to_string());
            failed(
                ErrorCode::UpdateRefused,
                format!(
                    "The download of version {version} was refused: its signature does not \
                     match Compliance Desk's signing key ({why}), so the file may have been \
                     altered. Nothing was installed; your version stays {current}."
                ),
            )
        }
        e => failed(
            ErrorCode::UpdateUnavailable,
            format!(
                "Could not download version {version}: {}. Nothing was installed.",
                describe(&e)
            ),
        ),
    }
}

/// Installs the verified download and restarts into the new version.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    pending: State<'_, PendingUpdate>,
) -> Result<(), IpcError> {
    let taken = pending.0.lock().unwrap_or_else(|p| p.into_inner()).take();
    let Some((update, Some(bytes))) = taken else {
        return Err(failed(
            ErrorCode::InvalidInput,
            "Download the update first.".into(),
        ));
    };
    update.install(&bytes).map_err(|e| {
        failed(
            ErrorCode::UpdateUnavailable,
            format!(
                "Could not install version {}: {e}. Your version stays {}.",
                update.version, update.current_version
            ),
        )
    })?;
    tracing::info!(version = %update.version, "update installed; restarting");
    app.restart()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The updater's own words, with the cause it hides behind "no valid release JSON".
fn describe(e: &UpdateError) -> String {
    match e {
        UpdateError::ReleaseNotFound => {
            "the update server could not be reached or gave no valid answer".into()
        }
        e => e.to_string(),
    }
}
