//! The evidence bundle: one .zip with the PDF report, the workbook, the OSCAL
//! results, every snapshot and evidence file the assessment uses and its history,
//! listed in `manifest.json` with their SHA-256, and again in `SHA256SUMS` (which
//! also covers the manifest) so that `sha256sum -c` checks it without our app.

use std::io::{Cursor, Write};
use std::path::Path;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::model::Report;
use super::oscal::{self, evidence_path, snapshot_path};
use super::output::sha256_hex;
use super::{pdf, workbook};
use crate::service::evidence::stored_path;
use crate::service::ServiceError;
use crate::store::{repo, Store};

pub const MANIFEST: &str = "manifest.json";
pub const SUMS: &str = "SHA256SUMS";
pub const FORMAT: &str = "compliance-desk-evidence-bundle/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub assessment: String,
    pub assessment_uid: String,
    pub template: String,
    pub organisation: String,
    pub generated_at: String,
    pub generator: String,
    /// The head of the history's hash chain when the bundle was made.
    pub history_head: String,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// What the file is, for a person reading the manifest.
    pub description: String,
}

const README: &str = "Compliance Desk evidence bundle

manifest.json lists every file of this bundle with its SHA-256 and what it is.
SHA256SUMS lists the same files and manifest.json itself, in the format of sha256sum.

To check the bundle without Compliance Desk, unzip it and, in its folder, run:

    sha256sum -c SHA256SUMS

Every line must end in OK. Compare the bundle's own SHA-256 (sha256sum on the .zip)
with the one recorded when it was exported. On Windows, PowerShell's
`Get-FileHash -Algorithm SHA256 FILE` gives the same hashes to compare with the
lines of SHA256SUMS. With Compliance Desk:

    compliance-desk verify BUNDLE.zip
";

/// Every file of a bundle but the PDF, the manifest and the sums: what needs the
/// store, read while it is held.
pub struct Gathered {
    files: Vec<(String, Vec<u8>, String)>,
}

impl Gathered {
    fn add(&mut self, path: String, bytes: Vec<u8>, description: impl Into<String>) {
        self.files.push((path, bytes, description.into()));
    }
}

fn history_json(store: &Store, report: &Report) -> Result<Vec<u8>, ServiceError> {
    let mut entries = repo::history::list(store.conn(), &report.assessment.uid.to_string(), None)?;
    entries.reverse();
    let doc = serde_json::json!({
        "assessment_uid": report.assessment.uid,
        "chain_head": report.audit.head,
        "chain_entries": report.audit.chain_entries,
        "chain_intact": report.audit.intact,
        "hashing": "Each entry's sha256 is SHA-256 of the JSON array [at, actor, assessment_uid, action_uid, instance_uid, field, before, after, previous entry's sha256]; the first entry follows 64 zeros. Entries of other assessments sit between these in the chain.",
        "entries": entries,
    });
    Ok(serde_json::to_vec_pretty(&doc).expect("JSON values serialize"))
}

/// Reads every file the bundle of `report` holds, but the PDF.
pub fn gather(store: &Store, report: &Report) -> Result<Gathered, ServiceError> {
    let mut e = Gathered { files: Vec::new() };
    let (book, _) = workbook::build(store, &report.assessment.uid.to_string())?;
    e.add(
        "workbook.xlsx".into(),
        book,
        "Controls and actions per instance, with notes and evidence (Excel)",
    );
    let results =
        serde_json::to_vec_pretty(&oscal::document(report)).expect("JSON values serialize");
    e.add(
        "assessment-results.json".into(),
        results,
        "OSCAL 1.1.2 assessment results",
    );
    e.add(
        "history.json".into(),
        history_json(store, report)?,
        "The assessment's change history, hash-chained",
    );
    for s in &report.snapshots {
        let (content, sha256) =
            repo::snapshots::content(store.conn(), &s.uid)?.ok_or_else(|| {
                ServiceError::Invalid(format!(
                    "The snapshot {} of {} is no longer kept.",
                    s.uid, s.instance
                ))
            })?;
        if sha256_hex(&content) != sha256 {
            return Err(ServiceError::Invalid(format!(
                "The snapshot {} of {} does not match its recorded SHA-256: the database was altered.",
                s.uid, s.instance
            )));
        }
        e.add(
            snapshot_path(&s.uid),
            content.into_bytes(),
            format!("What {} returned at {}", s.instance, s.collected_at),
        );
    }
    let data_dir = store.path().parent().unwrap_or(Path::new("."));
    for f in &report.evidence_files {
        let path = stored_path(data_dir, &f.sha256);
        let bytes = std::fs::read(&path).map_err(|err| {
            ServiceError::Invalid(format!(
                "The evidence file \"{}\" could not be read from {}: {err}.",
                f.name,
                path.display()
            ))
        })?;
        if sha256_hex(&bytes) != f.sha256 {
            return Err(ServiceError::Invalid(format!(
                "The evidence file \"{}\" at {} no longer matches the SHA-256 recorded when it was attached.",
                f.name,
                path.display()
            )));
        }
        e.add(
            evidence_path(&f.sha256, &f.name),
            bytes,
            format!("Evidence \"{}\"", f.name),
        );
    }
    e.add(
        "README.txt".into(),
        README.as_bytes().to_vec(),
        "How to check this bundle",
    );
    Ok(e)
}

fn zip_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(format!("The bundle could not be written: {e}."))
}

/// The bundle of `report` as zip bytes: renders the PDF, then lists and zips it all.
pub fn build(report: &Report, gathered: Gathered) -> Result<Vec<u8>, ServiceError> {
    let mut e = Gathered { files: Vec::new() };
    let (report_pdf, _) = pdf::render(report)?;
    e.add(
        "report.pdf".into(),
        report_pdf,
        "The assessment report (PDF/A-2b)",
    );
    e.files.extend(gathered.files);
    let manifest = Manifest {
        format: FORMAT.into(),
        assessment: report.assessment.name.clone(),
        assessment_uid: report.assessment.uid.to_string(),
        template: format!(
            "{} (version {})",
            report.assessment.template, report.assessment.template_version
        ),
        organisation: report.organisation.clone(),
        generated_at: report.generated_at.clone(),
        generator: format!("Compliance Desk {}", report.app_version),
        history_head: report.audit.head.clone(),
        files: e
            .files
            .iter()
            .map(|(path, bytes, description)| ManifestFile {
                path: path.clone(),
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
                description: description.clone(),
            })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("JSON values serialize");
    let mut sums: String = manifest
        .files
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.path))
        .collect();
    sums.push_str(&format!("{}  {MANIFEST}\n", sha256_hex(&manifest_bytes)));

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let now = Utc::now();
    let stamp = {
        use chrono::{Datelike, Timelike};
        zip::DateTime::from_date_and_time(
            now.year() as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default()
    };
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    // PDF and xlsx are compressed already.
    let stored = deflated.compression_method(CompressionMethod::Stored);
    let all = e
        .files
        .iter()
        .map(|(p, b, _)| (p.as_str(), b.as_slice()))
        .chain([
            (MANIFEST, manifest_bytes.as_slice()),
            (SUMS, sums.as_bytes()),
        ]);
    for (path, bytes) in all {
        let options = if path.ends_with(".pdf") || path.ends_with(".xlsx") {
            stored
        } else {
            deflated
        };
        zip.start_file(path, options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// What the bundle holds, in a sentence.
pub fn summary(report: &Report) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "The report, workbook, OSCAL results, {}, {} and the history, with their SHA-256.",
        count(report.snapshots.len(), "snapshot"),
        count(report.evidence_files.len(), "evidence file")
    )
}
