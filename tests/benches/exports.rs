//! Exports of a generated assessment: 2,000 technical actions on 3 instances (6,000
//! automatic results with observed and expected values from one snapshot per
//! instance), and the same at 4,000 actions. Prints the median time per format and
//! the 4,000 / 2,000 ratio. Targets: the PDF of 2,000 actions in at most 2 s on a
//! release build; every ratio at most 2.2 (linear).
//!
//! `cargo bench --bench exports` runs it at full size (`EXPORT_BENCH_ACTIONS=N` for
//! another size); under `cargo test` it runs on 20 and 40 actions so that it keeps
//! working. typst's layout cache is emptied after every PDF, so each run is cold.

#[path = "../support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use compliance_desk::connectors::checks::Evidence;
use compliance_desk::domain::*;
use compliance_desk::reports::{self, ExportFormat};
use compliance_desk::service::sync::sha256_hex;
use compliance_desk::store::repo::results::AutomaticResult;
use compliance_desk::store::repo::snapshots::NewSnapshot;
use compliance_desk::store::{repo, Store, StoreError};

const FORMATS: [(ExportFormat, &str); 4] = [
    (ExportFormat::Pdf, "pdf"),
    (ExportFormat::Xlsx, "xlsx"),
    (ExportFormat::Oscal, "json"),
    (ExportFormat::Bundle, "zip"),
];

fn generate(store: &mut Store, actions: usize) -> Result<String, StoreError> {
    let name = format!("Bench {actions}");
    store.write(|tx| {
        let support::Generated {
            assessment: created,
            actions: ids,
            instances,
        } = support::zoom_assessment(tx, &name, actions, 100, 3)?;
        for instance in &instances {
            let content = format!(
                "{{\"settings\":{{\"instance\":\"{}\",\"padding\":\"{}\"}}}}",
                instance.name,
                "x".repeat(20_000)
            );
            let sha256 = sha256_hex(&content);
            let snapshot_uid = uuid::Uuid::new_v4();
            let snapshot_id = repo::snapshots::insert(
                tx,
                &NewSnapshot {
                    uid: snapshot_uid,
                    instance_id: instance.id,
                    instance_uid: instance.uid,
                    instance_name: &instance.name,
                    service: "zoom",
                    started_at: Utc::now(),
                    finished_at: Utc::now(),
                    requests: 4,
                    content: &content,
                    sha256: &sha256,
                },
            )?;
            let evidence: Vec<String> = (0..actions)
                .map(|n| {
                    serde_json::to_string(&Evidence {
                        check_id: format!("zoom.setting_{n:05}"),
                        fact: format!("in_meeting.setting_{n:05}"),
                        observed: Some(serde_json::json!(n % 3 != 0)),
                        expected: "equals true".into(),
                        context: Default::default(),
                        reason: None,
                        snapshot: Some(snapshot_uid),
                        snapshot_sha256: Some(sha256.clone()),
                        threshold: None,
                    })
                    .unwrap()
                })
                .collect();
            let results: Vec<AutomaticResult<'_>> = ids
                .iter()
                .zip(&evidence)
                .enumerate()
                .map(|(n, (action_id, evidence))| AutomaticResult {
                    assessment_id: created.id,
                    action_id: *action_id,
                    instance_id: instance.id,
                    test_status: if n % 3 == 0 {
                        TestStatus::FailedHighRisk
                    } else {
                        TestStatus::Passed
                    },
                    evidence,
                    snapshot_id: Some(snapshot_id),
                    test_date: Some(Utc::now()),
                })
                .collect();
            repo::results::record_automatic(tx, &results)?;
        }
        Ok(created.uid.to_string())
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (small, runs) = if full { (2_000, 3) } else { (20, 1) };
    let small: usize = std::env::var("EXPORT_BENCH_ACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(small);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let sizes = [small, 2 * small];
    let uids: Vec<String> = sizes
        .iter()
        .map(|n| generate(&mut store, *n).unwrap())
        .collect();
    println!("Exports of a generated assessment, 3 instances, median of {runs}:");
    println!(
        "{:<8} {:>12} {:>12} {:>8}",
        "format",
        format!("{} actions", sizes[0]),
        format!("{} actions", sizes[1]),
        "ratio"
    );
    for (format, extension) in FORMATS {
        let mut times = Vec::new();
        for (uid, size) in uids.iter().zip(sizes) {
            let out = dir.path().join(format!("export-{size}.{extension}"));
            let samples: Vec<Duration> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    reports::export(&mut store, format, uid, &out).unwrap();
                    start.elapsed()
                })
                .collect();
            times.push(median(samples));
        }
        let ratio = times[1].as_secs_f64() / times[0].as_secs_f64();
        println!(
            "{:<8} {:>10.0}ms {:>10.0}ms {:>8.2}",
            extension,
            times[0].as_secs_f64() * 1000.0,
            times[1].as_secs_f64() * 1000.0,
            ratio
        );
    }
    println!("Targets: pdf of 2000 actions <= 2000 ms (release build); every ratio <= 2.2.");
}
