//! `templates` and `assessments` subcommands: the template library, imports, and
//! creating and changing assessments.

use std::io::Write;
use std::path::Path;

use super::args::{AssessmentsCommand, TemplatesCommand};
use super::table::{percent, Table};
use super::{connections, print_json, CliError};
use crate::domain::scoring::fmt_points;
use crate::service::assessment_changes::{self, AssessmentEdit, TemplateUpdate};
use crate::service::template_import::ImportReport;
use crate::service::{self, ServiceError};
use crate::store::Store;
use crate::templates::diff::TemplateChanges;

pub(super) fn templates(
    store: &mut Store,
    command: TemplatesCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        TemplatesCommand::List { json } => {
            let list = service::templates::list(store)?;
            if json {
                return print_json(out, &list);
            }
            let mut table =
                Table::new(["TITLE", "VERSION", "SERVICES", "CONTROLS", "ACTIONS", "ID"]);
            for t in &list {
                table.row([
                    t.title.clone(),
                    t.version.clone(),
                    t.supported_services.join(", "),
                    t.controls.to_string(),
                    t.actions.to_string(),
                    t.uid.to_string(),
                ]);
            }
            Ok(table.write(out)?)
        }
        TemplatesCommand::Show { template, json } => {
            let details = service::templates::show(store, &template)?;
            if json {
                return print_json(out, &details);
            }
            let t = &details.template;
            writeln!(
                out,
                "{} (version {}, rev {}): {} families, {} controls, {} actions",
                t.title, t.version, t.revision, t.families, t.controls, t.actions
            )?;
            for family in &details.families {
                writeln!(out, "\n{}", family.name)?;
                for control in &family.controls {
                    writeln!(out, "  {} {}", control.name, control.title)?;
                    for action in &control.actions {
                        writeln!(out, "      - {action}")?;
                    }
                }
            }
            Ok(())
        }
        TemplatesCommand::Map {
            template,
            control,
            actions,
            json,
        } => {
            let remapped = service::template_mapping::remap(store, &template, &control, &actions)?;
            if json {
                return print_json(out, &remapped);
            }
            writeln!(
                out,
                "{} {}: now version {}.",
                remapped.template, remapped.control, remapped.version
            )?;
            write_changes(out, &remapped.changes)?;
            writeln!(
                out,
                "Assessments on the older version are offered the update."
            )?;
            Ok(())
        }
        TemplatesCommand::Import { .. } => Ok(()),
    }
}

/// `templates import`: `Ok(false)` when the file was refused (exit code 1).
pub(super) fn import(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let bytes = std::fs::read(file)
        .map_err(|e| ServiceError::Invalid(format!("cannot read {}: {e}", file.display())))?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let report = service::template_import::import(store, &name, &bytes, dry_run)?;
    if json {
        print_json(out, &report)?;
    } else {
        write_report(out, &report)?;
    }
    Ok(report.problems.is_empty())
}

fn write_report(out: &mut impl Write, report: &ImportReport) -> Result<(), CliError> {
    if !report.problems.is_empty() {
        writeln!(out, "{}", report.message)?;
        for problem in &report.problems {
            writeln!(out, "  {}: {}", problem.location, problem.message)?;
        }
        return Ok(());
    }
    if let Some(counts) = &report.counts {
        writeln!(
            out,
            "{} {}: {} families, {} controls, {} actions",
            report.title.as_deref().unwrap_or_default(),
            report
                .version
                .as_deref()
                .map(|v| format!("version {v}"))
                .unwrap_or_default(),
            counts.families,
            counts.controls,
            counts.actions
        )?;
    }
    if let Some(changes) = &report.changes {
        write_changes(out, changes)?;
    }
    writeln!(out, "{}", report.message)?;
    Ok(())
}

