//! `compliance-desk verify BUNDLE`: recomputes every file's SHA-256 against the
//! bundle's manifest and SHA256SUMS, and names each file that does not match.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::bundle::{Manifest, FORMAT, MANIFEST, SUMS};
use super::output::sha256_hex;
use crate::service::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleCheck {
    pub bundle: String,
    pub assessment: Option<String>,
    pub generated_at: Option<String>,
    pub files_checked: u32,
    pub problems: Vec<BundleProblem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleProblem {
    pub path: String,
    pub problem: String,
}

/// Reads every entry; an entry that cannot be read (a damaged zip) is a problem
/// named after it, not a failure of the whole check.
fn read_entries(
    path: &Path,
    problems: &mut Vec<BundleProblem>,
) -> Result<BTreeMap<String, Vec<u8>>, ServiceError> {
    let file = std::fs::File::open(path).map_err(|e| {
        ServiceError::Invalid(format!("{} could not be opened: {e}.", path.display()))
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        ServiceError::Invalid(format!(
            "{} is not a readable .zip bundle: {e}.",
            path.display()
        ))
    })?;
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(BundleProblem {
                    path: format!("entry {}", i + 1),
                    problem: format!("it cannot be read: {e}"),
                });
                continue;
            }
        };
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        match entry.read_to_end(&mut bytes) {
            Ok(_) => {
                entries.insert(name, bytes);
            }
            Err(e) => problems.push(BundleProblem {
                path: name,
                problem: format!("it is damaged: {e}"),
            }),
        }
    }
    Ok(entries)
}

/// Checks the bundle at `path`.
pub fn verify(path: &Path) -> Result<BundleCheck, ServiceError> {
    let mut problems = Vec::new();
    let entries = read_entries(path, &mut problems)?;
    let mut problem = |path: &str, text: String| {
        problems.push(BundleProblem {
            path: path.to_string(),
            problem: text,
        })
    };
    let manifest: Option<Manifest> = match entries.get(MANIFEST) {
        None => {
            problem(MANIFEST, "the bundle has no manifest".into());
            None
        }
        Some(bytes) => match serde_json::from_slice::<Manifest>(bytes) {
            Ok(m) if m.format == FORMAT => Some(m),
            Ok(m) => {
                problem(
                    MANIFEST,
                    format!("its format is \"{}\", not \"{FORMAT}\"", m.format),
                );
                None
            }
            Err(e) => {
                problem(MANIFEST, format!("it is not a valid manifest: {e}"));
                None
            }
        },
    };
    let mut checked = 0;
    if let Some(m) = &manifest {
        for f in &m.files {
            checked += 1;
            match entries.get(&f.path) {
                None => problem(
                    &f.path,
                    "it is listed in the manifest but missing from the bundle".into(),
                ),
                Some(bytes) => {
                    let actual = sha256_hex(bytes);
                    if actual != f.sha256 {
                        problem(
                            &f.path,
                            format!("its SHA-256 is {actual}, the manifest says {}", f.sha256),
                        );
                    }
                }
            }
        }
        for name in entries.keys() {
            if name != MANIFEST && name != SUMS && !m.files.iter().any(|f| &f.path == name) {
                problem(name, "it is in the bundle but not in the manifest".into());
            }
        }
    }
    match entries
        .get(SUMS)
        .map(|b| String::from_utf8_lossy(b).into_owned())
    {
        None => problem(SUMS, "the bundle has no SHA256SUMS".into()),
        Some(sums) => {
            let mut listed_manifest = false;
            for line in sums.lines().filter(|l| !l.trim().is_empty()) {
                let Some((hash, name)) = line.split_once("  ") else {
                    problem(
                        SUMS,
                        format!("the line \"{line}\" is not \"SHA-256  path\""),
                    );
                    continue;
                };
                listed_manifest |= name == MANIFEST;
                let listed = manifest
                    .as_ref()
                    .and_then(|m| m.files.iter().find(|f| f.path == name));
                match entries.get(name).map(sha256_hex) {
                    Some(actual) if actual == hash => {}
                    Some(_) if name == MANIFEST => problem(
                        MANIFEST,
                        "its SHA-256 does not match SHA256SUMS: the manifest was altered".into(),
                    ),
                    // The file matches the manifest: the sums are what changed.
                    Some(actual) if listed.is_some_and(|f| f.sha256 == actual) => problem(
                        SUMS,
                        format!(
                            "its line for {name} does not match the file: SHA256SUMS was altered"
                        ),
                    ),
                    Some(_) => problem(
                        name,
                        format!("its SHA-256 does not match the line in {SUMS}"),
                    ),
                    None => problem(SUMS, format!("it lists {name}, which is not in the bundle")),
                }
            }
            if !listed_manifest {
                problem(SUMS, "it does not list manifest.json".into());
            }
        }
    }
    // One file altered shows in both lists: name it once per reason.
    problems.dedup_by(|a, b| a.path == b.path && a.problem == b.problem);
    Ok(BundleCheck {
        bundle: path.display().to_string(),
        assessment: manifest.as_ref().map(|m| m.assessment.clone()),
        generated_at: manifest.as_ref().map(|m| m.generated_at.clone()),
        files_checked: checked,
        problems,
    })
}
