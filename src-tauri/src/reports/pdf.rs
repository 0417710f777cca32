//! The PDF/A-2b report: the report model, laid out by `report.typ` with typst.

use chrono::Utc;

use super::model::Report;
use crate::service::ServiceError;

const TEMPLATE: &str = include_str!("report.typ");

/// The report as PDF bytes, and what it holds in a sentence.
pub fn render(report: &Report) -> Result<(Vec<u8>, String), ServiceError> {
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
    let summary = format!(
        "{} pages: score {}, {} controls.",
        done.pages,
        report.summary.score,
        report.controls.len()
    );
    Ok((done.pdf, summary))
}
