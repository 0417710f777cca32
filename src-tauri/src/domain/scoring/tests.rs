//! One table per rule of docs/domain.md.

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::domain::*;

/// A small workspace built in code: a template, its actions, instances, assessments.
#[derive(Debug, Clone)]
pub(super) struct Fixture {
    pub templates: Vec<Template>,
    pub actions: Vec<ImprovementAction>,
    pub instances: Vec<ServiceInstance>,
    pub groups: Vec<AssessmentGroup>,
    pub assessments: Vec<Assessment>,
    pub results: Vec<ResultState>,
}

pub(super) fn action(
    id: i64,
    purpose: ActionPurpose,
    enforcement: Enforcement,
    service: Option<&str>,
) -> ImprovementAction {
    ImprovementAction {
        id: ActionId(id),
        uid: Uuid::nil(),
        title: format!("Action {id}"),
        description: String::new(),
        purpose,
        enforcement,
        custom_score: None,
        implementation_type: if service.is_some() {
            ImplementationType::Technical
        } else {
            ImplementationType::Documentation
        },
        service: service.map(str::to_string),
    }
}

pub(super) fn instance(id: i64, service: &str) -> ServiceInstance {
    ServiceInstance {
        id: InstanceId(id),
        uid: Uuid::nil(),
        name: format!("{service} {id}"),
        service: service.into(),
        created_at: Utc.timestamp_opt(0, 0).unwrap(),
    }
}

/// One control per action, in one family.
pub(super) fn template(id: i64, actions: &[&ImprovementAction]) -> Template {
    Template {
        id: TemplateId(id),
        uid: Uuid::nil(),
        title: format!("Template {id}"),
        product: String::new(),
        certification: None,
        supported_services: vec!["salesforce".into(), "zoom".into()],
        families: vec![ControlFamily {
            name: "Family".into(),
            controls: actions
                .iter()
                .map(|a| Control {
                    id: ControlId(a.id.0),
                    uid: Uuid::nil(),
                    name: format!("C-{}", a.id.0),
                    title: String::new(),
                    description: String::new(),
                    action_ids: vec![a.id],
                })
                .collect(),
        }],
    }
}

pub(super) fn assessment(id: i64, group: i64, template: i64, instances: &[i64]) -> Assessment {
    Assessment {
        id: AssessmentId(id),
        uid: Uuid::nil(),
        name: format!("Assessment {id}"),
        group_id: GroupId(group),
        template_id: TemplateId(template),
        instance_ids: instances.iter().map(|i| InstanceId(*i)).collect(),
        created_at: Utc.timestamp_opt(0, 0).unwrap(),
    }
}

pub(super) fn group(id: i64) -> AssessmentGroup {
    AssessmentGroup {
        id: GroupId(id),
        uid: Uuid::nil(),
        name: format!("Group {id}"),
    }
}

pub(super) fn result(
    assessment: i64,
    action: i64,
    instance: Option<i64>,
    status: TestStatus,
) -> ResultState {
    ResultState {
        test_status: status,
        ..ResultState::untouched(ResultKey {
            assessment_id: AssessmentId(assessment),
            action_id: ActionId(action),
            instance_id: instance.map(InstanceId),
        })
    }
}

impl Fixture {
    pub(super) fn score(&self) -> WorkspaceScore {
        let index = ScoringIndex::new(&self.templates, &self.actions, &self.instances);
        score_workspace(&index, &self.groups, &self.assessments, &self.results)
            .expect("fixture is consistent")
    }
}

pub(super) fn pts(achieved: f64, possible: f64) -> Points {
    Points { achieved, possible }
}

/// The sentence `explain` gives for a breakdown of the fixture.
fn why(f: &Fixture, breakdown: &ActionBreakdown) -> String {
    let action = f
        .actions
        .iter()
        .find(|a| a.id == breakdown.action_id)
        .unwrap();
    explain(action, breakdown)
}

/// One non-technical action worth `points` in one assessment, with one result.
fn single(purpose: ActionPurpose, enforcement: Enforcement, status: TestStatus) -> Fixture {
    let a = action(1, purpose, enforcement, None);
    Fixture {
        templates: vec![template(1, &[&a])],
        actions: vec![a],
        instances: vec![],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[])],
        results: vec![result(1, 1, None, status)],
    }
}

#[test]
fn passed_actions_earn_the_points_of_the_table() {
    use ActionPurpose::*;
    use Enforcement::*;
    for (purpose, enforcement, points) in [
        (Preventive, Mandatory, 27.0),
        (Preventive, Discretionary, 9.0),
        (Detective, Mandatory, 3.0),
        (Detective, Discretionary, 1.0),
        (Corrective, Mandatory, 3.0),
        (Corrective, Discretionary, 1.0),
    ] {
        let score = single(purpose, enforcement, TestStatus::Passed).score();
        let a = &score.assessments[0];
        assert_eq!(a.points, pts(points, points), "{purpose} {enforcement}");
        assert_eq!(a.score, 1.0);
    }
}

