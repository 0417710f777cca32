//! `schedule install|remove|status`: the daily sync run by the OS scheduler.

use std::io::Write;
use std::path::Path;

use super::args::ScheduleCommand;
use super::{print_json, CliError};
use crate::service::schedule::{self, ScheduleStatus};

pub(super) fn run(
    data_dir: &Path,
    command: ScheduleCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (status, json) = match command {
        ScheduleCommand::Install { json } => (schedule::install(data_dir)?, json),
        ScheduleCommand::Remove { json } => (schedule::remove(data_dir)?, json),
        ScheduleCommand::Status { json } => (schedule::status(data_dir)?, json),
    };
    if json {
        return print_json(out, &status);
    }
    Ok(describe(&status, out)?)
}

fn describe(status: &ScheduleStatus, out: &mut impl Write) -> std::io::Result<()> {
    if !status.installed {
        writeln!(
            out,
            "No daily sync is scheduled. `compliance-desk schedule install` adds a {} that runs \
             every day at {} (local time): {}",
            status.scheduler, status.time, status.command
        )?;
        return Ok(());
    }
    let state = match status.active {
        Some(true) => "enabled",
        Some(false) => "installed but not enabled",
        None => "installed (the scheduler could not be asked whether it is enabled)",
    };
    writeln!(
        out,
        "Daily sync: {} at {} (local time), {state}.",
        status.scheduler, status.time
    )?;
    if !status.current {
        writeln!(
            out,
            "It was written for another copy of the app or another workspace: run \
             `compliance-desk schedule install` again to point it at this one."
        )?;
    }
    writeln!(out, "Runs: {}", status.command)?;
    if let Some(next) = &status.next_run {
        writeln!(out, "Next run: {next}")?;
    }
    for file in &status.files {
        writeln!(out, "File: {file}")?;
    }
    Ok(())
}
