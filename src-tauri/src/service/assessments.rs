//! Listing assessments and explaining their scores.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::scoring::{
    explain, score_assessment, ActionBreakdown, AssessmentScore, AssessmentStatus, ControlOutcome,
    Points, ScoringIndex,
};
use crate::domain::{Assessment, AssessmentId};
use crate::store::{repo, Store};

use super::workspace::{recompute, Workspace};
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AssessmentSummary {
    pub id: AssessmentId,
    pub uid: Uuid,
    pub name: String,
    pub group: String,
    pub template: String,
    pub template_uid: Uuid,
    pub template_version: String,
    /// A newer version of the template exists; `update-template` applies it.
    pub update_available: bool,
    pub instances: Vec<String>,
    pub points: Points,
    pub score: f64,
    pub status: AssessmentStatus,
    pub progress: f64,
    pub created_at: DateTime<Utc>,
}

/// An assessment's score with every control's status and every action's share and reason.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScoreReport {
    pub assessment: AssessmentSummary,
    pub controls: Vec<ControlOutcome>,
    pub actions: Vec<ExplainedAction>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExplainedAction {
    #[serde(flatten)]
    pub breakdown: ActionBreakdown,
    /// Why the action earned what it earned, in a sentence.
    pub explanation: String,
}

pub fn list(store: &Store) -> Result<Vec<AssessmentSummary>, ServiceError> {
    let (workspace, scores) = recompute(store)?;
    let versions = repo::templates::versions(store.conn())?;
    Ok(workspace
        .assessments
        .iter()
        .zip(&scores.assessments)
        .map(|(assessment, score)| summary(&workspace, &versions, assessment, score))
        .collect())
}

/// Scores one assessment, found by UUID or name.
pub fn score(store: &Store, key: &str) -> Result<ScoreReport, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?;
    let results = repo::results::load_states(store.conn(), Some(assessment.id))?;
    let index = ScoringIndex::new(
        &workspace.templates,
        &workspace.actions,
        &workspace.instances,
    );
    let score = score_assessment(&index, assessment, &results)?;
    let actions = score
        .actions
        .iter()
        .filter_map(|b| {
            let action = workspace.actions.iter().find(|a| a.id == b.action_id)?;
            Some(ExplainedAction {
                explanation: explain(action, b),
                breakdown: b.clone(),
            })
        })
        .collect();
    let versions = repo::templates::versions(store.conn())?;
    Ok(ScoreReport {
        assessment: summary(&workspace, &versions, assessment, &score),
        controls: score.controls,
        actions,
    })
}

/// The list's summary of one assessment, scored on its own.
pub fn summary_of(
    store: &Store,
    workspace: &Workspace,
    assessment: &Assessment,
) -> Result<AssessmentSummary, ServiceError> {
    let score = super::workspace::assessment_score(store, assessment.id)?;
    let versions = repo::templates::versions(store.conn())?;
    Ok(summary(workspace, &versions, assessment, &score))
}

fn summary(
    workspace: &Workspace,
    versions: &[repo::templates::VersionInfo],
    assessment: &Assessment,
    score: &AssessmentScore,
) -> AssessmentSummary {
    let version = versions.iter().find(|v| v.id == assessment.template_id);
    AssessmentSummary {
        template_uid: version.map(|v| v.uid).unwrap_or_default(),
        template_version: version.map(|v| v.version.clone()).unwrap_or_default(),
        update_available: version.is_some_and(|v| {
            v.superseded
                && versions
                    .iter()
                    .any(|o| o.lineage == v.lineage && !o.superseded)
        }),
        id: assessment.id,
        uid: assessment.uid,
        name: assessment.name.clone(),
        group: workspace.group_name(assessment).to_string(),
        template: workspace.template_title(assessment).to_string(),
        instances: workspace.instance_names(assessment),
        points: score.points,
        score: score.score,
        status: score.status,
        progress: score.progress,
        created_at: assessment.created_at,
    }
}

