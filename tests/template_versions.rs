//! Template versions and changing assessments, on a real SQLite file: re-imports and
//! built-in updates offered to the assessments on an older version, legacy rows
//! adopted, a version-2 database migrated, and the assessment group rule.

mod support;

use std::collections::BTreeMap;

use compliance_desk::service::assessment_changes::{self, AssessmentEdit};
use compliance_desk::service::template_import::import;
use compliance_desk::service::{self, assessments, templates};
use compliance_desk::store::Store;
use support::workbook::{valid_tabs, xlsx};

fn workspace() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = service::open(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn a_reimport_shows_what_changed_then_offers_the_update_to_assessments_on_the_old_version() {
    let (_dir, mut store) = workspace();
    import(&mut store, "acme.xlsx", &xlsx(&valid_tabs()), false).unwrap();
    let created = assessments::create(
        &mut store,
        "Acme 2026",
        "Acme vendor policy",
        Some(&[]),
        "Vendors",
    )
    .unwrap();
    assert!(!created.update_available);

    let same = import(&mut store, "acme.xlsx", &xlsx(&valid_tabs()), false).unwrap();
    assert!(
        !same.applied && same.changes.unwrap().is_empty(),
        "{}",
        same.message
    );

    let mut newer = valid_tabs();
    newer[1].rows.push(vec![
        "ACME-4",
        "Meetings",
        "Recordings",
        "Recordings are protected.",
        "Protect recordings",
    ]);
    newer[2].rows.push(vec![
        "Protect recordings",
        "Operational",
        "9",
        "Recordings",
        "Recordings need a passcode.",
        "Preventative",
        "",
    ]);
    newer[1].rows[2][4] = "Write the sign-in standard";
    let preview = import(&mut store, "acme-v2.xlsx", &xlsx(&newer), true).unwrap();
    let changes = preview.changes.clone().unwrap();
    assert!(!preview.applied);
    assert_eq!(changes.controls_added, ["ACME-4"]);
    assert_eq!(changes.controls_changed, ["ACME-2"]);
    assert_eq!(changes.actions_added, ["Protect recordings"]);
    assert_eq!(preview.replaces_version.as_deref(), Some("1"));

    let applied = import(&mut store, "acme-v2.xlsx", &xlsx(&newer), false).unwrap();
    assert!(applied.applied);
    assert_eq!(applied.version.as_deref(), Some("2"));
    let listed = assessments::list(&store).unwrap();
    assert!(listed[0].update_available, "the assessment is told");
    assert_eq!(listed[0].template_version, "1");
    let before = listed[0].points.possible;

    let update = assessment_changes::update_template(&mut store, "Acme 2026", false).unwrap();
    assert_eq!(update.changes.actions_added, ["Protect recordings"]);
    let after = &assessments::list(&store).unwrap()[0];
    assert!(!after.update_available);
    assert_eq!(after.template_version, "2");
    assert_eq!(
        after.points.possible,
        before + 9.0,
        "the new action counts at once"
    );
    assert_eq!(
        templates::list(&store)
            .unwrap()
            .iter()
            .filter(|t| t.title == "Acme vendor policy")
            .count(),
        1
    );
}

#[test]
fn assessments_are_renamed_regrouped_and_deleted_in_one_step_each() {
    let (_dir, mut store) = workspace();
    assessments::create(
        &mut store,
        "NIST 2026",
        "NIST SP 800-53 Rev. 5 Moderate",
        None,
        "Group A",
    )
    .unwrap();
    let edit = AssessmentEdit {
        name: Some("NIST FY26".into()),
        group: Some("Group B".into()),
        ..Default::default()
    };
    let edited = assessment_changes::edit(&mut store, "nist 2026", &edit).unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.group.as_str()),
        ("NIST FY26", "Group B")
    );
    let clash = assessments::create(
        &mut store,
        "nist fy26",
        "SOC 2 Trust Services Criteria (2017): Common Criteria",
        None,
        "G",
    );
    assert!(clash.unwrap_err().to_string().contains("already exists"));
    let deleted = assessment_changes::delete(&mut store, "NIST FY26").unwrap();
    assert_eq!(deleted.name, "NIST FY26");
    assert!(assessments::list(&store).unwrap().is_empty());
    let nist: BTreeMap<_, _> = templates::list(&store)
        .unwrap()
        .into_iter()
        .map(|t| (t.title, t.controls))
        .collect();
    assert_eq!(
        nist["NIST SP 800-53 Rev. 5 Moderate"], 287,
        "the template stays"
    );
}

