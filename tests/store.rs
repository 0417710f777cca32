//! The store against a real SQLite file in a temporary folder.

mod support;

use compliance_desk::domain::*;
use compliance_desk::service::workspace::Workspace;
use compliance_desk::store::{repo, Store, StoreError, DATABASE_FILE};
use rusqlite::Connection;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(&dir.path().join("data")).unwrap();
    (dir, store)
}

#[test]
fn opens_a_file_in_the_data_folder_with_wal_and_foreign_keys() {
    let (dir, store) = temp_store();
    assert!(dir.path().join("data").join(DATABASE_FILE).is_file());
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 = store
        .conn()
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .unwrap();
    assert_eq!(timeout, 5000);
}

#[test]
fn reopening_keeps_the_data_and_does_not_migrate_twice() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        support::seed_example(&mut store).unwrap();
    }
    let store = Store::open_in(dir.path()).unwrap();
    let workspace = Workspace::load(&store).unwrap();
    assert_eq!(workspace.assessments.len(), 1);
    assert_eq!(workspace.instances.len(), 2);
}

#[test]
fn refuses_a_database_from_a_newer_version_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 42;")
            .unwrap();
    }
    let err = match Store::open(&path) {
        Err(e) => e,
        Ok(_) => panic!("a newer schema must be refused"),
    };
    assert!(
        matches!(
            err,
            StoreError::SchemaTooNew {
                found: 42,
                supported: 5,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer Compliance Desk"), "{err}");
    let conn = Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "nothing was created in the newer database");
}

#[test]
fn templates_round_trip_with_families_controls_and_mappings_in_order() {
    let (_dir, mut store) = temp_store();
    let example = support::seed_example(&mut store).unwrap();
    let workspace = Workspace::load(&store).unwrap();
    let template = &workspace.templates[0];
    assert_eq!(template.id, example.assessment.template_id);
    let families: Vec<_> = template
        .families
        .iter()
        .map(|f| (f.name.as_str(), f.controls.len()))
        .collect();
    assert_eq!(families, [("Access control", 2), ("Meetings", 1)]);
    let titles: Vec<_> = template
        .controls()
        .map(|c| {
            &workspace
                .actions
                .iter()
                .find(|a| a.id == c.action_ids[0])
                .unwrap()
                .title
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Require MFA for every user",
            "Publish an access policy",
            "Enable the waiting room"
        ]
    );
    assert_eq!(
        workspace.assessments[0].instance_ids,
        vec![example.salesforce.id, example.zoom.id]
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, mut store) = temp_store();
    let outcome: Result<(), StoreError> = store.write(|tx| {
        repo::instances::insert(tx, "Salesforce Prod", "salesforce")?;
        repo::instances::insert(tx, "salesforce prod", "salesforce")?;
        Ok(())
    });
    let err = outcome.unwrap_err();
    assert_eq!(
        err.to_string(),
        "a connector named \"salesforce prod\" already exists"
    );
    assert!(repo::instances::list(store.conn()).unwrap().is_empty());
}

#[test]
fn invalid_actions_are_refused_with_their_title() {
    let (_dir, mut store) = temp_store();
    let mut bad = support::action(
        "Lock sessions",
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        Some("salesforce"),
    );
    bad.custom_score = Some(120);
    let err = store
        .write(|tx| repo::actions::upsert(tx, &bad))
        .unwrap_err();
    assert!(
        err.to_string().contains("\"Lock sessions\" is 120"),
        "{err}"
    );
}

#[test]
fn a_template_naming_an_unknown_action_is_refused_whole() {
    let (_dir, mut store) = temp_store();
    let template = support::template("Broken", &[("Family", &[ActionId(999)])]);
    let err = store
        .write(|tx| repo::templates::insert(tx, &template, false))
        .unwrap_err();
    assert_eq!(err.to_string(), "improvement action \"999\" was not found");
    assert!(repo::templates::load_all(store.conn()).unwrap().is_empty());
}

#[test]
fn results_upsert_by_assessment_action_and_instance() {
    let (_dir, mut store) = temp_store();
    let example = support::seed_example(&mut store).unwrap();
    let before = repo::results::load_states(store.conn(), None).unwrap();
    assert_eq!(before.len(), 3);
    // Rewrite every result (including the one without an instance) as failed.
    let rewritten: Vec<ActionResult> = before
        .iter()
        .map(|s| support::result(s.key, TestStatus::FailedHighRisk))
        .collect();
    store
        .write(|tx| repo::results::upsert_many(tx, &rewritten))
        .unwrap();
    let after = repo::results::load_states(store.conn(), Some(example.assessment.id)).unwrap();
    assert_eq!(after.len(), 3);
    assert!(after
        .iter()
        .all(|s| s.test_status == TestStatus::FailedHighRisk));
}

#[test]
fn the_example_scores_36_of_39_from_the_store() {
    let (_dir, mut store) = temp_store();
    support::seed_example(&mut store).unwrap();
    let (_workspace, score) = compliance_desk::service::workspace::recompute(&store).unwrap();
    let a = &score.assessments[0];
    assert_eq!((a.points.achieved, a.points.possible), (36.0, 39.0));
    assert_eq!(
        a.status,
        compliance_desk::domain::scoring::AssessmentStatus::Incomplete
    );
    assert!((a.progress - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        (score.overall.points.achieved, score.overall.points.possible),
        (36.0, 39.0)
    );
}

#[test]
fn snapshots_cannot_be_changed_once_written_and_outlive_a_removed_instance() {
    use compliance_desk::store::repo::snapshots::{self, NewSnapshot};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let instance = store
        .write(|tx| repo::instances::insert(tx, "Zoom", "zoom"))
        .unwrap();
    store
        .write(|tx| {
            snapshots::insert(
                tx,
                &NewSnapshot {
                    uid: uuid::Uuid::new_v4(),
                    instance_id: instance.id,
                    instance_uid: instance.uid,
                    instance_name: &instance.name,
                    service: "zoom",
                    started_at: chrono::Utc::now(),
                    finished_at: chrono::Utc::now(),
                    requests: 3,
                    content: "{\"facts\":{}}",
                    sha256: &"a".repeat(64),
                },
            )
        })
        .unwrap();
    let changed = store
        .conn()
        .execute("UPDATE snapshots SET content = '{}'", []);
    assert!(
        changed.unwrap_err().to_string().contains("immutable"),
        "the trigger refuses edits"
    );
    store
        .write(|tx| repo::instances::delete(tx, instance.id, false))
        .unwrap();
    assert_eq!(snapshots::count_for(store.conn(), instance.uid).unwrap(), 1);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_database_files_are_the_owner_s_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let store = Store::open_in(&data).unwrap();
    store
        .conn()
        .execute_batch("CREATE TABLE touched (x); INSERT INTO touched VALUES (1);")
        .unwrap();
    assert_eq!(mode(&data), 0o700, "the data folder");
    let db = data.join(DATABASE_FILE);
    assert_eq!(mode(&db), 0o600, "the database");
    let wal = data.join(format!("{DATABASE_FILE}-wal"));
    assert!(wal.exists(), "WAL mode writes a -wal file");
    assert_eq!(
        mode(&wal),
        0o600,
        "SQLite gives the WAL the database's mode"
    );
    drop(store);
    // An existing, too-open database is narrowed when it is opened again.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _store = Store::open_in(&data).unwrap();
    assert_eq!((mode(&data), mode(&db)), (0o700, 0o600));
}

#[test]
fn deleted_rows_do_not_stay_readable_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    let marker = "purged-snapshot-content-7f3a9c";
    store
        .conn()
        .execute_batch(&format!(
            "CREATE TABLE kept (x); INSERT INTO kept VALUES ('{marker}');
             DELETE FROM kept;"
        ))
        .unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let bytes = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
    let found = bytes.windows(marker.len()).any(|w| w == marker.as_bytes());
    assert!(!found, "the deleted text is gone from the database file");
}
