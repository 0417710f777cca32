//! The window: the only module that knows tauri. Commands are thin: they call the
//! service layer and map its errors to `{code, message}`.

mod about_commands;
mod assessment_commands;
mod backup_commands;
mod commands;
mod connector_commands;
mod desktop;
mod error;
mod page_recovery;
mod report_commands;
mod sample_commands;
pub mod scheduler;
mod update_commands;
mod workspace_commands;
mod workspace_watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use tauri::{Builder, Runtime};

pub use commands::AppInfo;
pub use error::IpcError;

use crate::store::Store;

/// The database, or why it could not be opened (the window then says so).
pub struct AppState {
    data_dir: PathBuf,
    store: Result<Mutex<Store>, IpcError>,
    secrets: crate::auth::secrets::SecretStore,
    /// While the sample workspace is open, the person's own database waits here.
    parked: Mutex<Option<Store>>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let store = crate::service::open(&data_dir)
            .map(Mutex::new)
            .map_err(|e| {
                tracing::error!("cannot open the database: {e}");
                IpcError::from(e)
            });
        AppState {
            data_dir,
            store,
            secrets: crate::auth::secrets::SecretStore::new(
                crate::service::paths::keyring_service(),
            ),
            parked: Mutex::new(None),
        }
    }

    /// Backups and schedules belong to the person's own workspace, not to the sample.
    fn own_workspace(&self, to_do: &str) -> Result<(), IpcError> {
        if self.showing_sample() {
            return Err(crate::service::ServiceError::Invalid(format!(
                "The sample workspace is open: leave it to {to_do}."
            ))
            .into());
        }
        Ok(())
    }

    pub fn showing_sample(&self) -> bool {
        self.parked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

/// Registers state and commands; shared by the real app and tests on tauri's mock runtime.
pub fn configure<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .manage(connector_commands::Attempts::default())
        .manage(update_commands::PendingUpdate::default())
        .invoke_handler(commands::handler())
}

pub fn run(data_dir: PathBuf) -> ExitCode {
    tracing::info!(data_dir = %data_dir.display(), "starting the window");
    let state = AppState::open(data_dir.clone());
    // Single instance first, so a second launch exits before anything else starts.
    let builder = tauri::Builder::default()
        .plugin(desktop::single_instance(&data_dir))
        .plugin(desktop::window_state(&data_dir))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_updater::Builder::new().build());
    let builder = configure(builder, state)
        .on_window_event(|window, event| {
            use tauri::{Manager, WindowEvent};
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
                desktop::remember_window_soon(window.app_handle());
            }
        })
        .on_page_load(page_recovery::log_page_load)
        .setup(move |app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                page_recovery::reload_when_the_page_dies(&window);
            }
            workspace_watch::start(app.handle().clone(), &data_dir);
            app.manage(scheduler::start(app.handle().clone(), data_dir));
            Ok(())
        });
    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("the window failed: {e}");
            eprintln!("error: the window failed to start: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            use tauri::Manager;
            let discarded = handle.state::<connector_commands::Attempts>().discard_all();
            if discarded > 0 {
                tracing::info!("revoked or stopped {discarded} unfinished sign-ins at exit");
            }
        }
    });
    ExitCode::SUCCESS
}
