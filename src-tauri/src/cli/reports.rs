//! Exports, the bundle check and the action import from the command line.

use std::io::Write;
use std::path::Path;

use super::args::{ExportFormat, ImportCommand};
use super::table::Table;
use super::{print_json, CliError};
use crate::reports::{self, action_import, verify};
use crate::store::Store;

pub(super) struct ExportRequest<'a> {
    pub format: ExportFormat,
    pub assessment: &'a str,
    pub path: &'a Path,
    pub organisation: Option<&'a str>,
}

pub(super) fn export(
    store: &mut Store,
    request: ExportRequest<'_>,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if let Some(name) = request.organisation {
        reports::set_organisation(store, name)?;
    }
    let format = match request.format {
        ExportFormat::Pdf => reports::ExportFormat::Pdf,
        ExportFormat::Xlsx => reports::ExportFormat::Xlsx,
        ExportFormat::Oscal => reports::ExportFormat::Oscal,
        ExportFormat::Bundle => reports::ExportFormat::Bundle,
    };
    let done = reports::export(store, format, request.assessment, request.path)?;
    if json {
        return print_json(out, &done);
    }
    writeln!(out, "Wrote {} ({}): {}", done.path, done.kind, done.summary)?;
    writeln!(out, "SHA-256 {}", done.sha256)?;
    Ok(())
}

/// `Ok(false)` when the bundle does not match its manifest: exit code 1.
pub(super) fn verify(bundle: &Path, json: bool, out: &mut impl Write) -> Result<bool, CliError> {
    let check = verify::verify(bundle)?;
    if json {
        print_json(out, &check)?;
        return Ok(check.problems.is_empty());
    }
    if check.problems.is_empty() {
        writeln!(
            out,
            "{}: all {} files match their SHA-256 in the manifest and in SHA256SUMS ({}, exported {}).",
            check.bundle,
            check.files_checked,
            check.assessment.as_deref().unwrap_or("?"),
            check.generated_at.as_deref().unwrap_or("?"),
        )?;
        return Ok(true);
    }
    let mut table = Table::new(["FILE", "PROBLEM"]);
    for p in &check.problems {
        table.row([p.path.clone(), p.problem.clone()]);
    }
    table.write(out)?;
    writeln!(
        out,
        "{}: {} problem(s); do not rely on this bundle.",
        check.bundle,
        check.problems.len()
    )?;
    Ok(false)
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
