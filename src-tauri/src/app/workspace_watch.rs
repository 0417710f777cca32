//! Tells the window when the workspace changed underneath it (a sync or an edit from
//! the CLI, the OS scheduler's daily sync), so its pages refetch instead of showing
//! stale data until the next click.

use std::path::Path;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Runtime};

use crate::store::{changes::Changes, DATABASE_FILE};

pub const CHANGED_EVENT: &str = "workspace-changed";

const LOOK_EVERY: Duration = Duration::from_secs(1);

pub fn start<R: Runtime>(app: AppHandle<R>, data_dir: &Path) {
    let database = data_dir.join(DATABASE_FILE);
    let spawned = std::thread::Builder::new()
        .name("workspace-watch".into())
        .spawn(move || {
            let mut changes = match Changes::watch(&database) {
                Ok(changes) => changes,
                Err(e) => return tracing::warn!("cannot watch the workspace for changes: {e}"),
            };
            loop {
                std::thread::sleep(LOOK_EVERY);
                match changes.happened() {
                    Ok(true) => {
                        let _ = app.emit(CHANGED_EVENT, ());
                    }
                    Ok(false) => {}
                    Err(e) => tracing::debug!("cannot read the workspace's change counter: {e}"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the workspace watcher: {e}");
    }
}
