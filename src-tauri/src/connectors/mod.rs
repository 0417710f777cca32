//! Connectors to non-Microsoft services. Each service lives in its own folder and
//! implements [`Connector`]: its catalog entry, how to sign in, how to collect, and
//! the checks that turn what it collected into test results. Adding a service means
//! adding a folder and one line to [`registry`].

pub mod checks;
mod error;
pub mod expect;
pub mod facts;
pub mod http;
pub mod salesforce;
pub mod zoom;

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::auth::browser::BrowserError;
use crate::auth::loopback::LoopbackConfig;
use crate::auth::oauth::TokenSet;
use crate::auth::secret::Secret;
use crate::auth::session::Renewal;
use checks::Check;
pub use error::{ConnectorError, ConnectorErrorCode};
use facts::Facts;
use http::{Api, Dialect};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Opens the system browser on the sign-in page.
pub type OpenBrowser<'a> = dyn Fn(&str) -> Result<(), BrowserError> + Sync + 'a;

/// What the person entered to connect: the auth method and its fields by id, as the
/// catalog entry lists them, secrets apart.
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    pub auth_method: String,
    pub fields: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, Secret>,
    /// How long to wait for the browser to come back.
    pub sign_in_timeout: Duration,
}

impl ConnectRequest {
    pub fn field(&self, id: &str) -> Option<&str> {
        self.fields
            .get(id)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn required(&self, id: &str, label: &str) -> Result<&str, ConnectorError> {
        self.field(id)
            .ok_or_else(|| ConnectorError::Settings(format!("{label} is required")))
    }
}

/// A successful sign-in: the settings to store (no secrets) and what goes to the keyring.
#[derive(Debug)]
pub struct Connected {
    pub settings: Value,
    pub tokens: TokenSet,
    pub client_secret: Option<Secret>,
}

/// The secrets of an instance as read from the keyring.
#[derive(Debug, Default)]
pub struct StoredSecrets {
    pub access_token: Option<Secret>,
    pub refresh_token: Option<Secret>,
    pub client_secret: Option<Secret>,
}

impl StoredSecrets {
    /// The token whose revocation ends the whole grant: the refresh token (which
    /// also ends the sessions made from it), else the access token.
    pub fn grant(&self) -> Option<&Secret> {
        self.refresh_token.as_ref().or(self.access_token.as_ref())
    }
}

/// One service the app can connect to.
pub trait Connector: Send + Sync {
    fn entry(&self) -> ConnectorEntry;
    /// The baseline checks; each has its own improvement action.
    fn checks(&self) -> Vec<Check>;
    /// Signs in as the request says (browser, or app credentials).
    fn connect<'a>(
        &'a self,
        request: &'a ConnectRequest,
        browser: &'a OpenBrowser<'a>,
    ) -> BoxFuture<'a, Result<Connected, ConnectorError>>;
    /// The non-secret sign-in fields (by the catalog's field ids) that produced these
    /// settings, so that signing in again starts from what was entered.
    fn sign_in_fields(&self, settings: &Value) -> BTreeMap<String, String>;
    /// How a stored connection gets new access tokens.
    fn renewal(&self, settings: &Value, secrets: &StoredSecrets)
        -> Result<Renewal, ConnectorError>;
    fn dialect(&self) -> Box<dyn Dialect>;
    /// One cheap real call that proves the connection works; says who or what it reached.
    fn validate<'a>(
        &'a self,
        api: &'a Api,
        settings: &'a Value,
    ) -> BoxFuture<'a, Result<Validated, ConnectorError>>;
    /// Reads everything the checks need; `page` is called as each answer arrives.
    fn collect<'a>(
        &'a self,
        api: &'a Api,
        settings: &'a Value,
        page: &'a (dyn Fn(&str) + Sync),
    ) -> BoxFuture<'a, Result<Facts, ConnectorError>>;
    /// Revokes the connection's grant on the service's side.
    fn revoke<'a>(
        &'a self,
        settings: &'a Value,
        secrets: &'a StoredSecrets,
    ) -> BoxFuture<'a, Result<(), ConnectorError>>;
}

/// What a validation call reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    /// Who or what was reached, in a sentence.
    pub message: String,
    /// The account behind the connection (Salesforce organization id, Zoom account
    /// id) when the service says it, so that one account is not connected twice.
    pub account_id: Option<String>,
}

/// Every connector, in display order.
pub fn registry() -> [&'static dyn Connector; 2] {
    [&salesforce::Salesforce, &zoom::Zoom]
}

pub fn connector(service: &str) -> Option<&'static dyn Connector> {
    registry().into_iter().find(|c| c.entry().id == service)
}

