//! Salesforce: Security Health Check, users, MFA and powerful permissions.

use super::ConnectorEntry;

pub const SERVICE_ID: &str = "salesforce";

pub fn catalog_entry() -> ConnectorEntry {
    ConnectorEntry {
        id: SERVICE_ID.into(),
        name: "Salesforce".into(),
        publisher: "Compliance Desk".into(),
        description: "Reads a Salesforce org's security settings, Health Check score, users, \
                      MFA registration and powerful permissions to test improvement actions automatically."
            .into(),
        reads: vec![
            "Security Health Check score and risks".into(),
            "Organization details".into(),
            "Active users and their MFA methods".into(),
            "Users with Modify All Data, View All Data or Manage Users".into(),
            "Recent login history (summary)".into(),
        ],
    }
}
