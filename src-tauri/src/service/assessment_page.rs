//! The assessment page: its header (score, status, progress, template version,
//! instances with their last sync), the Progress tab (score per family and per
//! instance, what needs attention) and the Controls tab.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::scoring::ControlStatus;
use crate::domain::{ActionId, InstanceId, TestStatus};
use crate::store::{repo, Store};

use super::action_details::{evidence_item, stale_after};
use super::assessments::{self, AssessmentSummary};
use super::result_flags::summary_status;
use super::workspace::Workspace;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AssessmentPage {
    pub summary: AssessmentSummary,
    pub instances: Vec<InstanceState>,
    pub families: Vec<ScoreBar>,
    pub instance_scores: Vec<ScoreBar>,
    pub attention: Vec<Attention>,
    pub controls: Vec<ControlRow>,
    pub action_count: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InstanceState {
    pub uid: Uuid,
    pub name: String,
    pub service: String,
    pub last_sync: Option<DateTime<Utc>>,
    /// Never synced, or older than twice the sync interval.
    pub stale: bool,
    /// "connected", "needs_reauthentication" or "error".
    pub status: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScoreBar {
    pub label: String,
    pub achieved: f64,
    pub possible: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Attention {
    /// failed_high_risk, needs_review, stale_data, needs_reauthentication,
    /// expired_evidence, expiring_evidence
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub assessment_uid: Uuid,
    pub action_uid: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ControlRow {
    pub family: String,
    pub name: String,
    pub title: String,
    pub status: ControlStatus,
    pub achieved: f64,
    pub possible: f64,
    pub actions: Vec<ControlAction>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ControlAction {
    pub uid: Uuid,
    pub title: String,
    pub status: TestStatus,
}

pub fn get(store: &Store, key: &str) -> Result<AssessmentPage, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?;
    let summary = assessments::summary_of(store, &workspace, assessment)?;
    let template = workspace
        .templates
        .iter()
        .find(|t| t.id == assessment.template_id);
    let conn = store.conn();
    let states = repo::results::load_states(conn, Some(assessment.id))?;
    let score = super::workspace::assessment_score(store, assessment.id)?;
    let breakdowns: FxHashMap<ActionId, _> =
        score.actions.iter().map(|b| (b.action_id, b)).collect();
    let actions: FxHashMap<ActionId, _> = workspace.actions.iter().map(|a| (a.id, a)).collect();
    let now = Utc::now();

    let mut instances = Vec::new();
    let records = repo::instances::records(conn)?;
    for id in &assessment.instance_ids {
        let Some(record) = records.iter().find(|r| r.instance.id == *id) else {
            continue;
        };
        let runs = repo::snapshots::last_runs(conn, *id)?;
        instances.push(InstanceState {
            uid: record.instance.uid,
            name: record.instance.name.clone(),
            service: record.instance.service.clone(),
            stale: runs.last_success.is_none_or(|at| now - at > stale_after()),
            last_sync: runs.last_success,
            status: record.status.clone(),
        });
    }

    let mut families: Vec<ScoreBar> = Vec::new();
    let mut controls = Vec::new();
    for family in template.map(|t| t.families.as_slice()).unwrap_or_default() {
        let mut bar = ScoreBar {
            label: family.name.clone(),
            achieved: 0.0,
            possible: 0.0,
        };
        let mut counted = rustc_hash::FxHashSet::default();
        for (control, outcome) in family.controls.iter().filter_map(|c| {
            score
                .controls
                .iter()
                .find(|o| o.control_id == c.id)
                .map(|o| (c, o))
        }) {
            let mut row = ControlRow {
                family: family.name.clone(),
                name: control.name.clone(),
                title: control.title.clone(),
                status: outcome.status,
                achieved: 0.0,
                possible: 0.0,
                actions: Vec::new(),
            };
            for id in &control.action_ids {
                let (Some(b), Some(action)) = (breakdowns.get(id), actions.get(id)) else {
                    continue;
                };
                row.achieved += b.achieved;
                row.possible += b.possible;
                if counted.insert(*id) {
                    bar.achieved += b.achieved;
                    bar.possible += b.possible;
                }
                row.actions.push(ControlAction {
                    uid: action.uid,
                    title: action.title.clone(),
                    status: summary_status(b),
                });
            }
            controls.push(row);
        }
        families.push(bar);
    }

    let instance_scores = per_instance(&workspace, assessment, &states, &breakdowns);
    let mut attention = Vec::new();
    let mut failed: Vec<_> = score
        .actions
        .iter()
        .filter(|b| summary_status(b) == TestStatus::FailedHighRisk)
        .collect();
    failed.sort_by(|a, b| b.points.cmp(&a.points).then(a.title.cmp(&b.title)));
    for b in failed.iter().take(10) {
        attention.push(Attention {
            kind: "failed_high_risk".into(),
            title: b.title.clone(),
            detail: format!(
                "Failed high risk on {} of {} instances; worth {} points.",
                b.in_scope - b.passed,
                b.in_scope,
                b.points
            ),
            assessment_uid: assessment.uid,
            action_uid: actions.get(&b.action_id).map(|a| a.uid),
        });
    }
    attention.extend(instance_attention(&instances, assessment.uid));
    let today = now.date_naive();
    for record in repo::evidence::list(conn, assessment.id, None)? {
        let title = actions
            .get(&record.action_id)
            .map_or_else(String::new, |a| a.title.clone());
        let action_uid = actions.get(&record.action_id).map(|a| a.uid);
        let item = evidence_item(record, today);
        if item.expired || item.expiring {
            attention.push(Attention {
                kind: if item.expired {
                    "expired_evidence"
                } else {
                    "expiring_evidence"
                }
                .into(),
                title,
                detail: format!(
                    "\"{}\" {} on {}.",
                    item.record.name,
                    if item.expired { "expired" } else { "expires" },
                    item.record
                        .period
                        .expires_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
                assessment_uid: assessment.uid,
                action_uid,
            });
        }
    }
    let flags = super::result_flags::action_flags(conn, assessment.id)?;
    for (id, _) in flags.iter().filter(|(_, f)| f.needs_review) {
        if let Some(action) = actions.get(id) {
            attention.push(Attention {
                kind: "needs_review".into(),
                title: action.title.clone(),
                detail: "The automatic result changed under an override: review it again.".into(),
                assessment_uid: assessment.uid,
                action_uid: Some(action.uid),
            });
        }
    }
    Ok(AssessmentPage {
        summary,
        instances,
        families,
        instance_scores,
        attention,
        controls,
        action_count: score.actions.len() as u32,
    })
}

/// Stale data and lost sign-ins of the assessment's instances.
pub fn instance_attention(instances: &[InstanceState], assessment_uid: Uuid) -> Vec<Attention> {
    let mut out = Vec::new();
    for i in instances {
        if i.status == "needs_reauthentication" {
            out.push(Attention {
                kind: "needs_reauthentication".into(),
                title: i.name.clone(),
                detail: format!("{} needs you to sign in again before it can sync.", i.name),
                assessment_uid,
                action_uid: None,
            });
        }
        if i.stale {
            out.push(Attention {
                kind: "stale_data".into(),
                title: i.name.clone(),
                detail: match i.last_sync {
                    Some(at) => format!(
                        "Last synced {}: its automatic results are stale.",
                        at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => "Never synced: its actions are still to be determined.".into(),
                },
                assessment_uid,
                action_uid: None,
            });
        }
    }
    out
}

/// Each instance's technical actions: points x credit of that instance's result.
fn per_instance(
    workspace: &Workspace,
    assessment: &crate::domain::Assessment,
    states: &[crate::domain::ResultState],
    breakdowns: &FxHashMap<ActionId, &crate::domain::scoring::ActionBreakdown>,
) -> Vec<ScoreBar> {
    let mut bars: Vec<(InstanceId, ScoreBar)> = assessment
        .instance_ids
        .iter()
        .filter_map(|id| workspace.instances.iter().find(|i| i.id == *id))
        .map(|i| {
            (
                i.id,
                ScoreBar {
                    label: i.name.clone(),
                    achieved: 0.0,
                    possible: 0.0,
                },
            )
        })
        .collect();
    for state in states {
        let (Some(instance), Some(b)) =
            (state.key.instance_id, breakdowns.get(&state.key.action_id))
        else {
            continue;
        };
        if state.is_out_of_scope() {
            continue;
        }
        if let Some((_, bar)) = bars.iter_mut().find(|(id, _)| *id == instance) {
            bar.possible += f64::from(b.points);
            bar.achieved += f64::from(b.points) * state.credit();
        }
    }
    bars.into_iter().map(|(_, bar)| bar).collect()
}
