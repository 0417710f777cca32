//! Templates: controls grouped into families, each control mapped to improvement actions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{ActionId, ControlId, TemplateId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Template {
    pub id: TemplateId,
    pub uid: Uuid,
    pub title: String,
    pub product: String,
    pub certification: Option<String>,
    /// Connector services an assessment on this template may include.
    pub supported_services: Vec<String>,
    pub families: Vec<ControlFamily>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ControlFamily {
    pub name: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Control {
    pub id: ControlId,
    pub uid: Uuid,
    /// The regulation's reference, e.g. "AC-2" or "A.9.4.2".
    pub name: String,
    pub title: String,
    pub description: String,
    pub action_ids: Vec<ActionId>,
}

impl Template {
    pub fn controls(&self) -> impl Iterator<Item = &Control> {
        self.families.iter().flat_map(|f| f.controls.iter())
    }

    /// Every action the template maps, once each, in the order controls first name them.
    pub fn distinct_action_ids(&self) -> Vec<ActionId> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.controls()
            .flat_map(|c| c.action_ids.iter().copied())
            .filter(|id| seen.insert(*id))
            .collect()
    }

    pub fn supports(&self, service: &str) -> bool {
        self.supported_services.iter().any(|s| s == service)
    }
}
