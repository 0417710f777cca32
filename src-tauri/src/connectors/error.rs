use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

use crate::auth::oauth::OAuthError;
use crate::auth::secrets::SecretsError;

/// Why talking to a service failed, in words a compliance officer can act on.
#[derive(Debug, Error)]
pub enum ConnectorError {
    #[error("{service} no longer accepts this connection's sign-in ({detail}). Re-authenticate the connector")]
    NeedsSignIn { service: String, detail: String },
    #[error("{service} refused to share {what}: {detail}. Give the connected app or user the permission named, then sync again")]
    MissingPermission {
        service: String,
        what: String,
        detail: String,
    },
    #[error(
        "{service} kept answering \"too many requests\" after {attempts} attempts; try again later"
    )]
    RateLimited { service: String, attempts: u32 },
    #[error("{service} kept failing (HTTP {status}) after {attempts} attempts; it may be down, try again later")]
    ServerError {
        service: String,
        status: u16,
        attempts: u32,
    },
    #[error("{service} answered {path} with something that is not valid JSON ({detail}) after {attempts} attempts")]
    Malformed {
        service: String,
        path: String,
        detail: String,
        attempts: u32,
    },
    #[error("{service} answered {path} with more than {}{}; the sync stopped and the last good snapshot stays", size(*.limit_bytes), if *.whole_sync { " in one sync" } else { "" })]
    TooLarge {
        service: String,
        path: String,
        limit_bytes: u64,
        whole_sync: bool,
    },
    #[error("{service} kept sending more pages of {what} after {pages}; the sync stopped and the last good snapshot stays")]
    Endless {
        service: String,
        what: String,
        pages: usize,
    },
    #[error("cannot reach {service} ({detail}); check the network connection and the address, then sync again")]
    Unreachable { service: String, detail: String },
    #[error("the sync of {service} did not finish within {seconds} s and was stopped; nothing was saved from it")]
    Deadline { service: String, seconds: u64 },
    #[error("the Salesforce org has used {used} of its {limit} daily API requests; the sync stopped to leave the rest for other integrations. Try again tomorrow")]
    DailyLimit { used: u64, limit: u64 },
    #[error("{service} answered {path} with HTTP {status}: {message} ({code})")]
    Api {
        service: String,
        path: String,
        status: u16,
        code: String,
        message: String,
    },
    #[error(transparent)]
    SignIn(OAuthError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("the connection settings are not valid: {0}")]
    Settings(String),
    #[error("the sync of {service} was cancelled; nothing was saved from it")]
    Cancelled { service: String },
}

/// Stable codes for the UI, scripts and the sync record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectorErrorCode {
    NeedsReauthentication,
    MissingPermission,
    RateLimited,
    ServerError,
    MalformedResponse,
    Unreachable,
    DeadlineExceeded,
    ApiLimit,
    TooLarge,
    ApiError,
    SignInFailed,
    Keyring,
    InvalidSettings,
    Cancelled,
    /// A bug stopped the sync (a caught panic); nothing was saved from it.
    Internal,
}

impl ConnectorErrorCode {
    pub fn code(self) -> &'static str {
        match self {
            Self::NeedsReauthentication => "needs_reauthentication",
            Self::MissingPermission => "missing_permission",
            Self::RateLimited => "rate_limited",
            Self::ServerError => "server_error",
            Self::MalformedResponse => "malformed_response",
            Self::Unreachable => "unreachable",
            Self::DeadlineExceeded => "deadline_exceeded",
            Self::ApiLimit => "api_limit",
            Self::TooLarge => "too_large",
            Self::ApiError => "api_error",
            Self::SignInFailed => "sign_in_failed",
            Self::Keyring => "keyring",
            Self::InvalidSettings => "invalid_settings",
            Self::Cancelled => "cancelled",
            Self::Internal => "internal_error",
        }
    }
}

impl ConnectorError {
    pub fn code(&self) -> ConnectorErrorCode {
        use ConnectorErrorCode as C;
        match self {
            ConnectorError::NeedsSignIn { .. } => C::NeedsReauthentication,
            ConnectorError::MissingPermission { .. } => C::MissingPermission,
            ConnectorError::RateLimited { .. } => C::RateLimited,
            ConnectorError::ServerError { .. } => C::ServerError,
            ConnectorError::Malformed { .. } => C::MalformedResponse,
            ConnectorError::Unreachable { .. } => C::Unreachable,
            ConnectorError::Deadline { .. } => C::DeadlineExceeded,
            ConnectorError::DailyLimit { .. } => C::ApiLimit,
            ConnectorError::TooLarge { .. } | ConnectorError::Endless { .. } => C::TooLarge,
            ConnectorError::Api { .. } => C::ApiError,
            ConnectorError::SignIn(_) => C::SignInFailed,
            ConnectorError::Secrets(_) => C::Keyring,
            ConnectorError::Settings(_) => C::InvalidSettings,
            ConnectorError::Cancelled { .. } => C::Cancelled,
        }
    }

    /// The instance cannot sync until someone signs in again.
    pub fn needs_sign_in(&self) -> bool {
        self.code() == ConnectorErrorCode::NeedsReauthentication
    }
}

impl From<OAuthError> for ConnectorError {
    fn from(e: OAuthError) -> Self {
        match e {
            OAuthError::GrantRejected { service, detail } => {
                ConnectorError::NeedsSignIn { service, detail }
            }
            OAuthError::Network { service, detail } => {
                ConnectorError::Unreachable { service, detail }
            }
            other => ConnectorError::SignIn(other),
        }
    }
}

/// A byte count as people read it.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB && b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB => format!("{} KiB", b.div_ceil(KIB)),
        b => format!("{b} bytes"),
    }
}
