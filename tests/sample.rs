//! The sample workspace: every screen has something to show, in its own database.

use compliance_desk::service::{self, dashboard, sample};

#[test]
fn the_sample_workspace_fills_every_screen_and_stays_apart_from_real_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = sample::open(data).unwrap();
    assert!(
        !data.join(compliance_desk::store::DATABASE_FILE).exists(),
        "the person's own database is not created or touched"
    );
    assert!(store.path().starts_with(sample::sample_dir(data)));

    let instances = service::instances::list(&store).unwrap();
    assert_eq!(instances.len(), 2);
    let assessments = service::assessments::list(&store).unwrap();
    let names: Vec<&str> = assessments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&sample::NIST) && names.contains(&sample::BASELINE));
    assert!(assessments.iter().all(|a| a.points.achieved > 0.0));

    let board = dashboard::get(&store).unwrap();
    assert!(board.trend.len() >= 30, "a month of trend");
    assert!(!board.drift.is_empty(), "the last sync drifted");
    assert!(board
        .attention
        .iter()
        .any(|a| a.kind == "expiring_evidence"));

    let history = service::history::list(&store, sample::NIST, None).unwrap();
    assert!(history
        .iter()
        .any(|h| h.entry.field == "implementation_status"));
    assert!(history.iter().any(|h| h.entry.actor == "Sample data"));
    let overrides = service::history::list(&store, sample::BASELINE, None).unwrap();
    assert!(overrides
        .iter()
        .any(|h| h.entry.field == "override_justification"));
    assert!(service::history::verify(&store).unwrap().broken.is_none());

    // Opening it again keeps it as it is; removing it deletes only its folder.
    drop(store);
    let again = sample::open(data).unwrap();
    assert_eq!(service::assessments::list(&again).unwrap().len(), 2);
    drop(again);
    std::fs::write(data.join("keep.txt"), "mine").unwrap();
    sample::remove(data).unwrap();
    assert!(!sample::sample_dir(data).exists());
    assert!(data.join("keep.txt").exists());
}
