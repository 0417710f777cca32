//! Exports and the action import from the command line.

use std::io::Write;

use super::args::{ExportFormat, ImportCommand};
use super::table::Table;
use super::{print_json, CliError};
use crate::reports::{action_import, workbook};
use crate::store::Store;

pub(super) fn export(
    store: &Store,
    format: ExportFormat,
    assessment: &str,
    out_path: &std::path::Path,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let ExportFormat::Xlsx = format;
    let done = workbook::export(store, assessment, out_path)?;
    if json {
        return print_json(out, &done);
    }
    writeln!(
        out,
        "Wrote {}: {} improvement actions in {} rows.",
        done.path, done.actions, done.rows
    )?;
    Ok(())
}

/// `Ok(false)` when the file was refused: scripts see exit code 1.
pub(super) fn import(
    store: &mut Store,
    command: ImportCommand,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let ImportCommand::Actions {
        file,
        assessment,
        dry_run,
        json,
    } = command;
    let report = action_import::import(store, &assessment, &file, dry_run)?;
    if json {
        print_json(out, &report)?;
        return Ok(report.problems.is_empty());
    }
    if !report.problems.is_empty() {
        let mut table = Table::new(["ROW", "COLUMN", "PROBLEM"]);
        for p in &report.problems {
            table.row([
                p.row.to_string(),
                p.column.clone().unwrap_or_default(),
                p.message.clone(),
            ]);
        }
        table.write(out)?;
    } else if !report.changes.is_empty() {
        let mut table = Table::new(["ROW", "ACTION", "INSTANCE", "FIELD", "BEFORE", "AFTER"]);
        for c in &report.changes {
            table.row([
                c.row.to_string(),
                c.action.clone(),
                c.instance.clone().unwrap_or_default(),
                c.field.clone(),
                c.before.clone().unwrap_or_default(),
                c.after.clone().unwrap_or_default(),
            ]);
        }
        table.write(out)?;
    }
    writeln!(out, "{}", report.message)?;
    Ok(report.problems.is_empty())
}
