//! macOS: a launchd agent in ~/Library/LaunchAgents, loaded into the person's GUI
//! session with `launchctl bootstrap`.

use std::path::PathBuf;

use super::files::{launchd_plist, Job, LAUNCHD_LABEL};
use super::{delete, run, status_of, write, ScheduleStatus, ServiceError};
use crate::service::paths;

const SCHEDULER: &str = "launchd agent";

fn home() -> Result<PathBuf, ServiceError> {
    dirs::home_dir().ok_or_else(|| ServiceError::Invalid("cannot find the home folder".into()))
}

fn plist_file() -> Result<PathBuf, ServiceError> {
    Ok(home()?
        .join("Library/LaunchAgents")
        .join(format!("{LAUNCHD_LABEL}.plist")))
}

/// `gui/<uid>`: the uid is the home folder's owner, without unsafe getuid().
#[cfg(unix)]
fn domain() -> Result<String, ServiceError> {
    use std::os::unix::fs::MetadataExt;
    let home = home()?;
    let meta = std::fs::metadata(&home)
        .map_err(|e| ServiceError::Invalid(format!("cannot read {}: {e}", home.display())))?;
    Ok(format!("gui/{}", meta.uid()))
}

#[cfg(not(unix))]
fn domain() -> Result<String, ServiceError> {
    Err(ServiceError::Invalid("launchd exists only on macOS".into()))
}

pub fn install(job: &Job) -> Result<(), ServiceError> {
    let file = plist_file()?;
    let log_dir = paths::log_dir(&job.data_dir);
    write(&file, launchd_plist(job, &log_dir).as_bytes())?;
    let domain = domain()?;
    // An older copy of the agent is unloaded first; bootstrap refuses a loaded label.
    let _ = run(
        "launchctl",
        &["bootout", &format!("{domain}/{LAUNCHD_LABEL}")],
    );
    if let Err(e) = run(
        "launchctl",
        &["bootstrap", &domain, &file.to_string_lossy()],
    ) {
        let _ = delete(&file);
        return Err(ServiceError::Invalid(format!(
            "launchd did not take the daily sync, so nothing was scheduled: {e}"
        )));
    }
    Ok(())
}

pub fn remove(_job: &Job) -> Result<(), ServiceError> {
    let file = plist_file()?;
    if file.exists() {
        let _ = run(
            "launchctl",
            &["bootout", &format!("{}/{LAUNCHD_LABEL}", domain()?)],
        );
    }
    delete(&file)
}

pub fn status(job: &Job) -> Result<ScheduleStatus, ServiceError> {
    let file = plist_file()?;
    let mut status = status_of(SCHEDULER, job, std::slice::from_ref(&file));
    let on_disk = std::fs::read_to_string(&file).ok();
    status.installed = on_disk.is_some();
    status.current =
        on_disk.as_deref() == Some(&launchd_plist(job, &paths::log_dir(&job.data_dir)));
    if status.installed {
        // `launchctl print` succeeds only for a loaded job.
        let loaded =
            domain().and_then(|d| run("launchctl", &["print", &format!("{d}/{LAUNCHD_LABEL}")]));
        status.active = Some(loaded.is_ok());
    }
    Ok(status)
}
