//! Windows: a Task Scheduler task for the person, registered from its XML with
//! `schtasks /Create /XML`, which reads only UTF-16 (or ANSI) files.

use std::path::PathBuf;

use super::files::{task_xml, Job, TASK_NAME};
use super::{run, status_of, write, ScheduleStatus, ServiceError};

const SCHEDULER: &str = "Task Scheduler task";

fn xml_file(job: &Job) -> PathBuf {
    job.data_dir.join("compliance-desk-sync-task.xml")
}

pub fn install(job: &Job) -> Result<(), ServiceError> {
    let file = xml_file(job);
    write(&file, &task_xml(job))?;
    run(
        "schtasks",
        &[
            "/Create",
            "/F",
            "/TN",
            TASK_NAME,
            "/XML",
            &file.to_string_lossy(),
        ],
    )
    .map_err(|e| {
        ServiceError::Invalid(format!(
            "Task Scheduler did not take the daily sync, so nothing was scheduled: {e}"
        ))
    })?;
    Ok(())
}

pub fn remove(job: &Job) -> Result<(), ServiceError> {
    if run("schtasks", &["/Query", "/TN", TASK_NAME]).is_ok() {
        run("schtasks", &["/Delete", "/F", "/TN", TASK_NAME])?;
    }
    super::delete(&xml_file(job))
}

pub fn status(job: &Job) -> Result<ScheduleStatus, ServiceError> {
    let mut status = status_of(SCHEDULER, job, &[xml_file(job)]);
    let Ok(registered) = run("schtasks", &["/Query", "/TN", TASK_NAME, "/XML"]) else {
        return Ok(status);
    };
    status.installed = true;
    status.active = Some(registered.contains("<Enabled>true</Enabled>"));
    status.current = registered.contains(&format!("<Command>{}</Command>", job.program.display()))
        && registered.contains(&job.data_dir.display().to_string());
    status.next_run = run("schtasks", &["/Query", "/TN", TASK_NAME, "/FO", "LIST"])
        .ok()
        .and_then(|list| {
            list.lines()
                .find(|l| l.starts_with("Next Run Time:"))
                .map(|l| l["Next Run Time:".len()..].trim().to_string())
        });
    Ok(status)
}
