//! Manual work, evidence, assessor reviews and the hash-chained history, through the
//! headless binary on a real SQLite file, as an officer would use them.
//! The example workspace scores 36 of 39: Salesforce MFA 27 passed, Zoom waiting
//! room 3 failed (automatic), "Publish an access policy" 9 passed (manual).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use compliance_desk::domain::{ActionId, AssessmentId, InstanceId, TestStatus};
use compliance_desk::store::repo::results::{record_automatic, AutomaticResult};
use compliance_desk::store::Store;
use serde_json::Value;

const POLICY: &str = "Publish an access policy";
const WAITING: &str = "Enable the waiting room";

fn run(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("COMPLIANCE_DESK_DATA_DIR")
        .env("USER", "dana")
        .env("USERNAME", "dana")
        .output()
        .expect("the binary runs")
}

fn ok_json(output: Output) -> Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// The command failed with exit 1 and a sentence on stderr.
fn refused(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.starts_with("error: ") && err.len() > 30, "{err}");
    err
}

fn achieved(dir: &Path) -> f64 {
    let score = ok_json(run(
        dir,
        &["score", "--assessment", "Baseline 2026", "--json"],
    ));
    score["assessment"]["points"]["achieved"].as_f64().unwrap()
}

fn seeded() -> (tempfile::TempDir, support::Example) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let example = support::seed_example(&mut store).unwrap();
    (dir, example)
}

fn action_args<'a>(action: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--assessment", "Baseline 2026", "--action", action];
    args.extend_from_slice(rest);
    args
}

#[test]
fn a_manual_test_moves_the_score_by_exactly_the_actions_points_and_is_in_the_history() {
    let (dir, _) = seeded();
    let dir = dir.path();
    assert_eq!(achieved(dir), 36.0);
    let mut args = vec!["actions", "set"];
    args.extend(action_args(
        POLICY,
        &[
            "--source",
            "manual",
            "--test-status",
            "failed_low_risk",
            "--json",
        ],
    ));
    ok_json(run(dir, &args));
    assert_eq!(achieved(dir), 27.0, "the 9-point action no longer earns");

    let mut args = vec!["actions", "set"];
    args.extend(action_args(
        POLICY,
        &[
            "--implementation-status",
            "implemented",
            "--implementation-date",
            "2026-11-20",
            "--test-status",
            "passed",
            "--test-date",
            "2026-11-28",
            "--notes",
            "Policy v3 approved by the board",
            "--assignee",
            "Sam Lee",
            "--json",
        ],
    ));
    let details = ok_json(run(dir, &args));
    assert_eq!(achieved(dir), 36.0, "passing earns its 9 points back");
    let result = &details["results"][0];
    assert_eq!(result["implementation_status"], "implemented");
    assert_eq!(result["test_status"], "passed");
    assert_eq!(
        result["implementation_notes"],
        "Policy v3 approved by the board"
    );
    assert_eq!(result["assigned_to"], "Sam Lee");
    assert_eq!(details["breakdown"]["achieved"], 9.0);

    let history = ok_json(run(
        dir,
        &[
            "history",
            "--assessment",
            "Baseline 2026",
            "--action",
            POLICY,
            "--json",
        ],
    ));
    let entries = history.as_array().unwrap();
    let find = |field: &str, after: &str| {
        entries
            .iter()
            .find(|e| e["field"] == field && e["after"] == after)
            .unwrap_or_else(|| panic!("no {field} -> {after} in {history:#}"))
    };
    let passed = find("test_status", "passed");
    assert_eq!(passed["before"], "failed_low_risk");
    assert_eq!(passed["actor"], "dana", "the OS account name by default");
    assert_eq!(passed["action"], POLICY);
    find("implementation_notes", "Policy v3 approved by the board");
    find("assigned_to", "Sam Lee");

    let verified = ok_json(run(dir, &["verify-history", "--json"]));
    assert!(verified["broken"].is_null());
    assert_eq!(
        verified["entries"].as_u64().unwrap() as usize,
        entries.len()
    );
}

