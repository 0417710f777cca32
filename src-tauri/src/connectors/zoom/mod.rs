//! Zoom: account settings, lock settings and users.

pub mod checks;
mod collect;
mod dialect;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::checks::Check;
use super::facts::Facts;
use super::http::{Api, Dialect};
use super::{
    base_url, callback_port, field, loopback_for, parse_settings, preset, strings, terms,
    AuthMethod, BoxFuture, ConnectRequest, Connected, Connector, ConnectorEntry, ConnectorError,
    OpenBrowser, Requirements, StoredSecrets, Validated, ZOOM_DOMAINS,
};
use crate::auth::oauth::{account_credentials, revoke, OAuthApp};
use crate::auth::secret::Secret;
use crate::auth::session::Renewal;

pub const OAUTH_URL: &str = "https://zoom.us";
pub const API_URL: &str = "https://api.zoom.us";
pub const SERVER_TO_SERVER: &str = "server_to_server";
pub const OAUTH_PKCE: &str = "oauth_pkce";

/// What is stored about a Zoom connection (no secrets). Both base URLs are
/// configurable for Zoom for Government (zoomgov.com) and the local fake.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub auth_method: String,
    pub oauth_url: String,
    pub api_url: String,
    pub client_id: String,
    pub account_id: Option<String>,
    pub callback_url: Option<String>,
}

impl Settings {
    fn app(&self, client_secret: Option<&Secret>) -> OAuthApp {
        OAuthApp {
            service: "Zoom".into(),
            auth_url: format!("{}/oauth/authorize", self.oauth_url),
            token_url: format!("{}/oauth/token", self.oauth_url),
            client_id: self.client_id.clone(),
            client_secret: client_secret.cloned(),
            // A confidential app authenticates with Basic; a public one names itself.
            basic_auth: client_secret.is_some(),
            scopes: Vec::new(),
            extra_authorize_params: Vec::new(),
        }
    }

    pub(crate) fn api(&self, path: &str) -> String {
        format!("{}/v2{path}", self.api_url)
    }
}

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
                    preset("oauth_url", "Zoom sign-in address", OAUTH_URL, true),
                    preset("api_url", "Zoom API address", API_URL, true),
                ],
            },
            AuthMethod {
                id: "oauth_pkce".into(),
                label: "Sign in with Zoom".into(),
                description: "A user-managed app authorised in your browser with PKCE.".into(),
                fields: vec![
                    field("client_id", "Client ID", false),
                    preset("callback_port", "Callback port", "4199", false),
                    preset("oauth_url", "Zoom sign-in address", OAUTH_URL, true),
                    preset("api_url", "Zoom API address", API_URL, true),
                ],
            },
        ],
        terms: terms("Zoom"),
    }
}

pub struct Zoom;

impl Connector for Zoom {
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
            let oauth_url = base_url(
                request.field("oauth_url").unwrap_or(OAUTH_URL),
                "The Zoom sign-in address",
                &ZOOM_DOMAINS,
            )?;
            let configured_api = request
                .field("api_url")
                .map(|u| base_url(u, "The Zoom API address", &ZOOM_DOMAINS))
                .transpose()?;
            let client_id = request.required("client_id", "The Client ID")?.to_string();
            let client_secret = request.secrets.get("client_secret").cloned();
            let mut settings = Settings {
                auth_method: request.auth_method.clone(),
                oauth_url,
                api_url: String::new(),
                client_id,
                account_id: None,
                callback_url: None,
            };
            let tokens = match request.auth_method.as_str() {
                SERVER_TO_SERVER => {
                    let account_id = request.required("account_id", "The Account ID")?.to_string();
                    let secret = client_secret.as_ref().ok_or_else(|| {
                        ConnectorError::Settings("The Client secret is required for Server-to-Server OAuth".into())
                    })?;
                    let token_url = format!("{}/oauth/token", settings.oauth_url);
                    let tokens = account_credentials(&token_url, &account_id, &settings.client_id, secret).await?;
                    settings.account_id = Some(account_id);
                    tokens
                }
                OAUTH_PKCE => {
                    let (loopback, callback_url) = loopback_for(
                        request.field("callback_url").unwrap_or(DEFAULT_CALLBACK_URL),
                        request.field("callback_port"),
                        request.sign_in_timeout,
                    )?;
                    settings.callback_url = Some(callback_url);
                    settings.app(client_secret.as_ref()).sign_in(loopback, browser).await?
                }
                other => {
                    return Err(ConnectorError::Settings(format!(
                        "Zoom has no sign-in method \"{other}\"; use {SERVER_TO_SERVER} or {OAUTH_PKCE}"
                    )))
                }
            };
            settings.api_url = match configured_api {
                Some(api) => api,
                None => base_url(
                    tokens.fields.api_url.as_deref().unwrap_or(API_URL),
                    "The Zoom API address Zoom returned",
                    &ZOOM_DOMAINS,
                )?,
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
        let mut fields = std::collections::BTreeMap::from([
            ("client_id".to_string(), settings.client_id),
            ("oauth_url".to_string(), settings.oauth_url),
            ("api_url".to_string(), settings.api_url),
        ]);
        if let Some(account) = settings.account_id {
            fields.insert("account_id".into(), account);
        }
        if let Some(port) = settings.callback_url.as_deref().and_then(callback_port) {
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
        if settings.auth_method != SERVER_TO_SERVER {
            return Ok(Renewal::RefreshToken {
                app: settings.app(secrets.client_secret.as_ref()),
            });
        }
        let client_secret =
            secrets
                .client_secret
                .clone()
                .ok_or_else(|| ConnectorError::NeedsSignIn {
                    service: "Zoom".into(),
                    detail: "the client secret is missing from the OS keyring".into(),
                })?;
        Ok(Renewal::AccountCredentials {
            token_url: format!("{}/oauth/token", settings.oauth_url),
            account_id: settings.account_id.clone().unwrap_or_default(),
            client_id: settings.client_id.clone(),
            client_secret,
        })
    }

    fn dialect(&self) -> Box<dyn Dialect> {
        Box::new(dialect::ZoomDialect)
    }

    fn validate<'a>(
        &'a self,
        api: &'a Api,
        settings: &'a Value,
    ) -> BoxFuture<'a, Result<Validated, ConnectorError>> {
        Box::pin(async move {
            let settings: Settings = parse_settings(settings)?;
            // What most checks read, once: a missing scope is named now, not
            // discovered after the first sync.
            let [users_url, settings_url] =
                ["/users?status=active&page_size=1", "/accounts/me/settings"]
                    .map(|path| settings.api(path));
            let (page, account) = tokio::join!(api.get(&users_url), api.get(&settings_url));
            account.map_err(|e| collect::required("the account settings", e))?;
            let page = page.map_err(|e| collect::required("the list of users", e))?;
            let users = page
                .get("total_records")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            Ok(Validated {
                message: format!("Connected to the Zoom account: {users} active users can be read"),
                // Server-to-Server apps name their account; a user's sign-in does not.
                account_id: settings.account_id.clone(),
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
            let url = format!("{}/oauth/revoke", settings.oauth_url);
            revoke(
                "Zoom",
                &url,
                token,
                Some((&settings.client_id, secrets.client_secret.as_ref())),
            )
            .await?;
            Ok(())
        })
    }
}
