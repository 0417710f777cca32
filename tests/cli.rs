//! The headless binary, run as a user would, on a temporary data folder.

mod support;

use std::process::{Command, Output};

use compliance_desk::store::Store;
use serde_json::Value;
use support::cli::run;
use support::seeded_dir;

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("valid JSON on stdout")
}

#[test]
fn help_lists_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&run(dir.path(), &["--help"]));
    for word in [
        "assessments",
        "score",
        "actions",
        "connectors",
        "--data-dir",
        "COMPLIANCE_DESK_DATA_DIR",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}

#[test]
fn an_empty_workspace_lists_no_assessments() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        json(&run(dir.path(), &["assessments", "list", "--json"])),
        Value::Array(vec![])
    );
    assert_eq!(
        stdout(&run(dir.path(), &["assessments", "list"])).trim(),
        "No assessments yet."
    );
}

#[test]
fn assessments_list_shows_scores_from_the_database() {
    let dir = seeded_dir();
    let list = json(&run(dir.path(), &["assessments", "list", "--json"]));
    let a = &list[0];
    assert_eq!(a["name"], "Baseline 2026");
    assert_eq!(a["template"], "Security baseline");
    assert_eq!(a["group"], "Default group");
    assert_eq!(a["points"]["achieved"], 36.0);
    assert_eq!(a["points"]["possible"], 39.0);
    assert_eq!(a["status"], "incomplete");
    assert_eq!(
        a["instances"],
        serde_json::json!(["Salesforce Prod", "Zoom Main"])
    );
    let table = stdout(&run(dir.path(), &["assessments", "list"]));
    assert!(
        table.contains("Baseline 2026") && table.contains("92%") && table.contains("36 / 39"),
        "{table}"
    );
}

#[test]
fn score_explains_every_action_by_name_or_id() {
    let dir = seeded_dir();
    let by_name = json(&run(
        dir.path(),
        &["score", "--assessment", "baseline 2026", "--json"],
    ));
    let uid = by_name["assessment"]["uid"].as_str().unwrap().to_string();
    let by_id = json(&run(dir.path(), &["score", "--assessment", &uid, "--json"]));
    assert_eq!(by_name, by_id);
    let actions = by_id["actions"].as_array().unwrap();
    let waiting = actions
        .iter()
        .find(|a| a["title"] == "Enable the waiting room")
        .unwrap();
    assert_eq!(waiting["achieved"], 0.0);
    assert_eq!(waiting["possible"], 3.0);
    assert_eq!(waiting["outcome"], "failed");
    let text = stdout(&run(dir.path(), &["score", "--assessment", &uid]));
    assert!(
        text.contains("Score 92%: 36 of 39 points. Status: Incomplete."),
        "{text}"
    );
    assert!(text.contains("1 failed medium risk"), "{text}");
}

