//! Scoring at scale: a workspace with 1,000,000 (action, instance) results in SQLite.
//! Times (a) the engine on results already in memory, (b) the recompute path the app
//! uses (read from SQLite, then score) and (c) the equivalent SUM .. GROUP BY done by
//! SQLite itself, and prints a/c and b/c (targets: <= 0.25 and <= 2.0); then (d) one
//! manual edit with the new scores (incremental), d/b (target: <= 0.05).
//!
//! `cargo bench --bench scoring` runs it at full size; under `cargo test` it runs on a
//! small workspace so that the code stays correct.

#[path = "../support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use compliance_desk::domain::scoring::{score_workspace, ScoringIndex};
use compliance_desk::domain::*;
use compliance_desk::service::action_edit::{self, ActionEdit};
use compliance_desk::service::workspace::{build_scores, recompute, Workspace};
use compliance_desk::store::{repo, Store, StoreError};

struct Shape {
    assessments: usize,
    actions_per_service: usize,
    instances_per_service: usize,
    documentation_actions: usize,
}

impl Shape {
    fn technical_results(&self) -> usize {
        self.assessments * 2 * self.actions_per_service * self.instances_per_service
    }
}

/// A small deterministic generator (xorshift), so every run scores the same workspace.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn status(rng: &mut Rng) -> (TestStatus, Option<Credit>) {
    match rng.below(100) {
        0..=59 => (TestStatus::Passed, None),
        60..=69 => (TestStatus::FailedHighRisk, None),
        70..=74 => (TestStatus::FailedMediumRisk, None),
        75..=79 => (TestStatus::OutOfScope, None),
        80..=84 => (
            TestStatus::PartiallyTested,
            Some(Credit::new(rng.below(101) as f64 / 100.0).unwrap()),
        ),
        85..=89 => (TestStatus::CouldNotBeDetermined, None),
        _ => (TestStatus::ToBeDetermined, None),
    }
}

fn generate(store: &mut Store, shape: &Shape) -> Result<usize, StoreError> {
    store.write(|tx| {
        let mut rng = Rng(0x5eed_c0de_d00d_f00d);
        let purposes = ActionPurpose::ALL;
        let enforcements = Enforcement::ALL;
        let mut action_ids = Vec::new();
        for (s, service) in ["salesforce", "zoom"].iter().enumerate() {
            for i in 0..shape.actions_per_service {
                let mut a = support::action(
                    &format!("{service} check {i}"),
                    purposes[(i + s) % purposes.len()],
                    enforcements[i % 2],
                    Some(service),
                );
                if i % 10 == 0 {
                    a.custom_score = Some((i % 99 + 1) as u8);
                }
                action_ids.push((repo::actions::upsert(tx, &a)?, Some(*service)));
            }
        }
        for i in 0..shape.documentation_actions {
            let a = support::action(
                &format!("policy {i}"),
                purposes[i % 3],
                enforcements[i % 2],
                None,
            );
            action_ids.push((repo::actions::upsert(tx, &a)?, None));
        }
        let ids: Vec<ActionId> = action_ids.iter().map(|(id, _)| *id).collect();
        let chunks: Vec<(&str, &[ActionId])> = ids
            .chunks(10)
            .map(|chunk| ("Family", chunk))
            .collect::<Vec<_>>();
        // One family per ten actions, names made unique.
        let names: Vec<String> = (0..chunks.len())
            .map(|i| format!("Family {i:03}"))
            .collect();
        let families: Vec<(&str, &[ActionId])> = names
            .iter()
            .zip(&chunks)
            .map(|(n, (_, c))| (n.as_str(), *c))
            .collect();
        let template_id =
            repo::templates::insert(tx, &support::template("Scale template", &families), false)?;

        let mut instances = Vec::new();
        for service in ["salesforce", "zoom"] {
            for i in 0..shape.instances_per_service {
                instances.push(repo::instances::insert(
                    tx,
                    &format!("{service} {i}"),
                    service,
                )?);
            }
        }
        let instance_ids: Vec<InstanceId> = instances.iter().map(|i| i.id).collect();
        let mut written = 0;
        for a in 0..shape.assessments {
            let group = repo::groups::get_or_create(tx, &format!("Group {a}"))?;
            let assessment = repo::assessments::insert(
                tx,
                &format!("Assessment {a}"),
                group.id,
                template_id,
                &instance_ids,
            )?;
            let mut batch = Vec::new();
            for (action_id, service) in &action_ids {
                let targets: Vec<Option<InstanceId>> = match service {
                    Some(service) => instances
                        .iter()
                        .filter(|i| i.service == *service)
                        .map(|i| Some(i.id))
                        .collect(),
                    None => vec![None],
                };
                for instance_id in targets {
                    let key = ResultKey {
                        assessment_id: assessment.id,
                        action_id: *action_id,
                        instance_id,
                    };
                    let mut result = support::result(key, TestStatus::None);
                    let (test_status, credit) = status(&mut rng);
                    result.state.test_status = test_status;
                    result.state.partial_credit = credit;
                    result.state.test_date = Some(
                        Utc.with_ymd_and_hms(2026, 1 + (rng.below(12) as u32), 1, 0, 0, 0)
                            .unwrap(),
                    );
                    batch.push(result);
                }
            }
            repo::results::upsert_many(tx, &batch)?;
            written += batch.len();
        }
        Ok(written)
    })
}

