//! Changing an assessment after it was created: rename, move to another group, add
//! or remove service instances (their results arrive or leave at once), apply a
//! template update, delete. Each change is one transaction.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Assessment, ServiceInstance};
use crate::store::{repo, Store};
use crate::templates::diff::{changes, TemplateChanges};

use super::assessments::AssessmentSummary;
use super::template_install::{all_checks, stored_as_draft};
use super::templates::with_versions;
use super::workspace::Workspace;
use super::ServiceError;

/// What to change; fields left empty stay as they are.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct AssessmentEdit {
    pub name: Option<String>,
    /// An existing group or a new one.
    pub group: Option<String>,
    /// Instances (name or UUID) to add.
    #[serde(default)]
    pub add_instances: Vec<String>,
    /// Instances (name or UUID) to remove, with their results in this assessment.
    #[serde(default)]
    pub remove_instances: Vec<String>,
}

fn instance(store: &Store, key: &str) -> Result<ServiceInstance, ServiceError> {
    Ok(repo::instances::find(store.conn(), key)?
        .ok_or_else(|| ServiceError::NotFound {
            what: "connector",
            key: key.to_string(),
        })?
        .instance)
}

fn summary_of(store: &Store, uid: uuid::Uuid) -> Result<AssessmentSummary, ServiceError> {
    super::assessments::list(store)?
        .into_iter()
        .find(|a| a.uid == uid)
        .ok_or_else(|| ServiceError::NotFound {
            what: "assessment",
            key: uid.to_string(),
        })
}

pub fn edit(
    store: &mut Store,
    key: &str,
    edit: &AssessmentEdit,
) -> Result<AssessmentSummary, ServiceError> {
    if let Some(problem) = edit.name.as_deref().and_then(super::assessments::id_like) {
        return Err(ServiceError::Invalid(problem));
    }
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?.clone();
    let template = workspace
        .templates
        .iter()
        .find(|t| t.id == assessment.template_id)
        .ok_or_else(|| ServiceError::NotFound {
            what: "template",
            key: assessment.template_id.0.to_string(),
        })?;
    let mut adding = Vec::new();
    for key in &edit.add_instances {
        let found = instance(store, key)?;
        if !template.supports(&found.service) {
            return Err(ServiceError::Invalid(format!(
                "\"{}\" cannot join \"{}\": its template {} does not cover {}",
                found.name, assessment.name, template.title, found.service
            )));
        }
        adding.push(found);
    }
    let removing = edit
        .remove_instances
        .iter()
        .map(|key| instance(store, key))
        .collect::<Result<Vec<_>, _>>()?;
    let after: Vec<_> = assessment
        .instance_ids
        .iter()
        .copied()
        .filter(|id| !removing.iter().any(|r| r.id == *id))
        .chain(adding.iter().map(|a| a.id))
        .collect();
    let group = edit
        .group
        .clone()
        .unwrap_or_else(|| workspace.group_name(&assessment).to_string());
    let rule = super::assessment_rules::clash(
        store,
        assessment.template_id,
        &group,
        &after,
        Some(assessment.id),
    )?;
    if let Some(problem) = rule {
        return Err(ServiceError::Invalid(problem));
    }
    store.write(|tx| {
        if let Some(name) = &edit.name {
            repo::assessments::rename(tx, assessment.id, name)?;
        }
        if let Some(group) = &edit.group {
            let group = repo::groups::get_or_create(tx, group)?;
            repo::assessments::set_group(tx, assessment.id, group.id)?;
        }
        for instance in &removing {
            repo::assessments::remove_instance(tx, assessment.id, instance.id)?;
        }
        for instance in &adding {
            if assessment.instance_ids.contains(&instance.id) {
                continue;
            }
            repo::assessments::add_instance(tx, assessment.id, instance.id)?;
            super::evaluation::apply_latest(tx, instance, assessment.id)?;
        }
        Ok::<_, ServiceError>(())
    })?;
    summary_of(store, assessment.uid)
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Deleted {
    pub name: String,
    /// Results (automatic and manual) that were deleted with it.
    pub results: usize,
}

/// What deleting the assessment would lose, without deleting it.
pub fn deletion_impact(store: &Store, key: &str) -> Result<Deleted, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?;
    Ok(Deleted {
        name: assessment.name.clone(),
        results: repo::results::load_states(store.conn(), Some(assessment.id))?.len(),
    })
}

