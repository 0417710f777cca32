//! Templates: the built-in service baselines (one per connector, generated from its
//! checks) and the list the assessment wizard offers.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::registry;
use crate::domain::{Control, ControlFamily, ControlId, ImprovementAction, Template, TemplateId};
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

/// Whether every built-in baseline and action is stored as this version defines it,
/// so that opening a workspace (every CLI command) writes nothing in the usual case.
fn built_in_current(store: &Store) -> Result<bool, ServiceError> {
    let stored: HashMap<Uuid, ImprovementAction> = repo::actions::load_all(store.conn())?
        .into_iter()
        .map(|a| (a.uid, a))
        .collect();
    for connector in registry() {
        let (template, actions) = baseline(connector);
        if repo::templates::id_of(store.conn(), template.uid)?.is_none() {
            return Ok(false);
        }
        let same = |a: &ImprovementAction| {
            stored.get(&a.uid).is_some_and(|s| {
                ImprovementAction {
                    id: s.id,
                    ..a.clone()
                } == *s
            })
        };
        if !actions.iter().all(same) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Adds the built-in baselines that are missing and refreshes their actions' texts.
pub fn ensure_built_in(store: &mut Store) -> Result<(), ServiceError> {
    if built_in_current(store)? {
        return Ok(());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_current_workspace_writes_nothing_and_a_stale_one_is_refreshed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::service::open(dir.path()).unwrap();
        let before = store.conn().total_changes();
        ensure_built_in(&mut store).unwrap();
        assert_eq!(store.conn().total_changes(), before, "nothing rewritten");

        store
            .conn()
            .execute(
                "UPDATE improvement_actions SET description = 'old words' WHERE service = 'zoom'",
                [],
            )
            .unwrap();
        ensure_built_in(&mut store).unwrap();
        let stale: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM improvement_actions WHERE description = 'old words'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0, "an older version's texts are refreshed");
        assert_eq!(list(&store).unwrap().len(), 2);
    }
}
