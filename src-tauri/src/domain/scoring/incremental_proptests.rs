//! Incremental scoring equals full scoring after any sequence of edits.

use proptest::prelude::*;

use super::proptests::any_fixture;
use super::tests::Fixture;
use super::{IncrementalScore, ScoringInputs, WorkspaceScore};
use crate::domain::*;

fn inputs(f: &Fixture) -> ScoringInputs {
    ScoringInputs {
        templates: f.templates.clone(),
        actions: f.actions.clone(),
        instances: f.instances.clone(),
        groups: f.groups.clone(),
        assessments: f.assessments.clone(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn same(incremental: &WorkspaceScore, full: &WorkspaceScore) -> Result<(), TestCaseError> {
    let (i, f) = (&incremental.overall, &full.overall);
    prop_assert!(
        close(i.points.achieved, f.points.achieved) && close(i.points.possible, f.points.possible),
        "overall {:?} != {:?}",
        i.points,
        f.points
    );
    prop_assert!(
        close(i.technical.achieved, f.technical.achieved)
            && close(i.non_technical.possible, f.non_technical.possible)
    );
    prop_assert_eq!(i.counted, f.counted);
    prop_assert!(close(i.score, f.score));
    for (a, b) in incremental.assessments.iter().zip(&full.assessments) {
        prop_assert!(
            close(a.points.achieved, b.points.achieved)
                && close(a.points.possible, b.points.possible),
            "assessment {:?}: {:?} != {:?}",
            a.assessment_id,
            a.points,
            b.points
        );
        prop_assert_eq!(a.status, b.status);
        prop_assert!(close(a.progress, b.progress));
        prop_assert_eq!(&a.controls, &b.controls);
        for (x, y) in a.actions.iter().zip(&b.actions) {
            prop_assert_eq!(x.outcome, y.outcome);
            prop_assert!(close(x.achieved, y.achieved) && close(x.possible, y.possible));
        }
    }
    Ok(())
}

/// An edit: which result (existing or new key), and its new state.
fn any_edit() -> impl Strategy<
    Value = (
        prop::sample::Index,
        prop::sample::Index,
        prop::sample::Index,
        TestStatus,
        bool,
        f64,
        Option<u8>,
        bool,
    ),
> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::sample::select(TestStatus::ALL.to_vec()),
        prop::bool::weighted(0.15),
        0.0..=1.0f64,
        prop::option::of(1u8..5),
        prop::bool::weighted(0.05),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn incremental_scores_equal_full_scores_after_random_edits(
        f in any_fixture(),
        edits in prop::collection::vec(any_edit(), 1..25),
    ) {
        let mut fixture = f;
        // Start from manual sources so that most edits take the incremental path.
        fixture.results.iter_mut().for_each(|r| if r.testing_source == TestingSource::Parent && r.key.action_id.0 % 2 == 0 {
            r.testing_source = TestingSource::Manual;
            r.parent_action_id = None;
        });
        let mut scores = IncrementalScore::build(inputs(&fixture), fixture.results.clone()).unwrap();
        same(scores.scores(), &fixture.score())?;
        for (a, act, inst, status, out_of_scope, credit, day, parent) in edits {
            let assessment = &fixture.assessments[a.index(fixture.assessments.len())];
            let action = &fixture.actions[act.index(fixture.actions.len())];
            let instance_id = if action.is_technical() {
                if assessment.instance_ids.is_empty() { continue; }
                Some(assessment.instance_ids[inst.index(assessment.instance_ids.len())])
            } else {
                None
            };
            let key = ResultKey { assessment_id: assessment.id, action_id: action.id, instance_id };
            let mut state = ResultState { test_status: status, ..ResultState::untouched(key) };
            if out_of_scope { state.implementation_status = ImplementationStatus::OutOfScope; }
            state.partial_credit = Some(Credit::new(credit).unwrap());
            state.test_date = day.map(|d| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 2, u32::from(d), 0, 0, 0).unwrap());
            if parent {
                state.testing_source = TestingSource::Parent;
                state.parent_action_id = Some(ActionId(1));
            }
            match fixture.results.iter_mut().find(|r| r.key == key) {
                Some(existing) => *existing = state,
                None => fixture.results.push(state),
            }
            scores.set(state).unwrap();
            same(scores.scores(), &fixture.score())?;
        }
    }
}
