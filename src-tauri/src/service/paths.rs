//! Where Compliance Desk keeps its data and logs.

use std::path::{Path, PathBuf};

/// Must equal `identifier` in tauri.conf.json: the OS app-data folder is named after it.
pub const APP_IDENTIFIER: &str = "com.compliancedesk.desktop";

/// The identifier of 0.1, which ended in `.app`: macOS reserves that ending for
/// application bundles. Its data folder is moved to the new one on first start.
pub const OLD_APP_IDENTIFIER: &str = "com.compliancedesk.app";

/// The keyring's service name stays the 0.1 one, so that the tokens stored by 0.1
/// keep working: keyring entries cannot be renamed, only copied with their secrets.
pub const KEYRING_SERVICE: &str = "com.compliancedesk.app";

/// Overrides the data folder, for tests and portable use.
pub const DATA_DIR_ENV: &str = "COMPLIANCE_DESK_DATA_DIR";

/// The OS app-data folder: `~/.local/share/<id>` on Linux,
/// `~/Library/Application Support/<id>` on macOS, `%APPDATA%\<id>` on Windows. A
/// workspace left in the folder of the old identifier is moved here first.
pub fn default_data_dir() -> Option<PathBuf> {
    let base = dirs::data_dir()?;
    Some(move_old_folder(&base))
}

/// `base/<new id>`, after moving `base/<old id>` there when only the old one exists.
/// If the move fails the old folder is used, as it is: nobody loses their data.
pub fn move_old_folder(base: &Path) -> PathBuf {
    let new = base.join(APP_IDENTIFIER);
    let old = base.join(OLD_APP_IDENTIFIER);
    if new.exists() || !old.is_dir() {
        return new;
    }
    match std::fs::rename(&old, &new) {
        Ok(()) => {
            tracing::info!(
                "moved the workspace from {} to {}",
                old.display(),
                new.display()
            );
            new
        }
        Err(e) => {
            tracing::warn!(
                "cannot move {} to {}: {e}; using it where it is",
                old.display(),
                new.display()
            );
            old
        }
    }
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
        .unwrap_or_else(|| KEYRING_SERVICE.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_folder_moves_once_and_a_new_one_is_never_replaced() {
        let base = tempfile::tempdir().unwrap();
        let old = base.path().join(OLD_APP_IDENTIFIER);
        std::fs::create_dir_all(old.join("logs")).unwrap();
        std::fs::write(old.join("compliance-desk.sqlite3"), b"workspace").unwrap();
        let dir = move_old_folder(base.path());
        assert_eq!(dir, base.path().join(APP_IDENTIFIER));
        assert_eq!(
            std::fs::read(dir.join("compliance-desk.sqlite3")).unwrap(),
            b"workspace"
        );
        assert!(!old.exists(), "moved, not copied");
        // A later old folder (0.1 started again) does not replace the new one.
        std::fs::create_dir_all(&old).unwrap();
        assert_eq!(move_old_folder(base.path()), dir);
        assert!(old.exists() && dir.join("compliance-desk.sqlite3").exists());
    }
}
