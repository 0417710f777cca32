//! Salesforce: Security Health Check, users, MFA and powerful permissions.

pub mod checks;
mod collect;
mod dialect;
mod health_check;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::checks::Check;
use super::facts::Facts;
use super::http::{Api, Dialect};
use super::{
    base_url, callback_port, field, loopback_for, parse_settings, preset, strings, terms,
    AuthMethod, BoxFuture, ConnectRequest, Connected, Connector, ConnectorEntry, ConnectorError,
    OpenBrowser, Requirements, StoredSecrets, Validated, SALESFORCE_DOMAINS,
};
use crate::auth::oauth::{revoke, OAuthApp};
use crate::auth::session::Renewal;
pub use checks::setting_key;

pub const PRODUCTION_LOGIN: &str = "https://login.salesforce.com";
pub const SANDBOX_LOGIN: &str = "https://test.salesforce.com";
/// API calls use this version; every org supports it.
pub const API_VERSION: &str = "60.0";

/// What is stored about a Salesforce connection (no secrets).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub login_url: String,
    pub client_id: String,
    pub callback_url: String,
    /// From the token response: where the org's API lives.
    pub instance_url: String,
    pub api_version: String,
}

impl Settings {
    fn app(&self, client_secret: Option<&crate::auth::secret::Secret>) -> OAuthApp {
        OAuthApp {
            service: "Salesforce".into(),
            auth_url: format!("{}/services/oauth2/authorize", self.login_url),
            token_url: format!("{}/services/oauth2/token", self.login_url),
            client_id: self.client_id.clone(),
            client_secret: client_secret.cloned(),
            basic_auth: false,
            scopes: strings(&["refresh_token", "api"]),
            extra_authorize_params: vec![("prompt".into(), "login".into())],
        }
    }
}

/// "production", "sandbox" or the org's My Domain URL.
fn login_url(host: Option<&str>) -> Result<String, ConnectorError> {
    match host.unwrap_or("production") {
        "production" => Ok(PRODUCTION_LOGIN.into()),
        "sandbox" => Ok(SANDBOX_LOGIN.into()),
        url => base_url(url, "The login host", &SALESFORCE_DOMAINS),
    }
}

pub struct Salesforce;

impl Connector for Salesforce {
    fn entry(&self) -> ConnectorEntry {
        catalog_entry()
    }

    fn checks(&self) -> Vec<Check> {
        checks::checks()
    }

