//! OAuth 2.0 for native apps with the oauth2 crate: the authorization code flow with
//! PKCE (S256) through the loopback listener and the system browser, refresh, Zoom's
//! account credentials grant, and revocation. Every request goes through a reqwest
//! client that never follows redirects (a token endpoint that redirects is refused).

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::{BasicTokenIntrospectionResponse, BasicTokenType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, PkceCodeChallenge, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::browser::BrowserError;
use super::loopback::{Loopback, LoopbackConfig, LoopbackError};
use super::secret::Secret;

/// Fields the services add to the standard token response.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceFields {
    /// Salesforce: where the org's API lives (never the login host).
    pub instance_url: Option<String>,
    /// Salesforce: the identity URL of the signed-in user.
    pub id: Option<String>,
    /// Zoom: the API base for this account.
    pub api_url: Option<String>,
}
impl oauth2::ExtraTokenFields for ServiceFields {}

/// An error body of a token endpoint: RFC 6749's `error` and `error_description`,
/// and Zoom's `reason`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProviderError {
    pub error: String,
    pub error_description: Option<String>,
    pub reason: Option<String>,
}
impl oauth2::ErrorResponse for ProviderError {}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.error_description.as_deref().or(self.reason.as_deref()) {
            Some(words) => write!(f, "{words} ({})", self.error),
            None => f.write_str(&self.error),
        }
    }
}

type ServiceTokenResponse = StandardTokenResponse<ServiceFields, BasicTokenType>;
type OAuthClient<HasAuthUrl> = oauth2::Client<
    ProviderError,
    ServiceTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    ProviderError,
    HasAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What a sign-in or renewal yields; secrets stay wrapped.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_at: Option<DateTime<Utc>>,
    pub fields: ServiceFields,
}

#[derive(Debug, Error)]
pub enum OAuthError {
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// The grant (refresh token, credentials) is no longer accepted: sign in again.
    #[error("{service} no longer accepts this connection's sign-in: {detail}. Sign in again")]
    GrantRejected { service: String, detail: String },
    #[error("{service} refused the sign-in: {detail}")]
    Refused { service: String, detail: String },
    #[error("cannot reach {service}: {detail}")]
    Network { service: String, detail: String },
    #[error("{service} answered the sign-in with something that is not a token: {detail}")]
    Malformed { service: String, detail: String },
    #[error("the address {url} is not valid: {detail}")]
    BadUrl { url: String, detail: String },
}

impl OAuthError {
    /// The person must sign in again; retrying cannot help.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, OAuthError::GrantRejected { .. })
    }
}

/// An app registered on the service (Connected App, Zoom OAuth app).
#[derive(Debug, Clone)]
pub struct OAuthApp {
    /// "Salesforce", "Zoom": names the service in messages.
    pub service: String,
    pub auth_url: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// Send the client's credentials with HTTP Basic (Zoom) instead of in the body.
    pub basic_auth: bool,
    pub scopes: Vec<String>,
    pub extra_authorize_params: Vec<(String, String)>,
}

/// The HTTP client for token endpoints: no redirects, bounded time.
pub fn http_client() -> reqwest::Client {
    no_redirect_client(Some(Duration::from_secs(30)))
}

/// A client that never follows a redirect (one could carry a token or a code to
/// another host), with bounded time. Should those settings ever fail to build, the
/// fallback still refuses redirects: never reqwest's default, redirect-following one.
pub fn no_redirect_client(timeout: Option<Duration>) -> reqwest::Client {
    let build = |bounded: bool| {
        let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if bounded {
            builder = builder.connect_timeout(Duration::from_secs(10));
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
        }
        builder.build()
    };
    build(true)
        .or_else(|e| {
            tracing::error!("the HTTP client could not be built with time limits: {e}");
            build(false)
        })
        .expect("an HTTP client that refuses redirects builds with rustls")
}

