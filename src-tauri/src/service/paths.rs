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
