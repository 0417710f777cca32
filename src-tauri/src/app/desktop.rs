//! The desktop plugins of the real window: one window per workspace, its size and
//! place remembered, folders opened, updates. Tests on tauri's mock runtime leave them
//! out (`configure` does not add them).

use std::path::Path;

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::service::paths;

/// Where the window's size and position are kept: with the workspace, so a second
/// workspace (`--data-dir`) has its own.
pub const WINDOW_STATE_FILE: &str = "window-state.json";

/// A second launch hands over to the window already open and exits: it shows,
/// unminimises and focuses that window.
pub fn single_instance<R: Runtime>(data_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .callback(|app: &AppHandle<R>, _argv, _cwd| {
            tracing::info!("a second launch of the app; focusing the open window");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .dbus_id(instance_id(data_dir))
        .build()
}

/// The name a running window holds (a D-Bus name on Linux). The default workspace
/// uses the bundle identifier; another `--data-dir` gets a name of its own, so two
/// workspaces can be open side by side. Windows and macOS key on the identifier only.
fn instance_id(data_dir: &Path) -> String {
    // Not paths::default_data_dir(): that may move an old folder as it looks.
    let default = dirs::data_dir().map(|base| base.join(paths::APP_IDENTIFIER));
    if default.as_deref() == Some(data_dir) {
        return paths::APP_IDENTIFIER.to_string();
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(data_dir.to_string_lossy().as_bytes());
    let short: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}.w{short}", paths::APP_IDENTIFIER)
}

const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

pub fn window_state<R: Runtime>(data_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default()
        // An absolute file name: the plugin joins it onto the config folder.
        .with_filename(data_dir.join(WINDOW_STATE_FILE).to_string_lossy())
        .with_state_flags(REMEMBERED)
        .build()
}

static SAVE_PENDING: AtomicBool = AtomicBool::new(false);

/// The plugin writes the file only at a clean exit; after a resize or a move it is
/// written half a second later too, so a crash or a forced quit keeps the place.
pub fn remember_window_soon<R: Runtime>(app: &AppHandle<R>) {
    if SAVE_PENDING.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        // On the main thread: the plugin holds its cache lock while it asks the window
        // for its size, and from another thread that question waits for the main
        // thread, which may itself be waiting for the lock in the plugin's own resize
        // handler: both would stop for good.
        let handle = app.clone();
        let saved = app.run_on_main_thread(move || {
            SAVE_PENDING.store(false, Ordering::SeqCst);
            if let Err(e) = handle.save_window_state(REMEMBERED) {
                tracing::debug!("cannot save the window's size and place: {e}");
            }
        });
        if let Err(e) = saved {
            SAVE_PENDING.store(false, Ordering::SeqCst);
            tracing::debug!("cannot save the window's size and place: {e}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_other_workspace_has_its_own_valid_instance_name() {
        let a = instance_id(Path::new("/tmp/a"));
        let b = instance_id(Path::new("/tmp/b"));
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert!(id.starts_with("com.compliancedesk.desktop.w"));
            // D-Bus name elements: letters, digits, '_' and '-', not starting with a digit.
            assert!(id.split('.').all(|e| !e.is_empty()
                && !e.starts_with(|c: char| c.is_ascii_digit())
                && e.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')));
        }
    }
}
