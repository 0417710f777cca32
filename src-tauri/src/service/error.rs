use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

use crate::auth::secrets::SecretsError;
use crate::connectors::ConnectorError;
use crate::domain::DomainError;
use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("{what} \"{key}\" was not found")]
    NotFound { what: &'static str, key: String },
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("{0}")]
    Invalid(String),
    #[error("the sign-in was cancelled; nothing was saved")]
    Cancelled,
    #[error(
        "the workspace database {path} cannot be read ({detail}); nothing was changed. {}",
        match .backup {
            Some(b) => format!(
                "The newest good backup is from {} UTC: restore it in the window, or run \
                 `compliance-desk backups restore {}`.",
                b.taken_at.format("%Y-%m-%d %H:%M"), b.name
            ),
            None => "There is no good backup of it to restore.".to_string(),
        }
    )]
    Unreadable {
        path: std::path::PathBuf,
        detail: String,
        backup: Option<Box<crate::store::backup::BackupFile>>,
    },
}

/// Stable codes the UI and scripts can branch on; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Duplicate,
    SchemaTooNew,
    Storage,
    /// The service needs the person to sign in again.
    NeedsReauthentication,
    /// The person cancelled; nothing to report.
    Cancelled,
    /// Talking to the service failed; the message says why and what to do.
    Connector,
    Keyring,
    /// The workspace file cannot be read; the message names the newest good backup.
    DatabaseUnreadable,
    /// The update server could not be reached or gave no valid answer.
    UpdateUnavailable,
    /// A downloaded update failed its signature check and was thrown away.
    UpdateRefused,
}

impl ServiceError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::NotFound { .. } | ServiceError::Store(StoreError::NotFound { .. }) => {
                ErrorCode::NotFound
            }
            ServiceError::Domain(_) | ServiceError::Store(StoreError::Corrupt(_)) => {
                ErrorCode::InvalidInput
            }
            ServiceError::Store(StoreError::Duplicate { .. }) => ErrorCode::Duplicate,
            ServiceError::Store(StoreError::SchemaTooNew { .. }) => ErrorCode::SchemaTooNew,
            ServiceError::Store(_) => ErrorCode::Storage,
            ServiceError::Connector(e) if e.needs_sign_in() => ErrorCode::NeedsReauthentication,
            ServiceError::Connector(ConnectorError::Secrets(_)) | ServiceError::Secrets(_) => {
                ErrorCode::Keyring
            }
            ServiceError::Connector(ConnectorError::Settings(_)) | ServiceError::Invalid(_) => {
                ErrorCode::InvalidInput
            }
            ServiceError::Connector(_) => ErrorCode::Connector,
            ServiceError::Cancelled => ErrorCode::Cancelled,
            ServiceError::Unreadable { .. } => ErrorCode::DatabaseUnreadable,
        }
    }
}
