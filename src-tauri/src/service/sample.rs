//! The sample workspace: invented but realistic data, in a database of its own
//! (`<data folder>/sample/`), so that a newcomer sees every screen without a cloud
//! account, and nothing of it ever mixes with real work.
//!
//! Two instances with three syncs each (the last one drifts), a NIST and a baseline
//! assessment, manual work with notes and evidence, an assessor override, the
//! history all of that leaves, and a month of score trend.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::connectors::checks::Expect;
use crate::connectors::connector;
use crate::connectors::facts::Facts;
use crate::domain::{ServiceInstance, TestStatus, TestingSource};
use crate::store::repo::{self, score_history};
use crate::store::Store;

use super::action_edit::{self, ActionEdit};
use super::evaluation::record_sync;
use super::review::{self, Decision};
use super::sync::canonical_json;
use super::ServiceError;

pub const NIST: &str = "Sample: NIST SP 800-53 Moderate";
pub const BASELINE: &str = "Sample: Zoom baseline";
const GROUP: &str = "Sample group";

pub fn sample_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sample")
}

/// Opens the sample workspace, creating it the first time.
pub fn open(data_dir: &Path) -> Result<Store, ServiceError> {
    let dir = sample_dir(data_dir);
    let fresh = !dir.join(crate::store::DATABASE_FILE).exists();
    let mut store = super::open(&dir)?;
    if fresh {
        if let Err(e) = fill(&mut store) {
            drop(store);
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
    }
    Ok(store)
}

/// Deletes the sample workspace (its own folder only).
pub fn remove(data_dir: &Path) -> Result<(), ServiceError> {
    let dir = sample_dir(data_dir);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ServiceError::Invalid(format!(
            "The sample workspace in {} could not be removed: {e}.",
            dir.display()
        ))),
    }
}

/// A value that meets `expect` (or does not).
fn value(expect: &Expect, pass: bool) -> Value {
    match (expect, pass) {
        (Expect::Equals { value }, true) => value.clone(),
        (Expect::Equals { value }, false) => match value {
            Value::Bool(b) => json!(!b),
            Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) + 1.0),
            Value::String(s) => json!(format!("not {s}")),
            _ => Value::Null,
        },
        (Expect::AtLeast { min }, true) => json!(min),
        (Expect::AtLeast { min }, false) => json!(min - 1.0),
        (Expect::AtMost { max }, true) => json!(max),
        (Expect::AtMost { max }, false) => json!(max + 1.0),
        (Expect::Between { min, .. }, true) => json!(min),
        (Expect::Between { max, .. }, false) => json!(max + 1.0),
        (Expect::AtMostItems { .. }, true) => json!([]),
        (Expect::AtMostItems { max }, false) => json!(vec!["extra"; max + 1]),
        (Expect::ItemsBetween { min, .. }, true) => json!(vec!["EU"; (*min).max(1)]),
        (Expect::ItemsBetween { max, .. }, false) => json!(vec!["EU"; max + 1]),
        (Expect::NotEmpty, true) => json!(["EU"]),
        (Expect::NotEmpty, false) => json!([]),
        (Expect::OneOf { values }, true) => values.first().cloned().unwrap_or(Value::Null),
        (Expect::OneOf { .. }, false) => json!("none of the expected values"),
    }
}

/// The facts of sync `n` (0 = oldest): most checks pass; the newest sync turns
/// one setting off and fixes another, which the drift feed then shows.
fn facts(service: &str, n: usize) -> Facts {
    let mut facts = Facts::default();
    let Some(connector) = connector(service) else {
        return facts;
    };
    let checks = connector.checks();
    // Every feature on, so that its checks are judged...
    for feature in checks.iter().filter_map(|c| c.applies_when.as_ref()) {
        facts.set(feature.fact.clone(), true);
    }
    // ...then each check's own facts.
    for (i, check) in checks.iter().enumerate() {
        let mut pass = i % 4 != 1;
        if n == 2 && (i == 0 || i == 1) {
            pass = !pass;
        }
        for fact in std::iter::once(&check.fact).chain(&check.also) {
            facts.set(fact.clone(), value(&check.expect, pass));
        }
    }
    facts
}

fn add_snapshot(
    tx: &rusqlite::Transaction<'_>,
    instance: &ServiceInstance,
    n: usize,
    finished_at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let facts = facts(&instance.service, n);
    let started_at = finished_at - Duration::seconds(40);
    let content = canonical_json(&json!({
        "service": instance.service, "instance": instance.uid, "started_at": started_at,
        "finished_at": finished_at, "raw": [], "facts": facts, "sample": true,
    }));
    record_sync(tx, instance, (started_at, finished_at), 0, &content, facts)?;
    Ok(())
}