/// Every check of every connector.
pub fn all_checks() -> Vec<Check> {
    registry().iter().flat_map(|c| c.checks()).collect()
}

/// The benchmark item the check behind an action implements, by the action's UUID:
/// what details and exports show beside a check's result.
pub fn implemented_by_action(action: uuid::Uuid) -> Option<&'static str> {
    static REFERENCES: std::sync::OnceLock<std::collections::HashMap<uuid::Uuid, String>> =
        std::sync::OnceLock::new();
    REFERENCES
        .get_or_init(|| {
            all_checks()
                .into_iter()
                .map(|c| (c.action_uid(), c.reference))
                .collect()
        })
        .get(&action)
        .map(String::as_str)
}

/// A settings value of a stored instance, parsed.
pub(crate) fn parse_settings<T: serde::de::DeserializeOwned>(
    settings: &Value,
) -> Result<T, ConnectorError> {
    serde_json::from_value(settings.clone()).map_err(|e| ConnectorError::Settings(e.to_string()))
}

/// The loopback listener for a callback URL such as `http://localhost:1717/OauthRedirect`.
pub(crate) fn loopback_for(
    callback_url: &str,
    port: Option<&str>,
    timeout: Duration,
) -> Result<(LoopbackConfig, String), ConnectorError> {
    let mut url = url::Url::parse(callback_url).map_err(|e| {
        ConnectorError::Settings(format!(
            "the callback URL \"{callback_url}\" is not valid: {e}"
        ))
    })?;
    if let Some(port) = port {
        let port: u16 = port.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
            ConnectorError::Settings(format!(
                "the callback port must be a number from 1 to 65535, not \"{port}\""
            ))
        })?;
        url.set_port(Some(port))
            .map_err(|_| ConnectorError::Settings("the callback URL cannot take a port".into()))?;
    }
    if url.scheme() != "http" || url.host_str() != Some("localhost") {
        return Err(ConnectorError::Settings(format!(
            "the callback URL must be http://localhost:PORT/PATH, as registered in the service's app (got \"{url}\")"
        )));
    }
    let config = LoopbackConfig {
        port: url.port().unwrap_or(80),
        path: url.path().to_string(),
        timeout,
    };
    Ok((config, url.as_str().to_string()))
}

/// The port of a callback URL, as the "callback port" field shows it.
pub(crate) fn callback_port(callback_url: &str) -> Option<String> {
    url::Url::parse(callback_url)
        .ok()
        .and_then(|u| u.port())
        .map(|p| p.to_string())
}

/// A service's own domains: an address elsewhere is refused, so that a look-alike
/// "My Domain" or a token answer cannot send a code, a verifier or a token to
/// another host.
pub(crate) struct Domains {
    pub service: &'static str,
    pub list: &'static [&'static str],
}

/// Salesforce's documented hosts, including sandboxes (`*.sandbox.my.salesforce.com`)
/// and the government clouds.
pub(crate) const SALESFORCE_DOMAINS: Domains = Domains {
    service: "Salesforce",
    list: &[
        "salesforce.com",
        "force.com",
        "salesforce-setup.com",
        "cloudforce.com",
        "salesforce.mil",
    ],
};

/// Zoom's hosts, and Zoom for Government's.
pub(crate) const ZOOM_DOMAINS: Domains = Domains {
    service: "Zoom",
    list: &["zoom.us", "zoomgov.com"],
};

/// Addresses on this computer (the local fakes) are for development builds and
/// builds with the `local-services` feature (benchmarks); a release build refuses them.
fn local_services_allowed() -> bool {
    cfg!(debug_assertions) || cfg!(feature = "local-services")
}

