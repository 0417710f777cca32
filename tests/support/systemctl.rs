//! A stand-in for `systemctl --user` on PATH: CI has no systemd user manager. It
//! records each call, answers `is-enabled` and the next run, and refuses `enable`
//! when `FAKE_SYSTEMCTL_FAILS` is set. `systemd-analyze verify` stays the real one.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const NEXT_RUN: &str = "Mon 2026-12-07 07:12:00 UTC";

/// Writes `dir/systemctl`, recording its calls in `calls`.
pub fn install(dir: &Path, calls: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let script = dir.join("systemctl");
    std::fs::write(
        &script,
        format!(
            r#"#!/bin/sh
echo "$*" >> '{}'
[ -n "$FAKE_SYSTEMCTL_FAILS" ] && case "$*" in *enable*) echo "Failed to connect to bus: No medium found" >&2; exit 1;; esac
case "$*" in
  *is-enabled*) echo enabled ;;
  *NextElapseUSecRealtime*) echo "{NEXT_RUN}" ;;
esac
exit 0
"#,
            calls.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// PATH with `dir` first.
pub fn path_with(dir: &Path) -> String {
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap())
}

/// The daily-sync units under an XDG config folder.
pub fn units(config: &Path) -> [PathBuf; 2] {
    let dir = config.join("systemd/user");
    [
        dir.join("compliance-desk-sync.service"),
        dir.join("compliance-desk-sync.timer"),
    ]
}

/// `systemd-analyze --user verify` of both units; errors and warnings both fail.
pub fn verify(units: &[PathBuf]) -> Result<(), String> {
    let runtime = tempfile::tempdir().unwrap();
    let out = Command::new("systemd-analyze")
        .args(["--user", "verify", "--man=no", "--generators=no"])
        .args(units)
        .env("XDG_RUNTIME_DIR", runtime.path())
        .output()
        .expect("systemd-analyze is installed (Debian package systemd)");
    let said = String::from_utf8_lossy(&out.stderr).trim().to_string();
    if out.status.success() && said.is_empty() {
        Ok(())
    } else {
        Err(said)
    }
}