/// The same scores, computed by SQLite: points x credit / in-scope per (assessment,
/// action), summed per assessment.
const SQL_AGGREGATE: &str = "
    SELECT assessment_id,
           SUM(CASE WHEN in_scope > 0 THEN points * credit / in_scope ELSE 0 END),
           SUM(CASE WHEN in_scope > 0 THEN points ELSE 0 END)
    FROM (
        SELECT r.assessment_id,
               COALESCE(a.custom_score,
                   CASE a.purpose WHEN 'preventive' THEN (CASE a.enforcement WHEN 'mandatory' THEN 27 ELSE 9 END)
                                  ELSE (CASE a.enforcement WHEN 'mandatory' THEN 3 ELSE 1 END) END) AS points,
               SUM(CASE WHEN r.test_status = 'out_of_scope' OR r.implementation_status = 'out_of_scope' THEN 0.0
                        WHEN r.test_status = 'passed' THEN 1.0
                        WHEN r.test_status = 'partially_tested' THEN COALESCE(r.partial_credit, 0.0)
                        ELSE 0.0 END) AS credit,
               SUM(CASE WHEN r.test_status = 'out_of_scope' OR r.implementation_status = 'out_of_scope'
                        THEN 0 ELSE 1 END) AS in_scope
        FROM action_results r JOIN improvement_actions a ON a.id = r.action_id
        GROUP BY r.assessment_id, r.action_id
    )
    GROUP BY assessment_id ORDER BY assessment_id";

fn sql_scores(store: &Store) -> Vec<(i64, f64, f64)> {
    let mut stmt = store.conn().prepare_cached(SQL_AGGREGATE).unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = None;
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            last = Some(std::hint::black_box(f()));
            start.elapsed()
        })
        .collect();
    (median(times), last.expect("at least one run"))
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let shape = if full {
        Shape {
            assessments: 20,
            actions_per_service: 500,
            instances_per_service: 50,
            documentation_actions: 100,
        }
    } else {
        Shape {
            assessments: 3,
            actions_per_service: 10,
            instances_per_service: 4,
            documentation_actions: 5,
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let start = Instant::now();
    let written = generate(&mut store, &shape).unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
        .unwrap();
    println!(
        "workspace: {written} results ({} technical (action, instance) results), written in {:.1?}",
        shape.technical_results(),
        start.elapsed()
    );

    let runs = if full { 7 } else { 1 };
    let workspace = Workspace::load(&store).unwrap();
    let results = repo::results::load_states(store.conn(), None).unwrap();
    let index = ScoringIndex::new(
        &workspace.templates,
        &workspace.actions,
        &workspace.instances,
    );
    let (engine, scores) = time(runs, || {
        score_workspace(&index, &workspace.groups, &workspace.assessments, &results).unwrap()
    });
    // The full path, as the app takes it when it has no scores yet.
    let (full_path, _) = time(runs, || build_scores(store.conn()).unwrap());
    let (sql, sql_result) = time(runs, || sql_scores(&store));

    // The engine and SQLite must agree before their times mean anything.
    assert_eq!(sql_result.len(), scores.assessments.len());
    for (id, achieved, possible) in &sql_result {
        let score = scores
            .assessments
            .iter()
            .find(|s| s.assessment_id.0 == *id)
            .expect("same assessments");
        assert!(
            (achieved - score.points.achieved).abs() < 1e-6,
            "achieved {achieved} vs {:?}",
            score.points
        );
        assert!(
            (possible - score.points.possible).abs() < 1e-6,
            "possible {possible} vs {:?}",
            score.points
        );
    }

    // (d) One manual status set through the service, as the window does it, with
    // the new assessment and overall scores; the scores are kept from the first read.
    recompute(&store).unwrap();
    let mut pass = false;
    let (edit, _) = time(runs.max(5), || {
        pass = !pass;
        let edit = ActionEdit {
            testing_source: Some(TestingSource::Manual),
            test_status: Some(if pass {
                TestStatus::Passed
            } else {
                TestStatus::FailedLowRisk
            }),
            ..Default::default()
        };
        let details = action_edit::apply(&mut store, "Assessment 0", "policy 3", &edit).unwrap();
        let (_, scores) = recompute(&store).unwrap();
        (details.breakdown.achieved, scores.overall.score)
    });
    // The kept scores equal a full recompute after the edits.
    let kept = recompute(&store).unwrap().1;
    let fresh = build_scores(store.conn()).unwrap();
    let fresh = fresh.scores();
    assert!((kept.overall.points.achieved - fresh.overall.points.achieved).abs() < 1e-6);
    assert!((kept.overall.points.possible - fresh.overall.points.possible).abs() < 1e-6);
    for (k, f) in kept.assessments.iter().zip(&fresh.assessments) {
        assert!((k.points.achieved - f.points.achieved).abs() < 1e-6);
    }

    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!("(a) engine on results in memory:      {engine:>10.2?}");
    println!("(b) recompute (read SQLite + score):  {full_path:>10.2?}");
    println!("(c) SQLite SUM .. GROUP BY:           {sql:>10.2?}");
    println!("a/c = {:.3} (target <= 0.25)", ratio(engine, sql));
    println!("(d) one manual edit + new scores:     {edit:>10.2?}");
    println!("b/c = {:.3} (target <= 2.0)", ratio(full_path, sql));
    println!("d/b = {:.3} (target <= 0.05)", ratio(edit, full_path));
    println!(
        "median of {runs} runs each; overall score {:.4}",
        scores.overall.score
    );
}
