//! The action round trip's way back: the "Actions" sheet of an exported workbook,
//! edited in Excel, read with calamine. It shows exactly what would change, then
//! applies every change in one transaction, each in the history. A row that matches
//! no action (or whose IDs were changed), or a value that is not a status or a date,
//! is refused with its row number, and then nothing is applied.

use std::path::Path;

use calamine::Data;
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::action_sheet::{
    self, implementation_from, source_from, test_status_from, COLUMNS, SHEET,
};
use crate::domain::{TestStatus, TestingSource};
use crate::service::action_edit::{write_edits, ActionEdit, Rescore};
use crate::service::journal;
use crate::service::workspace::Workspace;
use crate::service::ServiceError;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionImport {
    pub file: String,
    /// Data rows read.
    pub rows: u32,
    pub changes: Vec<PlannedChange>,
    pub problems: Vec<RowProblem>,
    pub applied: bool,
    /// What happened, in a sentence.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlannedChange {
    /// The row in the sheet (the header is row 1).
    pub row: u32,
    pub action: String,
    pub instance: Option<String>,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RowProblem {
    pub row: u32,
    pub column: Option<String>,
    pub message: String,
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
        Some(other) => other.to_string().trim().to_string(),
    }
}

/// A date cell as `YYYY-MM-DD`: a real Excel date, an ISO text, or empty.
fn date(cell: Option<&Data>) -> Result<String, String> {
    let serial = |days: f64| {
        NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days.floor() as u64)))
            .map(|d| d.to_string())
            .ok_or_else(|| format!("{days} is not a date"))
    };
    match cell {
        Some(Data::DateTime(d)) => serial(d.as_f64()),
        Some(Data::Float(f)) => serial(*f),
        Some(Data::DateTimeIso(s)) => Ok(s.chars().take(10).collect()),
        other => {
            let t = text(other);
            if t.is_empty() || NaiveDate::parse_from_str(&t, "%Y-%m-%d").is_ok() {
                Ok(t)
            } else {
                Err(format!("\"{t}\" is not a date like 2026-11-29"))
            }
        }
    }
}

