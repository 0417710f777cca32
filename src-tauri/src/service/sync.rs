//! Syncing an instance: collect, write one immutable snapshot (raw answers and
//! facts, SHA-256 over the canonical JSON) and the automatic results it yields, in
//! one transaction. A failed sync writes only a record of the error, and the last
//! good snapshot and its results stay as they were.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::auth::secrets::SecretStore;
use crate::connectors::facts::{drift, Change};
use crate::connectors::http::SyncPolicy;
use crate::connectors::{connector, ConnectorError, ConnectorErrorCode};
use crate::store::repo::{self, instances::InstanceRecord, snapshots};
use crate::store::Store;

use super::connection::{api, block_on, load_secrets, session};
use super::evaluation::recent_facts;
use super::ServiceError;

/// Connector signals refresh this often, as in the product our users know.
pub const SYNC_INTERVAL_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncStage {
    Connecting,
    Collecting,
    Saving,
    Succeeded,
    Failed,
}

/// Sent while a sync runs, for the UI's progress.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub instance: Uuid,
    pub name: String,
    pub stage: SyncStage,
    /// Answers (pages, settings) received so far.
    pub pages: u32,
    pub requests: u32,
    pub retries: u32,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    pub instance: Uuid,
    pub name: String,
    pub service: String,
    pub succeeded: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub requests: u32,
    pub retries: u32,
    pub snapshot: Option<Uuid>,
    pub sha256: Option<String>,
    /// Results written in assessments that include the instance.
    pub results: usize,
    /// What changed since the previous snapshot, setting by setting.
    pub changes: Vec<Change>,
    pub error_code: Option<String>,
    pub error: Option<String>,
}

