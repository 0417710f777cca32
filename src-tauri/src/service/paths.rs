//! Where Compliance Desk keeps its data and logs.

use std::path::{Path, PathBuf};

/// Must equal `identifier` in tauri.conf.json: the OS app-data folder is named after it.
pub const APP_IDENTIFIER: &str = "com.compliancedesk.app";

/// Overrides the data folder, for tests and portable use.
pub const DATA_DIR_ENV: &str = "COMPLIANCE_DESK_DATA_DIR";

/// The OS app-data folder: `~/.local/share/<id>` on Linux,
/// `~/Library/Application Support/<id>` on macOS, `%APPDATA%\<id>` on Windows.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Names the app in the OS keyring; tests set `COMPLIANCE_DESK_KEYRING` to keep their
/// entries apart from a person's real ones.
pub fn keyring_service() -> String {
    std::env::var("COMPLIANCE_DESK_KEYRING")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "com.compliancedesk.app".into())
}
