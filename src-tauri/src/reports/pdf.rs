//! The PDF/A-2b report: the report model, laid out by `report.typ` with typst.

use std::path::Path;

use chrono::Utc;

use super::model::{self, Report};
use super::output::{self, ExportedFile};
use crate::service::ServiceError;
use crate::store::Store;

const TEMPLATE: &str = include_str!("report.typ");

/// The report as PDF bytes, and its page count.
pub fn render(report: &Report) -> Result<(Vec<u8>, usize), ServiceError> {
    let data = serde_json::to_vec(report)
        .map_err(|e| ServiceError::Invalid(format!("The report could not be prepared: {e}.")))?;
    let ident = format!("{}/{}", report.assessment.uid, report.generated_at);
    let done = report_pdf::render(&report_pdf::Document {
        main: TEMPLATE,
        files: vec![("/data.json", data)],
        created: chrono::DateTime::parse_from_rfc3339(&report.generated_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now()),
        ident: &ident,
    })
    .map_err(|e| ServiceError::Invalid(format!("The PDF report failed: {e}.")))?;
    Ok((done.pdf, done.pages))
}

/// Writes the PDF report of `assessment` to `out`.
pub fn export(
    store: &mut Store,
    assessment: &str,
    out: &Path,
) -> Result<ExportedFile, ServiceError> {
    let report = model::build(store, assessment, Utc::now())?;
    let (pdf, pages) = render(&report)?;
    let summary = format!(
        "{pages} pages: score {}, {} controls.",
        report.summary.score,
        report.controls.len()
    );
    output::save(
        store,
        &report.assessment.uid.to_string(),
        out,
        "PDF report",
        &pdf,
        summary,
    )
}