/// JSON with object keys sorted at every level and no spaces: the same facts always
/// give the same bytes, so the SHA-256 identifies the content.
pub fn canonical_json(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            leaf => out.push_str(&leaf.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// SHA-256 in hex. A snapshot's hash is integrity (a damaged or altered file is
/// noticed), not proof of authorship: anyone who can write the file can rehash it.
/// The history's hash chain, and the bundle's SHA256SUMS in an auditor's hands, are
/// what make tampering evident.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    Sha256::digest(bytes.as_ref())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn find(store: &Store, key: &str) -> Result<InstanceRecord, ServiceError> {
    repo::instances::find(store.conn(), key)?.ok_or_else(|| ServiceError::NotFound {
        what: "connector",
        key: key.to_string(),
    })
}

/// Stops a running sync when the person asks; the sync then records that it was
/// cancelled and keeps the last good snapshot.
pub type CancelSync = tokio::sync::watch::Receiver<bool>;

/// Syncs one instance. A sync that fails is reported (and recorded), not an `Err`:
/// `Err` means the sync could not even be attempted or recorded.
pub fn sync(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    policy: &SyncPolicy,
    progress: &(dyn Fn(&SyncProgress) + Sync),
) -> Result<SyncReport, ServiceError> {
    sync_cancellable(store, secrets, key, policy, progress, None)
}

/// [`sync`], stopped early when `cancel` turns true.
pub fn sync_cancellable(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    policy: &SyncPolicy,
    progress: &(dyn Fn(&SyncProgress) + Sync),
    cancel: Option<CancelSync>,
) -> Result<SyncReport, ServiceError> {
    let record = find(store, key)?;
    let instance = record.instance.clone();
    let started_at = Utc::now();
    let pages = AtomicU32::new(0);
    let counts = std::sync::Arc::new(std::sync::Mutex::new((0u32, 0u32)));
    let tell = |stage: SyncStage, message: Option<String>| {
        let (requests, retries) = *counts.lock().unwrap_or_else(|p| p.into_inner());
        progress(&SyncProgress {
            instance: instance.uid,
            name: instance.name.clone(),
            stage,
            pages: pages.load(Ordering::Relaxed),
            requests,
            retries,
            message,
        });
    };
    tell(SyncStage::Connecting, None);
    let turn = super::sync_lock::wait(store.path(), cancel.as_ref(), &|| {
        tell(
            SyncStage::Connecting,
            Some("waiting for another sync of this workspace to finish".into()),
        )
    });
    let collected = (|| {
        let connector = connector(&instance.service).ok_or_else(|| {
            ConnectorError::Settings(format!(
                "no connector for the service \"{}\"",
                instance.service
            ))
        })?;
        if turn.is_none() {
            return Err(ConnectorError::Cancelled {
                service: connector.entry().name,
            });
        }
        let stored = load_secrets(secrets, instance.uid)?;
        let session = session(
            connector,
            &record.settings,
            instance.uid,
            &stored,
            None,
            secrets,
        )?;
        let sink = counts.clone();
        let api = api(
            connector,
            session,
            policy,
            Box::new(move |c| {
                *sink.lock().unwrap_or_else(|p| p.into_inner()) = (c.requests, c.retries)
            }),
        );
        let page = |_: &str| {
            pages.fetch_add(1, Ordering::Relaxed);
            tell(SyncStage::Collecting, None);
        };
        let cancelled = ConnectorError::Cancelled {
            service: connector.entry().name,
        };
        let facts = block_on(async {
            tokio::select! {
                facts = connector.collect(&api, &record.settings, &page) => facts,
                () = cancel_requested(cancel) => Err(cancelled),
            }
        })
        .map_err(|e| ConnectorError::Settings(e.to_string()))??;
        Ok::<_, ConnectorError>((facts, api.take_raw(), api.counts()))
    })();
    let finished_at = Utc::now();
    let (requests, retries) = *counts.lock().unwrap_or_else(|p| p.into_inner());
    let mut report = SyncReport {
        instance: instance.uid,
        name: instance.name.clone(),
        service: instance.service.clone(),
        succeeded: false,
        started_at,
        finished_at,
        requests,
        retries,
        snapshot: None,
        sha256: None,
        results: 0,
        changes: Vec::new(),
        error_code: None,
        error: None,
    };
    let (facts, raw, api_counts) = match collected {
        Ok(collected) => collected,
        Err(error) => {
            let code = error.code().code();
            let message = error.to_string();
            tracing::warn!(instance = %instance.uid, code, "sync failed: {message}");
            // A cancelled sync says nothing about the connection.
            let (status, reason) = match error.code() {
                ConnectorErrorCode::Cancelled => {
                    (record.status.as_str(), record.status_reason.as_deref())
                }
                _ if error.needs_sign_in() => ("needs_reauthentication", Some(message.as_str())),
                _ => ("error", Some(message.as_str())),
            };
            record_failure(
                store,
                &instance,
                (started_at, finished_at),
                (code, &message),
                (status, reason),
            )?;
            tell(SyncStage::Failed, Some(message.clone()));
            report.error_code = Some(code.to_string());
            report.error = Some(message);
            return Ok(report);
        }
    };
    tell(SyncStage::Saving, None);
    let previous = recent_facts(store.conn(), &instance, 1)?.into_iter().next();
    let content = canonical_json(&json!({
        "service": instance.service,
        "instance": instance.uid,
        "started_at": started_at,
        "finished_at": finished_at,
        "raw": raw,
        "facts": facts,
    }));
    let (snapshot_uid, sha256, results) = store.write(|tx| {
        repo::instances::set_status(tx, instance.id, "connected", None)?;
        let stored = super::evaluation::record_sync(
            tx,
            &instance,
            (started_at, finished_at),
            api_counts.requests,
            &content,
            facts.clone(),
        )?;
        super::journal::record_scores(tx)?;
        Ok::<_, ServiceError>(stored)
    })?;
    report.succeeded = true;
    report.requests = api_counts.requests;
    report.retries = api_counts.retries;
    report.snapshot = Some(snapshot_uid);
    report.sha256 = Some(sha256);
    report.results = results;
    report.changes = previous
        .map(|p| drift(&p.facts, &facts))
        .unwrap_or_default();
    tell(SyncStage::Succeeded, None);
    Ok(report)
}

/// [`sync_cancellable`], surviving a panic inside it (a bug, or an answer that slipped
/// past every check): the run is recorded as failed with a sentence, nothing from it
/// is saved (its transaction rolls back), and the caller goes on with the next one.
pub fn sync_guarded(
    store: &mut Store,
    secrets: &SecretStore,
    key: &str,
    policy: &SyncPolicy,
    progress: &(dyn Fn(&SyncProgress) + Sync),
    cancel: Option<CancelSync>,
) -> Result<SyncReport, ServiceError> {
    let started_at = Utc::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sync_cancellable(store, secrets, key, policy, progress, cancel)
    }));
    let panic = match outcome {
        Ok(result) => return result,
        Err(panic) => panic,
    };
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".into());
    let record = find(store, key)?;
    let instance = &record.instance;
    let message = format!(
        "the sync of {} stopped on an internal error ({what}); nothing was saved from it and the \
         last good snapshot stays. Please report this",
        instance.name
    );
    let code = ConnectorErrorCode::Internal.code();
    tracing::error!(instance = %instance.uid, "{message}");
    let finished_at = Utc::now();
    record_failure(
        store,
        instance,
        (started_at, finished_at),
        (code, &message),
        ("error", Some(&message)),
    )?;
    Ok(SyncReport {
        instance: instance.uid,
        name: instance.name.clone(),
        service: instance.service.clone(),
        succeeded: false,
        started_at,
        finished_at,
        requests: 0,
        retries: 0,
        snapshot: None,
        sha256: None,
        results: 0,
        changes: Vec::new(),
        error_code: Some(code.to_string()),
        error: Some(message),
    })
}

