//! A live connection's tokens while it talks to a service: hands out the current
//! access token, renews it when it expires or the service rejects it (once per
//! rejected token, however many requests saw the rejection), and hands every new
//! token to `persist` (the keyring) at once, so a rotated refresh token is never lost.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::Mutex;

use super::oauth::{account_credentials, OAuthApp, OAuthError, TokenSet};
use super::secret::Secret;

/// How a connection gets a new access token.
pub enum Renewal {
    /// Salesforce and user-authorised Zoom apps.
    RefreshToken { app: OAuthApp },
    /// Zoom Server-to-Server OAuth: ask again with the app's credentials.
    AccountCredentials {
        token_url: String,
        account_id: String,
        client_id: String,
        client_secret: Secret,
    },
}

/// Called with every token set obtained, before it is used.
pub type Persist = Box<dyn Fn(&TokenSet) -> Result<(), String> + Send + Sync>;

struct Current {
    tokens: Option<TokenSet>,
    renewals: u32,
}

pub struct Session {
    current: Mutex<Current>,
    renewal: Renewal,
    persist: Persist,
}

/// Renew this long before the stated expiry, so a token does not die mid-request.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

impl Session {
    pub fn new(tokens: Option<TokenSet>, renewal: Renewal, persist: Persist) -> Session {
        Session {
            current: Mutex::new(Current {
                tokens,
                renewals: 0,
            }),
            renewal,
            persist,
        }
    }

    /// The access token to send, renewed first if missing or about to expire.
    pub async fn bearer(&self) -> Result<Secret, OAuthError> {
        let mut current = self.current.lock().await;
        let fresh = current.tokens.as_ref().filter(|t| {
            t.expires_at.is_none_or(|at| {
                at - chrono::Duration::from_std(EXPIRY_MARGIN).unwrap_or_default() > Utc::now()
            })
        });
        if let Some(tokens) = fresh {
            return Ok(tokens.access_token.clone());
        }
        self.renew(&mut current).await
    }

    /// After the service refused `rejected` (401): renews unless another request
    /// already did, and returns the token to retry with.
    pub async fn rejected(&self, rejected: &Secret) -> Result<Secret, OAuthError> {
        let mut current = self.current.lock().await;
        match &current.tokens {
            Some(t) if &t.access_token != rejected => Ok(t.access_token.clone()),
            _ => self.renew(&mut current).await,
        }
    }

    /// How many times the access token was renewed.
    pub async fn renewals(&self) -> u32 {
        self.current.lock().await.renewals
    }

    /// The latest tokens (e.g. the Salesforce instance URL they name).
    pub async fn tokens(&self) -> Option<TokenSet> {
        self.current.lock().await.tokens.clone()
    }

    async fn renew(&self, current: &mut Current) -> Result<Secret, OAuthError> {
        let tokens = match &self.renewal {
            Renewal::RefreshToken { app } => {
                let Some(refresh) = current
                    .tokens
                    .as_ref()
                    .and_then(|t| t.refresh_token.clone())
                else {
                    return Err(OAuthError::GrantRejected {
                        service: app.service.clone(),
                        detail: "no refresh token is stored for this connection".into(),
                    });
                };
                let mut tokens = app.refresh(&refresh).await?;
                if tokens.fields.instance_url.is_none() {
                    tokens.fields = current
                        .tokens
                        .as_ref()
                        .map(|t| t.fields.clone())
                        .unwrap_or_default();
                }
                tokens
            }
            Renewal::AccountCredentials {
                token_url,
                account_id,
                client_id,
                client_secret,
            } => account_credentials(token_url, account_id, client_id, client_secret).await?,
        };
        (self.persist)(&tokens).map_err(|detail| OAuthError::Refused {
            service: "the OS keyring".into(),
            detail,
        })?;
        let access = tokens.access_token.clone();
        current.tokens = Some(tokens);
        current.renewals += 1;
        Ok(access)
    }
}
