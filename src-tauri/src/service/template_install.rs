//! Storing template versions: a draft's check references become the checks'
//! actions (one action per check, shared by every template that maps it), its own
//! actions are stored by title, and the version joins its lineage, superseding the
//! previous one. Also the reverse: a stored version as a draft, to compare versions.

use std::collections::HashMap;

use uuid::Uuid;

use crate::connectors::{checks::Check, registry};
use crate::domain::{
    ActionId, Control, ControlFamily, ControlId, ImprovementAction, Template, TemplateId,
};
use crate::store::repo;
use crate::templates::{ActionDraft, ActionRef, ControlDraft, FamilyDraft, TemplateDraft};

use super::ServiceError;

const TEMPLATE_NAMESPACE: Uuid = Uuid::from_u128(0x2b8e_51a0_7c3d_4e19_a4f6_0d9c_e7b2_5f31);
const OWN_ACTION_NAMESPACE: Uuid = Uuid::from_u128(0x9d41_0b7e_5a2c_4c8f_b3e1_7f60_2a9d_c415);

/// The lineage of a template key; for the service baselines it is the UUID their
/// first version had, so that workspaces made before versions joined keep theirs.
pub fn lineage(key: &str) -> Uuid {
    Uuid::new_v5(&TEMPLATE_NAMESPACE, key.as_bytes())
}

/// A template's own actions are identified by title: the same title in two
/// templates is the same action, tested once.
fn own_action_uid(title: &str) -> Uuid {
    Uuid::new_v5(
        &OWN_ACTION_NAMESPACE,
        title.trim().to_lowercase().as_bytes(),
    )
}

pub fn all_checks() -> HashMap<String, Check> {
    registry()
        .iter()
        .flat_map(|c| c.checks())
        .map(|c| (c.id.clone(), c))
        .collect()
}

fn own_action(draft: &ActionDraft) -> ImprovementAction {
    ImprovementAction {
        id: ActionId(0),
        uid: own_action_uid(&draft.title),
        title: draft.title.clone(),
        description: draft.description.clone(),
        purpose: draft.purpose,
        enforcement: draft.enforcement,
        custom_score: draft.custom_score,
        implementation_type: draft.implementation_type,
        service: draft.service.clone(),
    }
}

/// Stores `draft` as the current version of its lineage (the previous current one
/// is superseded; superseded versions no assessment uses are deleted). The caller's
/// transaction makes it all or nothing.
pub fn install(
    tx: &rusqlite::Transaction<'_>,
    draft: &TemplateDraft,
    fingerprint: &str,
    checks: &HashMap<String, Check>,
) -> Result<TemplateId, ServiceError> {
    let uid = Uuid::new_v5(
        &TEMPLATE_NAMESPACE,
        format!("{}@{fingerprint}", draft.key).as_bytes(),
    );
    install_in(tx, draft, lineage(&draft.key), uid, fingerprint, checks)
}