#[test]
fn only_passed_earns_points() {
    for status in TestStatus::ALL.iter().copied() {
        let score = single(ActionPurpose::Preventive, Enforcement::Mandatory, status).score();
        let points = score.assessments[0].points;
        let expected = match status {
            TestStatus::Passed => pts(27.0, 27.0),
            TestStatus::OutOfScope => pts(0.0, 0.0),
            _ => pts(0.0, 27.0),
        };
        assert_eq!(points, expected, "{status}");
    }
}

#[test]
fn a_custom_score_is_what_the_action_is_worth() {
    let mut f = single(
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        TestStatus::Passed,
    );
    f.actions[0].custom_score = Some(42);
    assert_eq!(f.score().assessments[0].points.achieved, 42.0);
}

#[test]
fn partially_tested_earns_its_share() {
    let mut f = single(
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        TestStatus::PartiallyTested,
    );
    f.results[0].partial_credit = Some(Credit::new(0.5).unwrap());
    let a = &f.score().assessments[0];
    assert_eq!(a.points, pts(13.5, 27.0));
    assert_eq!(a.actions[0].outcome, ActionOutcome::InProgress);
    assert!(
        why(&f, &a.actions[0]).contains("13.5 of 27"),
        "{}",
        why(&f, &a.actions[0])
    );
}

#[test]
fn out_of_scope_by_implementation_status_removes_points_from_both_sides() {
    let mut f = single(
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        TestStatus::FailedHighRisk,
    );
    f.results[0].implementation_status = ImplementationStatus::OutOfScope;
    let a = &f.score().assessments[0];
    assert_eq!(a.points, pts(0.0, 0.0));
    assert_eq!(a.actions[0].outcome, ActionOutcome::OutOfScope);
}

/// A technical action on `n` Salesforce instances with the given statuses.
fn on_instances(statuses: &[TestStatus]) -> Fixture {
    let a = action(
        1,
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        Some("salesforce"),
    );
    let ids: Vec<i64> = (1..=statuses.len() as i64).collect();
    Fixture {
        templates: vec![template(1, &[&a])],
        actions: vec![a],
        instances: ids.iter().map(|i| instance(*i, "salesforce")).collect(),
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &ids)],
        results: statuses
            .iter()
            .zip(&ids)
            .map(|(s, i)| result(1, 1, Some(*i), *s))
            .collect(),
    }
}

#[test]
fn instances_aggregate_as_points_times_passed_over_in_scope() {
    use TestStatus::*;
    let table: &[(&[TestStatus], f64, f64, ActionOutcome)] = &[
        (&[Passed, Passed, Passed], 27.0, 27.0, ActionOutcome::Passed),
        (
            &[Passed, FailedHighRisk, Passed],
            18.0,
            27.0,
            ActionOutcome::Failed,
        ),
        (
            &[Passed, OutOfScope, FailedLowRisk],
            13.5,
            27.0,
            ActionOutcome::Failed,
        ),
        (
            &[Passed, OutOfScope, OutOfScope],
            27.0,
            27.0,
            ActionOutcome::Passed,
        ),
        (
            &[OutOfScope, OutOfScope],
            0.0,
            0.0,
            ActionOutcome::OutOfScope,
        ),
        (
            &[None, NotAssessed, ToBeDetermined],
            0.0,
            27.0,
            ActionOutcome::Untested,
        ),
        (
            &[Passed, CouldNotBeDetermined],
            13.5,
            27.0,
            ActionOutcome::InProgress,
        ),
    ];
    for (statuses, achieved, possible, outcome) in table {
        let score = on_instances(statuses).score();
        let a = &score.assessments[0];
        assert_eq!(a.points, pts(*achieved, *possible), "{statuses:?}");
        assert_eq!(a.actions[0].outcome, *outcome, "{statuses:?}");
    }
}

#[test]
fn an_instance_without_a_result_counts_as_not_tested() {
    let mut f = on_instances(&[TestStatus::Passed, TestStatus::Passed]);
    f.results.pop();
    let a = &f.score().assessments[0];
    assert_eq!(a.points, pts(13.5, 27.0));
    assert_eq!(
        a.actions[0].statuses,
        vec![
            StatusCount {
                status: TestStatus::None,
                count: 1
            },
            StatusCount {
                status: TestStatus::Passed,
                count: 1
            },
        ]
    );
}