#[test]
fn partially_tested_earns_its_share_and_bad_edits_change_nothing() {
    let (dir, _) = seeded();
    let dir = dir.path();
    let set = |rest: &[&str]| {
        let mut args = vec!["actions", "set"];
        args.extend(action_args(POLICY, rest));
        run(dir, &args)
    };
    ok_json(set(&[
        "--test-status",
        "partially_tested",
        "--partial-credit",
        "0.5",
        "--json",
    ]));
    assert_eq!(achieved(dir), 31.5, "27 + half of 9");

    let err = refused(set(&["--test-status", "passd"]));
    assert!(
        err.contains("\"passd\" is not a known test status"),
        "{err}"
    );
    let err = refused(set(&["--test-status", "could_not_be_determined"]));
    assert!(err.contains("connectors only"), "{err}");
    let err = refused(set(&["--partial-credit", "1.5"]));
    assert!(err.contains("between 0 and 1"), "{err}");
    let err = refused(set(&[
        "--notes",
        "half written",
        "--test-date",
        "29/11/2026",
    ]));
    assert!(err.contains("29/11/2026"), "{err}");
    let err = refused(set(&["--source", "automatic"]));
    assert!(err.contains("Manual or Parent"), "{err}");
    assert_eq!(achieved(dir), 31.5, "nothing was half-written");
    let details = ok_json(run(dir, &{
        let mut a = vec!["actions", "show"];
        a.extend(action_args(POLICY, &["--json"]));
        a
    }));
    assert_eq!(
        details["results"][0]["implementation_notes"], "",
        "the refused note was not kept"
    );
}

#[test]
fn evidence_files_are_stored_once_by_content_with_their_period() {
    let (data, _) = seeded();
    let dir = data.path();
    let file = dir.join("access-policy.pdf");
    std::fs::write(&file, b"%PDF-1.7 the access policy").unwrap();
    let file = file.to_str().unwrap();
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(
        POLICY,
        &[
            file,
            "--effective-from",
            "2026-01-01",
            "--effective-to",
            "2026-12-31",
            "--expires",
            "2027-01-31",
            "--json",
        ],
    ));
    let details = ok_json(run(dir, &args));
    let item = &details["evidence"][0];
    let sha = item["sha256"].as_str().unwrap().to_string();
    assert_eq!(sha.len(), 64);
    assert_eq!(item["period"]["effective_from"], "2026-01-01");
    assert_eq!(item["period"]["expires_on"], "2027-01-31");
    assert_eq!(item["added_by"], "dana");
    let stored = dir.join("evidence").join(&sha[..2]).join(&sha);
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        b"%PDF-1.7 the access policy"
    );

    // The same file on another action: a second record, one stored copy.
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(WAITING, &[file, "--json"]));
    let other = ok_json(run(dir, &args));
    assert_eq!(other["evidence"][0]["sha256"], sha.as_str());
    let copies: Vec<_> = walk(&dir.join("evidence"));
    assert_eq!(
        copies,
        vec![stored.clone()],
        "stored once, no temporary files left"
    );

    // Twice on the same action, a reversed period, a missing file: refused.
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(POLICY, &[file]));
    assert!(refused(run(dir, &args)).contains("already attached"));
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(
        POLICY,
        &[
            "https://intranet.example/policy",
            "--effective-from",
            "2026-05-01",
            "--effective-to",
            "2026-04-01",
        ],
    ));
    assert!(refused(run(dir, &args)).contains("ends (2026-04-01) before it starts"));
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(POLICY, &["/no/such/file.pdf"]));
    assert!(refused(run(dir, &args)).contains("/no/such/file.pdf"));
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(
        POLICY,
        &["https://intranet.example/policy", "--json"],
    ));
    let linked = ok_json(run(dir, &args));
    assert_eq!(
        linked["evidence"][1]["url"],
        "https://intranet.example/policy"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn verdict(store: &mut Store, example: &support::Example, status: TestStatus) {
    let action: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM improvement_actions WHERE title = ?1",
            [WAITING],
            |r| r.get(0),
        )
        .unwrap();
    let evidence = serde_json::json!({
        "check_id": "zoom.waiting_room", "fact": "settings.in_meeting.waiting_room",
        "observed": status == TestStatus::Passed, "expected": "true", "context": {},
        "reason": null, "snapshot": null, "snapshot_sha256": null
    })
    .to_string();
    store
        .write(|tx| {
            record_automatic(
                tx,
                &[AutomaticResult {
                    assessment_id: AssessmentId(example.assessment.id.0),
                    action_id: ActionId(action),
                    instance_id: InstanceId(example.zoom.id.0),
                    test_status: status,
                    evidence: &evidence,
                    snapshot_id: None,
                    test_date: Some(chrono::Utc::now()),
                }],
            )
        })
        .unwrap();
}

