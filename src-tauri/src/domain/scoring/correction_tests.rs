//! The scoring corrections of the workspace issue, each from hand-worked numbers.

use chrono::{TimeZone, Utc};

use super::tests::{action, assessment, group, instance, pts, result, template, Fixture};
use super::*;
use crate::domain::*;

fn inherit(mut r: ResultState, parent: i64) -> ResultState {
    r.testing_source = TestingSource::Parent;
    r.parent_action_id = Some(ActionId(parent));
    r
}

fn out_of_scope(mut r: ResultState) -> ResultState {
    r.implementation_status = ImplementationStatus::OutOfScope;
    r
}

/// Parent: preventive mandatory documentation action (27 points). Child: detective
/// mandatory documentation action (3 points). One assessment, no instances.
fn documentation_pair(parent: ResultState, child: ResultState) -> Fixture {
    let p = action(1, ActionPurpose::Preventive, Enforcement::Mandatory, None);
    let c = action(2, ActionPurpose::Detective, Enforcement::Mandatory, None);
    Fixture {
        templates: vec![template(1, &[&p, &c])],
        actions: vec![p, c],
        instances: vec![],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[])],
        results: vec![parent, child],
    }
}

#[test]
fn a_parent_source_inherits_the_test_never_the_implementation_status() {
    use TestStatus as T;
    let child = |status| inherit(result(1, 2, None, status), 1);
    // (parent, child, assessment points achieved/possible)
    let table: Vec<(ResultState, ResultState, Points)> = vec![
        // The child's own (failed) status is replaced by the parent's Passed: 27 + 3.
        (
            result(1, 1, None, T::Passed),
            child(T::FailedHighRisk),
            pts(30.0, 30.0),
        ),
        // A child marked out of scope stays out: only the parent's 27 count.
        (
            result(1, 1, None, T::Passed),
            out_of_scope(child(T::None)),
            pts(27.0, 27.0),
        ),
        // A parent out of scope leaves the child in scope, untested: 0 of 3.
        (
            out_of_scope(result(1, 1, None, T::Passed)),
            child(T::None),
            pts(0.0, 3.0),
        ),
        // A parent whose test is Out of scope: the child is not removed either.
        (
            result(1, 1, None, T::OutOfScope),
            child(T::None),
            pts(0.0, 3.0),
        ),
    ];
    for (parent, child, expected) in table {
        let f = documentation_pair(parent, child);
        assert_eq!(
            f.score().assessments[0].points,
            expected,
            "{parent:?} / {child:?}"
        );
    }
}

#[test]
fn a_technical_child_of_a_documentation_parent_reads_its_single_result_per_instance() {
    // Parent: documentation, 27 points, Passed. Child: technical Zoom detective
    // mandatory (3 points) on two instances, both inheriting: 27 + 3 x 2/2 = 30.
    let p = action(1, ActionPurpose::Preventive, Enforcement::Mandatory, None);
    let c = action(
        2,
        ActionPurpose::Detective,
        Enforcement::Mandatory,
        Some("zoom"),
    );
    let mut f = Fixture {
        templates: vec![template(1, &[&p, &c])],
        actions: vec![p, c],
        instances: vec![instance(1, "zoom"), instance(2, "zoom")],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[1, 2])],
        results: vec![
            result(1, 1, None, TestStatus::Passed),
            inherit(result(1, 2, Some(1), TestStatus::None), 1),
            inherit(result(1, 2, Some(2), TestStatus::None), 1),
        ],
    };
    assert_eq!(f.score().assessments[0].points, pts(30.0, 30.0));
    // Instance 2 keeps its own test: Failed, so 27 + 3 x 1/2 = 28.5.
    f.results[2] = result(1, 2, Some(2), TestStatus::FailedLowRisk);
    assert_eq!(f.score().assessments[0].points, pts(28.5, 30.0));
}

