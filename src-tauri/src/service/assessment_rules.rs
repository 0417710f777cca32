//! The reference product's rule: in one assessment group, one assessment per
//! template and service. Two would count the group's non-technical work twice and
//! split one service's results over two scores.

use std::collections::BTreeSet;

use crate::domain::{AssessmentId, InstanceId, TemplateId};
use crate::store::{repo, Store};

use super::workspace::Workspace;
use super::ServiceError;

/// Why an assessment of `template` over `instances` cannot be in `group` (by name),
/// if it cannot; `except` is the assessment being changed.
pub fn clash(
    store: &Store,
    template: TemplateId,
    group: &str,
    instances: &[InstanceId],
    except: Option<AssessmentId>,
) -> Result<Option<String>, ServiceError> {
    let workspace = Workspace::load(store)?;
    let Some(group) = workspace
        .groups
        .iter()
        .find(|g| g.name.eq_ignore_ascii_case(group.trim()))
    else {
        return Ok(None);
    };
    let versions = repo::templates::versions(store.conn())?;
    let lineage = |id: TemplateId| versions.iter().find(|v| v.id == id).map(|v| v.lineage);
    let services = |ids: &[InstanceId]| -> BTreeSet<String> {
        ids.iter()
            .filter_map(|id| workspace.instances.iter().find(|i| i.id == *id))
            .map(|i| i.service.clone())
            .collect()
    };
    let wanted = services(instances);
    for other in &workspace.assessments {
        if Some(other.id) == except
            || other.group_id != group.id
            || lineage(other.template_id) != lineage(template)
        {
            continue;
        }
        let theirs = services(&other.instance_ids);
        let shared: Vec<&String> = wanted.intersection(&theirs).collect();
        if shared.is_empty() && !(wanted.is_empty() && theirs.is_empty()) {
            continue;
        }
        let covering = if shared.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = shared
                .iter()
                .map(|s| crate::connectors::connector(s).map_or((*s).clone(), |c| c.entry().name))
                .collect();
            format!(" covering {}", names.join(", "))
        };
        return Ok(Some(format!(
            "the group \"{}\" already has an assessment of {}{covering}: \"{}\". Add the service instances to it, or choose another group",
            group.name,
            workspace.template_title(other),
            other.name
        )));
    }
    Ok(None)
}