#[test]
fn an_override_needs_a_justification_scores_and_is_flagged_when_the_verdict_changes() {
    let (data, example) = seeded();
    let dir = data.path();
    let review = |rest: &[&str]| {
        let mut args = vec!["review", "override"];
        args.extend(action_args(WAITING, rest));
        run(dir, &args)
    };
    let err = refused(review(&[
        "--instance",
        "Zoom Main",
        "--status",
        "passed",
        "--justification",
        "  ",
    ]));
    assert!(err.contains("justification"), "{err}");
    let details = ok_json(review(&[
        "--instance",
        "Zoom Main",
        "--status",
        "passed",
        "--justification",
        "Waiting room is enforced by the SSO gateway policy ZP-7",
        "--json",
    ]));
    assert_eq!(
        achieved(dir),
        39.0,
        "the overridden 3-point action now earns"
    );
    let result = &details["results"][0];
    assert_eq!(result["test_status"], "passed");
    assert_eq!(result["recorded_status"], "failed_medium_risk");
    assert_eq!(result["review"]["state"], "overridden");

    // A sync with a different verdict keeps the override and flags it. (The sync's
    // own history entries are written by the service; this writes the verdict only.)
    let mut store = Store::open_in(dir).unwrap();
    verdict(&mut store, &example, TestStatus::Passed);
    drop(store);
    let mut args = vec!["actions", "show"];
    args.extend(action_args(WAITING, &["--json"]));
    let details = ok_json(run(dir, &args));
    assert_eq!(details["needs_review"], true);
    assert_eq!(details["results"][0]["review"]["state"], "needs_review");
    assert_eq!(details["results"][0]["review"]["override_status"], "passed");

    let history = ok_json(run(
        dir,
        &["history", "--assessment", "Baseline 2026", "--json"],
    ));
    let fields: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap(),
                e["after"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        fields.contains(&(
            "override_justification",
            "Waiting room is enforced by the SSO gateway policy ZP-7"
        )),
        "{fields:?}"
    );

    // Accepting clears the override: the automatic verdict scores again.
    let mut args = vec!["review", "accept"];
    args.extend(action_args(WAITING, &["--json"]));
    let accepted = ok_json(run(dir, &args));
    assert_eq!(accepted["results"][0]["review"]["state"], "accepted");
    assert_eq!(achieved(dir), 39.0, "the verdict is now Passed");
}