#[test]
fn a_documentation_child_of_a_technical_parent_reads_the_aggregate_of_its_instances() {
    use TestStatus as T;
    // Parent: technical Zoom preventive mandatory (27) on instances 1 and 2.
    // Child: documentation detective mandatory (3) inheriting the parent.
    let fixture = |one: ResultState, two: ResultState| {
        let p = action(
            1,
            ActionPurpose::Preventive,
            Enforcement::Mandatory,
            Some("zoom"),
        );
        let c = action(2, ActionPurpose::Detective, Enforcement::Mandatory, None);
        Fixture {
            templates: vec![template(1, &[&p, &c])],
            actions: vec![p, c],
            instances: vec![instance(1, "zoom"), instance(2, "zoom")],
            groups: vec![group(1)],
            assessments: vec![assessment(1, 1, 1, &[1, 2])],
            results: vec![one, two, inherit(result(1, 2, None, T::None), 1)],
        }
    };
    let on = |i, s| result(1, 1, Some(i), s);
    let table = [
        // Both passed: parent 27, child 3.
        (on(1, T::Passed), on(2, T::Passed), pts(30.0, 30.0)),
        // One failed: parent 13.5 of 27, the child fails: 0 of 3.
        (on(1, T::Passed), on(2, T::FailedHighRisk), pts(13.5, 30.0)),
        // One untested: parent 13.5, the child is in progress: 0 of 3.
        (on(1, T::Passed), on(2, T::ToBeDetermined), pts(13.5, 30.0)),
        // Instance 2 out of scope: every in-scope instance passed: 27 + 3.
        (
            on(1, T::Passed),
            out_of_scope(on(2, T::None)),
            pts(30.0, 30.0),
        ),
    ];
    for (one, two, expected) in table {
        let f = fixture(one, two);
        assert_eq!(
            f.score().assessments[0].points,
            expected,
            "{one:?} / {two:?}"
        );
    }
}

#[test]
fn in_the_overall_score_an_undated_result_beats_a_duplicate_with_none() {
    // A documentation action (27) in two assessments of the same group: assessment
    // 1 records Passed without a date, assessment 2 never touched it. Counted once
    // per group, the recorded Passed wins: 27 of 27.
    let a = action(1, ActionPurpose::Preventive, Enforcement::Mandatory, None);
    let mut f = Fixture {
        templates: vec![template(1, &[&a])],
        actions: vec![a],
        instances: vec![],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[]), assessment(2, 1, 1, &[])],
        results: vec![result(1, 1, None, TestStatus::Passed)],
    };
    assert_eq!(f.score().overall.points, pts(27.0, 27.0));
    // Both recorded and undated: the less favourable one still wins the tie.
    f.results
        .push(result(2, 1, None, TestStatus::FailedLowRisk));
    assert_eq!(f.score().overall.points, pts(0.0, 27.0));
    // A dated result beats an undated one.
    f.results[0].test_date = Some(Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap());
    assert_eq!(f.score().overall.points, pts(27.0, 27.0));
}

#[test]
fn an_assessment_whose_every_action_is_out_of_scope_has_status_none() {
    let f = documentation_pair(
        out_of_scope(result(1, 1, None, TestStatus::Passed)),
        out_of_scope(result(1, 2, None, TestStatus::None)),
    );
    let score = &f.score().assessments[0];
    assert_eq!(score.status, AssessmentStatus::None);
    assert_eq!(score.progress, 0.0);
    assert_eq!(score.points, pts(0.0, 0.0));
}

#[test]
fn partially_tested_earns_its_share() {
    // 27-point action, partially tested at 0.4: 10.8 of 27.
    let mut partial = result(1, 1, None, TestStatus::PartiallyTested);
    partial.partial_credit = Some(Credit::new(0.4).unwrap());
    let f = documentation_pair(partial, result(1, 2, None, TestStatus::None));
    let points = f.score().assessments[0].points;
    assert!((points.achieved - 10.8).abs() < 1e-9, "{points:?}");
    assert_eq!(points.possible, 30.0);
}
