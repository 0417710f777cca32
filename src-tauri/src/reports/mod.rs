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

use crate::service::workspace::Workspace;
use crate::service::ServiceError;
use crate::store::{repo, Store};
use model::Report;
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

/// An export with everything it needs from the store read: rendering it (typst
/// for the PDF takes seconds on a large assessment) needs no store, so the window
/// renders without holding the workspace.
pub enum Prepared {
    Pdf(Box<Report>),
    Oscal(Box<Report>),
    Xlsx {
        uid: String,
        bytes: Vec<u8>,
        summary: String,
    },
    Bundle(Box<Report>, bundle::Gathered),
}

/// Reads what an export of `assessment` (UUID or name) needs.
pub fn prepare(
    store: &Store,
    format: ExportFormat,
    assessment: &str,
) -> Result<Prepared, ServiceError> {
    let now = chrono::Utc::now();
    Ok(match format {
        ExportFormat::Pdf => Prepared::Pdf(Box::new(model::build(store, assessment, now)?)),
        ExportFormat::Oscal => Prepared::Oscal(Box::new(model::build(store, assessment, now)?)),
        ExportFormat::Xlsx => {
            let uid = Workspace::load(store)?
                .assessment(assessment)?
                .uid
                .to_string();
            let (bytes, summary) = workbook::build(store, assessment)?;
            Prepared::Xlsx {
                uid,
                bytes,
                summary,
            }
        }
        ExportFormat::Bundle => {
            let report = model::build(store, assessment, now)?;
            let gathered = bundle::gather(store, &report)?;
            Prepared::Bundle(Box::new(report), gathered)
        }
    })
}

/// A rendered export, not yet written.
pub struct Rendered {
    pub assessment_uid: String,
    pub kind: &'static str,
    pub bytes: Vec<u8>,
    pub summary: String,
}

impl Prepared {
    pub fn render(self) -> Result<Rendered, ServiceError> {
        let rendered = |report: &Report, kind, (bytes, summary): (Vec<u8>, String)| Rendered {
            assessment_uid: report.assessment.uid.to_string(),
            kind,
            bytes,
            summary,
        };
        Ok(match self {
            Prepared::Pdf(report) => rendered(&report, "PDF report", pdf::render(&report)?),
            Prepared::Oscal(report) => {
                let doc = oscal::document(&report);
                let bytes = serde_json::to_vec_pretty(&doc).expect("JSON values serialize");
                let summary = format!(
                    "OSCAL {} assessment results: {} controls, {} snapshots.",
                    oscal::OSCAL_VERSION,
                    report.controls.len(),
                    report.snapshots.len()
                );
                rendered(&report, "OSCAL assessment results", (bytes, summary))
            }
            Prepared::Xlsx {
                uid,
                bytes,
                summary,
            } => Rendered {
                assessment_uid: uid,
                kind: "Excel workbook",
                bytes,
                summary,
            },
            Prepared::Bundle(report, gathered) => {
                let summary = bundle::summary(&report);
                rendered(
                    &report,
                    "Evidence bundle",
                    (bundle::build(&report, gathered)?, summary),
                )
            }
        })
    }
}

/// Writes a rendered export to `out` and records it in the assessment's history.
pub fn save(
    store: &mut Store,
    rendered: Rendered,
    out: &Path,
) -> Result<ExportedFile, ServiceError> {
    output::save(
        store,
        &rendered.assessment_uid,
        out,
        rendered.kind,
        &rendered.bytes,
        rendered.summary,
    )
}

/// Writes one export of `assessment` (UUID or name) to `out` and records it in the
/// assessment's history.
pub fn export(
    store: &mut Store,
    format: ExportFormat,
    assessment: &str,
    out: &Path,
) -> Result<ExportedFile, ServiceError> {
    let rendered = prepare(store, format, assessment)?.render()?;
    save(store, rendered, out)
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