#[test]
fn a_technical_action_without_an_instance_of_its_service_is_not_counted() {
    let sf = action(
        1,
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        Some("salesforce"),
    );
    let zoom = action(
        2,
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        Some("zoom"),
    );
    let f = Fixture {
        templates: vec![template(1, &[&sf, &zoom])],
        actions: vec![sf, zoom],
        instances: vec![instance(1, "salesforce")],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[1])],
        results: vec![result(1, 1, Some(1), TestStatus::Passed)],
    };
    let a = &f.score().assessments[0];
    assert_eq!(a.points, pts(27.0, 27.0));
    assert_eq!(a.actions[1].outcome, ActionOutcome::NotApplicable);
    assert!(
        why(&f, &a.actions[1]).contains("no zoom instance"),
        "{}",
        why(&f, &a.actions[1])
    );
    // The zoom control is not failed for lack of a zoom instance.
    assert_eq!(a.controls[1].status, ControlStatus::OutOfScope);
}

#[test]
fn an_action_counts_once_per_assessment_however_many_controls_map_it() {
    let mut f = single(
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        TestStatus::Passed,
    );
    let mut twin = f.templates[0].families[0].controls[0].clone();
    twin.id = ControlId(2);
    f.templates[0].families[0].controls.push(twin);
    let a = &f.score().assessments[0];
    assert_eq!(a.points, pts(27.0, 27.0));
    assert_eq!(a.actions.len(), 1);
    assert_eq!(a.controls.len(), 2);
}

/// The example of docs/domain.md: a 3-point action in 5 groups.
#[test]
fn overall_counts_technical_once_per_instance_and_others_once_per_group() {
    let technical = action(
        1,
        ActionPurpose::Detective,
        Enforcement::Mandatory,
        Some("zoom"),
    );
    let documentation = action(2, ActionPurpose::Detective, Enforcement::Mandatory, None);
    let groups: Vec<i64> = (1..=5).collect();
    let mut results = Vec::new();
    for g in &groups {
        results.push(result(*g, 1, Some(1), TestStatus::Passed));
        results.push(result(*g, 2, None, TestStatus::Passed));
    }
    let f = Fixture {
        templates: vec![template(1, &[&technical, &documentation])],
        actions: vec![technical, documentation],
        instances: vec![instance(1, "zoom")],
        groups: groups.iter().map(|g| group(*g)).collect(),
        assessments: groups.iter().map(|g| assessment(*g, *g, 1, &[1])).collect(),
        results,
    };
    let overall = f.score().overall;
    assert_eq!(overall.technical, pts(3.0, 3.0));
    assert_eq!(overall.non_technical, pts(15.0, 15.0));
    assert_eq!(overall.points.achieved, 18.0);
    assert_eq!(overall.counted, 6);
}

#[test]
fn overall_counts_each_instance_of_a_technical_action() {
    let f = on_instances(&[
        TestStatus::Passed,
        TestStatus::FailedHighRisk,
        TestStatus::OutOfScope,
    ]);
    let overall = f.score().overall;
    assert_eq!(overall.technical, pts(27.0, 54.0));
}

#[test]
fn overall_prefers_the_most_recent_test_and_on_a_tie_the_less_favourable() {
    let a = action(1, ActionPurpose::Preventive, Enforcement::Mandatory, None);
    let day = |d| Some(Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0).unwrap());
    let table = [
        (
            (TestStatus::Passed, day(2)),
            (TestStatus::FailedLowRisk, day(1)),
            27.0,
        ),
        (
            (TestStatus::Passed, day(1)),
            (TestStatus::FailedLowRisk, day(2)),
            0.0,
        ),
        (
            (TestStatus::Passed, day(1)),
            (TestStatus::FailedLowRisk, day(1)),
            0.0,
        ),
        (
            (TestStatus::Passed, day(1)),
            (TestStatus::OutOfScope, day(1)),
            27.0,
        ),
    ];
    for ((s1, d1), (s2, d2), achieved) in table {
        let mut r1 = result(1, 1, None, s1);
        r1.test_date = d1;
        let mut r2 = result(2, 1, None, s2);
        r2.test_date = d2;
        let f = Fixture {
            templates: vec![template(1, &[&a])],
            actions: vec![a.clone()],
            instances: vec![],
            groups: vec![group(1)],
            assessments: vec![assessment(1, 1, 1, &[]), assessment(2, 1, 1, &[])],
            results: vec![r1, r2],
        };
        let overall = f.score().overall;
        assert_eq!(
            overall.points,
            Points {
                achieved,
                possible: 27.0
            },
            "{s1} vs {s2}"
        );
    }
}

