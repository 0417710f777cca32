use std::path::PathBuf;

use thiserror::Error;

use crate::domain::DomainError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the database file {path} readable by you alone: {source}")]
    DatabaseFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the database {path} was written by a newer Compliance Desk (schema version {found}; \
         this version understands up to {supported}). Install the newer version, or open \
         another data folder with --data-dir."
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("could not upgrade the database {path}: {message}. Nothing was changed.")]
    Migration { path: PathBuf, message: String },
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(#[from] DomainError),
    #[error("{what} \"{name}\" already exists")]
    Duplicate { what: &'static str, name: String },
    #[error("{what} \"{key}\" was not found")]
    NotFound { what: &'static str, key: String },
    #[error("cannot write or read the backups in {path}: {source}")]
    Backup {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// SQLite's words when the file is not a database or is damaged.
    pub fn unreadable(&self) -> Option<String> {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, message))
                if matches!(e.code, NotADatabase | DatabaseCorrupt) =>
            {
                Some(message.clone().unwrap_or_else(|| e.to_string()))
            }
            _ => None,
        }
    }
}
