//! Zoom: account settings, lock settings and users.

use super::ConnectorEntry;

pub const SERVICE_ID: &str = "zoom";

pub fn catalog_entry() -> ConnectorEntry {
    ConnectorEntry {
        id: SERVICE_ID.into(),
        name: "Zoom".into(),
        publisher: "Compliance Desk".into(),
        description:
            "Reads a Zoom account's security, meeting and recording settings, the settings \
                      locked by admins, and its users to test improvement actions automatically."
                .into(),
        reads: vec![
            "Account settings (security, meeting security, authentication)".into(),
            "Lock settings".into(),
            "Users and their settings".into(),
        ],
    }
}
