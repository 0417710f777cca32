//! Templates: the built-in service baselines (one per connector, generated from its
//! checks) and the list the assessment wizard offers.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::registry;
use crate::domain::{Control, ControlFamily, ControlId, Template, TemplateId};
use crate::store::{repo, Store};

use super::ServiceError;

const TEMPLATE_NAMESPACE: Uuid = Uuid::from_u128(0x2b8e_51a0_7c3d_4e19_a4f6_0d9c_e7b2_5f31);

/// "Salesforce security baseline": the connector's checks as controls, grouped by
/// family, each mapped to its own action.
fn baseline(
    connector: &dyn crate::connectors::Connector,
) -> (Template, Vec<crate::domain::ImprovementAction>) {
    let entry = connector.entry();
    let checks = connector.checks();
    let mut families: BTreeMap<usize, ControlFamily> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for check in &checks {
        let position = order
            .iter()
            .position(|f| *f == check.family)
            .unwrap_or_else(|| {
                order.push(check.family.clone());
                order.len() - 1
            });
        families
            .entry(position)
            .or_insert_with(|| ControlFamily {
                name: check.family.clone(),
                controls: Vec::new(),
            })
            .controls
            .push(Control {
                id: ControlId(0),
                uid: Uuid::new_v5(
                    &TEMPLATE_NAMESPACE,
                    format!("control/{}", check.id).as_bytes(),
                ),
                name: check.id.clone(),
                title: check.title.clone(),
                description: check.description.clone(),
                action_ids: Vec::new(),
            });
    }
    let template = Template {
        id: TemplateId(0),
        uid: Uuid::new_v5(
            &TEMPLATE_NAMESPACE,
            format!("baseline/{}", entry.id).as_bytes(),
        ),
        title: format!("{} security baseline", entry.name),
        product: entry.name.clone(),
        certification: Some("Compliance Desk baseline".into()),
        supported_services: vec![entry.id.clone()],
        families: families.into_values().collect(),
    };
    (template, checks.iter().map(|c| c.action()).collect())
}

/// Adds the built-in baselines that are missing and refreshes their actions' texts.
pub fn ensure_built_in(store: &mut Store) -> Result<(), ServiceError> {
    store.write(|tx| {
        for connector in registry() {
            let (mut template, actions) = baseline(connector);
            let mut ids = BTreeMap::new();
            for action in &actions {
                ids.insert(action.title.clone(), repo::actions::upsert(tx, action)?);
            }
            if repo::templates::id_of(tx, template.uid)?.is_some() {
                continue;
            }
            for control in template
                .families
                .iter_mut()
                .flat_map(|f| f.controls.iter_mut())
            {
                control.action_ids = ids.get(&control.title).copied().into_iter().collect();
            }
            repo::templates::insert(tx, &template, true)?;
        }
        Ok::<_, ServiceError>(())
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateSummary {
    pub uid: Uuid,
    pub title: String,
    pub product: String,
    pub supported_services: Vec<String>,
    pub controls: usize,
    pub actions: usize,
}

pub fn list(store: &Store) -> Result<Vec<TemplateSummary>, ServiceError> {
    Ok(repo::templates::load_all(store.conn())?
        .into_iter()
        .map(|t| TemplateSummary {
            uid: t.uid,
            controls: t.controls().count(),
            actions: t.distinct_action_ids().len(),
            title: t.title,
            product: t.product,
            supported_services: t.supported_services,
        })
        .collect())
}

/// The template with this UUID or title (any case).
pub fn find(store: &Store, key: &str) -> Result<Template, ServiceError> {
    repo::templates::load_all(store.conn())?
        .into_iter()
        .find(|t| t.uid.to_string() == key.trim() || t.title.eq_ignore_ascii_case(key.trim()))
        .ok_or_else(|| ServiceError::NotFound {
            what: "template",
            key: key.to_string(),
        })
}
