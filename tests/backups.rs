//! Backups through the headless binary: taken on request and daily, restored (and
//! the restore undone), and offered when the database file cannot be read.

mod support;

use std::path::Path;

use compliance_desk::store::DATABASE_FILE;
use support::cli::{json, ok, run};
use support::seeded_dir;

fn assessments(data_dir: &Path) -> Vec<String> {
    json(data_dir, &["assessments", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

fn create_assessment(data_dir: &Path, name: &str) {
    ok(
        data_dir,
        &[
            "assessments",
            "create",
            "--name",
            name,
            "--template",
            "ISO/IEC 27001:2022 Annex A",
            "--group",
            "G",
        ],
    );
}

#[test]
fn a_restore_brings_the_workspace_back_and_can_itself_be_undone() {
    let dir = seeded_dir();
    let data = dir.path();
    assert!(ok(data, &["backups", "list"]).starts_with("No backups yet"));
    let taken = json(data, &["backups", "create", "--json"]);
    let name = taken["name"].as_str().unwrap().to_string();
    assert_eq!(taken["reason"], "manual");
    assert!(data.join("backups").join(&name).is_file());

    create_assessment(data, "Made after the backup");
    assert_eq!(assessments(data).len(), 2);
    let said = ok(data, &["backups", "restore", &name]);
    assert!(
        said.contains("Restored the workspace from the backup taken"),
        "{said}"
    );
    assert_eq!(
        assessments(data),
        ["Baseline 2026"],
        "the later work is gone"
    );

    // The workspace as it was before the restore was kept: restoring it undoes the restore.
    let listed = json(data, &["backups", "list", "--json"]);
    let previous = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reason"] == "before-restore")
        .expect("a before-restore backup")["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(said.contains(&previous), "{said}");
    ok(data, &["backups", "restore", &previous]);
    assert_eq!(assessments(data).len(), 2);
    // The history's chain still holds after both restores.
    assert!(ok(data, &["verify-history"]).contains("intact"));
}

#[test]
fn an_unreadable_database_names_the_newest_good_backup_which_restores_it() {
    let dir = seeded_dir();
    let data = dir.path();
    let good = json(data, &["backups", "create", "--json"])["name"]
        .as_str()
        .unwrap()
        .to_string();
    // A newer backup that is damaged is passed over.
    let damaged = "compliance-desk-29991231T000000.000Z-manual.sqlite3";
    std::fs::write(data.join("backups").join(damaged), b"not a database at all").unwrap();
    std::fs::write(data.join(DATABASE_FILE), vec![0x5a; 8192]).unwrap();

    let failed = run(data, &["assessments", "list"]);
    assert!(!failed.status.success());
    let error = String::from_utf8_lossy(&failed.stderr);
    assert!(
        error.contains("cannot be read") && error.contains(&format!("backups restore {good}")),
        "{error}"
    );
    let refused = run(data, &["backups", "restore", damaged]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("cannot be restored"),
        "a damaged backup is refused"
    );

    let said = ok(data, &["backups", "restore", &good]);
    assert!(said.contains("moved to"), "{said}");
    assert_eq!(assessments(data), ["Baseline 2026"]);
    let aside: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".unreadable-"))
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the unreadable file is kept aside, not deleted"
    );
}

#[test]
fn the_daily_backup_is_taken_once_a_day_and_only_seven_are_kept() {
    let dir = seeded_dir();
    let data = dir.path();
    // The example's connectors have no sign-in, so their syncs fail; the backup comes first.
    run(data, &["sync", "--all"]);
    run(data, &["sync", "--all"]);
    let listed = json(data, &["backups", "list", "--json"]);
    let daily: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["reason"] == "daily")
        .collect();
    assert_eq!(daily.len(), 1, "one daily backup a day: {listed}");
    for _ in 0..9 {
        ok(data, &["backups", "create"]);
    }
    let listed = json(data, &["backups", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 7, "{listed}");
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["reason"] == "manual"),
        "the oldest go first"
    );
}
