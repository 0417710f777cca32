//! Writing an export to disk safely and recording it in the history.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::drift::REPORT_FIELD;
pub use crate::service::sync::sha256_hex;
use crate::service::{journal, ServiceError};
use crate::store::Store;

/// A file an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportedFile {
    pub path: String,
    /// "PDF report", "OSCAL assessment results", ...
    pub kind: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
    /// What it holds, in a sentence.
    pub summary: String,
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`:
/// a failed export never leaves a half-written file where the last good one was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ServiceError> {
    let failed = |e: std::io::Error| {
        ServiceError::Invalid(format!("{} could not be written: {e}.", path.display()))
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| ServiceError::Invalid(format!("{} is not a file name.", path.display())))?;
    let tmp = dir.join(format!(".{}.partial", name.to_string_lossy()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(failed(e));
    }
    Ok(())
}

/// Writes the export and records it in the assessment's history (what, and its
/// SHA-256), so the next report knows what changed since.
pub fn save(
    store: &mut Store,
    assessment_uid: &str,
    path: &Path,
    kind: &str,
    bytes: &[u8],
    summary: String,
) -> Result<ExportedFile, ServiceError> {
    write_atomically(path, bytes)?;
    let sha256 = sha256_hex(bytes);
    let actor = journal::user_name(store)?;
    let entry = journal::change(
        &actor,
        assessment_uid,
        None,
        None,
        REPORT_FIELD,
        None,
        Some(format!("{kind} {sha256}")),
    );
    store.write(|tx| journal::record(tx, &[entry]))?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        kind: kind.to_string(),
        bytes: bytes.len() as u64,
        sha256,
        summary,
    })
}
