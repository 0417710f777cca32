//! Manual work from the command line: action details and edits, evidence, assessor
//! reviews, history and its verification.

use std::io::Write;

use super::args::{ActionKey, EvidenceCommand, ReviewCommand};
use super::table::Table;
use super::{print_json, CliError};
use crate::domain::scoring::fmt_points;
use crate::domain::{ImplementationStatus, TestStatus, TestingSource};
use crate::service::action_details::ActionDetails;
use crate::service::action_edit::ActionEdit;
use crate::service::review::Decision;
use crate::service::{self, ServiceError};
use crate::store::Store;

fn parsed<T>(
    value: Option<String>,
    parse: fn(&str) -> Result<T, crate::domain::DomainError>,
) -> Result<Option<T>, CliError> {
    value
        .map(|v| parse(v.trim()).map_err(|e| CliError::Service(ServiceError::Domain(e))))
        .transpose()
}

pub(super) fn show(
    store: &Store,
    key: &ActionKey,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let details = service::action_details::show(store, &key.assessment, &key.action)?;
    print_details(&details, json, out)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn set(
    store: &mut Store,
    key: &ActionKey,
    mut edit: ActionEdit,
    implementation_status: Option<String>,
    test_status: Option<String>,
    source: Option<String>,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    edit.implementation_status = parsed(implementation_status, ImplementationStatus::from_code)?;
    edit.test_status = parsed(test_status, TestStatus::from_code)?;
    edit.testing_source = parsed(source, TestingSource::from_code)?;
    let details = service::action_edit::apply(store, &key.assessment, &key.action, &edit)?;
    print_details(&details, json, out)
}

pub(super) fn evidence(
    store: &mut Store,
    command: EvidenceCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let EvidenceCommand::Add {
        key,
        source,
        effective_from,
        effective_to,
        expires,
        json,
    } = command;
    let period = service::evidence::parse_period(
        effective_from.as_deref(),
        effective_to.as_deref(),
        expires.as_deref(),
    )?;
    let details = service::evidence::add(store, &key.assessment, &key.action, &source, period)?;
    if json {
        return print_json(out, &details);
    }
    if let Some(added) = details.evidence.last() {
        writeln!(
            out,
            "Attached \"{}\" to \"{}\"{}.",
            added.record.name,
            details.title,
            added
                .record
                .sha256
                .as_deref()
                .map(|h| format!(" (SHA-256 {h})"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

pub(super) fn review(
    store: &mut Store,
    command: ReviewCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let (key, instance, decision, json) = match command {
        ReviewCommand::Accept {
            key,
            instance,
            json,
        } => (key, instance, Decision::Accept, json),
        ReviewCommand::Override {
            key,
            instance,
            status,
            partial_credit,
            justification,
            json,
        } => {
            let status = TestStatus::from_code(status.trim()).map_err(ServiceError::Domain)?;
            (
                key,
                instance,
                Decision::Override {
                    status,
                    partial_credit,
                    justification,
                },
                json,
            )
        }
    };
    let details = service::review::review(
        store,
        &key.assessment,
        &key.action,
        instance.as_deref(),
        &decision,
    )?;
    print_details(&details, json, out)
}

pub(super) fn history(
    store: &Store,
    assessment: &str,
    action: Option<&str>,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let rows = service::history::list(store, assessment, action)?;
    if json {
        return print_json(out, &rows);
    }
    let mut table = Table::new([
        "WHEN", "WHO", "ACTION", "INSTANCE", "FIELD", "BEFORE", "AFTER",
    ]);
    for r in &rows {
        table.row([
            r.entry.at.clone(),
            r.entry.actor.clone(),
            r.action.clone().unwrap_or_default(),
            r.instance.clone().unwrap_or_default(),
            r.entry.field.clone(),
            r.entry.before.clone().unwrap_or_default(),
            r.entry.after.clone().unwrap_or_default(),
        ]);
    }
    Ok(table.write(out)?)
}

/// `Ok(false)` when the chain is broken: scripts see exit code 1.
pub(super) fn verify_history(
    store: &Store,
    json: bool,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let check = service::history::verify(store)?;
    if json {
        print_json(out, &check)?;
    } else if let Some(broken) = &check.broken {
        writeln!(
            out,
            "The history is NOT intact: entry {} fails, {}. Entries before it check out.",
            broken.id, broken.reason
        )?;
    } else {
        writeln!(
            out,
            "The history is intact: {} entries, head SHA-256 {}.",
            check.entries, check.head
        )?;
    }
    Ok(check.broken.is_none())
}

pub(super) fn print_details(
    d: &ActionDetails,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if json {
        return print_json(out, d);
    }
    writeln!(out, "{} ({})", d.title, d.assessment)?;
    writeln!(
        out,
        "{}: {} of {} points. {}",
        d.breakdown.outcome.label(),
        fmt_points(d.breakdown.achieved),
        fmt_points(d.breakdown.possible),
        d.explanation
    )?;
    let mut table = Table::new([
        "INSTANCE",
        "STATUS",
        "OBSERVED",
        "EXPECTED",
        "IMPLEMENTATION",
        "SOURCE",
        "REVIEW",
    ]);
    for r in &d.results {
        let automatic = r.automatic.as_ref();
        table.row([
            r.instance_name
                .clone()
                .unwrap_or_else(|| "(assessment)".into()),
            r.test_status.label().to_string(),
            automatic
                .and_then(|a| {
                    a.observed
                        .as_ref()
                        .map(|v| v.to_string())
                        .or_else(|| a.reason.clone())
                })
                .unwrap_or_default(),
            automatic.map(|a| a.expected.clone()).unwrap_or_default(),
            r.implementation_status.label().to_string(),
            r.testing_source.label().to_string(),
            match (&r.review.state, &r.review.justification) {
                (Some(state), Some(why)) => format!("{state}: {why}"),
                (Some(state), None) => state.clone(),
                _ => String::new(),
            },
        ]);
    }
    table.write(out)?;
    if let Some(t) = &d.threshold {
        writeln!(
            out,
            "Judged against: {} {} ({}; the benchmark's is {}).",
            t.name,
            t.value,
            if t.custom {
                "this assessment's own"
            } else {
                "the benchmark's"
            },
            t.default
        )?;
    }
    for e in &d.evidence {
        writeln!(
            out,
            "Evidence: {} {}",
            e.record.name,
            e.record
                .sha256
                .as_deref()
                .or(e.record.url.as_deref())
                .unwrap_or("")
        )?;
    }
    Ok(())
}
