//! Template importers on a real SQLite file: NIST's own OSCAL catalogs and
//! spreadsheets written by an independent writer, imported whole or refused whole.
//! Versions and changes of assessments: tests/template_versions.rs.

mod support;

use std::path::PathBuf;

use compliance_desk::service::template_import::{import, ImportReport};
use compliance_desk::service::{self, templates};
use compliance_desk::store::Store;
use sha2::{Digest, Sha256};
use support::workbook::{valid_tabs, xlsx, Tab};

fn oscal(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/oscal")
        .join(file)
}

fn workspace() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = service::open(dir.path()).unwrap();
    (dir, store)
}

/// SHA-256 over every row of every table: "nothing was written" means this is equal.
fn checksum(store: &Store) -> String {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut hasher = Sha256::new();
    for table in tables {
        hasher.update(table.as_bytes());
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                hasher.update(format!("{value:?}|").as_bytes());
            }
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn import_file(store: &mut Store, path: &PathBuf) -> ImportReport {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    import(store, &name, &bytes, false).unwrap()
}

#[test]
fn nist_low_and_moderate_resolved_catalogs_import_with_exactly_their_control_counts() {
    let (_dir, mut store) = workspace();
    for (file, controls, families) in [
        (
            "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json",
            149,
            18,
        ),
        (
            "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json",
            287,
            18,
        ),
    ] {
        let report = import_file(&mut store, &oscal(file));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(report.applied, "{}", report.message);
        let counts = report.counts.unwrap();
        assert_eq!(
            (counts.controls, counts.families, counts.actions),
            (controls, families, controls),
            "{file}"
        );
        let listed = templates::list(&store)
            .unwrap()
            .into_iter()
            .find(|t| Some(&t.title) == report.title.as_ref())
            .unwrap();
        assert_eq!(listed.controls, controls);
        assert_eq!(listed.version, "5.1.1+u4");
    }
    // Both NIST imports share one documentation action per control with each other
    // and with the built-in Moderate template: the work is done once.
    let shared: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM improvement_actions WHERE title LIKE 'Document and evidence AC-2 %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shared, 1);
    let details = templates::show(
        &store,
        "NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE",
    )
    .unwrap();
    let ac7 = details
        .families
        .iter()
        .flat_map(|f| &f.controls)
        .find(|c| c.name == "AC-7")
        .unwrap();
    assert_eq!(ac7.title, "Unsuccessful Logon Attempts");
}

#[test]
fn the_basic_catalog_with_nested_groups_imports_and_a_profile_is_refused_unchanged() {
    let (_dir, mut store) = workspace();
    let report = import_file(&mut store, &oscal("basic-catalog.json"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let details = templates::show(&store, report.title.as_deref().unwrap()).unwrap();
    assert!(
        details
            .families
            .iter()
            .any(|f| f.name == "Organization of Information Security / Internal Organization"),
        "nested groups are flattened with their path: {:?}",
        details.families.iter().map(|f| &f.name).collect::<Vec<_>>()
    );

    let before = checksum(&store);
    for file in [
        "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json",
        "ifa_assessment-results-example.json",
    ] {
        let report = import_file(&mut store, &oscal(file));
        assert!(!report.applied);
        assert!(
            report.problems[0].message.contains("not a catalog"),
            "{file}: {:?}",
            report.problems
        );
    }
    assert_eq!(checksum(&store), before, "a refused file writes nothing");
}

#[test]
fn a_spreadsheet_in_the_reference_format_imports_with_its_counts() {
    let (_dir, mut store) = workspace();
    let report = import(&mut store, "acme.xlsx", &xlsx(&valid_tabs()), false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let counts = report.counts.unwrap();
    assert_eq!(
        (counts.families, counts.controls, counts.actions),
        (2, 3, 3)
    );
    assert_eq!(
        report.title.as_deref(),
        Some("Acme vendor policy"),
        "titles are trimmed"
    );
    let listed = templates::list(&store)
        .unwrap()
        .into_iter()
        .find(|t| t.title == "Acme vendor policy")
        .unwrap();
    assert_eq!(listed.supported_services, ["salesforce", "zoom"]);
    let details = templates::show(&store, "acme vendor policy").unwrap();
    let first = &details.families[0].controls[0];
    assert_eq!(
        first.actions,
        ["Write the sign-in standard", "Check MFA in Salesforce"]
    );
    let actions = compliance_desk::store::repo::actions::load_all(store.conn()).unwrap();
    let review = actions
        .iter()
        .find(|a| a.title == "Review access quarterly")
        .unwrap();
    assert_eq!(review.points(), 3);
    assert_eq!(
        review.purpose,
        compliance_desk::domain::ActionPurpose::Detective
    );
}

/// Replaces one cell (tab, row, column index) of the valid workbook.
fn with_cell(tab: &str, row: usize, column: usize, value: &'static str) -> Vec<Tab<'static>> {
    let mut tabs = valid_tabs();
    let t = tabs.iter_mut().find(|t| t.name == tab).unwrap();
    t.rows[row][column] = value;
    tabs
}

#[test]
fn each_refusal_names_tab_row_and_column_and_writes_nothing() {
    let (_dir, mut store) = workspace();
    let mut missing_tab = valid_tabs();
    missing_tab.retain(|t| t.name != "Actions");
    let mut missing_column = valid_tabs();
    for row in &mut missing_column[2].rows {
        row.remove(2);
    }
    let mut duplicate = valid_tabs();
    duplicate[2].rows[3][0] = "Write the sign-in standard";
    let cases: Vec<(&str, Vec<Tab<'static>>, &str, &str)> = vec![
        ("missing tab", missing_tab, "Actions", "the tab is missing"),
        (
            "missing column",
            missing_column,
            "Actions, row 1",
            "the column actionScore is missing",
        ),
        (
            "duplicate title",
            duplicate,
            "Actions, row 4, column actionTitle",
            "already the title of row 2",
        ),
        (
            "score 0",
            with_cell("Actions", 1, 2, "0"),
            "Actions, row 2, column actionScore",
            "outside 1..99",
        ),
        (
            "score 100",
            with_cell("Actions", 2, 2, "100"),
            "Actions, row 3, column actionScore",
            "outside 1..99",
        ),
        (
            "unknown service",
            with_cell("Template", 1, 3, "Salesforce;;Slack"),
            "Template, row 2, column inScopeServices",
            "\"Slack\" is not a service",
        ),
        (
            "undefined action",
            with_cell("ControlFamily", 2, 4, "Review access yearly"),
            "ControlFamily, row 3, column controlActionTitle",
            "\"Review access yearly\" is not defined",
        ),
    ];
    let before = checksum(&store);
    for (case, tabs, location, message) in cases {
        let report = import(&mut store, "bad.xlsx", &xlsx(&tabs), false).unwrap();
        assert!(!report.applied, "{case}");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.location == location && p.message.contains(message)),
            "{case}: {:?}",
            report.problems
        );
        assert_eq!(checksum(&store), before, "{case}: nothing written");
    }
    let report = import(&mut store, "notes.xlsx", b"not a workbook", false).unwrap();
    assert!(report.problems[0]
        .message
        .contains("not a readable .xlsx workbook"));
    assert_eq!(checksum(&store), before);
}
