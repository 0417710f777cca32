//! Fuzz targets for everything a person imports: custom template workbooks (raw
//! bytes and cell by cell), OSCAL catalogs and profiles, and the action round-trip
//! workbook. Each input is an edit of a real document; the importer must answer
//! with a template or a sentence, never panic, and a dry run must change nothing.
//!
//! CI: `FUZZ_SECONDS` (3) per target. Full run:
//! `FUZZ_SECONDS=600 cargo test --test fuzz_importers -- --nocapture --test-threads 1`;
//! a failure prints `BOLERO_RANDOM_SEED=...` to replay it.

#[path = "support/fuzzing.rs"]
mod fuzzing;
mod support;

use std::path::Path;
use std::sync::Mutex;

use compliance_desk::reports;
use compliance_desk::store::Store;
use compliance_desk::templates::{oscal, spreadsheet};
use fuzzing::*;
use serde_json::Value;

fn services() -> Vec<spreadsheet::KnownService<'static>> {
    vec![
        spreadsheet::KnownService {
            id: "salesforce",
            name: "Salesforce",
        },
        spreadsheet::KnownService {
            id: "zoom",
            name: "Zoom",
        },
    ]
}

fn seed_workbook() -> Vec<(String, Vec<Vec<Cell>>)> {
    read_xlsx(&support::workbook::xlsx(&support::workbook::valid_tabs()))
}

fn says_why<T, E: std::fmt::Display>(result: Result<T, E>) {
    if let Err(e) = result {
        let message = e.to_string();
        assert!(message.len() > 10, "a sentence, not \"{message}\"");
    }
}

#[test]
fn template_workbook_bytes() {
    let seed = support::workbook::xlsx(&support::workbook::valid_tabs());
    assert!(
        spreadsheet::import("seed.xlsx", &seed, &services()).is_ok(),
        "the seed imports"
    );
    let counter = Counter::new("template workbook bytes");
    bolero::check!()
        .with_type::<Vec<ByteEdit>>()
        .with_test_time(budget())
        .with_shrink_time(SHRINK_TIME)
        .for_each(|edits| {
            counter.count();
            says_why(spreadsheet::import(
                "f.xlsx",
                &edit_bytes(&seed, edits),
                &services(),
            ));
        });
}

#[test]
fn template_workbook_cells() {
    let seed = seed_workbook();
    let counter = Counter::new("template workbook cells");
    bolero::check!()
        .with_type::<Vec<CellEdit>>()
        .with_test_time(budget())
        .with_shrink_time(SHRINK_TIME)
        .for_each(|edits| {
            counter.count();
            let mut tabs = seed.clone();
            edit_cells(&mut tabs, edits);
            says_why(spreadsheet::import(
                "f.xlsx",
                &write_xlsx(&tabs),
                &services(),
            ));
        });
}

fn shared_oscal(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/oscal")
        .join(name);
    serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

#[test]
fn oscal_documents() {
    // NIST's own files: a small catalog and a profile, and a whole resolved baseline.
    let seeds = [
        shared_oscal("basic-catalog.json"),
        shared_oscal("NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"),
        shared_oscal("NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json"),
    ];
    let counter = Counter::new("OSCAL documents");
    bolero::check!()
        .with_type::<(u8, Vec<JsonEdit>, Vec<ByteEdit>)>()
        .with_test_time(budget())
        .with_shrink_time(SHRINK_TIME)
        .for_each(|(which, json_edits, byte_edits)| {
            counter.count();
            let mut doc = seeds[*which as usize % seeds.len()].clone();
            for edit in json_edits {
                edit_json(&mut doc, edit);
            }
            let text = serde_json::to_vec(&doc).unwrap();
            says_why(oscal::import("f.json", &text));
            if !byte_edits.is_empty() {
                says_why(oscal::import("f.json", &edit_bytes(&text, byte_edits)));
            }
        });
}

#[test]
fn action_round_trip_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    support::seed_example(&mut store).unwrap();
    let (exported, _) = reports::workbook::build(&store, "Baseline 2026").unwrap();
    let seed = read_xlsx(&exported);
    let history = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .unwrap()
    };
    let before = history(&store);
    let file = dir.path().join("edited.xlsx");
    let store = Mutex::new(store);
    let counter = Counter::new("action round-trip workbook");
    bolero::check!()
        .with_type::<(Vec<CellEdit>, Vec<ByteEdit>)>()
        .with_test_time(budget())
        .with_shrink_time(SHRINK_TIME)
        .for_each(|(cell_edits, byte_edits)| {
            counter.count();
            let mut tabs = seed.clone();
            edit_cells(&mut tabs, cell_edits);
            let bytes = edit_bytes(&write_xlsx(&tabs), byte_edits);
            std::fs::write(&file, &bytes).unwrap();
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            says_why(reports::action_import::import(
                &mut store,
                "Baseline 2026",
                &file,
                true,
            ));
            assert_eq!(history(&store), before, "a dry run changes nothing");
        });
}