#[test]
fn an_unknown_assessment_is_an_error_naming_it() {
    let dir = seeded_dir();
    let output = run(dir.path(), &["score", "--assessment", "Nope"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "error: assessment \"Nope\" was not found"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let dir = seeded_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .args(["assessments", "list", "--json"])
        .env("COMPLIANCE_DESK_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(json(&output)[0]["name"], "Baseline 2026");
    assert!(
        dir.path().join("logs").is_dir(),
        "logs live in the data folder"
    );
}

/// 0.1's data folder was named after the identifier `com.compliancedesk.app`; the
/// first start of this version moves it to the new one and finds the workspace.
#[cfg(target_os = "linux")]
#[test]
fn a_workspace_in_the_old_data_folder_is_moved_on_first_start() {
    use compliance_desk::service::paths::{APP_IDENTIFIER, OLD_APP_IDENTIFIER};
    let home = tempfile::tempdir().unwrap();
    let old = home.path().join(OLD_APP_IDENTIFIER);
    let mut store = Store::open_in(&old).unwrap();
    support::seed_example(&mut store).unwrap();
    drop(store);
    let output = Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .args(["assessments", "list", "--json"])
        .env_remove("COMPLIANCE_DESK_DATA_DIR")
        .env("XDG_DATA_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(json(&output)[0]["name"], "Baseline 2026");
    let new = home.path().join(APP_IDENTIFIER);
    assert!(new.join(compliance_desk::store::DATABASE_FILE).is_file());
    assert!(!old.exists(), "the old folder was moved, not copied");
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let conn =
        rusqlite::Connection::open(dir.path().join(compliance_desk::store::DATABASE_FILE)).unwrap();
    conn.execute_batch("PRAGMA user_version = 7;").unwrap();
    drop(conn);
    let output = run(dir.path(), &["assessments", "list"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("written by a newer Compliance Desk (schema version 7"),
        "{stderr}"
    );
}

#[test]
fn connectors_list_names_salesforce_and_zoom() {
    let dir = tempfile::tempdir().unwrap();
    let list = json(&run(dir.path(), &["connectors", "list", "--json"]));
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Salesforce", "Zoom"]);
}

#[test]
fn templates_import_show_and_the_assessment_lifecycle_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("acme.xlsx");
    std::fs::write(
        &book,
        support::workbook::xlsx(&support::workbook::valid_tabs()),
    )
    .unwrap();
    let book = book.to_str().unwrap();

    let dry = json(&run(
        dir.path(),
        &["templates", "import", book, "--dry-run", "--json"],
    ));
    assert_eq!(dry["applied"], false);
    assert_eq!(
        dry["counts"],
        serde_json::json!({"families": 2, "controls": 3, "actions": 3})
    );
    let imported = stdout(&run(dir.path(), &["templates", "import", book]));
    assert!(
        imported.contains("Imported Acme vendor policy: 2 families, 3 controls, 3 actions."),
        "{imported}"
    );

    let list = json(&run(dir.path(), &["templates", "list", "--json"]));
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"NIST SP 800-53 Rev. 5 Moderate")
            && titles.contains(&"Acme vendor policy"),
        "{titles:?}"
    );
    let shown = stdout(&run(
        dir.path(),
        &["templates", "show", "NIST SP 800-53 Rev. 5 Moderate"],
    ));
    assert!(
        shown.contains("287 controls")
            && shown.contains("IA-2(1) Multi-factor Authentication to Privileged Accounts"),
        "{shown}"
    );

    // No instances yet: the default is every activated instance, here none.
    let created = json(&run(
        dir.path(),
        &[
            "assessments",
            "create",
            "--name",
            "Acme",
            "--template",
            "Acme vendor policy",
            "--json",
        ],
    ));
    assert_eq!(created["instances"], serde_json::json!([]));
    assert_eq!(
        created["points"]["possible"], 8.0,
        "documentation 5 + operational 3; the technical action has no instance"
    );
    let edited = json(&run(
        dir.path(),
        &[
            "assessments",
            "edit",
            "Acme",
            "--name",
            "Acme FY26",
            "--group",
            "Vendors",
            "--json",
        ],
    ));
    assert_eq!(
        (edited["name"].as_str(), edited["group"].as_str()),
        (Some("Acme FY26"), Some("Vendors"))
    );
    let refused = run(dir.path(), &["assessments", "delete", "Acme FY26"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("add --yes"));
    let deleted = stdout(&run(
        dir.path(),
        &["assessments", "delete", "Acme FY26", "--yes"],
    ));
    assert!(deleted.contains("Deleted \"Acme FY26\""), "{deleted}");
    let up_to_date = run(dir.path(), &["assessments", "update-template", "Acme FY26"]);
    assert!(!up_to_date.status.success(), "it is gone");
}

#[test]
fn a_refused_import_prints_tab_row_and_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut tabs = support::workbook::valid_tabs();
    tabs[2].rows[1][2] = "150";
    let book = dir.path().join("bad.xlsx");
    std::fs::write(&book, support::workbook::xlsx(&tabs)).unwrap();
    let output = run(
        dir.path(),
        &["templates", "import", book.to_str().unwrap(), "--json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["problems"][0]["location"],
        "Actions, row 2, column actionScore"
    );
    assert_eq!(report["applied"], false);
}

#[test]
fn a_control_of_an_imported_catalog_is_re_mapped_to_a_check_as_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/data/oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json",
    );
    stdout(&run(
        dir.path(),
        &["templates", "import", catalog.to_str().unwrap()],
    ));
    let title = "NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE";
    stdout(&run(
        dir.path(),
        &[
            "assessments",
            "create",
            "--name",
            "Low",
            "--template",
            title,
        ],
    ));
    let remapped = json(&run(
        dir.path(),
        &[
            "templates",
            "map",
            title,
            "--control",
            "ia-2(1)",
            "--action",
            "check:salesforce.identity.mfa_all_active_users",
            "--action",
            "Document and evidence IA-2(1) Multi-factor Authentication to Privileged Accounts",
            "--json",
        ],
    ));
    assert_eq!(remapped["version"], "5.1.1+u4+m1");
    assert_eq!(
        remapped["changes"]["actions_added"],
        serde_json::json!(["check salesforce.identity.mfa_all_active_users"])
    );
    let shown = stdout(&run(dir.path(), &["templates", "show", title]));
    assert!(shown.contains("version 5.1.1+u4+m1"), "{shown}");
    let list = json(&run(dir.path(), &["assessments", "list", "--json"]));
    assert_eq!(
        list[0]["update_available"], true,
        "the assessment is offered the new mapping"
    );

    let built_in = run(
        dir.path(),
        &[
            "templates",
            "map",
            "ISO/IEC 27001:2022 Annex A",
            "--control",
            "A.5.1",
            "--action",
            "check:zoom.access.waiting_room",
        ],
    );
    assert!(!built_in.status.success());
    assert!(String::from_utf8_lossy(&built_in.stderr).contains("built in"));
}