impl OAuthApp {
    fn client(&self) -> Result<OAuthClient<EndpointNotSet>, OAuthError> {
        let bad = |url: &str| {
            let url = url.to_string();
            move |e: url::ParseError| OAuthError::BadUrl {
                url,
                detail: e.to_string(),
            }
        };
        let mut client = oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(TokenUrl::new(self.token_url.clone()).map_err(bad(&self.token_url))?)
            .set_auth_type(if self.basic_auth {
                AuthType::BasicAuth
            } else {
                AuthType::RequestBody
            });
        if let Some(secret) = &self.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose().to_string()));
        }
        Ok(client)
    }

    /// Signs in with the system browser: binds the loopback listener first (so a port
    /// in use fails before the browser opens), opens the authorize page with a fresh
    /// PKCE challenge and state, waits for the one callback, and redeems the code.
    pub async fn sign_in(
        &self,
        loopback: LoopbackConfig,
        open_browser: &(dyn Fn(&str) -> Result<(), BrowserError> + Sync),
    ) -> Result<TokenSet, OAuthError> {
        let listener = Loopback::bind(loopback).await?;
        let redirect = listener.redirect_uri();
        let client = self
            .client()?
            .set_auth_uri(
                AuthUrl::new(self.auth_url.clone()).map_err(|e| OAuthError::BadUrl {
                    url: self.auth_url.clone(),
                    detail: e.to_string(),
                })?,
            )
            .set_redirect_uri(RedirectUrl::new(redirect.clone()).map_err(|e| {
                OAuthError::BadUrl {
                    url: redirect.clone(),
                    detail: e.to_string(),
                }
            })?);
        // 96 random bytes make a 128-character verifier, the most RFC 7636 allows.
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256_len(96);
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .add_scopes(self.scopes.iter().cloned().map(Scope::new));
        for (name, value) in &self.extra_authorize_params {
            request = request.add_extra_param(name.clone(), value.clone());
        }
        let (url, state) = request.url();
        open_browser(url.as_str())?;
        let issuer = url.origin().ascii_serialization();
        let code = listener.wait(state.secret(), &issuer).await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.expose().to_string()))
            .set_pkce_verifier(verifier)
            .request_async(&http_client())
            .await;
        self.tokens(response, None)
    }

    /// A new access token from a refresh token; the refresh token is kept unless the
    /// service rotates it.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenSet, OAuthError> {
        let response = self
            .client()?
            .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().to_string()))
            .request_async(&http_client())
            .await;
        self.tokens(response, Some(refresh_token))
    }

    fn tokens(
        &self,
        response: Result<
            ServiceTokenResponse,
            RequestTokenError<oauth2::HttpClientError<reqwest::Error>, ProviderError>,
        >,
        previous_refresh: Option<&Secret>,
    ) -> Result<TokenSet, OAuthError> {
        let service = self.service.clone();
        let token = response.map_err(|e| token_error(&service, e))?;
        Ok(TokenSet {
            access_token: Secret::new(token.access_token().secret().clone()),
            refresh_token: token
                .refresh_token()
                .map(|r| Secret::new(r.secret().clone()))
                .or_else(|| previous_refresh.cloned()),
            expires_at: token.expires_in().and_then(|d| expiry(d.as_secs())),
            fields: token.extra_fields().clone(),
        })
    }
}

fn token_error(
    service: &str,
    error: RequestTokenError<oauth2::HttpClientError<reqwest::Error>, ProviderError>,
) -> OAuthError {
    let service = service.to_string();
    match error {
        RequestTokenError::ServerResponse(e)
            if matches!(e.error.as_str(), "invalid_grant" | "invalid_token") =>
        {
            OAuthError::GrantRejected {
                service,
                detail: e.to_string(),
            }
        }
        RequestTokenError::ServerResponse(e) => OAuthError::Refused {
            service,
            detail: e.to_string(),
        },
        RequestTokenError::Request(e) => OAuthError::Network {
            service,
            detail: describe_http_error(&e),
        },
        RequestTokenError::Parse(e, _) => OAuthError::Malformed {
            service,
            detail: e.to_string(),
        },
        RequestTokenError::Other(detail) => OAuthError::Malformed { service, detail },
    }
}