fn write_changes(out: &mut impl Write, changes: &TemplateChanges) -> Result<(), CliError> {
    if changes.is_empty() {
        return Ok(writeln!(out, "No changes.")?);
    }
    for (what, items) in [
        ("Controls added", &changes.controls_added),
        ("Controls removed", &changes.controls_removed),
        ("Controls changed", &changes.controls_changed),
        ("Actions added", &changes.actions_added),
        ("Actions removed", &changes.actions_removed),
        ("Actions changed", &changes.actions_changed),
    ] {
        if !items.is_empty() {
            writeln!(out, "{what} ({}): {}", items.len(), items.join(", "))?;
        }
    }
    Ok(())
}

pub(super) fn list_assessments(
    store: &Store,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let list = service::assessments::list(store)?;
    if json {
        return print_json(out, &list);
    }
    if list.is_empty() {
        writeln!(out, "No assessments yet.")?;
        return Ok(());
    }
    let mut table = Table::new([
        "NAME", "TEMPLATE", "GROUP", "SCORE", "POINTS", "STATUS", "ID",
    ]);
    for a in &list {
        let template = if a.update_available {
            format!("{} (update available)", a.template)
        } else {
            a.template.clone()
        };
        table.row([
            a.name.clone(),
            template,
            a.group.clone(),
            percent(a.score),
            format!(
                "{} / {}",
                fmt_points(a.points.achieved),
                fmt_points(a.points.possible)
            ),
            a.status.label().to_string(),
            a.uid.to_string(),
        ]);
    }
    Ok(table.write(out)?)
}

pub(super) fn assessments(
    store: &mut Store,
    command: AssessmentsCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        AssessmentsCommand::List { json } => list_assessments(store, json, out),
        AssessmentsCommand::Create {
            name,
            template,
            instances,
            group,
            json,
        } => {
            let created = service::assessments::create(
                store,
                &name,
                &template,
                instances.as_deref(),
                &group,
            )?;
            if json {
                return print_json(out, &created);
            }
            connections::created(out, &created)
        }
        AssessmentsCommand::Edit {
            assessment,
            name,
            group,
            add_instances,
            remove_instances,
            json,
        } => {
            let edit = AssessmentEdit {
                name,
                group,
                add_instances,
                remove_instances,
            };
            let edited = assessment_changes::edit(store, &assessment, &edit)?;
            if json {
                return print_json(out, &edited);
            }
            writeln!(
                out,
                "\"{}\" in {} over {}: {} of {} points.",
                edited.name,
                edited.group,
                edited.instances.join(", "),
                fmt_points(edited.points.achieved),
                fmt_points(edited.points.possible)
            )?;
            Ok(())
        }
        AssessmentsCommand::Delete { assessment, yes } => {
            if !yes {
                let impact = assessment_changes::deletion_impact(store, &assessment)?;
                return Err(ServiceError::Invalid(format!(
                    "deleting \"{}\" loses its {} results and all manual work on them; \
                     add --yes to delete it",
                    impact.name, impact.results
                ))
                .into());
            }
            let deleted = assessment_changes::delete(store, &assessment)?;
            writeln!(
                out,
                "Deleted \"{}\" and its {} results.",
                deleted.name, deleted.results
            )?;
            Ok(())
        }
        AssessmentsCommand::UpdateTemplate {
            assessment,
            dry_run,
            json,
        } => {
            let update = assessment_changes::update_template(store, &assessment, dry_run)?;
            if json {
                return print_json(out, &update);
            }
            write_update(out, &update)
        }
    }
}

fn write_update(out: &mut impl Write, update: &TemplateUpdate) -> Result<(), CliError> {
    writeln!(
        out,
        "{}: {} from version {} to {}",
        update.assessment, update.template, update.from_version, update.to_version
    )?;
    write_changes(out, &update.changes)?;
    if update.applied {
        writeln!(
            out,
            "Applied; {} results retired (kept in the history).",
            update.retired
        )?;
    } else {
        writeln!(out, "Nothing changed (dry run).")?;
    }
    Ok(())
}