pub fn import(
    store: &mut Store,
    assessment: &str,
    path: &Path,
    dry_run: bool,
) -> Result<ActionImport, ServiceError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| ServiceError::Invalid(format!("{file} cannot be read: {e}.")))?;
    let sheets = crate::xlsx::sheets(&bytes).map_err(|e| {
        ServiceError::Invalid(format!(
            "{file} is not a workbook Compliance Desk can read: {e}."
        ))
    })?;
    let sheet = match sheets.into_iter().find(|(name, _)| name == SHEET) {
        Some((_, Ok(cells))) => cells,
        Some((_, Err(e))) => {
            return Err(ServiceError::Invalid(format!(
                "The \"{SHEET}\" sheet of {file} cannot be read: {e}."
            )))
        }
        None => {
            return Err(ServiceError::Invalid(format!(
                "{file} has no \"{SHEET}\" sheet: import a workbook exported by Compliance Desk (Export > Excel workbook)."
            )))
        }
    };
    let mut rows = sheet.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .unwrap_or_default();
    let mut at = Vec::new();
    for name in COLUMNS {
        match header.iter().position(|h| h == name) {
            Some(i) => at.push(i),
            None => {
                return Err(ServiceError::Invalid(format!(
                    "The \"{SHEET}\" sheet of {file} has no column \"{name}\" in its first row; nothing was imported."
                )))
            }
        }
    }
    let col = |name: &str| at[action_sheet::column(name)];

    let workspace = Workspace::load(store)?;
    let current = action_sheet::rows(store, &workspace, assessment)?;
    let key =
        |action: &str, instance: &str| (action.to_ascii_lowercase(), instance.to_ascii_lowercase());
    let by_key: std::collections::HashMap<_, _> = current
        .iter()
        .map(|r| {
            (
                key(
                    &r.target.action.uid.to_string(),
                    &r.result
                        .instance_uid
                        .map(|u| u.to_string())
                        .unwrap_or_default(),
                ),
                r,
            )
        })
        .collect();

    let mut problems = Vec::new();
    let mut edits: Vec<(u32, String, ActionEdit)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    for (i, cells) in rows.enumerate() {
        let row = (i + 2) as u32;
        let cell = |name: &str| cells.get(col(name));
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        count += 1;
        let problem = |column: Option<&str>, message: String| RowProblem {
            row,
            column: column.map(str::to_string),
            message,
        };
        let (action_id, instance_id) = (text(cell("Action ID")), text(cell("Instance ID")));
        let Some(found) = by_key.get(&key(&action_id, &instance_id)) else {
            problems.push(problem(Some("Action ID"), format!(
                "no improvement action with ID \"{action_id}\"{} in this assessment: rows cannot be added and IDs must not be changed",
                if instance_id.is_empty() { String::new() } else { format!(" on instance \"{instance_id}\"") }
            )));
            continue;
        };
        if !seen.insert(key(&action_id, &instance_id)) {
            problems.push(problem(
                None,
                "this action and instance appear twice in the sheet".into(),
            ));
            continue;
        }
        match row_edit(found, &|name| cell(name)) {
            Ok(Some(mut edit)) => {
                edit.instance = found.result.instance_uid.map(|u| u.to_string());
                edits.push((row, found.target.action.uid.to_string(), edit));
            }
            Ok(None) => {}
            Err((column, message)) => problems.push(problem(Some(column), message)),
        }
    }

    // What would change, row by row, in a transaction that is rolled back: the
    // checks of a real edit run, and a refused edit is named with its row.
    let actor = journal::user_name(store)?;
    let planned = store.trial(|tx| {
        let mut planned = Vec::new();
        for (row, action, edit) in &edits {
            match write_edits(
                tx,
                Rescore::No,
                &workspace,
                &actor,
                assessment,
                &[(action.clone(), edit.clone())],
            ) {
                Ok(changes) => planned.extend(changes.into_iter().map(|c| (*row, c))),
                Err(e) => problems.push(RowProblem {
                    row: *row,
                    column: None,
                    message: e.to_string(),
                }),
            }
        }
        Ok::<_, ServiceError>(planned)
    })?;
    let title_of = |uid: &Option<String>| {
        uid.as_deref()
            .and_then(|u| workspace.actions.iter().find(|a| a.uid.to_string() == u))
            .map(|a| a.title.clone())
            .unwrap_or_default()
    };
    let name_of = |uid: &Option<String>| {
        uid.as_deref()
            .and_then(|u| workspace.instances.iter().find(|i| i.uid.to_string() == u))
            .map(|i| i.name.clone())
    };
    let changes: Vec<PlannedChange> = planned
        .into_iter()
        .map(|(row, c)| PlannedChange {
            row,
            action: title_of(&c.action_uid),
            instance: name_of(&c.instance_uid),
            field: c.field,
            before: c.before,
            after: c.after,
        })
        .collect();
    let mut report = ActionImport {
        file: file.clone(),
        rows: count,
        changes,
        problems,
        applied: false,
        message: String::new(),
    };
    if !report.problems.is_empty() {
        report.message = format!(
            "{file} was not imported: {} row(s) have problems, and nothing was changed.",
            report
                .problems
                .iter()
                .map(|p| p.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        return Ok(report);
    }
    if report.changes.is_empty() {
        report.message = format!("{file} changes nothing: every row equals the assessment.");
        return Ok(report);
    }
    if dry_run {
        report.message = format!(
            "{file} would change {} field(s); nothing was written (dry run).",
            report.changes.len()
        );
        return Ok(report);
    }
    let batch: Vec<(String, ActionEdit)> = edits.into_iter().map(|(_, a, e)| (a, e)).collect();
    store.write_scored(|tx, scores| {
        write_edits(
            tx,
            Rescore::Yes(scores),
            &workspace,
            &actor,
            assessment,
            &batch,
        )
    })?;
    report.applied = true;
    report.message = format!(
        "{file}: {} field(s) changed in one go, each recorded in the history.",
        report.changes.len()
    );
    Ok(report)
}

type Cell<'a> = dyn Fn(&str) -> Option<&'a Data> + 'a;

/// The edit a row asks for (only what differs from the assessment), or the column
/// and the reason it cannot be read.
fn row_edit<'a>(
    found: &action_sheet::Row<'_>,
    cell: &Cell<'a>,
) -> Result<Option<ActionEdit>, (&'static str, String)> {
    let r = &found.result;
    let mut edit = ActionEdit::default();
    let status_text = text(cell("Implementation status"));
    let implementation = implementation_from(&status_text).ok_or((
        "Implementation status",
        format!("\"{status_text}\" is not an implementation status (Not implemented, Implemented, Alternative implementation, Planned, Out of scope)"),
    ))?;
    if implementation != r.implementation_status {
        edit.implementation_status = Some(implementation);
    }
    let implementation_date =
        date(cell("Implementation date")).map_err(|m| ("Implementation date", m))?;
    if implementation_date
        != r.implementation_date
            .map(|d| d.to_string())
            .unwrap_or_default()
    {
        edit.implementation_date = Some(implementation_date);
    }
    let assigned = text(cell("Assigned to"));
    if assigned != r.assigned_to.clone().unwrap_or_default() {
        edit.assigned_to = Some(assigned);
    }
    let notes = text(cell("Implementation notes"));
    if notes != r.implementation_notes.trim() {
        edit.implementation_notes = Some(notes);
    }
    let source_text = text(cell("Testing source"));
    let source = source_from(&source_text).ok_or((
        "Testing source",
        format!("\"{source_text}\" is not a testing source (Automatic, Manual, Parent)"),
    ))?;
    if source != r.testing_source {
        edit.testing_source = Some(source);
    }
    let parent = text(cell("Parent action"));
    if source == TestingSource::Parent
        && parent != r.parent_action_title.clone().unwrap_or_default()
    {
        edit.parent_action = Some(parent);
    }
    let status_text = text(cell("Test status"));
    let status = test_status_from(&status_text).ok_or((
        "Test status",
        format!("\"{status_text}\" is not a test status"),
    ))?;
    match source {
        TestingSource::Manual if status != r.recorded_status || source != r.testing_source => {
            edit.test_status = Some(status)
        }
        TestingSource::Automatic | TestingSource::Parent if status != r.recorded_status && source == r.testing_source => {
            return Err((
                "Test status",
                format!("the test status comes from the {} here; set Testing source to Manual to record a test", if source == TestingSource::Automatic { "connector" } else { "parent action" }),
            ))
        }
        _ => {}
    }
    let credit = text(cell("Partial credit"));
    if status == TestStatus::PartiallyTested && source == TestingSource::Manual {
        let share: f64 = credit.parse().map_err(|_| {
            (
                "Partial credit",
                format!("\"{credit}\" is not a share between 0 and 1"),
            )
        })?;
        if Some(share) != r.partial_credit || edit.test_status.is_some() {
            edit.partial_credit = Some(share);
        }
    }
    let test_date = date(cell("Test date")).map_err(|m| ("Test date", m))?;
    let current_date = r
        .test_date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    // With a new status the sheet's date is the test's date (else today's would be).
    if source == TestingSource::Manual && (test_date != current_date || edit.test_status.is_some())
    {
        edit.test_date = Some(test_date);
    }
    let testing_notes = text(cell("Testing notes"));
    if testing_notes != r.testing_notes.trim() {
        edit.testing_notes = Some(testing_notes);
    }
    let changed = edit.implementation_status.is_some()
        || edit.implementation_date.is_some()
        || edit.assigned_to.is_some()
        || edit.implementation_notes.is_some()
        || edit.testing_source.is_some()
        || edit.parent_action.is_some()
        || edit.test_status.is_some()
        || edit.partial_credit.is_some()
        || edit.test_date.is_some()
        || edit.testing_notes.is_some();
    Ok(changed.then_some(edit))
}