fn describe_http_error(error: &oauth2::HttpClientError<reqwest::Error>) -> String {
    use std::error::Error as _;
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

/// When a token said to last `seconds` expires; a lifetime beyond a year (or one
/// too large to add) is taken as a year, so an odd `expires_in` cannot panic.
fn expiry(seconds: u64) -> Option<DateTime<Utc>> {
    const YEAR: u64 = 365 * 24 * 3600;
    let seconds = i64::try_from(seconds.min(YEAR)).ok()?;
    Utc::now().checked_add_signed(chrono::Duration::try_seconds(seconds)?)
}

#[derive(Deserialize)]
struct AccountToken {
    access_token: String,
    expires_in: Option<u64>,
    api_url: Option<String>,
}

/// Zoom Server-to-Server OAuth: `grant_type=account_credentials` with the account id
/// in the query and the app's credentials in HTTP Basic; no refresh token.
pub async fn account_credentials(
    token_url: &str,
    account_id: &str,
    client_id: &str,
    client_secret: &Secret,
) -> Result<TokenSet, OAuthError> {
    let service = "Zoom".to_string();
    let response = http_client()
        .post(token_url)
        .query(&[
            ("grant_type", "account_credentials"),
            ("account_id", account_id),
        ])
        .basic_auth(client_id, Some(client_secret.expose()))
        .send()
        .await
        .map_err(|e| OAuthError::Network {
            service: service.clone(),
            detail: e.to_string(),
        })?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| OAuthError::Network {
        service: service.clone(),
        detail: e.to_string(),
    })?;
    if !status.is_success() {
        let detail = serde_json::from_slice::<ProviderError>(&body)
            .map(|e| e.to_string())
            .unwrap_or_else(|_| format!("HTTP {status} from {token_url}"));
        return Err(if status.as_u16() == 401 || status.as_u16() == 400 {
            OAuthError::GrantRejected { service, detail }
        } else {
            OAuthError::Refused { service, detail }
        });
    }
    let token: AccountToken = serde_json::from_slice(&body).map_err(|e| OAuthError::Malformed {
        service: service.clone(),
        detail: e.to_string(),
    })?;
    Ok(TokenSet {
        access_token: Secret::new(token.access_token),
        refresh_token: None,
        expires_at: token.expires_in.and_then(expiry),
        fields: ServiceFields {
            api_url: token.api_url,
            ..ServiceFields::default()
        },
    })
}

/// Revokes a token (RFC 7009 style form `token=`); with `basic` the client
/// authenticates with HTTP Basic (Zoom), otherwise not at all (Salesforce).
pub async fn revoke(
    service: &str,
    revoke_url: &str,
    token: &Secret,
    basic: Option<(&str, Option<&Secret>)>,
) -> Result<(), OAuthError> {
    let mut request = http_client()
        .post(revoke_url)
        .form(&[("token", token.expose())]);
    if let Some((client_id, secret)) = basic {
        request = request.basic_auth(client_id, Some(secret.map_or("", |s| s.expose())));
    }
    let response = request.send().await.map_err(|e| OAuthError::Network {
        service: service.to_string(),
        detail: e.to_string(),
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body = response.bytes().await.unwrap_or_default();
    let detail = serde_json::from_slice::<ProviderError>(&body)
        .map(|e| e.to_string())
        .unwrap_or_else(|_| format!("HTTP {status}"));
    Err(OAuthError::GrantRejected {
        service: service.to_string(),
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::expiry;
    use chrono::Utc;

    #[tokio::test]
    async fn a_redirect_is_answered_not_followed() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut stream, _) = server.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request).await;
            let _ = stream
                .write_all(b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/steal\r\nContent-Length: 0\r\n\r\n")
                .await;
        });
        let answer = super::no_redirect_client(None)
            .get(format!("http://127.0.0.1:{port}/token"))
            .bearer_auth("secret-token")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 302, "the redirect comes back as it is");
    }

    #[test]
    fn an_odd_lifetime_cannot_panic_and_is_capped_at_a_year() {
        let hour = expiry(3600).unwrap();
        assert!((hour - Utc::now()).num_seconds().abs_diff(3600) < 5);
        let huge = expiry(u64::MAX).unwrap();
        assert!((huge - Utc::now()).num_days() <= 365);
        assert!(expiry(0).is_some());
    }
}
