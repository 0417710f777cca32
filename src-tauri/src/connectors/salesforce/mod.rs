//! Salesforce: Security Health Check, users, MFA and powerful permissions.

use super::{field, strings, terms, AuthMethod, ConnectorEntry, Requirements};

/// Where the browser comes back, as the Salesforce CLI does; configurable per instance.
pub const DEFAULT_CALLBACK_URL: &str = "http://localhost:1717/OauthRedirect";

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
        requirements: Requirements {
            admin_role: "A Salesforce user with API Enabled, View Setup and Configuration, and Manage \
                         Multi-Factor Authentication in API (to read users' MFA methods)"
                .into(),
            app_registration: strings(&[
                "In Setup, create a Connected App (or External Client App) with OAuth settings enabled.",
                "Require Proof Key for Code Exchange (PKCE); no client secret is needed.",
                "Set the callback URL below exactly, including the port.",
                "Select the OAuth scopes below, save, and copy the Consumer Key (client id).",
            ]),
            callback_url: Some(DEFAULT_CALLBACK_URL.into()),
            scopes: strings(&["api", "refresh_token"]),
        },
        auth_methods: vec![AuthMethod {
            id: "oauth_pkce".into(),
            label: "Sign in with Salesforce".into(),
            description: "OAuth 2.0 with PKCE in your browser: production (login.salesforce.com), \
                          sandbox (test.salesforce.com) or your My Domain URL."
                .into(),
            fields: vec![
                field("login_host", "Login host", false),
                field("client_id", "Consumer Key (client id)", false),
                field("callback_port", "Callback port", false),
            ],
        }],
        terms: terms("Salesforce"),
    }
}
