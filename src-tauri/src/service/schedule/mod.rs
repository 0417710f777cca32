//! `compliance-desk schedule install|remove|status`: a daily `sync --all` run by the OS
//! scheduler, so connectors stay fresh while the window is closed. The same code
//! serves the window's Settings page.

mod files;
// Every OS's code compiles on every OS, so each is checked by every build.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
mod launchd;
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
mod systemd;
#[cfg_attr(not(windows), allow(dead_code))]
mod task_scheduler;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use ts_rs::TS;

pub use files::Job;

use super::ServiceError;

/// Local time of the daily run; each OS adds up to 30 minutes at random (Windows,
/// Linux) or runs it at the next wake if the computer slept through it.
const HOUR: u8 = 7;
const MINUTE: u8 = 0;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScheduleStatus {
    /// "systemd user timer", "launchd agent" or "Task Scheduler task".
    pub scheduler: String,
    pub installed: bool,
    /// The installed job runs this app on this workspace (not an older copy or
    /// another `--data-dir`).
    pub current: bool,
    /// What the OS says: enabled or not; `None` when it could not be asked.
    pub active: Option<bool>,
    /// The next run, in the OS's words, when it tells.
    pub next_run: Option<String>,
    /// The daily time, local: "07:00".
    pub time: String,
    /// The command the scheduler runs.
    pub command: String,
    /// The files written for it.
    pub files: Vec<String>,
}

/// The daily job for this program and workspace.
pub fn job(data_dir: &Path) -> Result<Job, ServiceError> {
    let program = program()?;
    Ok(Job {
        program,
        data_dir: data_dir.to_path_buf(),
        hour: HOUR,
        minute: MINUTE,
    })
}

/// The file the scheduler must start: an AppImage's own path, not its mount point.
fn program() -> Result<PathBuf, ServiceError> {
    if let Some(appimage) = std::env::var_os("APPIMAGE").filter(|p| Path::new(p).is_file()) {
        return Ok(PathBuf::from(appimage));
    }
    let exe = std::env::current_exe();
    // Symlinks resolved on Linux and macOS; on Windows canonicalize() would give a
    // `\\?\` path, which Task Scheduler's Command does not need.
    #[cfg(unix)]
    let exe = exe.and_then(|p| p.canonicalize());
    exe.map_err(|e| ServiceError::Invalid(format!("cannot tell where this program is: {e}")))
}

pub fn status(data_dir: &Path) -> Result<ScheduleStatus, ServiceError> {
    os::status(&job(data_dir)?)
}

pub fn install(data_dir: &Path) -> Result<ScheduleStatus, ServiceError> {
    let job = job(data_dir)?;
    os::install(&job)?;
    tracing::info!(program = %job.program.display(), "daily sync scheduled");
    os::status(&job)
}

pub fn remove(data_dir: &Path) -> Result<ScheduleStatus, ServiceError> {
    let job = job(data_dir)?;
    os::remove(&job)?;
    tracing::info!("daily sync unscheduled");
    os::status(&job)
}

#[cfg(target_os = "linux")]
use systemd as os;

#[cfg(target_os = "macos")]
use launchd as os;

#[cfg(windows)]
use task_scheduler as os;

fn command_line(job: &Job) -> String {
    let mut words = vec![job.program.to_string_lossy().into_owned()];
    words.extend(job.arguments());
    words
        .iter()
        .map(|w| {
            if w.contains(' ') {
                format!("\"{w}\"")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn status_of(scheduler: &str, job: &Job, files: &[PathBuf]) -> ScheduleStatus {
    ScheduleStatus {
        scheduler: scheduler.into(),
        installed: false,
        current: false,
        active: None,
        next_run: None,
        time: format!("{:02}:{:02}", job.hour, job.minute),
        command: command_line(job),
        files: files.iter().map(|f| f.display().to_string()).collect(),
    }
}

/// Runs an OS tool; its output, or a sentence naming the command and what it said.
fn run(program: &str, args: &[&str]) -> Result<String, ServiceError> {
    let shown = format!("{program} {}", args.join(" "));
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| ServiceError::Invalid(format!("cannot run `{shown}`: {e}")))?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).trim().to_string());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let said = said.trim();
    let said = if said.is_empty() {
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    } else {
        said.to_string()
    };
    Err(ServiceError::Invalid(format!("`{shown}` failed: {said}")))
}

/// What an OS tool printed on stdout, whatever its exit status; `None` if it could
/// not be started.
fn answer(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ServiceError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| file_error(path, e))
}

fn delete(path: &Path) -> Result<(), ServiceError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(file_error(path, e)),
        _ => Ok(()),
    }
}

fn file_error(path: &Path, e: std::io::Error) -> ServiceError {
    ServiceError::Invalid(format!("cannot write {}: {e}", path.display()))
}