/// Stores `draft` as the current version of `lineage`, with the version's `uid`.
pub fn install_in(
    tx: &rusqlite::Transaction<'_>,
    draft: &TemplateDraft,
    lineage: Uuid,
    uid: Uuid,
    fingerprint: &str,
    checks: &HashMap<String, Check>,
) -> Result<TemplateId, ServiceError> {
    if let Some(existing) = repo::templates::id_of(tx, uid)? {
        // This very version is stored (superseded, still used): make it current again.
        repo::templates::supersede(tx, lineage)?;
        repo::templates::reinstate(tx, existing)?;
        repo::templates::delete_unused_superseded(tx)?;
        return Ok(existing);
    }
    let mut ids: HashMap<ActionRef, ActionId> = HashMap::new();
    for action in &draft.actions {
        let id = repo::actions::upsert(tx, &own_action(action))?;
        ids.insert(ActionRef::Own(action.title.clone()), id);
    }
    let uid = Uuid::new_v5(
        &TEMPLATE_NAMESPACE,
        format!("{}@{fingerprint}", draft.key).as_bytes(),
    );
    let mut families = Vec::new();
    for family in &draft.families {
        let mut controls = Vec::new();
        for control in &family.controls {
            let mut action_ids = Vec::new();
            for action in &control.actions {
                let id = match (ids.get(action), action) {
                    (Some(id), _) => *id,
                    (None, ActionRef::Check(check_id)) => {
                        let check = checks.get(check_id).ok_or_else(|| {
                            ServiceError::Invalid(format!(
                                "{} maps control {} to the check {check_id}, which this version does not have",
                                draft.title, control.name
                            ))
                        })?;
                        let id = repo::actions::upsert(tx, &check.action())?;
                        ids.insert(action.clone(), id);
                        id
                    }
                    (None, ActionRef::Own(title)) => {
                        return Err(ServiceError::Invalid(format!(
                            "{}: control {} names the action \"{title}\", which is not defined",
                            draft.title, control.name
                        )))
                    }
                };
                action_ids.push(id);
            }
            controls.push(Control {
                id: ControlId(0),
                uid: Uuid::new_v5(&uid, control.name.as_bytes()),
                name: control.name.clone(),
                title: control.title.clone(),
                description: control.description.clone(),
                action_ids,
            });
        }
        families.push(ControlFamily {
            name: family.name.clone(),
            controls,
        });
    }
    let template = Template {
        id: TemplateId(0),
        uid,
        title: draft.title.clone(),
        product: draft.product.clone(),
        certification: draft.certification.clone(),
        supported_services: draft.supported_services.clone(),
        families,
    };
    repo::templates::supersede(tx, lineage)?;
    let id = repo::templates::insert_version(
        tx,
        &template,
        lineage,
        &draft.version,
        fingerprint,
        draft.source.code(),
    )?;
    repo::templates::delete_unused_superseded(tx)?;
    Ok(id)
}

/// A stored action as a template's own action.
pub fn action_draft(action: &ImprovementAction) -> ActionDraft {
    ActionDraft {
        title: action.title.clone(),
        description: action.description.clone(),
        implementation_type: action.implementation_type,
        purpose: action.purpose,
        enforcement: action.enforcement,
        custom_score: action.custom_score,
        service: action.service.clone(),
    }
}

/// A stored template version as a draft (check actions as check references), to
/// compare it with a newer version.
pub fn stored_as_draft(
    template: &Template,
    actions: &[ImprovementAction],
    checks: &HashMap<String, Check>,
) -> TemplateDraft {
    let check_of: HashMap<Uuid, &str> = checks
        .values()
        .map(|c| (c.action_uid(), c.id.as_str()))
        .collect();
    let by_id: HashMap<ActionId, &ImprovementAction> = actions.iter().map(|a| (a.id, a)).collect();
    let mut own = Vec::new();
    let families = template
        .families
        .iter()
        .map(|family| FamilyDraft {
            name: family.name.clone(),
            controls: family
                .controls
                .iter()
                .map(|control| ControlDraft {
                    name: control.name.clone(),
                    title: control.title.clone(),
                    description: control.description.clone(),
                    actions: control
                        .action_ids
                        .iter()
                        .filter_map(|id| by_id.get(id))
                        .map(|action| match check_of.get(&action.uid) {
                            Some(check) => ActionRef::Check(check.to_string()),
                            None => {
                                if !own.iter().any(|a: &ActionDraft| a.title == action.title) {
                                    own.push(action_draft(action));
                                }
                                ActionRef::Own(action.title.clone())
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    TemplateDraft {
        key: String::new(),
        title: template.title.clone(),
        product: template.product.clone(),
        certification: template.certification.clone(),
        version: String::new(),
        source: crate::templates::TemplateSource::BuiltIn,
        supported_services: template.supported_services.clone(),
        families,
        actions: own,
    }
}

/// The uid of a version made in a lineage without a key (a re-mapped import).
pub fn version_uid(lineage: Uuid, fingerprint: &str) -> Uuid {
    Uuid::new_v5(
        &TEMPLATE_NAMESPACE,
        format!("{lineage}@{fingerprint}").as_bytes(),
    )
}
