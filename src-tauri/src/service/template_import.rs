//! Importing a template file (a custom template spreadsheet or an OSCAL catalog):
//! read and check everything first, show what it would add or change, and write
//! it in one transaction, or nothing at all.

use serde::Serialize;
use ts_rs::TS;

use crate::connectors::registry;
use crate::store::Store;
use crate::templates::diff::{changes, TemplateChanges};
use crate::templates::spreadsheet::KnownService;
use crate::templates::{oscal, spreadsheet, DraftCounts, Problem, TemplateDraft};

use super::template_install::{all_checks, install, lineage, stored_as_draft};
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file: String,
    /// Everything wrong with the file; when there is anything, nothing was written.
    pub problems: Vec<Problem>,
    pub title: Option<String>,
    pub version: Option<String>,
    pub counts: Option<DraftCounts>,
    /// The version this import replaces, when the template was imported before.
    pub replaces_version: Option<String>,
    /// What changes against that version.
    pub changes: Option<TemplateChanges>,
    /// Whether the template was written (false for a dry run, a problem, or a file
    /// identical to the current version).
    pub applied: bool,
    /// What happened, in a sentence.
    pub message: String,
}

fn read(file: &str, bytes: &[u8]) -> Result<TemplateDraft, crate::templates::ImportError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') || file.to_lowercase().ends_with(".json") {
        return oscal::import(file, bytes);
    }
    let entries: Vec<_> = registry().iter().map(|c| c.entry()).collect();
    let services: Vec<KnownService<'_>> = entries
        .iter()
        .map(|e| KnownService {
            id: &e.id,
            name: &e.name,
        })
        .collect();
    spreadsheet::import(file, bytes, &services)
}

/// Reads `bytes` (named `file`) and, unless `dry_run`, stores the template as a new
/// template or as the newer version of the one imported before with that title.
pub fn import(
    store: &mut Store,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, ServiceError> {
    let mut report = ImportReport {
        file: file.to_string(),
        problems: Vec::new(),
        title: None,
        version: None,
        counts: None,
        replaces_version: None,
        changes: None,
        applied: false,
        message: String::new(),
    };
    let mut draft = match read(file, bytes) {
        Ok(draft) => draft,
        Err(e) => {
            report.problems = e.problems().to_vec();
            report.message = format!("{file} was not imported: nothing was written.");
            return Ok(report);
        }
    };
    let checks = all_checks();
    let line = lineage(&draft.key);
    let previous = super::templates::with_versions(store)?
        .into_iter()
        .find(|(_, info)| info.lineage == line && !info.superseded);
    if draft.version.is_empty() {
        // Spreadsheets carry no version: number the imports.
        let next = previous
            .as_ref()
            .and_then(|(_, info)| info.version.parse::<u32>().ok())
            .map_or(1, |n| n + 1);
        draft.version = next.to_string();
    }
    report.title = Some(draft.title.clone());
    report.counts = Some(draft.counts());
    let fingerprint = draft.fingerprint_ignoring_version();
    if let Some((template, info)) = &previous {
        let actions = crate::store::repo::actions::load_all(store.conn())?;
        let old = stored_as_draft(template, &actions, &checks);
        report.replaces_version = Some(info.version.clone());
        if info.fingerprint == fingerprint {
            report.version = Some(info.version.clone());
            report.changes = Some(TemplateChanges::default());
            report.message = format!(
                "{} version {} is already imported and this file changes nothing.",
                draft.title, info.version
            );
            return Ok(report);
        }
        report.changes = Some(changes(&old, &draft));
    }
    report.version = Some(draft.version.clone());
    let counts = draft.counts();
    if dry_run {
        report.message = format!(
            "{file} is valid: {} families, {} controls, {} actions. Nothing was written (dry run).",
            counts.families, counts.controls, counts.actions
        );
        return Ok(report);
    }
    store.write(|tx| install(tx, &draft, &fingerprint, &checks).map(|_| ()))?;
    report.applied = true;
    report.message = match &previous {
        Some((_, info)) => format!(
            "{} version {} replaces version {}; assessments on the older version are offered the update.",
            draft.title, draft.version, info.version
        ),
        None => format!(
            "Imported {}: {} families, {} controls, {} actions.",
            draft.title, counts.families, counts.controls, counts.actions
        ),
    };
    Ok(report)
}
