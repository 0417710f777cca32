//! Fuzz target for the connectors' answer parsing, end to end: one answer of a real
//! sync (taken from the last snapshot) is edited and served by the fake service in
//! place of the real one, with a chosen status; the sync that reads it must be
//! recorded, succeed with a whole snapshot or fail with a sentence keeping the last
//! good one, and never panic or poison the workspace.
//!
//! CI: `FUZZ_SECONDS` (3). Full run, in a D-Bus session with a keyring:
//! `FUZZ_SECONDS=600 cargo test --test fuzz_connectors -- --include-ignored --nocapture`.

#[path = "support/fuzzing.rs"]
mod fuzzing;
mod support;

use std::sync::Mutex;

use compliance_desk::service::sync::sync_guarded;
use compliance_desk::store::repo;
use fakes::Fault;
use fuzzing::*;
use serde_json::Value;
use support::consistency::assert_consistent;
use support::world::{policy, world, World};

const SALESFORCE: &str = "Salesforce Prod";
const ZOOM: &str = "Zoom server_to_server";
const STATUSES: [u16; 10] = [200, 200, 200, 200, 400, 401, 403, 404, 429, 500];

/// The answers of the instance's last snapshot: (path with query, body).
fn answers(w: &World, name: &str) -> Vec<(String, Value)> {
    let record = repo::instances::find(w.store.conn(), name)
        .unwrap()
        .unwrap();
    let latest = repo::snapshots::latest(w.store.conn(), record.instance.id, 1).unwrap();
    let content: Value = serde_json::from_str(&latest[0].content).unwrap();
    content["raw"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r["body"].clone()))
        .collect()
}

#[test]
#[ignore = "needs a Secret Service: .ci/test runs it inside dbus-run-session"]
fn connector_answers() {
    let mut w = world(|salesforce, _| salesforce.daily_api_limit = 10_000_000);
    w.salesforce_in_assessment();
    w.zoom_in_assessment();
    assert!(w.sync(SALESFORCE).succeeded && w.sync(ZOOM).succeeded);
    let seeds = [answers(&w, SALESFORCE), answers(&w, ZOOM)];
    let world = Mutex::new(w);
    let counter = Counter::new("connector answers");
    let outcomes = Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    bolero::check!()
        .with_type::<(bool, u16, u8, Option<u16>, Vec<JsonEdit>)>()
        .with_test_time(budget())
        .with_shrink_time(SHRINK_TIME)
        .for_each(|(zoom, pick, status, odd_status, edits)| {
            counter.count();
            let mut w = world.lock().unwrap_or_else(|p| p.into_inner());
            let (name, seeds) = if *zoom {
                (ZOOM, &seeds[1])
            } else {
                (SALESFORCE, &seeds[0])
            };
            let (path, body) = &seeds[*pick as usize % seeds.len()];
            let mut body = body.clone();
            for edit in edits {
                edit_json(&mut body, edit);
            }
            let status = odd_status
                .map(|s| 100 + s % 500)
                .unwrap_or(STATUSES[*status as usize % STATUSES.len()]);
            w.fault(*zoom, path, Fault::Answer { status, body }, Some(1));
            let (before, count) = (w.snapshots(name), w.rows_of(name, "snapshots"));
            let World { store, keyring, .. } = &mut *w;
            let report = sync_guarded(store, keyring, name, &policy(), &|_| {}, None)
                .expect("every sync is recorded");
            w.services.salesforce.faults().clear();
            w.services.zoom.faults().clear();
            let outcome = report
                .error_code
                .clone()
                .unwrap_or_else(|| "succeeded".into());
            *outcomes.lock().unwrap().entry(outcome).or_default() += 1;
            if report.succeeded {
                assert_eq!(w.rows_of(name, "snapshots"), count + 1, "one new snapshot");
            } else {
                let error = report.error.unwrap_or_default();
                assert_ne!(
                    report.error_code.as_deref(),
                    Some("internal_error"),
                    "a panic: {error}"
                );
                assert!(error.len() >= 20, "a sentence: {error}");
                assert_eq!(w.snapshots(name), before, "the last good snapshot is kept");
            }
        });
    let w = world.into_inner().unwrap_or_else(|p| p.into_inner());
    assert_consistent(w.store.path());
    let outcomes = outcomes.into_inner().unwrap();
    println!("fuzz connector answers, outcomes: {outcomes:?}");
    assert!(
        outcomes.contains_key("succeeded"),
        "some edited answers still sync"
    );
}
