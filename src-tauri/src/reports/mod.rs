//! Reports auditors take away, over the service layer: the PDF/A report, the Excel
//! workbook and its action round trip, OSCAL assessment results, and the evidence
//! bundle that carries them all with the files they rest on.

pub mod action_import;
mod action_sheet;
pub mod bundle;
mod drift;
pub mod model;
pub mod oscal;
pub mod output;
pub mod pdf;
pub mod verify;
pub mod workbook;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::service::ServiceError;
use crate::store::{repo, Store};
use output::ExportedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Oscal,
    Bundle,
}

/// Writes one export of `assessment` (UUID or name) to `out` and records it in the
/// assessment's history.
pub fn export(
    store: &mut Store,
    format: ExportFormat,
    assessment: &str,
    out: &Path,
) -> Result<ExportedFile, ServiceError> {
    match format {
        ExportFormat::Pdf => pdf::export(store, assessment, out),
        ExportFormat::Xlsx => workbook::export(store, assessment, out),
        ExportFormat::Bundle => bundle::export(store, assessment, out),
        ExportFormat::Oscal => {
            let report = model::build(store, assessment, chrono::Utc::now())?;
            let doc = oscal::document(&report);
            let bytes = serde_json::to_vec_pretty(&doc).expect("JSON values serialize");
            let summary = format!(
                "OSCAL {} assessment results: {} controls, {} snapshots.",
                oscal::OSCAL_VERSION,
                report.controls.len(),
                report.snapshots.len()
            );
            let uid = report.assessment.uid.to_string();
            output::save(
                store,
                &uid,
                out,
                "OSCAL assessment results",
                &bytes,
                summary,
            )
        }
    }
}

/// The organisation named on reports.
pub fn organisation(store: &Store) -> Result<String, ServiceError> {
    Ok(repo::settings::get(store.conn(), model::ORGANISATION)?.unwrap_or_default())
}

pub fn set_organisation(store: &mut Store, name: &str) -> Result<String, ServiceError> {
    let name = name.trim().to_string();
    if name.chars().count() > 200 {
        return Err(ServiceError::Invalid(
            "The organisation's name is longer than 200 characters.".into(),
        ));
    }
    store.write(|tx| repo::settings::set(tx, model::ORGANISATION, &name))?;
    Ok(name)
}