#[test]
fn verify_history_names_the_entry_edited_in_the_database_file() {
    let (data, _) = seeded();
    let dir = data.path();
    for notes in ["first", "second", "third"] {
        let mut args = vec!["actions", "set"];
        args.extend(action_args(POLICY, &["--notes", notes]));
        assert!(run(dir, &args).status.success());
    }
    let intact = run(dir, &["verify-history"]);
    assert!(intact.status.success());
    assert!(String::from_utf8_lossy(&intact.stdout).contains("intact: 3 entries"));

    // Someone with the database file rewrites the second entry.
    let conn = rusqlite::Connection::open(dir.join(compliance_desk::store::DATABASE_FILE)).unwrap();
    let err = conn
        .execute("UPDATE history SET after = 'forged' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    conn.execute_batch(
        "DROP TRIGGER history_is_append_only_update;
         UPDATE history SET after = 'forged' WHERE id = 2;",
    )
    .unwrap();
    drop(conn);
    let broken = run(dir, &["verify-history"]);
    assert_eq!(broken.status.code(), Some(1));
    let text = String::from_utf8_lossy(&broken.stdout);
    assert!(
        text.contains("NOT intact: entry 2") && text.contains("edited"),
        "{text}"
    );
}

#[test]
fn the_assessment_page_scores_families_and_instances_and_pages_filtered_actions() {
    use compliance_desk::service::action_list::{self, ActionQuery, ActionSort};
    use compliance_desk::service::assessment_page;
    let (data, example) = seeded();
    let store = Store::open_in(data.path()).unwrap();
    let page = assessment_page::get(&store, "Baseline 2026").unwrap();
    assert_eq!(page.action_count, 3);
    let bar = |bars: &[assessment_page::ScoreBar], label: &str| {
        let b = bars.iter().find(|b| b.label == label).unwrap();
        (b.achieved, b.possible)
    };
    assert_eq!(bar(&page.families, "Access control"), (36.0, 36.0));
    assert_eq!(bar(&page.families, "Meetings"), (0.0, 3.0));
    assert_eq!(bar(&page.instance_scores, "Salesforce Prod"), (27.0, 27.0));
    assert_eq!(bar(&page.instance_scores, "Zoom Main"), (0.0, 3.0));
    // Seeded instances never synced: their data is stale, and said so.
    assert!(page
        .attention
        .iter()
        .any(|a| a.kind == "stale_data" && a.title == "Zoom Main"));
    let meetings = page
        .controls
        .iter()
        .find(|c| c.family == "Meetings")
        .unwrap();
    assert_eq!(meetings.actions[0].status, TestStatus::FailedMediumRisk);

    let query = |tune: &dyn Fn(&mut ActionQuery)| {
        let mut q = ActionQuery {
            limit: 2,
            ..Default::default()
        };
        tune(&mut q);
        action_list::page(&store, "Baseline 2026", &q).unwrap()
    };
    let first = query(&|_| {});
    assert_eq!((first.total, first.rows.len()), (3, 2));
    let second = query(&|q| q.offset = 2);
    assert_eq!(second.rows.len(), 1);
    let by_status = query(&|q| q.sort = ActionSort::Status);
    assert_eq!(by_status.rows[0].title, WAITING, "failures first");
    let failed = query(&|q| q.status = Some(TestStatus::FailedMediumRisk));
    assert_eq!(failed.total, 1);
    let zoom = query(&|q| q.instance = Some(example.zoom.uid));
    assert_eq!(
        zoom.rows
            .iter()
            .map(|r| r.title.as_str())
            .collect::<Vec<_>>(),
        [WAITING]
    );
    let searched = query(&|q| q.search = Some("ACCESS".into()));
    assert_eq!(searched.rows[0].title, POLICY);
    assert!(!searched.rows[0].stale);

    // Expired evidence makes the action stale in the list and on the page.
    drop(store);
    let mut args = vec!["evidence", "add"];
    args.extend(action_args(
        POLICY,
        &["https://intranet.example/old", "--expires", "2020-01-31"],
    ));
    assert!(run(data.path(), &args).status.success());
    let store = Store::open_in(data.path()).unwrap();
    let searched = action_list::page(
        &store,
        "Baseline 2026",
        &ActionQuery {
            search: Some("access".into()),
            limit: 5,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(searched.rows[0].stale);
    let page = assessment_page::get(&store, "Baseline 2026").unwrap();
    assert!(page
        .attention
        .iter()
        .any(|a| a.kind == "expired_evidence" && a.title == POLICY));
}
