//! Two processes on one workspace, as when the CLI or the OS scheduler's daily sync
//! runs while the window is open: two syncs of the same connector take turns (the
//! second says it waits), edits made meanwhile all commit, and the file stays whole.
//! Needs a Secret Service (`.ci/test` runs it inside dbus-run-session).
#![cfg(unix)]

mod support;

use std::io::Read;
use std::process::{Command, Stdio};

use fakes::{Fault, FaultRule};
use support::consistency::assert_consistent;
use support::services::*;

#[test]
#[ignore = "needs a Secret Service: .ci/test runs it inside dbus-run-session"]
fn two_syncs_take_turns_and_edits_beside_them_all_commit() {
    let dir = tempfile::tempdir().unwrap();
    let services = Services::start("mixed", |_, _| {});
    // Slow answers keep the first sync busy while the second starts.
    services.zoom.faults().add(FaultRule {
        path_prefix: "/v2/".into(),
        fault: Fault::Latency { millis: 60 },
        times: None,
    });
    let app = App::new(&dir.path().join("data"));
    app.add_zoom_s2s(&services, "Zoom");
    let database = app.data_dir.join(compliance_desk::store::DATABASE_FILE);
    let before = assert_consistent(&database);

    let sync = || {
        Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
            .args(["sync", "Zoom", "--json", "--progress"])
            .env("COMPLIANCE_DESK_DATA_DIR", &app.data_dir)
            .env("COMPLIANCE_DESK_KEYRING", &app.keyring)
            .env("BROWSER", "true")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let syncs = [sync(), sync()];
    // Edits from a third process while both syncs run.
    for i in 0..5 {
        let (name, group) = (format!("Made meanwhile {i}"), format!("Group {i}"));
        app.ok(
            &[
                "assessments",
                "create",
                "--name",
                &name,
                "--template",
                "Zoom security baseline",
                "--instances",
                "Zoom",
                "--group",
                &group,
            ],
            &[],
        );
    }
    let mut waited = 0;
    for mut child in syncs {
        let mut progress = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut progress)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a sync failed: {progress}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report[0]["succeeded"], true, "{report}");
        if progress.contains("waiting for another sync of this workspace to finish") {
            waited += 1;
        }
    }
    assert_eq!(waited, 1, "exactly one sync waited for the other");
    let listed = app.json(&["assessments", "list", "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    for i in 0..5 {
        assert!(
            names.contains(&format!("Made meanwhile {i}").as_str()),
            "{names:?}"
        );
    }
    let after = assert_consistent(&database);
    assert_eq!(after.succeeded_runs, before.succeeded_runs + 2);
    assert_eq!(
        after.snapshots,
        before.snapshots + 2,
        "one whole snapshot per sync"
    );
}
