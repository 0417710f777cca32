//! The Data connectors page: the catalog (activated instances are in `instances`).

use crate::connectors::{catalog, ConnectorEntry};

pub fn available() -> Vec<ConnectorEntry> {
    catalog()
}
