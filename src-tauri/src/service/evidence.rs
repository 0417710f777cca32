//! Evidence on an action: files copied into the data folder under their SHA-256
//! (the same file attached twice is stored once) and links, each with the period
//! it covers and an optional expiry.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::store::repo::evidence::{EvidenceKind, EvidencePeriod, EvidenceRecord};
use crate::store::repo::{self};
use crate::store::Store;

use super::action_details::{self, ActionDetails};
use super::action_target::ActionTarget;
use super::journal;
use super::workspace::Workspace;
use super::ServiceError;

/// Larger files are refused: evidence is documents and screenshots, not backups.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// Where a file with this SHA-256 is kept: `evidence/ab/abcdef...`.
pub fn stored_path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("evidence").join(&sha256[..2]).join(sha256)
}

pub fn parse_period(
    effective_from: Option<&str>,
    effective_to: Option<&str>,
    expires_on: Option<&str>,
) -> Result<EvidencePeriod, ServiceError> {
    let day = |value: Option<&str>, what: &str| -> Result<Option<NaiveDate>, ServiceError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    ServiceError::Invalid(format!(
                        "The {what} \"{v}\" is not a date like 2026-11-29."
                    ))
                }),
        }
    };
    let period = EvidencePeriod {
        effective_from: day(effective_from, "start of the effective period")?,
        effective_to: day(effective_to, "end of the effective period")?,
        expires_on: day(expires_on, "expiry date")?,
    };
    if let (Some(from), Some(to)) = (period.effective_from, period.effective_to) {
        if from > to {
            return Err(ServiceError::Invalid(format!(
                "The effective period ends ({to}) before it starts ({from})."
            )));
        }
    }
    Ok(period)
}

/// Attaches a file or a link (`source` starting with http:// or https://).
pub fn add(
    store: &mut Store,
    assessment: &str,
    action: &str,
    source: &str,
    period: EvidencePeriod,
) -> Result<ActionDetails, ServiceError> {
    let actor = journal::user_name(store)?;
    let workspace = Workspace::load(store)?;
    let target = ActionTarget::find(&workspace, assessment, action)?;
    let data_dir = store
        .path()
        .parent()
        .ok_or_else(|| ServiceError::Invalid("the database has no folder".into()))?
        .to_path_buf();
    let record = if source.starts_with("http://") || source.starts_with("https://") {
        link_record(source, &actor, target.action.id)?
    } else {
        file_record(&data_dir, Path::new(source), &actor, target.action.id)?
    };
    let record = EvidenceRecord { period, ..record };
    let existing =
        repo::evidence::list(store.conn(), target.assessment.id, Some(target.action.id))?;
    if existing.iter().any(|e| {
        e.sha256.is_some() && e.sha256 == record.sha256 || e.url.is_some() && e.url == record.url
    }) {
        return Err(ServiceError::Invalid(format!(
            "\"{}\" is already attached to \"{}\".",
            record.name, target.action.title
        )));
    }
    store.write(|tx| {
        repo::evidence::insert(tx, target.assessment.id, &record)?;
        let after = match &record.sha256 {
            Some(hash) => format!("{} (SHA-256 {hash})", record.name),
            None => format!("{} ({})", record.name, record.url.as_deref().unwrap_or("")),
        };
        journal::record(
            tx,
            &[journal::change(
                &actor,
                &target.assessment.uid.to_string(),
                Some(&target.action.uid.to_string()),
                None,
                "evidence",
                None,
                Some(after),
            )],
        )?;
        Ok::<_, ServiceError>(())
    })?;
    action_details::show(
        store,
        &target.assessment.uid.to_string(),
        &target.action.uid.to_string(),
    )
}

fn link_record(
    source: &str,
    actor: &str,
    action_id: crate::domain::ActionId,
) -> Result<EvidenceRecord, ServiceError> {
    let url = url::Url::parse(source.trim()).map_err(|e| {
        ServiceError::Invalid(format!("The link \"{source}\" is not a web address: {e}."))
    })?;
    Ok(EvidenceRecord {
        uid: Uuid::new_v4(),
        action_id,
        kind: EvidenceKind::Link,
        name: url
            .host_str()
            .map_or_else(|| url.to_string(), |h| format!("{h}{}", url.path())),
        sha256: None,
        size: None,
        url: Some(url.to_string()),
        period: EvidencePeriod::default(),
        added_at: crate::store::repo::codes_now(),
        added_by: actor.to_string(),
    })
}

fn file_record(
    data_dir: &Path,
    path: &Path,
    actor: &str,
    action_id: crate::domain::ActionId,
) -> Result<EvidenceRecord, ServiceError> {
    let unreadable = |e: std::io::Error| {
        ServiceError::Invalid(format!("The file {} cannot be read: {e}.", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ServiceError::Invalid(format!(
            "{} is not a file.",
            path.display()
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ServiceError::Invalid(format!(
            "{} is {} MB; evidence files may be at most {} MB.",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let sha256 = copy_by_content(data_dir, path).map_err(unreadable)?;
    Ok(EvidenceRecord {
        uid: Uuid::new_v4(),
        action_id,
        kind: EvidenceKind::File,
        name: path
            .file_name()
            .map_or_else(|| "evidence".into(), |n| n.to_string_lossy().into_owned()),
        sha256: Some(sha256),
        size: Some(meta.len() as i64),
        url: None,
        period: EvidencePeriod::default(),
        added_at: crate::store::repo::codes_now(),
        added_by: actor.to_string(),
    })
}

/// Copies `path` to a temporary file while hashing it, then moves it to its content
/// address (or drops it when that content is already stored). Returns the SHA-256.
fn copy_by_content(data_dir: &Path, path: &Path) -> std::io::Result<String> {
    let folder = data_dir.join("evidence");
    crate::store::private::private_dir(&folder)?;
    let temp = folder.join(format!(".incoming-{}", Uuid::new_v4()));
    let result = (|| {
        let mut input = std::fs::File::open(path)?;
        let mut output = private_file(&temp)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = input.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            output.write_all(&buffer[..n])?;
        }
        output.sync_all()?;
        let sha256: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let target = stored_path(data_dir, &sha256);
        if target.exists() {
            std::fs::remove_file(&temp)?;
        } else {
            std::fs::create_dir_all(target.parent().expect("content paths have a folder"))?;
            std::fs::rename(&temp, &target)?;
        }
        Ok(sha256)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Evidence may be confidential: on Unix only the owner reads it. On Windows the
/// per-user app-data folder is already private to the account.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