/// Creates an assessment of `template` (UUID or title) over the named instances
/// (`None`: every activated instance of the services the template supports), in
/// `group` (created if new), and records each instance's automatic results at once:
/// from its latest snapshot, or "to be determined" before its first sync.
pub fn create(
    store: &mut Store,
    name: &str,
    template: &str,
    instances: Option<&[String]>,
    group: &str,
) -> Result<AssessmentSummary, ServiceError> {
    if let Some(problem) = id_like(name) {
        return Err(ServiceError::Invalid(problem));
    }
    let template = super::templates::find(store, template)?;
    let defaults: Vec<String>;
    let instances = match instances {
        Some(named) => named,
        None => {
            defaults = repo::instances::list(store.conn())?
                .into_iter()
                .filter(|i| template.supports(&i.service))
                .map(|i| i.uid.to_string())
                .collect();
            &defaults
        }
    };
    let mut records = Vec::new();
    for key in instances {
        let record =
            repo::instances::find(store.conn(), key)?.ok_or_else(|| ServiceError::NotFound {
                what: "connector",
                key: key.clone(),
            })?;
        if !template.supports(&record.instance.service) {
            return Err(ServiceError::Invalid(format!(
                "the template \"{}\" does not cover {} (it supports: {})",
                template.title,
                record.instance.service,
                template.supported_services.join(", ")
            )));
        }
        records.push(record.instance);
    }
    let ids: Vec<_> = records.iter().map(|i| i.id).collect();
    let template_id = template.id;
    if let Some(problem) = super::assessment_rules::clash(store, template_id, group, &ids, None)? {
        return Err(ServiceError::Invalid(problem));
    }
    let assessment = store.write(|tx| {
        let group = repo::groups::get_or_create(tx, group)?;
        let assessment = repo::assessments::insert(tx, name, group.id, template_id, &ids)?;
        for instance in &records {
            super::evaluation::apply_latest(tx, instance, assessment.id)?;
        }
        Ok::<_, ServiceError>(assessment)
    })?;
    list(store)?
        .into_iter()
        .find(|a| a.uid == assessment.uid)
        .ok_or_else(|| ServiceError::NotFound {
            what: "assessment",
            key: name.to_string(),
        })
}

/// One automatic or manual test result with what it was based on.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ResultRow {
    pub action: String,
    pub instance: Option<String>,
    pub test_status: crate::domain::TestStatus,
    pub evidence: Option<crate::connectors::checks::Evidence>,
}

/// Every result of an assessment, with evidence, ordered by action title.
pub fn results(store: &Store, key: &str) -> Result<Vec<ResultRow>, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?;
    let titles: std::collections::HashMap<_, _> = workspace
        .actions
        .iter()
        .map(|a| (a.id, a.title.clone()))
        .collect();
    let names: std::collections::HashMap<_, _> = workspace
        .instances
        .iter()
        .map(|i| (i.id, i.name.clone()))
        .collect();
    let mut rows: Vec<ResultRow> = repo::results::evidence_of(store.conn(), assessment.id)?
        .into_iter()
        .map(|(_, action, instance, status, evidence)| {
            Ok(ResultRow {
                action: titles.get(&action).cloned().unwrap_or_default(),
                instance: instance.and_then(|i| names.get(&i).cloned()),
                test_status: crate::domain::TestStatus::from_code(&status)?,
                evidence: evidence.and_then(|e| serde_json::from_str(&e).ok()),
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    rows.sort_by(|a, b| a.action.cmp(&b.action).then(a.instance.cmp(&b.instance)));
    Ok(rows)
}

/// A name that reads as a UUID would make "the assessment X" ambiguous: refused.
pub(super) fn id_like(name: &str) -> Option<String> {
    uuid::Uuid::parse_str(name.trim()).is_ok().then(|| {
        "A name cannot look like an assessment ID (a UUID): choose one people recognise.".into()
    })
}

/// Why `name` cannot name a new assessment, if it cannot (as the wizard checks it).
pub fn name_problem(store: &Store, name: &str) -> Result<Option<String>, ServiceError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Some("Give the assessment a name.".into()));
    }
    if name.chars().count() > 120 {
        return Ok(Some("Use at most 120 characters.".into()));
    }
    if let Some(problem) = id_like(name) {
        return Ok(Some(problem));
    }
    Ok(repo::assessments::list(store.conn())?
        .into_iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| format!("\"{}\" is already the name of an assessment.", a.name)))
}

/// The names of the assessment groups, for the wizard's choice.
pub fn groups(store: &Store) -> Result<Vec<String>, ServiceError> {
    Ok(repo::groups::list(store.conn())?
        .into_iter()
        .map(|g| g.name)
        .collect())
}
