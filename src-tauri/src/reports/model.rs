//! Everything an auditor needs about one assessment, gathered once from the store:
//! the PDF and the OSCAL file are two renderings of this model, so they cannot
//! disagree. Values are already in words (labels, formatted points) where a reader
//! sees them; codes and ids stay beside them for machine formats.

use chrono::{DateTime, SecondsFormat, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use uuid::Uuid;

use super::action_sheet::{self, observed, Row};
use super::drift::{self, Drift};
use crate::domain::scoring::{fmt_points, AssessmentScore};
use crate::domain::TestStatus;
use crate::service::action_details::InstanceResult;
use crate::service::assessment_page::{self, AssessmentPage};
use crate::service::workspace::{self, Workspace};
use crate::service::ServiceError;
use crate::store::repo::evidence::EvidenceRecord;
use crate::store::repo::{self, history::HistoryEntry};
use crate::store::Store;

pub const ORGANISATION: &str = "organisation";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub organisation: String,
    pub assessment: AssessmentInfo,
    pub instances: Vec<InstanceInfo>,
    /// Oldest and newest snapshot the results were drawn from.
    pub period: Option<Period>,
    pub generated_at: String,
    pub app_version: &'static str,
    pub summary: Summary,
    pub families: Vec<FamilyScore>,
    pub top_failing: Vec<Failing>,
    pub controls: Vec<Control>,
    pub drift: Drift,
    pub audit: Audit,
    pub snapshots: Vec<SnapshotRef>,
    pub evidence_files: Vec<EvidenceFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentInfo {
    pub uid: Uuid,
    pub name: String,
    pub template: String,
    pub template_uid: Uuid,
    pub template_version: String,
    pub group: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstanceInfo {
    pub uid: Uuid,
    pub name: String,
    pub service: String,
    pub last_sync: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub score: String,
    pub achieved: String,
    pub possible: String,
    pub status: String,
    pub progress: String,
    /// Where the missing points went, in sentences.
    pub in_words: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyScore {
    pub name: String,
    pub achieved: String,
    pub possible: String,
    /// Share achieved, 0 to 100.
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failing {
    pub title: String,
    pub lost: String,
    pub failed: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub family: String,
    pub name: String,
    pub title: String,
    pub status: String,
    pub status_code: String,
    pub achieved: String,
    pub possible: String,
    pub actions: Vec<ControlAction>,
}

/// An action under a control: detailed under the first control that lists it,
/// referred to under the others.
#[derive(Debug, Clone, Serialize)]
pub struct ControlAction {
    pub uid: Uuid,
    pub title: String,
    pub status: String,
    pub detail: Option<ActionDetail>,
    /// The control whose section holds the details, when not this one.
    pub detailed_under: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionDetail {
    pub kind: String,
    pub points: u32,
    /// The benchmark item the action's check implements.
    pub implements: Option<&'static str>,
    pub results: Vec<ResultLine>,
    pub evidence: Vec<EvidenceLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultLine {
    pub instance_uid: Option<Uuid>,
    pub instance: Option<String>,
    /// The status scoring uses (the override, when there is one).
    pub status: String,
    pub status_code: &'static str,
    pub recorded: String,
    pub implementation: String,
    pub implementation_date: Option<String>,
    pub assigned_to: Option<String>,
    pub implementation_notes: String,
    pub source: String,
    pub parent: Option<String>,
    pub test_date: Option<String>,
    pub testing_notes: String,
    pub automatic: Option<Automatic>,
    /// Who last changed the result by hand, and when.
    pub manual: Option<Touched>,
    pub review: Option<ReviewLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Automatic {
    pub check_id: String,
    pub setting: String,
    pub observed: String,
    pub expected: String,
    pub collected_at: Option<String>,
    pub snapshot_uid: Option<String>,
    pub snapshot_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Touched {
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewLine {
    pub state: String,
    pub override_status: Option<String>,
    pub justification: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceLine {
    pub uid: Uuid,
    pub name: String,
    pub sha256: Option<String>,
    pub url: Option<String>,
    pub period: String,
    pub added_by: String,
    pub added_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Entries about this assessment.
    pub entries: usize,
    /// Entries in the whole chain, its head, and whether every hash still matches.
    pub chain_entries: u64,
    pub head: String,
    pub intact: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SnapshotRef {
    pub uid: String,
    pub instance: String,
    pub collected_at: String,
    pub sha256: String,
}

/// An evidence file the assessment uses, where it is kept.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceFile {
    pub uid: Uuid,
    pub name: String,
    pub sha256: String,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn result_line(r: InstanceResult, manual: Option<Touched>) -> ResultLine {
    let review = r.review.state.clone().map(|state| ReviewLine {
        state: state.replace('_', " "),
        override_status: r.review.override_status.map(|s| s.label().to_string()),
        justification: r.review.justification.clone(),
        by: r.review.reviewed_by.clone(),
        at: r.review.reviewed_at.clone(),
    });
    let automatic = r.automatic.as_ref().map(|a| Automatic {
        check_id: a.check_id.clone(),
        setting: a.setting.clone(),
        observed: observed(&r),
        expected: a.expected.clone(),
        collected_at: a.collected_at.clone(),
        snapshot_uid: a.snapshot_uid.clone(),
        snapshot_sha256: a.snapshot_sha256.clone(),
    });
    ResultLine {
        instance_uid: r.instance_uid,
        instance: r.instance_name,
        status: r.test_status.label().to_string(),
        status_code: r.test_status.code(),
        recorded: r.recorded_status.label().to_string(),
        implementation: r.implementation_status.label().to_string(),
        implementation_date: r.implementation_date.map(|d| d.to_string()),
        assigned_to: r.assigned_to,
        implementation_notes: r.implementation_notes,
        source: r.testing_source.label().to_string(),
        parent: r.parent_action_title,
        test_date: r.test_date.map(|d| d.format("%Y-%m-%d").to_string()),
        testing_notes: r.testing_notes,
        automatic,
        manual,
        review,
    }
}

fn evidence_line(e: &EvidenceRecord) -> EvidenceLine {
    let p = &e.period;
    let day = |d: Option<chrono::NaiveDate>| d.map_or("…".to_string(), |d| d.to_string());
    let mut period = match (p.effective_from, p.effective_to) {
        (None, None) => String::new(),
        (from, to) => format!("{} to {}", day(from), day(to)),
    };
    if let Some(expires) = p.expires_on {
        period = format!("{period} (expires {expires})").trim().to_string();
    }
    EvidenceLine {
        uid: e.uid,
        name: e.name.clone(),
        sha256: e.sha256.clone(),
        url: e.url.clone(),
        period,
        added_by: e.added_by.clone(),
        added_at: e.added_at.clone(),
    }
}

/// The last change made by a person (not a connector sync) to each
/// (action, instance), from the assessment's history, newest first.
fn manual_touches(history: &[HistoryEntry]) -> FxHashMap<(String, String), Touched> {
    let mut touched = FxHashMap::default();
    for e in history
        .iter()
        .filter(|e| !e.actor.starts_with("Connector sync"))
    {
        let Some(action) = e.action_uid.clone() else {
            continue;
        };
        let key = (action, e.instance_uid.clone().unwrap_or_default());
        touched.entry(key).or_insert_with(|| Touched {
            by: e.actor.clone(),
            at: e.at.clone(),
        });
    }
    touched
}

fn summary(page: &AssessmentPage, score: &AssessmentScore) -> Summary {
    let s = &page.summary;
    let mut lost: [(f64, u32); 3] = [(0.0, 0); 3];
    for b in &score.actions {
        let missing = b.possible - b.achieved;
        if missing <= 0.0 {
            continue;
        }
        let statuses = || b.statuses.iter().filter(|c| c.count > 0).map(|c| c.status);
        let kind = if statuses().any(TestStatus::is_failed) {
            0
        } else if statuses().any(|t| t.is_untested() || t == TestStatus::CouldNotBeDetermined) {
            1
        } else {
            2
        };
        lost[kind].0 += missing;
        lost[kind].1 += 1;
    }
    let mut in_words = vec![format!(
        "{} of {} possible points are achieved ({:.0}%).",
        fmt_points(s.points.achieved),
        fmt_points(s.points.possible),
        s.score * 100.0
    )];
    let what = [
        "failed on at least one instance",
        "not tested yet or could not be determined",
        "in progress, partially tested or partly implemented",
    ];
    for ((points, actions), what) in lost.iter().zip(what) {
        if *actions > 0 {
            in_words.push(format!(
                "{} points are missing on {actions} action{} {what}.",
                fmt_points(*points),
                if *actions == 1 { "" } else { "s" },
            ));
        }
    }
    Summary {
        score: format!("{:.0}%", s.score * 100.0),
        achieved: fmt_points(s.points.achieved),
        possible: fmt_points(s.points.possible),
        status: s.status.label().to_string(),
        progress: format!("{:.0}%", s.progress * 100.0),
        in_words,
    }
}

fn top_failing(score: &AssessmentScore) -> Vec<Failing> {
    let mut failing: Vec<_> = score
        .actions
        .iter()
        .filter(|b| {
            b.statuses
                .iter()
                .any(|c| c.count > 0 && c.status.is_failed())
        })
        .collect();
    failing.sort_by(|a, b| {
        (b.possible - b.achieved)
            .total_cmp(&(a.possible - a.achieved))
            .then_with(|| a.title.cmp(&b.title))
    });
    failing
        .into_iter()
        .take(10)
        .map(|b| {
            let failed: u32 = b
                .statuses
                .iter()
                .filter(|c| c.status.is_failed())
                .map(|c| c.count)
                .sum();
            Failing {
                title: b.title.clone(),
                lost: fmt_points(b.possible - b.achieved),
                failed: format!("{failed} of {} in scope", b.in_scope),
            }
        })
        .collect()
}

/// Gathers the report of `assessment` (UUID or name) as of `now`.
pub fn build(store: &Store, assessment: &str, now: DateTime<Utc>) -> Result<Report, ServiceError> {
    let ws = Workspace::load(store)?;
    let page = assessment_page::get(store, assessment)?;
    let id = ws.assessment(assessment)?.id;
    let score = workspace::assessment_score(store, id)?;
    let conn = store.conn();
    let uid = page.summary.uid.to_string();
    let history = repo::history::list(conn, &uid, None)?;
    let chain = repo::history::verify(conn)?;
    let touched = manual_touches(&history);

    let mut evidence: FxHashMap<_, Vec<EvidenceRecord>> = FxHashMap::default();
    for e in repo::evidence::list(conn, id, None)? {
        evidence.entry(e.action_id).or_default().push(e);
    }
    let mut rows_by_action: FxHashMap<Uuid, Vec<Row<'_>>> = FxHashMap::default();
    for row in action_sheet::rows(store, &ws, assessment)? {
        rows_by_action
            .entry(row.target.action.uid)
            .or_default()
            .push(row);
    }

    let actions_by_uid: FxHashMap<Uuid, _> = ws.actions.iter().map(|a| (a.uid, a)).collect();
    let mut snapshots: FxHashMap<String, SnapshotRef> = FxHashMap::default();
    let mut evidence_files: Vec<EvidenceFile> = Vec::new();
    let mut detailed: FxHashMap<Uuid, String> = FxHashMap::default();
    let mut controls = Vec::new();
    for c in &page.controls {
        let mut actions = Vec::new();
        for a in &c.actions {
            let here = format!("{} {}", c.name, c.title);
            let detail = match detailed.get(&a.uid) {
                Some(_) => None,
                None => {
                    detailed.insert(a.uid, here.clone());
                    match rows_by_action.remove(&a.uid) {
                        Some(rows) => Some(detail_of(
                            rows,
                            &touched,
                            &evidence,
                            &mut snapshots,
                            &mut evidence_files,
                        )),
                        // No instance of the action's service is in the assessment.
                        None => actions_by_uid.get(&a.uid).map(|action| ActionDetail {
                            kind: action.implementation_type.label().to_string(),
                            points: action.points(),
                            implements: crate::connectors::implemented_by_action(action.uid),
                            results: Vec::new(),
                            evidence: Vec::new(),
                        }),
                    }
                }
            };
            actions.push(ControlAction {
                uid: a.uid,
                title: a.title.clone(),
                status: a.status.label().to_string(),
                detailed_under: detailed.get(&a.uid).filter(|d| **d != here).cloned(),
                detail,
            });
        }
        controls.push(Control {
            family: c.family.clone(),
            name: c.name.clone(),
            title: c.title.clone(),
            status: c.status.label().to_string(),
            status_code: c.status.code().to_string(),
            achieved: fmt_points(c.achieved),
            possible: fmt_points(c.possible),
            actions,
        });
    }
    let mut snapshots: Vec<SnapshotRef> = snapshots.into_values().collect();
    snapshots.sort_by(|a, b| a.collected_at.cmp(&b.collected_at).then(a.uid.cmp(&b.uid)));
    // A file attached to several actions is kept once.
    let mut seen = FxHashSet::default();
    evidence_files.retain(|f| seen.insert(f.sha256.clone()));
    let period = match (snapshots.first(), snapshots.last()) {
        (Some(first), Some(last)) => Some(Period {
            from: first.collected_at.clone(),
            to: last.collected_at.clone(),
        }),
        _ => None,
    };
    let instances = page
        .instances
        .iter()
        .map(|i| InstanceInfo {
            uid: i.uid,
            name: i.name.clone(),
            service: i.service.clone(),
            last_sync: i.last_sync.map(stamp),
        })
        .collect();
    let s = &page.summary;
    Ok(Report {
        organisation: repo::settings::get(conn, ORGANISATION)?.unwrap_or_default(),
        assessment: AssessmentInfo {
            uid: s.uid,
            name: s.name.clone(),
            template: s.template.clone(),
            template_uid: s.template_uid,
            template_version: s.template_version.clone(),
            group: s.group.clone(),
            created_at: stamp(s.created_at),
        },
        instances,
        period,
        generated_at: stamp(now),
        app_version: env!("CARGO_PKG_VERSION"),
        summary: summary(&page, &score),
        families: page
            .families
            .iter()
            .map(|f| FamilyScore {
                name: f.label.clone(),
                achieved: fmt_points(f.achieved),
                possible: fmt_points(f.possible),
                percent: if f.possible > 0.0 {
                    100.0 * f.achieved / f.possible
                } else {
                    0.0
                },
            })
            .collect(),
        top_failing: top_failing(&score),
        controls,
        drift: drift::since_last_report(&history, &ws),
        audit: Audit {
            entries: history.len(),
            chain_entries: chain.entries,
            head: chain.head,
            intact: chain.broken.is_none(),
        },
        snapshots,
        evidence_files,
    })
}

fn detail_of(
    rows: Vec<Row<'_>>,
    touched: &FxHashMap<(String, String), Touched>,
    evidence: &FxHashMap<crate::domain::ActionId, Vec<EvidenceRecord>>,
    snapshots: &mut FxHashMap<String, SnapshotRef>,
    files: &mut Vec<EvidenceFile>,
) -> ActionDetail {
    let action = rows[0].target.action;
    let action_uid = action.uid.to_string();
    let records = evidence
        .get(&action.id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for e in records {
        if let Some(sha) = &e.sha256 {
            files.push(EvidenceFile {
                uid: e.uid,
                name: e.name.clone(),
                sha256: sha.clone(),
            });
        }
    }
    let results = rows
        .into_iter()
        .map(|row| {
            let r = row.result;
            if let Some(a) = &r.automatic {
                if let (Some(uid), Some(sha), Some(at)) =
                    (&a.snapshot_uid, &a.snapshot_sha256, &a.collected_at)
                {
                    snapshots.entry(uid.clone()).or_insert_with(|| SnapshotRef {
                        uid: uid.clone(),
                        instance: r.instance_name.clone().unwrap_or_default(),
                        collected_at: at.clone(),
                        sha256: sha.clone(),
                    });
                }
            }
            let key = (
                action_uid.clone(),
                r.instance_uid.map(|u| u.to_string()).unwrap_or_default(),
            );
            let manual = touched.get(&key).cloned();
            result_line(r, manual)
        })
        .collect();
    ActionDetail {
        kind: action.implementation_type.label().to_string(),
        points: action.points(),
        implements: crate::connectors::implemented_by_action(action.uid),
        results,
        evidence: records.iter().map(evidence_line).collect(),
    }
}
