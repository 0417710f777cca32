//! Zoom: account settings, lock settings and users.

use super::{field, strings, terms, AuthMethod, ConnectorEntry, Requirements};

/// Where the browser comes back for user-authorised sign-in; configurable per instance.
pub const DEFAULT_CALLBACK_URL: &str = "http://localhost:4199/oauth/callback";

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
        requirements: Requirements {
            admin_role: "A Zoom account owner or admin who can create apps in the Zoom App Marketplace".into(),
            app_registration: strings(&[
                "In the Zoom App Marketplace, choose Develop > Build App.",
                "For Server-to-Server OAuth: create that app type, add the scopes below, activate it, \
                 and copy the Account ID, Client ID and Client secret.",
                "For sign-in with a browser: create a user-managed General app, set the redirect URL \
                 below exactly, add the scopes below, and copy the Client ID.",
            ]),
            callback_url: Some(DEFAULT_CALLBACK_URL.into()),
            scopes: strings(&["account:read:admin", "user:read:admin"]),
        },
        auth_methods: vec![
            AuthMethod {
                id: "server_to_server".into(),
                label: "Server-to-Server OAuth".into(),
                description: "An account-level app, as Purview uses: no browser sign-in; Compliance Desk \
                              asks Zoom for a new token every hour."
                    .into(),
                fields: vec![
                    field("account_id", "Account ID", false),
                    field("client_id", "Client ID", false),
                    field("client_secret", "Client secret", true),
                ],
            },
            AuthMethod {
                id: "oauth_pkce".into(),
                label: "Sign in with Zoom".into(),
                description: "A user-managed app authorised in your browser with PKCE.".into(),
                fields: vec![field("client_id", "Client ID", false), field("callback_port", "Callback port", false)],
            },
        ],
        terms: terms("Zoom"),
    }
}
