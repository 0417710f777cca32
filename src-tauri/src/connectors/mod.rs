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
    pub requirements: Requirements,
    pub auth_methods: Vec<AuthMethod>,
    pub terms: Terms,
}

/// What an admin must have and set up on the service's side before connecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Requirements {
    /// The role or permissions the person signing in needs.
    pub admin_role: String,
    /// The app to register on the service, step by step.
    pub app_registration: Vec<String>,
    /// The callback URL to register, exactly, for sign-in with a browser.
    pub callback_url: Option<String>,
    /// OAuth scopes (or API permissions) the app needs.
    pub scopes: Vec<String>,
}

/// A way to authenticate that the set-up wizard offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuthMethod {
    /// Stable id: "oauth_pkce", "server_to_server".
    pub id: String,
    pub label: String,
    pub description: String,
    /// What the person types in, in order; secrets among them go to the OS keyring.
    pub fields: Vec<AuthField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuthField {
    pub id: String,
    pub label: String,
    pub secret: bool,
}

/// The Terms of Service a person accepts in the set-up wizard; the version accepted
/// is recorded with the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Terms {
    pub version: String,
    pub text: String,
}

pub(crate) fn field(id: &str, label: &str, secret: bool) -> AuthField {
    AuthField {
        id: id.into(),
        label: label.into(),
        secret,
    }
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Terms common to our connectors, naming the service.
pub(crate) fn terms(service: &str) -> Terms {
    Terms {
        version: "2026-11-01".into(),
        text: format!(
            "Compliance Desk reads the security configuration of your {service} account with the \
             permissions you grant, stores what it reads on this computer only, and never changes \
             anything in {service}. Tokens and secrets are kept in your operating system's keyring. \
             You can revoke access at any time by deleting the connector here or the app in {service}. \
             You are responsible for having the right to connect this account."
        ),
    }
}

/// The connector with this service id.
pub fn entry(service: &str) -> Option<ConnectorEntry> {
    catalog().into_iter().find(|c| c.id == service)
}

/// Every connector the app offers, in display order.
pub fn catalog() -> Vec<ConnectorEntry> {
    vec![salesforce::catalog_entry(), zoom::catalog_entry()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connector_says_what_it_needs_and_how_to_sign_in() {
        for c in catalog() {
            assert!(
                !c.reads.is_empty() && !c.requirements.admin_role.is_empty(),
                "{}",
                c.id
            );
            assert!(
                !c.requirements.scopes.is_empty() && !c.requirements.app_registration.is_empty(),
                "{}",
                c.id
            );
            assert!(!c.auth_methods.is_empty(), "{}", c.id);
            assert!(
                c.terms.text.contains(&c.name) && !c.terms.version.is_empty(),
                "{}",
                c.id
            );
            let ids: Vec<_> = c.auth_methods.iter().map(|m| m.id.as_str()).collect();
            assert!(
                ids.contains(&"oauth_pkce"),
                "{}: sign-in with a browser",
                c.id
            );
        }
        assert_eq!(entry("zoom").map(|c| c.name), Some("Zoom".into()));
        assert!(entry("slack").is_none());
    }
}
