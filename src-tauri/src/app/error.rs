use serde::Serialize;
use ts_rs::TS;

use crate::service::{ErrorCode, ServiceError};

/// What the UI receives when a command fails: a stable code and a sentence.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<ServiceError> for IpcError {
    fn from(e: ServiceError) -> Self {
        IpcError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}
