//! Finds what a person points at: an action of an assessment, and its instances.

use crate::domain::{Assessment, ImprovementAction, ServiceInstance, Template};

use super::workspace::Workspace;
use super::ServiceError;

/// An action as it appears in one assessment.
#[derive(Clone)]
pub struct ActionTarget<'w> {
    pub assessment: &'w Assessment,
    pub template: &'w Template,
    pub action: &'w ImprovementAction,
    /// The assessment's instances of the action's service (empty for non-technical).
    pub instances: Vec<&'w ServiceInstance>,
}

impl<'w> ActionTarget<'w> {
    /// `assessment` and `action` are UUIDs or names/titles (any case).
    pub fn find(
        workspace: &'w Workspace,
        assessment: &str,
        action: &str,
    ) -> Result<ActionTarget<'w>, ServiceError> {
        let (assessment, template) = assessment_and_template(workspace, assessment)?;
        let key = action.trim();
        let mapped: rustc_hash::FxHashSet<_> = template.distinct_action_ids().into_iter().collect();
        let action = workspace
            .actions
            .iter()
            .filter(|a| mapped.contains(&a.id))
            .find(|a| {
                a.uid.to_string() == key.to_ascii_lowercase() || a.title.eq_ignore_ascii_case(key)
            })
            .ok_or_else(|| ServiceError::NotFound {
                what: "improvement action in this assessment",
                key: key.to_string(),
            })?;
        Ok(ActionTarget {
            assessment,
            template,
            action,
            instances: instances_of(workspace, assessment, action),
        })
    }

    /// Every action of the assessment, in template order.
    pub fn all(
        workspace: &'w Workspace,
        assessment: &str,
    ) -> Result<Vec<ActionTarget<'w>>, ServiceError> {
        let (first, template) = assessment_and_template(workspace, assessment)?;
        let actions: rustc_hash::FxHashMap<_, _> =
            workspace.actions.iter().map(|a| (a.id, a)).collect();
        Ok(template
            .distinct_action_ids()
            .into_iter()
            .filter_map(|id| actions.get(&id).copied())
            .map(|action| ActionTarget {
                assessment: first,
                template,
                action,
                instances: instances_of(workspace, first, action),
            })
            .collect())
    }

    /// The instances an edit applies to: the one named, or all of them. Non-technical
    /// actions have one result for the assessment (`[None]`).
    pub fn select(
        &self,
        instance: Option<&str>,
    ) -> Result<Vec<Option<&'w ServiceInstance>>, ServiceError> {
        if !self.action.is_technical() {
            if let Some(name) = instance {
                return Err(ServiceError::Invalid(format!(
                    "\"{}\" is a {} action with one result for the whole assessment; it has no instance \"{name}\".",
                    self.action.title,
                    self.action.implementation_type.label().to_lowercase()
                )));
            }
            return Ok(vec![None]);
        }
        match instance {
            None if self.instances.is_empty() => Err(ServiceError::Invalid(format!(
                "The assessment has no {} instance to record \"{}\" on.",
                self.action.service.as_deref().unwrap_or("service"),
                self.action.title
            ))),
            None => Ok(self.instances.iter().map(|i| Some(*i)).collect()),
            Some(key) => {
                let key = key.trim();
                self.instances
                    .iter()
                    .find(|i| {
                        i.uid.to_string() == key.to_ascii_lowercase()
                            || i.name.eq_ignore_ascii_case(key)
                    })
                    .map(|i| vec![Some(*i)])
                    .ok_or_else(|| ServiceError::NotFound {
                        what: "service instance of this action in the assessment",
                        key: key.to_string(),
                    })
            }
        }
    }
}

fn assessment_and_template<'w>(
    workspace: &'w Workspace,
    key: &str,
) -> Result<(&'w Assessment, &'w Template), ServiceError> {
    let assessment = workspace.assessment(key)?;
    let template = workspace
        .templates
        .iter()
        .find(|t| t.id == assessment.template_id)
        .ok_or_else(|| ServiceError::NotFound {
            what: "template of assessment",
            key: assessment.name.clone(),
        })?;
    Ok((assessment, template))
}

/// The assessment's instances of the action's service (none for non-technical).
fn instances_of<'w>(
    workspace: &'w Workspace,
    assessment: &Assessment,
    action: &ImprovementAction,
) -> Vec<&'w ServiceInstance> {
    match action.service.as_deref() {
        Some(service) if action.is_technical() => assessment
            .instance_ids
            .iter()
            .filter_map(|id| workspace.instances.iter().find(|i| i.id == *id))
            .filter(|i| i.service == service)
            .collect(),
        _ => Vec::new(),
    }
}