#[test]
fn parent_testing_source_inherits_the_parents_status() {
    let parent = action(1, ActionPurpose::Preventive, Enforcement::Mandatory, None);
    let child = action(2, ActionPurpose::Detective, Enforcement::Mandatory, None);
    let mut inherited = result(1, 2, None, TestStatus::FailedHighRisk);
    inherited.testing_source = TestingSource::Parent;
    inherited.parent_action_id = Some(ActionId(1));
    let mut f = Fixture {
        templates: vec![template(1, &[&parent, &child])],
        actions: vec![parent, child],
        instances: vec![],
        groups: vec![group(1)],
        assessments: vec![assessment(1, 1, 1, &[])],
        results: vec![result(1, 1, None, TestStatus::Passed), inherited],
    };
    assert_eq!(f.score().assessments[0].points, pts(30.0, 30.0));
    // A cycle earns nothing rather than looping or guessing.
    f.results[0].testing_source = TestingSource::Parent;
    f.results[0].parent_action_id = Some(ActionId(2));
    assert_eq!(f.score().assessments[0].points, pts(0.0, 30.0));
}

#[test]
fn control_status_rolls_up_action_outcomes() {
    use ActionOutcome as A;
    use ControlStatus as C;
    let table: &[(&[ActionOutcome], ControlStatus)] = &[
        (&[], C::None),
        (&[A::Passed, A::Passed], C::Passed),
        (&[A::Passed, A::OutOfScope], C::Passed),
        (&[A::Passed, A::Failed], C::Failed),
        (&[A::InProgress, A::Failed], C::Failed),
        (&[A::OutOfScope, A::NotApplicable], C::OutOfScope),
        (&[A::Untested, A::Untested], C::None),
        (&[A::Untested, A::Passed], C::InProgress),
        (&[A::InProgress], C::InProgress),
    ];
    for (outcomes, expected) in table {
        assert_eq!(
            outcome::control_status(outcomes.iter().copied()),
            *expected,
            "{outcomes:?}"
        );
    }
}

#[test]
fn assessment_status_and_progress_follow_the_controls() {
    use AssessmentStatus as S;
    use ControlStatus as C;
    let table: &[(&[ControlStatus], AssessmentStatus, f64)] = &[
        (&[], S::None, 0.0),
        (&[C::Passed, C::OutOfScope], S::Complete, 1.0),
        (&[C::OutOfScope], S::None, 0.0),
        (&[C::Passed, C::Failed], S::Incomplete, 0.5),
        (&[C::None, C::None], S::None, 0.0),
        (&[C::None, C::OutOfScope], S::None, 0.0),
        (&[C::Passed, C::None], S::InProgress, 0.5),
        (
            &[C::InProgress, C::Passed, C::Passed, C::OutOfScope],
            S::InProgress,
            2.0 / 3.0,
        ),
    ];
    for (statuses, expected, expected_progress) in table {
        let controls: Vec<ControlOutcome> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| ControlOutcome {
                control_id: ControlId(i as i64),
                name: String::new(),
                family: String::new(),
                status: *s,
            })
            .collect();
        assert_eq!(
            outcome::assessment_status(&controls),
            *expected,
            "{statuses:?}"
        );
        assert!(
            (outcome::progress(&controls) - expected_progress).abs() < 1e-12,
            "{statuses:?}"
        );
    }
}

#[test]
fn every_score_explains_itself() {
    let f = on_instances(&[
        TestStatus::Passed,
        TestStatus::FailedHighRisk,
        TestStatus::OutOfScope,
    ]);
    let action = &f.score().assessments[0].actions[0];
    assert_eq!(
        why(&f, action),
        "Earned 13.5 of 27 points (27 x 1 passed / 2 in scope; 1 out of scope, not counted). \
         Results: 1 passed, 1 failed high risk."
    );
}

#[test]
fn a_missing_reference_is_an_error_that_names_it() {
    let mut f = single(
        ActionPurpose::Preventive,
        Enforcement::Mandatory,
        TestStatus::Passed,
    );
    f.actions.clear();
    let index = ScoringIndex::new(&f.templates, &f.actions, &f.instances);
    let err = score_workspace(&index, &f.groups, &f.assessments, &f.results).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Template 1 refers to improvement action 1, which does not exist"
    );
}

#[test]
fn partial_credit_on_instances_is_explained_as_credit() {
    let mut f = on_instances(&[TestStatus::Passed, TestStatus::PartiallyTested]);
    f.results[1].partial_credit = Some(Credit::new(0.5).unwrap());
    let action = &f.score().assessments[0].actions[0];
    assert_eq!(action.achieved, 20.25);
    assert_eq!(
        why(&f, action),
        "Earned 20.25 of 27 points (27 x 1.5 credited, partial tests counting their share / 2 in scope). \
         Results: 1 passed, 1 partially tested."
    );
}
