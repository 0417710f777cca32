//! Headless subcommands over the same service layer the window uses.

mod args;
mod backups;
mod connections;
mod library;
mod reports;
mod schedule;
mod table;
mod work;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use args::{ActionsCommand, AssessmentsCommand, ConnectorsCommand};
pub use args::{Cli, Command};

use crate::domain::scoring::fmt_points;
use crate::service::{self, ServiceError};
use table::{percent, Table};

/// Runs one subcommand; errors go to stderr as a sentence, with exit code 1.
pub fn run(data_dir: PathBuf, command: Command) -> ExitCode {
    match execute(data_dir, command, &mut std::io::stdout().lock()) {
        Ok(true) => ExitCode::SUCCESS,
        // The command ran and said what failed (e.g. a sync): exit 1 for scripts.
        Ok(false) => ExitCode::FAILURE,
        Err(CliError::Service(e)) => {
            tracing::error!(code = ?e.code(), "{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(CliError::Output(e)) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub(super) enum CliError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Output(#[from] std::io::Error),
}

impl From<crate::store::StoreError> for CliError {
    fn from(e: crate::store::StoreError) -> Self {
        CliError::Service(e.into())
    }
}

/// `Ok(false)`: the command ran, printed its report, and something in it failed.
fn execute(data_dir: PathBuf, command: Command, out: &mut impl Write) -> Result<bool, CliError> {
    match command {
        Command::Sync {
            name,
            deadline,
            json,
            progress,
            ..
        } => {
            let mut store = service::open(&data_dir)?;
            connections::sync(&mut store, name, deadline, json, progress, out)
        }
        Command::Templates {
            command:
                args::TemplatesCommand::Import {
                    file,
                    dry_run,
                    json,
                },
        } => {
            let mut store = service::open(&data_dir)?;
            library::import(&mut store, &file, dry_run, json, out)
        }
        Command::Import { command } => {
            let mut store = service::open(&data_dir)?;
            reports::import(&mut store, command, out)
        }
        Command::VerifyHistory { json } => {
            let store = service::open(&data_dir)?;
            work::verify_history(&store, json, out)
        }
        // Needs no workspace: auditors run it on a bundle alone.
        Command::Verify { bundle, json } => reports::verify(&bundle, json, out),
        command => execute_one(data_dir, command, out).map(|()| true),
    }
}

fn execute_one(data_dir: PathBuf, command: Command, out: &mut impl Write) -> Result<(), CliError> {
    if let Command::Paths = command {
        writeln!(out, "data folder: {}", data_dir.display())?;
        writeln!(
            out,
            "database:    {}",
            data_dir.join(crate::store::DATABASE_FILE).display()
        )?;
        writeln!(
            out,
            "logs:        {}",
            service::paths::log_dir(&data_dir).display()
        )?;
        writeln!(
            out,
            "backups:     {}",
            data_dir.join(crate::store::backup::BACKUPS_DIR).display()
        )?;
        return Ok(());
    }
    // Restoring must work when the workspace cannot be opened.
    if let Command::Backups { command } = command {
        return backups::run(&data_dir, command, out);
    }
    if let Command::Schedule { command } = command {
        return schedule::run(&data_dir, command, out);
    }
    if let Command::Connectors {
        command: ConnectorsCommand::List { json },
    } = command
    {
        let catalog = service::connectors::available();
        return if json {
            print_json(out, &catalog)
        } else {
            let mut table = Table::new(["ID", "NAME", "PUBLISHER"]);
            for c in &catalog {
                table.row([c.id.clone(), c.name.clone(), c.publisher.clone()]);
            }
            Ok(table.write(out)?)
        };
    }
    let mut store = service::open(&data_dir)?;
    match command {
        Command::Instances { command } => connections::instances(&mut store, command, out),
        Command::Results { assessment, json } => {
            connections::results(&store, &assessment, json, out)
        }
        Command::Templates { command } => library::templates(&mut store, command, out),
        Command::Assessments {
            command: AssessmentsCommand::List { json },
        } => library::list_assessments(&store, json, out),
        Command::Assessments { command } => library::assessments(&mut store, command, out),
        Command::Score { assessment, json } => {
            let report = service::assessments::score(&store, &assessment)?;
            if json {
                return print_json(out, &report);
            }
            let a = &report.assessment;
            writeln!(out, "{} ({})", a.name, a.template)?;
            writeln!(
                out,
                "Score {}: {} of {} points. Status: {}. Progress: {} of controls passed.",
                percent(a.score),
                fmt_points(a.points.achieved),
                fmt_points(a.points.possible),
                a.status.label(),
                percent(a.progress),
            )?;
            writeln!(out)?;
            let mut table = Table::new(["ACTION", "EARNED", "POSSIBLE", "OUTCOME", "WHY"]);
            for a in &report.actions {
                let b = &a.breakdown;
                table.row([
                    b.title.clone(),
                    fmt_points(b.achieved),
                    fmt_points(b.possible),
                    b.outcome.label().to_string(),
                    a.explanation.clone(),
                ]);
            }
            Ok(table.write(out)?)
        }
        Command::Actions {
            command: ActionsCommand::Show { key, json },
        } => work::show(&store, &key, json, out),
        Command::Actions {
            command: ActionsCommand::Set(set),
        } => {
            let args::SetArgs {
                key,
                instance,
                implementation_status,
                implementation_date,
                test_status,
                partial_credit,
                source,
                parent,
                notes,
                testing_notes,
                assignee,
                test_date,
                json,
            } = *set;
            let edit = crate::service::action_edit::ActionEdit {
                instance,
                implementation_date,
                implementation_notes: notes,
                assigned_to: assignee,
                parent_action: parent,
                partial_credit,
                test_date,
                testing_notes,
                ..Default::default()
            };
            work::set(
                &mut store,
                &key,
                edit,
                implementation_status,
                test_status,
                source,
                json,
                out,
            )
        }
        Command::Actions {
            command:
                ActionsCommand::Threshold {
                    key,
                    value,
                    default: _,
                    json,
                },
        } => {
            let details =
                service::threshold_edit::set(&mut store, &key.assessment, &key.action, value)?;
            work::print_details(&details, json, out)
        }
        Command::Evidence { command } => work::evidence(&mut store, command, out),
        Command::Export {
            format,
            assessment,
            out: path,
            organisation,
            json,
        } => {
            let request = reports::ExportRequest {
                format,
                assessment: &assessment,
                path: &path,
                organisation: organisation.as_deref(),
            };
            reports::export(&mut store, request, json, out)
        }
        Command::Review { command } => work::review(&mut store, command, out),
        Command::History {
            assessment,
            action,
            json,
        } => work::history(&store, &assessment, action.as_deref(), json, out),
        Command::Actions {
            command: ActionsCommand::List { json },
        } => {
            let rows = service::actions::list(&store)?;
            if json {
                return print_json(out, &rows);
            }
            let mut table = Table::new([
                "ACTION",
                "ASSESSMENT",
                "TYPE",
                "EARNED",
                "POSSIBLE",
                "OUTCOME",
            ]);
            for r in &rows {
                table.row([
                    r.title.clone(),
                    r.assessment.clone(),
                    r.implementation_type.label().to_string(),
                    fmt_points(r.achieved),
                    fmt_points(r.possible),
                    r.outcome.label().to_string(),
                ]);
            }
            Ok(table.write(out)?)
        }
        Command::Paths
        | Command::Connectors { .. }
        | Command::Sync { .. }
        | Command::VerifyHistory { .. }
        | Command::Verify { .. }
        | Command::Import { .. }
        | Command::Backups { .. }
        | Command::Schedule { .. } => Ok(()),
    }
}

pub(super) fn print_json(
    out: &mut impl Write,
    value: &impl serde::Serialize,
) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}