/// A base URL the person typed or a service returned: https on one of the service's
/// own domains (or, in development builds, an address on this computer).
pub(crate) fn base_url(
    value: &str,
    label: &str,
    domains: &Domains,
) -> Result<String, ConnectorError> {
    let url = url::Url::parse(value.trim()).map_err(|e| {
        ConnectorError::Settings(format!("{label} \"{value}\" is not a web address: {e}"))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConnectorError::Settings(format!(
            "{label} \"{value}\" carries a user name; give the address alone"
        )));
    }
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let local = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
    if local {
        if !local_services_allowed() {
            return Err(ConnectorError::Settings(format!(
                "{label} \"{value}\" is on this computer; only development builds connect to local services"
            )));
        }
    } else if url.scheme() != "https" {
        return Err(ConnectorError::Settings(format!(
            "{label} must start with https:// (got \"{value}\")"
        )));
    } else if !domains
        .list
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    {
        return Err(ConnectorError::Settings(format!(
            "{label} \"{value}\" is not an address of {}; it must be on {}",
            domains.service,
            domains
                .list
                .iter()
                .map(|d| format!("{d} or *.{d}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConnectorError::Settings(format!(
            "{label} must start with https:// (got \"{value}\")"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

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
    /// Filled in for the person; they may change it.
    pub default_value: Option<String>,
    /// Rarely changed (e.g. another cloud's addresses): shown folded away.
    pub advanced: bool,
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
        default_value: None,
        advanced: false,
    }
}

/// A field filled in with `value`; `advanced` folds it away.
pub(crate) fn preset(id: &str, label: &str, value: &str, advanced: bool) -> AuthField {
    AuthField {
        default_value: Some(value.into()),
        advanced,
        ..field(id, label, false)
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
    connector(service).map(|c| c.entry())
}

/// Every connector the app offers, in display order.
pub fn catalog() -> Vec<ConnectorEntry> {
    registry().iter().map(|c| c.entry()).collect()
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

    #[test]
    fn signing_in_again_starts_from_what_was_entered_and_never_a_secret() {
        let sf = serde_json::json!({
            "login_url": "https://test.salesforce.com", "client_id": "3MVG9", "api_version": "60.0",
            "callback_url": "http://localhost:8123/OauthRedirect", "instance_url": "https://acme.my.salesforce.com",
        });
        let fields = connector("salesforce").unwrap().sign_in_fields(&sf);
        assert_eq!(
            fields,
            BTreeMap::from([
                ("callback_port".to_string(), "8123".to_string()),
                ("client_id".to_string(), "3MVG9".to_string()),
                ("login_host".to_string(), "sandbox".to_string()),
            ])
        );
        let zoom = serde_json::json!({
            "auth_method": "server_to_server", "oauth_url": "https://zoom.us", "api_url": "https://api.zoom.us",
            "client_id": "c1", "account_id": "a1", "callback_url": null,
        });
        let fields = connector("zoom").unwrap().sign_in_fields(&zoom);
        assert_eq!(fields["account_id"], "a1");
        assert_eq!(fields["api_url"], "https://api.zoom.us");
        for c in registry() {
            for method in c.entry().auth_methods {
                for secret in method.fields.iter().filter(|f| f.secret) {
                    assert!(!fields.contains_key(&secret.id));
                }
            }
        }
    }

    #[test]
    fn callback_urls_must_be_localhost_and_the_port_can_be_changed() {
        let timeout = Duration::from_secs(60);
        let (config, url) =
            loopback_for("http://localhost:1717/OauthRedirect", Some("8123"), timeout).unwrap();
        assert_eq!(
            (config.port, config.path.as_str()),
            (8123, "/OauthRedirect")
        );
        assert_eq!(url, "http://localhost:8123/OauthRedirect");
        for bad in [
            "https://localhost:1717/x",
            "http://example.com:1717/x",
            "not a url",
        ] {
            assert!(loopback_for(bad, None, timeout).is_err(), "{bad}");
        }
        let err = loopback_for("http://localhost:1717/x", Some("0"), timeout).unwrap_err();
        assert!(err.to_string().contains("1 to 65535"), "{err}");
    }

    #[test]
    fn base_urls_need_https_on_the_service_s_own_domains() {
        let sf = &SALESFORCE_DOMAINS;
        assert_eq!(
            base_url("https://acme.my.salesforce.com/", "x", sf).unwrap(),
            "https://acme.my.salesforce.com"
        );
        assert!(base_url("https://acme--uat.sandbox.my.salesforce.com", "x", sf).is_ok());
        assert!(base_url("https://zoom.us", "x", &ZOOM_DOMAINS).is_ok());
        assert!(base_url("https://api.zoomgov.com", "x", &ZOOM_DOMAINS).is_ok());
        // Development builds (the tests) talk to the local fakes.
        assert_eq!(
            base_url("http://127.0.0.1:9000", "x", sf).unwrap(),
            "http://127.0.0.1:9000"
        );
        let err = base_url("http://login.salesforce.com", "The login host", sf).unwrap_err();
        assert!(
            err.to_string()
                .contains("The login host must start with https://"),
            "{err}"
        );
        for hostile in [
            "https://acme.my.salesforce.com.evil.example",
            "https://evilsalesforce.com",
            "https://login.salesforce.com@evil.example",
            "https://evil.example/login.salesforce.com",
        ] {
            let err = base_url(hostile, "The login host", sf)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("not an address of Salesforce") || err.contains("user name"),
                "{hostile}: {err}"
            );
        }
        let err = base_url("https://zoom.us.evil.example", "x", &ZOOM_DOMAINS)
            .unwrap_err()
            .to_string();
        assert!(err.contains("zoom.us or *.zoom.us"), "{err}");
        assert!(base_url("acme", "x", sf).is_err());
    }
}