/// A failed run, with nothing saved from it, and the instance's new status.
fn record_failure(
    store: &mut Store,
    instance: &crate::domain::ServiceInstance,
    (started_at, finished_at): (DateTime<Utc>, DateTime<Utc>),
    error: (&str, &str),
    (status, reason): (&str, Option<&str>),
) -> Result<(), ServiceError> {
    store.write(|tx| {
        snapshots::record_run(
            tx,
            &snapshots::NewSyncRun {
                instance_id: instance.id,
                started_at,
                finished_at,
                snapshot_id: None,
                error: Some(error),
            },
        )?;
        repo::instances::set_status(tx, instance.id, status, reason)
    })?;
    Ok(())
}

/// Resolves once `cancel` turns true; never without one.
async fn cancel_requested(cancel: Option<CancelSync>) {
    if let Some(mut cancel) = cancel {
        if cancel.wait_for(|stop| *stop).await.is_ok() {
            return;
        }
    }
    std::future::pending().await
}

/// Every instance, one after another.
pub fn sync_all(
    store: &mut Store,
    secrets: &SecretStore,
    policy: &SyncPolicy,
    progress: &(dyn Fn(&SyncProgress) + Sync),
) -> Result<Vec<SyncReport>, ServiceError> {
    let keys: Vec<String> = repo::instances::records(store.conn())?
        .into_iter()
        .map(|r| r.instance.uid.to_string())
        .collect();
    keys.iter()
        .map(|key| sync_guarded(store, secrets, key, policy, progress, None))
        .collect()
}

/// When the instance is next due: 24 hours after its last successful sync, or now.
pub fn next_sync(last_success: Option<DateTime<Utc>>) -> DateTime<Utc> {
    last_success.map_or_else(Utc::now, |at| at + Duration::hours(SYNC_INTERVAL_HOURS))
}

/// Instances whose data is older than the sync interval (or never synced) and that
/// can sync without someone signing in again.
pub fn due(store: &Store, now: DateTime<Utc>) -> Result<Vec<Uuid>, ServiceError> {
    let mut due = Vec::new();
    for record in repo::instances::records(store.conn())? {
        if record.status == "needs_reauthentication" {
            continue;
        }
        let runs = snapshots::last_runs(store.conn(), record.instance.id)?;
        if next_sync(runs.last_success) <= now {
            due.push(record.instance.uid);
        }
    }
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": "x"}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"x","d":[1,{"y":1,"z":0}]},"b":1}"#
        );
        let b: Value =
            serde_json::from_str(r#"{"a":{"d":[1,{"y":1,"z":0}],"c":"x"},"b":1}"#).unwrap();
        assert_eq!(
            sha256_hex(canonical_json(&a)),
            sha256_hex(canonical_json(&b))
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