fn fill(store: &mut Store) -> Result<(), ServiceError> {
    repo::settings::set(store.conn(), repo::settings::USER_NAME, "Sample data")?;
    let (salesforce, zoom) = store.write(|tx| {
        Ok::<_, ServiceError>((
            repo::instances::insert(tx, "Salesforce Demo", "salesforce")?,
            repo::instances::insert(tx, "Zoom Demo", "zoom")?,
        ))
    })?;
    let both = [salesforce.name.clone(), zoom.name.clone()];
    super::assessments::create(
        store,
        NIST,
        "NIST SP 800-53 Rev. 5 Moderate",
        Some(&both),
        GROUP,
    )?;
    super::assessments::create(
        store,
        BASELINE,
        "Zoom security baseline",
        Some(&both[1..]),
        GROUP,
    )?;
    let now = Utc::now();
    let syncs = |store: &mut Store, range: std::ops::Range<usize>| {
        store.write(|tx| {
            for n in range {
                let hours = [50, 26, 2][n];
                for instance in [&salesforce, &zoom] {
                    add_snapshot(tx, instance, n, now - Duration::hours(hours))?;
                }
            }
            Ok::<_, ServiceError>(())
        })
    };
    syncs(store, 0..2)?;
    manual_work(store)?;
    // The last sync fixes the overridden setting: the override asks for review.
    syncs(store, 2..3)?;
    trend(store, now)
}

/// Documentation actions worked on by hand, evidence, and one override.
fn manual_work(store: &mut Store) -> Result<(), ServiceError> {
    let rows = super::actions::list(store)?;
    let documentation: Vec<String> = rows
        .iter()
        .filter(|r| r.assessment == NIST && r.service.is_none())
        .take(4)
        .map(|r| r.title.clone())
        .collect();
    for (i, title) in documentation.iter().enumerate() {
        let edit = ActionEdit {
            implementation_status: Some(crate::domain::ImplementationStatus::Implemented),
            implementation_notes: Some(format!(
                "Approved by the security committee (sample note {}).",
                i + 1
            )),
            assigned_to: Some(["Avery Chen", "Sam Lee"][i % 2].into()),
            testing_source: Some(TestingSource::Manual),
            test_status: Some(if i == 3 {
                TestStatus::InProgress
            } else {
                TestStatus::Passed
            }),
            ..Default::default()
        };
        action_edit::apply(store, NIST, title, &edit)?;
    }
    if let Some(first) = documentation.first() {
        let period = repo::evidence::EvidencePeriod {
            effective_from: Utc::now()
                .date_naive()
                .checked_sub_days(chrono::Days::new(90)),
            effective_to: Utc::now()
                .date_naive()
                .checked_add_days(chrono::Days::new(275)),
            expires_on: Utc::now()
                .date_naive()
                .checked_add_days(chrono::Days::new(20)),
        };
        super::evidence::add(
            store,
            NIST,
            first,
            "https://intranet.example/policies/access-control",
            period,
        )?;
    }
    // The second Zoom check fails until the last sync (see `facts`).
    let flipping = connector("zoom").and_then(|c| c.checks().get(1).map(|c| c.title.clone()));
    let failed = super::assessments::results(store, BASELINE)?
        .into_iter()
        .find(|r| r.test_status.is_failed() && Some(&r.action) == flipping.as_ref());
    if let Some(failed) = failed {
        let decision = Decision::Override {
            status: TestStatus::Passed,
            partial_credit: None,
            justification:
                "Sample: the setting is enforced by the identity provider for every sign-in.".into(),
        };
        review::review(
            store,
            BASELINE,
            &failed.action,
            failed.instance.as_deref(),
            &decision,
        )?;
    }
    Ok(())
}

/// A month of trend that climbs to today's scores.
fn trend(store: &mut Store, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let (workspace, scores) = super::workspace::recompute(store)?;
    let mut today = vec![(
        score_history::OVERALL.to_string(),
        scores.overall.points.achieved,
        scores.overall.points.possible,
    )];
    for (a, s) in workspace.assessments.iter().zip(&scores.assessments) {
        today.push((a.uid.to_string(), s.points.achieved, s.points.possible));
    }
    store.write(|tx| {
        for days_ago in 1..=30 {
            let share = 0.6 + 0.4 * f64::from(30 - days_ago) / 30.0;
            let day = (now - Duration::days(i64::from(days_ago)))
                .format("%Y-%m-%d")
                .to_string();
            let rows: Vec<_> = today
                .iter()
                .map(|(uid, a, p)| (uid.clone(), a * share, *p))
                .collect();
            score_history::record(tx, &day, &rows)?;
        }
        Ok::<_, ServiceError>(())
    })
}
