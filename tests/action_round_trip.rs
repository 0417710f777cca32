//! The Excel workbook and the action round trip, through the CLI, with the file
//! reopened by calamine and edited by an independent writer (rust_xlsxwriter).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook_auto, Data, Reader};
use compliance_desk::store::Store;
use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("COMPLIANCE_DESK_DATA_DIR")
        .env("USER", "dana")
        .output()
        .expect("the binary runs")
}

/// `import actions FILE --assessment "Baseline 2026"` and `extra`.
fn import(dir: &Path, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "actions",
        file.to_str().unwrap(),
        "--assessment",
        "Baseline 2026",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn json(output: Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn achieved(dir: &Path) -> f64 {
    json(run(
        dir,
        &["score", "--assessment", "Baseline 2026", "--json"],
    ))["assessment"]["points"]["achieved"]
        .as_f64()
        .unwrap()
}

/// The sheet's cells as text, row by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::DateTime(d) => format!("date:{}", d.as_f64()),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Writes `rows` as the "Actions" sheet of a new workbook, as a person's edit would.
fn write_actions(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Actions").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn exported() -> (tempfile::TempDir, std::path::PathBuf, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    support::seed_example(&mut store).unwrap();
    drop(store);
    let file = dir.path().join("baseline.xlsx");
    let done = json(run(
        dir.path(),
        &[
            "export",
            "xlsx",
            "--assessment",
            "Baseline 2026",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(done["summary"], "3 improvement actions in 3 rows.");
    let rows = sheet(&file, "Actions");
    (dir, file, rows)
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn the_workbook_holds_what_the_store_holds() {
    let (_dir, file, rows) = exported();
    let title = col(&rows, "Improvement action");
    let find = |t: &str| rows.iter().find(|r| r[title] == t).unwrap().clone();
    let mfa = find("Require MFA for every user");
    assert_eq!(mfa[col(&rows, "Service instance")], "Salesforce Prod");
    assert_eq!(mfa[col(&rows, "Test status")], "Passed");
    assert_eq!(mfa[col(&rows, "Testing source")], "Automatic");
    assert_eq!(mfa[col(&rows, "Points")], "27");
    let waiting = find("Enable the waiting room");
    assert_eq!(waiting[col(&rows, "Test status")], "Failed medium risk");
    let policy = find("Publish an access policy");
    assert_eq!(
        policy[col(&rows, "Instance ID")],
        "",
        "documentation: one row for the assessment"
    );
    assert_eq!(
        policy[col(&rows, "Implementation status")],
        "Not implemented"
    );
    assert!(
        policy[col(&rows, "Test date")].starts_with("date:"),
        "dates are Excel dates"
    );
    let summary = sheet(&file, "Summary");
    let value = |field: &str| summary.iter().find(|r| r[0] == field).unwrap()[1].clone();
    assert_eq!(value("Assessment"), "Baseline 2026");
    assert_eq!(value("Score"), "92%");
    assert_eq!(value("Points"), "36 of 39 possible");
    let controls = sheet(&file, "Controls");
    assert_eq!(controls.len(), 4, "a header and one row per control");
}

#[test]
fn edits_in_excel_come_back_with_a_preview_then_all_at_once_in_the_history() {
    let (dir, _file, mut rows) = exported();
    let dir = dir.path();
    let title = col(&rows, "Improvement action");
    let policy = rows
        .iter()
        .position(|r| r[title] == "Publish an access policy")
        .unwrap();
    set(&mut rows, policy, "Implementation status", "Implemented");
    set(&mut rows, policy, "Implementation date", "2026-11-20");
    set(&mut rows, policy, "Assigned to", "Sam Lee");
    set(&mut rows, policy, "Test status", "failed_low_risk");
    set(
        &mut rows,
        policy,
        "Testing notes",
        "Policy is two years old",
    );
    // Dates as the export wrote them (Excel serials) come back unchanged.
    let dates = [col(&rows, "Implementation date"), col(&rows, "Test date")];
    for row in rows.iter_mut().skip(1) {
        for c in dates {
            if let Some(serial) = row[c].strip_prefix("date:") {
                let days: f64 = serial.parse().unwrap();
                let d = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                    + chrono::Days::new(days as u64);
                row[c] = d.to_string();
            }
        }
    }
    let edited = dir.join("edited.xlsx");
    write_actions(&edited, &rows);

    let preview = json(import(dir, &edited, &["--dry-run", "--json"]));
    assert_eq!(preview["applied"], false);
    let fields: Vec<(String, String)> = preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap().to_string(),
                c["after"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for expected in [
        ("implementation_status", "implemented"),
        ("implementation_date", "2026-11-20"),
        ("assigned_to", "Sam Lee"),
        ("test_status", "failed_low_risk"),
        ("testing_notes", "Policy is two years old"),
    ] {
        assert!(
            fields.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {fields:?}"
        );
    }
    assert!(preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["row"] == policy as u64 + 1));
    assert_eq!(achieved(dir), 36.0, "a dry run changes nothing");

    let applied = json(import(dir, &edited, &["--json"]));
    assert_eq!(applied["applied"], true);
    assert_eq!(achieved(dir), 27.0, "the 9-point action no longer passes");
    let history = json(run(
        dir,
        &["history", "--assessment", "Baseline 2026", "--json"],
    ));
    assert!(history
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["field"] == "assigned_to" && h["after"] == "Sam Lee" && h["actor"] == "dana"));
    // Importing the same file again changes nothing.
    let again = json(import(dir, &edited, &["--json"]));
    assert_eq!(again["changes"].as_array().unwrap().len(), 0, "{again:#}");
}

#[test]
fn a_changed_id_or_an_invalid_status_refuses_the_file_with_row_numbers_and_changes_nothing() {
    let (dir, _file, mut rows) = exported();
    let dir = dir.path();
    let history_before = json(run(
        dir,
        &["history", "--assessment", "Baseline 2026", "--json"],
    ))
    .as_array()
    .unwrap()
    .len();
    let title = col(&rows, "Improvement action");
    let policy = rows
        .iter()
        .position(|r| r[title] == "Publish an access policy")
        .unwrap();
    let mfa = rows
        .iter()
        .position(|r| r[title] == "Require MFA for every user")
        .unwrap();
    let waiting = rows
        .iter()
        .position(|r| r[title] == "Enable the waiting room")
        .unwrap();
    set(&mut rows, policy, "Assigned to", "Sam Lee"); // a valid edit, not applied either
    set(
        &mut rows,
        mfa,
        "Action ID",
        "00000000-0000-4000-8000-000000000000",
    );
    set(&mut rows, waiting, "Implementation status", "Done");
    for row in rows.iter_mut() {
        for cell in row.iter_mut() {
            if cell.starts_with("date:") {
                cell.clear();
            }
        }
    }
    let edited = dir.join("bad.xlsx");
    write_actions(&edited, &rows);
    let output = import(dir, &edited, &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("{} ", mfa + 1)) && text.contains("IDs must not be changed"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} ", waiting + 1))
            && text.contains("\"Done\" is not an implementation status"),
        "{text}"
    );
    assert!(text.contains("nothing was changed"), "{text}");
    assert_eq!(achieved(dir), 36.0);
    let history_after = json(run(
        dir,
        &["history", "--assessment", "Baseline 2026", "--json"],
    ))
    .as_array()
    .unwrap()
    .len();
    assert_eq!(
        history_after, history_before,
        "not even the valid row was applied"
    );
}

/// Sets a cell of row `r` by its column's header.
fn set(rows: &mut [Vec<String>], r: usize, name: &str, value: &str) {
    let c = col(rows, name);
    rows[r][c] = value.to_string();
}
