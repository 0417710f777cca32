//! The Data connectors page: the catalog and the activated instances.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::{catalog, ConnectorEntry};
use crate::store::{repo, Store};

use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InstanceSummary {
    pub uid: Uuid,
    pub name: String,
    pub service: String,
    /// The connector's display name, "Salesforce".
    pub connector: String,
    pub created_at: DateTime<Utc>,
}

pub fn available() -> Vec<ConnectorEntry> {
    catalog()
}

pub fn activated(store: &Store) -> Result<Vec<InstanceSummary>, ServiceError> {
    let catalog = catalog();
    Ok(repo::instances::list(store.conn())?
        .into_iter()
        .map(|i| InstanceSummary {
            uid: i.uid,
            connector: catalog
                .iter()
                .find(|c| c.id == i.service)
                .map_or(i.service.clone(), |c| c.name.clone()),
            name: i.name,
            service: i.service,
            created_at: i.created_at,
        })
        .collect())
}