/// A workspace made with an older built-in Zoom baseline: it lacked the waiting-room
/// check and had a check this version no longer has. After the app's update the
/// assessment is offered the new version; applying it adds the new check's result
/// from the latest snapshot at once, retires the old check's result (kept), and
/// leaves manual work alone.
#[test]
#[ignore = "needs a Secret Service"]
fn a_built_in_template_update_adds_new_checks_with_results_and_retires_removed_ones() {
    use compliance_desk::store::repo;
    let mut w = support::world::world(|_, _| {});
    let zoom = w.synced_zoom();
    assessments::create(
        &mut w.store,
        "Zoom 2026",
        "Zoom security baseline",
        Some(&[zoom.to_string()]),
        "G",
    )
    .unwrap();
    let conn = w.store.conn();
    let (template, assessment): (i64, i64) = conn
        .query_row("SELECT template_id, id FROM assessments", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let action = |title: &str| -> i64 {
        conn.query_row(
            "SELECT id FROM improvement_actions WHERE title = ?1",
            [title],
            |r| r.get(0),
        )
        .unwrap()
    };
    let waiting_room = action("Hold joining participants in a waiting room");
    let file_transfer = action("Turn off sending files through meeting chat");
    // The older version: no waiting-room check; a check since removed, that passed.
    let older = format!(
        "DELETE FROM control_actions WHERE action_id = {waiting_room}
           AND control_id IN (SELECT c.id FROM controls c JOIN control_families f ON f.id = c.family_id WHERE f.template_id = {template});
         DELETE FROM action_results WHERE action_id = {waiting_room};
         INSERT INTO improvement_actions (uid, title, purpose, enforcement, custom_score, implementation_type, service)
           VALUES ('00000000-0000-4000-8000-00000000a001', 'Old check: no meeting chat', 'preventive', 'mandatory', 27, 'technical', 'zoom');
         INSERT INTO controls (uid, family_id, name, title, position)
           SELECT '00000000-0000-4000-8000-00000000c001', min(id), 'zoom.old.chat', 'No chat', 99 FROM control_families WHERE template_id = {template};
         INSERT INTO control_actions (control_id, action_id, position)
           SELECT c.id, a.id, 0 FROM controls c, improvement_actions a WHERE c.name = 'zoom.old.chat' AND a.title = 'Old check: no meeting chat';
         INSERT INTO action_results (assessment_id, action_id, instance_id, test_status, testing_source, updated_at)
           SELECT {assessment}, id, (SELECT id FROM service_instances), 'passed', 'automatic', '2026-01-01T00:00:00Z'
           FROM improvement_actions WHERE title = 'Old check: no meeting chat';
         UPDATE action_results SET testing_source = 'manual', test_status = 'passed', testing_notes = 'checked by hand'
           WHERE action_id = {file_transfer};
         UPDATE controls SET uid = '00000000-0000-4000-8000-' || printf('%012d', id)
           WHERE family_id IN (SELECT id FROM control_families WHERE template_id = {template});
         UPDATE templates SET fingerprint = 'an-older-version', version = '0.0.9',
           uid = '00000000-0000-4000-8000-0000000000f1' WHERE id = {template};"
    );
    // Through the store, as every write goes: it keeps no scores of the state before.
    w.store
        .write(|tx| {
            tx.execute_batch(&older)
                .map_err(compliance_desk::store::StoreError::from)
        })
        .unwrap();
    let old = assessments::list(&w.store).unwrap().remove(0);

    service::templates::ensure_built_in(&mut w.store).unwrap();
    let offered = assessments::list(&w.store).unwrap().remove(0);
    assert!(
        offered.update_available,
        "the app's newer baseline is offered"
    );
    assert_eq!(
        offered.points, old.points,
        "nothing changes before the update is applied"
    );

    let preview = assessment_changes::update_template(&mut w.store, "Zoom 2026", true).unwrap();
    assert_eq!(
        preview.changes.actions_added,
        ["check zoom.access.waiting_room"]
    );
    assert_eq!(
        preview.changes.actions_removed,
        ["Old check: no meeting chat"]
    );
    let update = assessment_changes::update_template(&mut w.store, "Zoom 2026", false).unwrap();
    assert_eq!(update.retired, 1);

    let rows = assessments::results(&w.store, "Zoom 2026").unwrap();
    let waiting = rows
        .iter()
        .find(|r| r.action == "Hold joining participants in a waiting room")
        .unwrap();
    let evidence = waiting
        .evidence
        .as_ref()
        .expect("a result from the latest snapshot at once");
    assert!(
        evidence.snapshot.is_some() && evidence.observed.is_some(),
        "{evidence:?}"
    );
    let (status, notes): (String, String) = w
        .store
        .conn()
        .query_row(
            &format!("SELECT test_status, testing_notes FROM action_results WHERE action_id = {file_transfer}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), notes.as_str()),
        ("passed", "checked by hand"),
        "manual work untouched"
    );
    let retired: Option<String> = w
        .store
        .conn()
        .query_row(
            "SELECT retired_at FROM action_results r JOIN improvement_actions a ON a.id = r.action_id
             WHERE a.title = 'Old check: no meeting chat'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        retired.is_some(),
        "the removed check's result is kept, retired"
    );
    let report = assessments::score(&w.store, "Zoom 2026").unwrap();
    assert!(
        report
            .actions
            .iter()
            .all(|a| a.breakdown.title != "Old check: no meeting chat"),
        "and no longer scored"
    );
    let now = assessments::list(&w.store).unwrap().remove(0);
    assert!(!now.update_available);
    assert_eq!(
        repo::templates::versions(w.store.conn())
            .unwrap()
            .iter()
            .filter(|v| v.superseded)
            .count(),
        0,
        "the unused old version is gone"
    );
}

/// A version-2 database (before template versions): the templates table is rebuilt
/// without losing a row or cascading a delete, and foreign keys are on afterwards.
#[test]
fn a_version_2_database_migrates_with_every_template_control_and_result_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(compliance_desk::store::DATABASE_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!(
            "../src-tauri/src/store/migrations/0001_initial.sql"
        ))
        .unwrap();
        conn.execute_batch(include_str!(
            "../src-tauri/src/store/migrations/0002_connectors.sql"
        ))
        .unwrap();
        conn.execute_batch(
            "INSERT INTO improvement_actions (uid, title, purpose, enforcement, implementation_type)
               VALUES ('00000000-0000-4000-8000-000000000a01', 'Write the policy', 'preventive', 'mandatory', 'documentation');
             INSERT INTO templates (uid, title, built_in, created_at)
               VALUES ('00000000-0000-4000-8000-000000000b01', 'Old policy', 0, '2026-01-01T00:00:00Z');
             INSERT INTO control_families (template_id, name, position) VALUES (1, 'Policies', 0);
             INSERT INTO controls (uid, family_id, name, title, position)
               VALUES ('00000000-0000-4000-8000-000000000c01', 1, 'P-1', 'Policy', 0);
             INSERT INTO control_actions (control_id, action_id, position) VALUES (1, 1, 0);
             INSERT INTO assessment_groups (uid, name, created_at) VALUES ('00000000-0000-4000-8000-000000000d01', 'G', '2026-01-01T00:00:00Z');
             INSERT INTO assessments (uid, name, group_id, template_id, created_at)
               VALUES ('00000000-0000-4000-8000-000000000e01', 'Policy 2026', 1, 1, '2026-01-01T00:00:00Z');
             INSERT INTO action_results (assessment_id, action_id, test_status, testing_notes, updated_at)
               VALUES (1, 1, 'passed', 'signed by the board', '2026-01-01T00:00:00Z');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = service::open(dir.path()).unwrap();
    let conn = store.conn();
    let row: (String, String, String, String) = conn
        .query_row(
            "SELECT lineage, uid, version, fingerprint FROM templates WHERE title = 'Old policy'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (row.0.as_str(), row.2.as_str(), row.3.as_str()),
        (row.1.as_str(), "1", "")
    );
    let kept: (i64, i64, String) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM controls), (SELECT count(*) FROM control_actions WHERE control_id = 1),
                    (SELECT testing_notes FROM action_results)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(
        kept.0 >= 1 && kept.1 == 1,
        "controls and mappings kept: {kept:?}"
    );
    assert_eq!(kept.2, "signed by the board");
    let on: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(on, 1);
    let listed = assessments::list(&store).unwrap();
    assert_eq!(listed[0].points.achieved, 27.0);
}

/// A built-in stored before versions existed, identical to what this version ships,
/// becomes this version: no empty "update available" for its assessments.
#[test]
fn a_legacy_built_in_identical_to_this_version_is_adopted_not_updated() {
    let (dir, mut store) = workspace();
    assessments::create(
        &mut store,
        "Zoom 2026",
        "Zoom security baseline",
        Some(&[]),
        "G",
    )
    .unwrap();
    store
        .conn()
        .execute_batch(
            "UPDATE templates SET uid = lineage, fingerprint = '', version = '1' WHERE title = 'Zoom security baseline';
             UPDATE controls SET uid = '00000000-0000-4000-8000-' || printf('%012d', id);",
        )
        .unwrap();
    drop(store);
    let store = service::open(dir.path()).unwrap();
    let listed = assessments::list(&store).unwrap();
    assert!(
        !listed[0].update_available,
        "nothing changed, nothing to offer"
    );
    assert_ne!(
        listed[0].template_version, "1",
        "it took this version's label"
    );
    assert_eq!(
        templates::list(&store)
            .unwrap()
            .iter()
            .filter(|t| t.title == "Zoom security baseline")
            .count(),
        1
    );
}

#[test]
fn one_assessment_per_template_and_service_in_a_group() {
    let (_dir, mut store) = workspace();
    let (sf, zoom) = store
        .write(|tx| {
            Ok::<_, compliance_desk::store::StoreError>((
                compliance_desk::store::repo::instances::insert(
                    tx,
                    "Salesforce Prod",
                    "salesforce",
                )?,
                compliance_desk::store::repo::instances::insert(tx, "Zoom Main", "zoom")?,
            ))
        })
        .unwrap();
    let soc2 = "SOC 2 Trust Services Criteria (2017): Common Criteria";
    assessments::create(
        &mut store,
        "SOC 2 Salesforce",
        soc2,
        Some(std::slice::from_ref(&sf.name)),
        "FY27",
    )
    .unwrap();
    let err = assessments::create(
        &mut store,
        "SOC 2 again",
        soc2,
        Some(std::slice::from_ref(&sf.name)),
        "fy27",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("the group \"FY27\" already has an assessment of SOC 2 Trust Services Criteria (2017): Common Criteria covering Salesforce: \"SOC 2 Salesforce\""),
        "{err}"
    );
    // Another service, another group or another template is fine.
    assessments::create(
        &mut store,
        "SOC 2 Zoom",
        soc2,
        Some(std::slice::from_ref(&zoom.name)),
        "FY27",
    )
    .unwrap();
    assessments::create(
        &mut store,
        "SOC 2 Salesforce FY28",
        soc2,
        Some(std::slice::from_ref(&sf.name)),
        "FY28",
    )
    .unwrap();
    // Moving or widening one into a clash is refused too, and changes nothing.
    let widen = AssessmentEdit {
        add_instances: vec![sf.name.clone()],
        ..Default::default()
    };
    assert!(assessment_changes::edit(&mut store, "SOC 2 Zoom", &widen).is_err());
    let moving = AssessmentEdit {
        group: Some("FY27".into()),
        ..Default::default()
    };
    assert!(assessment_changes::edit(&mut store, "SOC 2 Salesforce FY28", &moving).is_err());
    assert_eq!(
        assessments::list(&store)
            .unwrap()
            .iter()
            .filter(|a| a.group == "FY27")
            .count(),
        2
    );
}
