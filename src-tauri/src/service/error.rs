use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

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
        }
    }
}