    fn connect<'a>(
        &'a self,
        request: &'a ConnectRequest,
        browser: &'a OpenBrowser<'a>,
    ) -> BoxFuture<'a, Result<Connected, ConnectorError>> {
        Box::pin(async move {
            let login_url = login_url(request.field("login_host"))?;
            let client_id = request.required("client_id", "The Consumer Key (client id)")?;
            let (loopback, callback_url) = loopback_for(
                request
                    .field("callback_url")
                    .unwrap_or(DEFAULT_CALLBACK_URL),
                request.field("callback_port"),
                request.sign_in_timeout,
            )?;
            let client_secret = request.secrets.get("client_secret").cloned();
            let mut settings = Settings {
                login_url,
                client_id: client_id.to_string(),
                callback_url,
                instance_url: String::new(),
                api_version: request
                    .field("api_version")
                    .unwrap_or(API_VERSION)
                    .to_string(),
            };
            let tokens = settings
                .app(client_secret.as_ref())
                .sign_in(loopback, browser)
                .await?;
            let instance_url = tokens.fields.instance_url.as_deref().ok_or_else(|| {
                ConnectorError::Settings("Salesforce's token answer named no instance_url".into())
            })?;
            // Where every API call (and its token) goes: the same rule as the login
            // host. A token answer pointing elsewhere is refused and its grant revoked
            // at the login host, before any token is sent anywhere.
            settings.instance_url = match base_url(
                instance_url,
                "The instance URL Salesforce returned",
                &SALESFORCE_DOMAINS,
            ) {
                Ok(url) => url,
                Err(refused) => {
                    if let Some(grant) =
                        tokens.refresh_token.as_ref().or(Some(&tokens.access_token))
                    {
                        let url = format!("{}/services/oauth2/revoke", settings.login_url);
                        if let Err(e) = revoke("Salesforce", &url, grant, None).await {
                            tracing::warn!(
                                "could not revoke a grant with a refused instance URL: {e}"
                            );
                        }
                    }
                    return Err(refused);
                }
            };
            Ok(Connected {
                settings: serde_json::to_value(&settings)
                    .map_err(|e| ConnectorError::Settings(e.to_string()))?,
                tokens,
                client_secret,
            })
        })
    }

    fn sign_in_fields(&self, settings: &Value) -> std::collections::BTreeMap<String, String> {
        let Ok(settings) = parse_settings::<Settings>(settings) else {
            return Default::default();
        };
        let login_host = match settings.login_url.as_str() {
            PRODUCTION_LOGIN => "production".to_string(),
            SANDBOX_LOGIN => "sandbox".to_string(),
            other => other.to_string(),
        };
        let mut fields = std::collections::BTreeMap::from([
            ("login_host".to_string(), login_host),
            ("client_id".to_string(), settings.client_id),
        ]);
        if let Some(port) = callback_port(&settings.callback_url) {
            fields.insert("callback_port".into(), port);
        }
        fields
    }

    fn renewal(
        &self,
        settings: &Value,
        secrets: &StoredSecrets,
    ) -> Result<Renewal, ConnectorError> {
        let settings: Settings = parse_settings(settings)?;
        Ok(Renewal::RefreshToken {
            app: settings.app(secrets.client_secret.as_ref()),
        })
    }

    fn dialect(&self) -> Box<dyn Dialect> {
        Box::new(dialect::SalesforceDialect)
    }

    fn validate<'a>(
        &'a self,
        api: &'a Api,
        settings: &'a Value,
    ) -> BoxFuture<'a, Result<Validated, ConnectorError>> {
        Box::pin(async move {
            let settings: Settings = parse_settings(settings)?;
            let me = api
                .get(&format!(
                    "{}/services/oauth2/userinfo",
                    settings.instance_url
                ))
                .await?;
            let text = |k: &str| me.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let organization = text("organization_id");
            // The Health Check is what the sync needs most: a user without the
            // permission to read it is told now, not after the first sync.
            let soql = "SELECT Id, Score FROM SecurityHealthCheck";
            if let Err(e) = collect::query(api, &settings, true, soql, &|_| {}).await {
                return Err(match collect::refused(&e) {
                    Some(detail) => ConnectorError::MissingPermission {
                        service: "Salesforce".into(),
                        what: "its Security Health Check (Tooling API)".into(),
                        detail: format!(
                            "{detail}. The user needs the \"View Setup and Configuration\" permission"
                        ),
                    },
                    None => e,
                });
            }
            Ok(Validated {
                message: format!(
                    "Signed in to Salesforce as {} (organization {organization})",
                    text("preferred_username"),
                ),
                account_id: (!organization.is_empty()).then_some(organization),
            })
        })
    }

    fn collect<'a>(
        &'a self,
        api: &'a Api,
        settings: &'a Value,
        page: &'a (dyn Fn(&str) + Sync),
    ) -> BoxFuture<'a, Result<Facts, ConnectorError>> {
        Box::pin(async move {
            let settings: Settings = parse_settings(settings)?;
            collect::collect(api, &settings, page).await
        })
    }

    fn revoke<'a>(
        &'a self,
        settings: &'a Value,
        secrets: &'a StoredSecrets,
    ) -> BoxFuture<'a, Result<(), ConnectorError>> {
        Box::pin(async move {
            let settings: Settings = parse_settings(settings)?;
            let Some(token) = secrets.grant() else {
                return Ok(());
            };
            let url = format!("{}/services/oauth2/revoke", settings.login_url);
            revoke("Salesforce", &url, token, None).await?;
            Ok(())
        })
    }
}

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
                preset("login_host", "Login host", "production", false),
                field("client_id", "Consumer Key (client id)", false),
                preset("callback_port", "Callback port", "1717", false),
            ],
        }],
        terms: terms("Salesforce"),
    }
}
