//! Connectors to non-Microsoft services. Each service lives in its own folder and
//! declares its catalog entry; adding a service means adding a folder and one line
//! to [`catalog`].

pub mod salesforce;
pub mod zoom;

use serde::Serialize;
use ts_rs::TS;

/// What the Data connectors page shows of a connector before it is activated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConnectorEntry {
    /// Stable service id, stored on service instances: "salesforce", "zoom".
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub description: String,
    /// What the connector reads from the service, in plain words.
    pub reads: Vec<String>,
}

/// Every connector the app offers, in display order.
pub fn catalog() -> Vec<ConnectorEntry> {
    vec![salesforce::catalog_entry(), zoom::catalog_entry()]
}
