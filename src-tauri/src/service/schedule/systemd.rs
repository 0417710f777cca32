//! Linux: a systemd user timer. Runs while the person is logged in, or always after
//! `loginctl enable-linger`.

use std::path::PathBuf;

use super::files::{systemd_units, Job, SYSTEMD_UNIT};
use super::{answer, delete, run, status_of, write, ScheduleStatus, ServiceError};

const SCHEDULER: &str = "systemd user timer";

fn unit_files() -> Result<[PathBuf; 2], ServiceError> {
    let dir = dirs::config_dir()
        .ok_or_else(|| ServiceError::Invalid("cannot find the user's config folder".into()))?
        .join("systemd/user");
    Ok([
        dir.join(format!("{SYSTEMD_UNIT}.service")),
        dir.join(format!("{SYSTEMD_UNIT}.timer")),
    ])
}

fn systemctl(args: &[&str]) -> Result<String, ServiceError> {
    let mut all = vec!["--user"];
    all.extend_from_slice(args);
    run("systemctl", &all)
}

pub fn install(job: &Job) -> Result<(), ServiceError> {
    let [service_file, timer_file] = unit_files()?;
    let (service, timer) = systemd_units(job);
    write(&service_file, service.as_bytes())?;
    write(&timer_file, timer.as_bytes())?;
    let timer_unit = format!("{SYSTEMD_UNIT}.timer");
    let enabled =
        systemctl(&["daemon-reload"]).and_then(|_| systemctl(&["enable", "--now", &timer_unit]));
    if let Err(e) = enabled {
        // Nothing half-done: without systemd taking it, the files go again.
        let _ = delete(&service_file);
        let _ = delete(&timer_file);
        let _ = systemctl(&["daemon-reload"]);
        return Err(ServiceError::Invalid(format!(
            "systemd did not take the daily sync, so nothing was scheduled: {e}"
        )));
    }
    Ok(())
}

pub fn remove(_job: &Job) -> Result<(), ServiceError> {
    let [service_file, timer_file] = unit_files()?;
    if timer_file.exists() {
        systemctl(&["disable", "--now", &format!("{SYSTEMD_UNIT}.timer")])?;
    }
    delete(&timer_file)?;
    delete(&service_file)?;
    let _ = systemctl(&["daemon-reload"]);
    Ok(())
}

pub fn status(job: &Job) -> Result<ScheduleStatus, ServiceError> {
    let files = unit_files()?;
    let mut status = status_of(SCHEDULER, job, &files);
    let [service_file, timer_file] = &files;
    let (service, timer) = systemd_units(job);
    let written = |f: &PathBuf| std::fs::read_to_string(f).ok();
    let (on_disk_service, on_disk_timer) = (written(service_file), written(timer_file));
    status.installed = on_disk_timer.is_some();
    status.current =
        on_disk_service.as_deref() == Some(&service) && on_disk_timer.as_deref() == Some(&timer);
    if status.installed {
        let timer_unit = format!("{SYSTEMD_UNIT}.timer");
        // is-enabled answers on stdout, with a non-zero exit for "disabled".
        status.active = match answer("systemctl", &["--user", "is-enabled", &timer_unit]).as_deref()
        {
            Some("enabled") => Some(true),
            Some("disabled") => Some(false),
            _ => None,
        };
        status.next_run = systemctl(&[
            "show",
            &timer_unit,
            "--property=NextElapseUSecRealtime",
            "--value",
        ])
        .ok()
        .filter(|s| !s.is_empty() && s != "n/a");
    }
    Ok(status)
}
