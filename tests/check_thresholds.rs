//! An organisation's own bound for a check (here the Zoom web portal's inactivity
//! time-out): set per assessment, the latest data judged again at once, the score
//! and the history following, and the benchmark's floor kept.

mod support;

use compliance_desk::domain::TestStatus;
use compliance_desk::service::{self, threshold_edit};
use support::world::world;

const TIMEOUT: &str = "Sign idle users out of the Zoom web portal within an hour";

fn status(w: &support::world::World, action: &str) -> (TestStatus, String) {
    let rows = service::assessments::results(&w.store, "Zoom").unwrap();
    let row = rows.iter().find(|r| r.action == action).unwrap();
    let expected = row.evidence.as_ref().unwrap().expected.clone();
    (row.test_status, expected)
}

/// The "mixed" Zoom account, synced, in an assessment named "Zoom".
fn zoom_assessment() -> support::world::World {
    let mut w = world(|_, _| {});
    let name = w.zoom_in_assessment();
    assert!(w.sync(name).succeeded);
    w
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_assessment_s_own_bound_rejudges_the_latest_data_and_is_recorded() {
    let mut w = zoom_assessment();
    // "mixed" signs web users out after 120 minutes; the benchmark's bound is 60.
    assert_eq!(
        status(&w, TIMEOUT),
        (TestStatus::FailedMediumRisk, "between 1 and 60".into())
    );
    let before = service::workspace::Workspace::load(&w.store)
        .unwrap()
        .score(&w.store)
        .unwrap();

    let details = threshold_edit::set(&mut w.store, "Zoom", TIMEOUT, Some(120.0)).unwrap();
    let shown = details.threshold.expect("the action shows its bound");
    assert_eq!(
        (shown.value, shown.default, shown.custom),
        (120.0, 60.0, true)
    );
    assert_eq!(
        status(&w, TIMEOUT),
        (TestStatus::Passed, "between 1 and 120".into())
    );
    let after = service::workspace::Workspace::load(&w.store)
        .unwrap()
        .score(&w.store)
        .unwrap();
    assert!(
        after.overall.points.achieved > before.overall.points.achieved,
        "the score follows: {before:?} -> {after:?}"
    );
    assert!(details.history.iter().any(|h| h.field == "threshold"
        && h.before.as_deref() == Some("60")
        && h.after.as_deref() == Some("120")));

    // Back to the benchmark's value.
    let details = threshold_edit::set(&mut w.store, "Zoom", TIMEOUT, None).unwrap();
    assert!(!details.threshold.unwrap().custom);
    assert_eq!(status(&w, TIMEOUT).0, TestStatus::FailedMediumRisk);
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_benchmark_minimum_may_be_raised_not_lowered_and_fixed_checks_have_no_bound() {
    let mut w = zoom_assessment();
    let passcode = "Make meeting passcodes at least six characters long";
    let err = threshold_edit::set(&mut w.store, "Zoom", passcode, Some(4.0))
        .unwrap_err()
        .to_string();
    assert!(err.contains("raised, not lowered"), "{err}");
    let raised = threshold_edit::set(&mut w.store, "Zoom", passcode, Some(10.0)).unwrap();
    assert_eq!(raised.threshold.unwrap().value, 10.0);
    assert_eq!(
        status(&w, passcode),
        (TestStatus::FailedHighRisk, "at least 10".into()),
        "an 8-character rule no longer meets the organisation's 10"
    );
    let err = threshold_edit::set(
        &mut w.store,
        "Zoom",
        "Hold joining participants in a waiting room",
        Some(1.0),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no bound the organisation chooses"), "{err}");
}
