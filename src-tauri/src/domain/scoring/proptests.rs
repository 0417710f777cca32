//! Properties that must hold for any workspace, not only the examples.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::tests::{action, assessment, group, instance, template, Fixture};
use crate::domain::*;

const SERVICES: [&str; 2] = ["salesforce", "zoom"];

fn any_status() -> impl Strategy<Value = TestStatus> {
    prop::sample::select(TestStatus::ALL.to_vec())
}

fn any_result_state() -> impl Strategy<Value = (TestStatus, bool, f64, Option<u8>, Option<u8>)> {
    // (test status, implementation out of scope, partial credit, test day, parent)
    (
        any_status(),
        prop::bool::weighted(0.1),
        0.0..=1.0f64,
        prop::option::of(1u8..5),
        prop::option::weighted(0.1, 1u8..7),
    )
}

prop_compose! {
    pub(super) fn any_fixture()(
        action_specs in prop::collection::vec(
            (prop::sample::select(ActionPurpose::ALL.to_vec()),
             prop::sample::select(Enforcement::ALL.to_vec()),
             prop::option::of(0usize..2),
             prop::option::weighted(0.2, 1u8..=99)),
            1..7),
        instance_services in prop::collection::vec(0usize..2, 0..4),
        assessment_specs in prop::collection::vec((1i64..3, prop::collection::vec(any::<bool>(), 4)), 1..4),
        states in prop::collection::vec(prop::option::of(any_result_state()), 4 * 7 * 5),
    ) -> Fixture {
        let actions: Vec<ImprovementAction> = action_specs.iter().enumerate().map(|(i, (p, e, service, custom))| {
            let mut a = action(i as i64 + 1, *p, *e, service.map(|s| SERVICES[s]));
            a.custom_score = *custom;
            a
        }).collect();
        let instances: Vec<ServiceInstance> = instance_services.iter().enumerate()
            .map(|(i, s)| instance(i as i64 + 1, SERVICES[*s])).collect();
        let assessments: Vec<Assessment> = assessment_specs.iter().enumerate().map(|(i, (g, picks))| {
            let chosen: Vec<i64> = instances.iter().zip(picks).filter(|(_, p)| **p).map(|(inst, _)| inst.id.0).collect();
            assessment(i as i64 + 1, *g, 1, &chosen)
        }).collect();
        let mut results = Vec::new();
        let mut states = states.into_iter();
        for a in &assessments {
            for act in &actions {
                let keys: Vec<Option<i64>> = if act.is_technical() {
                    a.instance_ids.iter().map(|i| Some(i.0)).collect()
                } else {
                    vec![None]
                };
                for instance_id in keys {
                    let Some(Some((status, out_of_scope, credit, day, parent))) = states.next() else { continue };
                    let mut r = super::tests::result(a.id.0, act.id.0, instance_id, status);
                    if out_of_scope { r.implementation_status = ImplementationStatus::OutOfScope; }
                    r.partial_credit = Some(Credit::new(credit).unwrap());
                    r.test_date = day.map(|d| Utc.with_ymd_and_hms(2026, 1, u32::from(d), 0, 0, 0).unwrap());
                    if let Some(p) = parent {
                        r.testing_source = TestingSource::Parent;
                        r.parent_action_id = Some(ActionId(i64::from(p)));
                    }
                    results.push(r);
                }
            }
        }
        let refs: Vec<&ImprovementAction> = actions.iter().collect();
        Fixture {
            templates: vec![template(1, &refs)],
            actions: actions.clone(),
            instances,
            groups: vec![group(1), group(2)],
            assessments,
            results,
        }
    }
}

fn in_unit_range(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scores_stay_between_0_and_1(f in any_fixture()) {
        let score = f.score();
        prop_assert!(in_unit_range(score.overall.score));
        for a in &score.assessments {
            prop_assert!(in_unit_range(a.score), "score {}", a.score);
            prop_assert!(in_unit_range(a.progress), "progress {}", a.progress);
            prop_assert!(a.points.achieved <= a.points.possible + 1e-9);
            for action in &a.actions {
                prop_assert!(action.achieved >= 0.0 && action.achieved <= action.possible + 1e-9);
            }
        }
    }

    #[test]
    fn turning_a_result_to_passed_never_lowers_any_score(f in any_fixture(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!f.results.is_empty());
        let before = f.score();
        let mut changed = f;
        let i = pick.index(changed.results.len());
        changed.results[i].test_status = TestStatus::Passed;
        let after = changed.score();
        prop_assert!(after.overall.score >= before.overall.score - 1e-12,
            "overall {} -> {}", before.overall.score, after.overall.score);
        for (b, a) in before.assessments.iter().zip(&after.assessments) {
            prop_assert!(a.score >= b.score - 1e-12, "assessment {} -> {}", b.score, a.score);
            prop_assert!(a.progress >= b.progress - 1e-12, "progress {} -> {}", b.progress, a.progress);
        }
    }

    #[test]
    fn out_of_scope_removes_an_actions_points_from_both_sides(f in any_fixture(), pick in any::<prop::sample::Index>()) {
        // Inheritance would carry the change to other actions; this property is about scope.
        let mut reference = f;
        reference.results.iter_mut().for_each(|r| r.testing_source = TestingSource::Manual);
        let before = reference.score().assessments[0].clone();
        let chosen = &before.actions[pick.index(before.actions.len())];
        let target = reference.assessments[0].clone();
        let action = reference.actions.iter().find(|a| a.id == chosen.action_id).unwrap().clone();

        // Every result of the chosen action in the first assessment, written or not,
        // becomes out of scope.
        let mut changed = reference.clone();
        changed.results.retain(|r| !(r.key.assessment_id == target.id && r.key.action_id == action.id));
        let keys: Vec<Option<InstanceId>> = if action.is_technical() {
            target.instance_ids.iter().copied().map(Some).collect()
        } else {
            vec![None]
        };
        for instance_id in keys {
            let key = ResultKey { assessment_id: target.id, action_id: action.id, instance_id };
            changed.results.push(ResultState { test_status: TestStatus::OutOfScope, ..ResultState::untouched(key) });
        }
        let after = changed.score().assessments[0].clone();
        prop_assert!((after.points.possible - (before.points.possible - chosen.possible)).abs() < 1e-9);
        prop_assert!((after.points.achieved - (before.points.achieved - chosen.achieved)).abs() < 1e-9);
        let still = after.actions.iter().find(|a| a.action_id == action.id).unwrap();
        prop_assert_eq!((still.achieved, still.possible), (0.0, 0.0));
    }
}
