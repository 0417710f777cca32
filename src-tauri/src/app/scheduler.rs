//! Keeps connector data fresh while the window is open: at start every instance whose
//! data is stale (never synced, or older than 24 hours) syncs, then due instances are
//! looked for every 15 minutes. "Sync now" runs on the same worker, so two syncs never
//! overlap. The worker has its own database connection (WAL lets the window read
//! meanwhile) and tells the window how it goes with `sync-progress` events. It also
//! takes the day's backup of the workspace.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::watch;
use uuid::Uuid;

use crate::auth::secrets::SecretStore;
use crate::connectors::http::SyncPolicy;
use crate::service::{self, paths};

/// Event names the window listens to.
pub const PROGRESS_EVENT: &str = "sync-progress";
pub const FINISHED_EVENT: &str = "sync-finished";

const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);

enum Job {
    Due,
    Now(Uuid),
}

/// The sync running now, with the switch that cancels it.
type Running = Arc<Mutex<Option<(Uuid, watch::Sender<bool>)>>>;

pub struct Scheduler {
    jobs: Sender<Job>,
    running: Running,
}

impl Scheduler {
    /// Asks for a sync of `instance` as soon as the worker is free.
    pub fn sync_now(&self, instance: Uuid) -> bool {
        self.jobs.send(Job::Now(instance)).is_ok()
    }

    /// Cancels the sync of `instance` if it is the one running; says whether it was.
    pub fn cancel(&self, instance: Uuid) -> bool {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match running.as_ref() {
            Some((uid, stop)) if *uid == instance => stop.send(true).is_ok(),
            _ => false,
        }
    }
}

pub fn start<R: Runtime>(app: AppHandle<R>, data_dir: PathBuf) -> Scheduler {
    let (jobs, queue) = mpsc::channel();
    let _ = jobs.send(Job::Due);
    let running: Running = Arc::default();
    let current = running.clone();
    std::thread::Builder::new()
        .name("sync-scheduler".into())
        .spawn(move || {
            let mut store = match service::open(&data_dir) {
                Ok(store) => store,
                Err(e) => {
                    return tracing::error!("the sync scheduler cannot open the database: {e}")
                }
            };
            let secrets = SecretStore::new(paths::keyring_service());
            loop {
                let job = match queue.recv_timeout(CHECK_EVERY) {
                    Ok(job) => job,
                    Err(RecvTimeoutError::Timeout) => Job::Due,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                let instances = match job {
                    Job::Now(uid) => vec![uid],
                    Job::Due => {
                        service::backups::daily_logged(&store);
                        service::sync::due(&store, chrono::Utc::now()).unwrap_or_else(|e| {
                            tracing::error!("cannot tell which connectors are due: {e}");
                            Vec::new()
                        })
                    }
                };
                for uid in instances {
                    let progress = |p: &service::sync::SyncProgress| {
                        let _ = app.emit(PROGRESS_EVENT, p);
                    };
                    let (stop, cancel) = watch::channel(false);
                    *current.lock().unwrap_or_else(|p| p.into_inner()) = Some((uid, stop));
                    let outcome = service::sync::sync_guarded(
                        &mut store,
                        &secrets,
                        &uid.to_string(),
                        &SyncPolicy::default(),
                        &progress,
                        Some(cancel),
                    );
                    *current.lock().unwrap_or_else(|p| p.into_inner()) = None;
                    match outcome {
                        Ok(report) => {
                            let _ = app.emit(FINISHED_EVENT, &report);
                        }
                        Err(e) => tracing::error!(instance = %uid, "the sync could not run: {e}"),
                    }
                }
            }
        })
        .map_err(|e| tracing::error!("cannot start the sync scheduler: {e}"))
        .ok();
    Scheduler { jobs, running }
}
