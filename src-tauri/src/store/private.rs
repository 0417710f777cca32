//! The data folder holds evidence and the audit trail: on Unix, folders are 0700 and
//! the database 0600 before SQLite opens it (SQLite gives its WAL and shared-memory
//! files the database's mode). On Windows the per-user app-data folder is already
//! private to the account, so nothing needs changing there.

use std::path::Path;

/// Creates `dir` (and its parents) and makes it the owner's alone.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        narrow(
            dir,
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)),
        );
    }
    Ok(())
}

/// Creates the database file if it is missing, readable by the owner alone, and
/// narrows an existing one to the same.
pub fn private_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
        narrow(
            path,
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)),
        );
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A file system without Unix modes (a FAT or network drive) cannot narrow them: the
/// data stays usable, and the log says so.
#[cfg(unix)]
fn narrow(path: &Path, result: std::io::Result<()>) {
    if let Err(e) = result {
        tracing::warn!("cannot make {} private to its owner: {e}", path.display());
    }
}