/// Deletes the assessment and its results; snapshots and other assessments stay.
pub fn delete(store: &mut Store, key: &str) -> Result<Deleted, ServiceError> {
    let impact = deletion_impact(store, key)?;
    let id = Workspace::load(store)?.assessment(key)?.id;
    store.write(|tx| {
        repo::assessments::delete(tx, id)?;
        repo::templates::delete_unused_superseded(tx)?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(impact)
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateUpdate {
    pub assessment: String,
    pub template: String,
    pub from_version: String,
    pub to_version: String,
    pub changes: TemplateChanges,
    /// Whether it was applied (false when only previewed).
    pub applied: bool,
    /// Results retired because their action left the template (kept for history).
    pub retired: usize,
}

/// The newer version of the assessment's template and what it changes, if any.
fn pending_update(
    store: &Store,
    assessment: &Assessment,
) -> Result<Option<(crate::domain::Template, TemplateUpdate)>, ServiceError> {
    let versions = with_versions(store)?;
    let Some((current, info)) = versions
        .iter()
        .find(|(t, _)| t.id == assessment.template_id)
    else {
        return Ok(None);
    };
    let Some((newer, newer_info)) = versions
        .iter()
        .find(|(_, v)| v.lineage == info.lineage && !v.superseded && v.id != info.id)
    else {
        return Ok(None);
    };
    let actions = repo::actions::load_all(store.conn())?;
    let checks = all_checks();
    let diff = changes(
        &stored_as_draft(current, &actions, &checks),
        &stored_as_draft(newer, &actions, &checks),
    );
    Ok(Some((
        newer.clone(),
        TemplateUpdate {
            assessment: assessment.name.clone(),
            template: newer.title.clone(),
            from_version: format!(
                "{} ({})",
                info.version,
                &info.fingerprint.get(..8).unwrap_or("")
            ),
            to_version: format!(
                "{} ({})",
                newer_info.version,
                &newer_info.fingerprint[..8.min(newer_info.fingerprint.len())]
            ),
            changes: diff,
            applied: false,
            retired: 0,
        },
    )))
}

/// Moves the assessment to its template's newest version: new actions get their
/// results from each instance's latest snapshot at once, removed ones retire (their
/// history kept), and manual work on the actions that stay is untouched.
/// With `preview`, only says what would change.
pub fn update_template(
    store: &mut Store,
    key: &str,
    preview: bool,
) -> Result<TemplateUpdate, ServiceError> {
    let workspace = Workspace::load(store)?;
    let assessment = workspace.assessment(key)?.clone();
    let Some((newer, mut update)) = pending_update(store, &assessment)? else {
        return Err(ServiceError::Invalid(format!(
            "\"{}\" already uses the newest version of its template",
            assessment.name
        )));
    };
    if preview {
        return Ok(update);
    }
    let instances: Vec<ServiceInstance> = workspace
        .instances
        .iter()
        .filter(|i| assessment.instance_ids.contains(&i.id))
        .cloned()
        .collect();
    let mapped = newer.distinct_action_ids();
    update.retired = store.write(|tx| {
        repo::assessments::set_template(tx, assessment.id, newer.id)?;
        let retired = repo::results::retire_unmapped(tx, assessment.id, &mapped)?;
        for instance in &instances {
            super::evaluation::apply_latest(tx, instance, assessment.id)?;
        }
        repo::templates::delete_unused_superseded(tx)?;
        Ok::<_, ServiceError>(retired)
    })?;
    update.applied = true;
    Ok(update)
}
