//! One module per aggregate. Functions that change several rows take a
//! `Transaction`, so callers compose them inside one [`super::Store::write`].

pub mod actions;
pub mod assessments;
pub mod check_thresholds;
pub mod evidence;
pub mod groups;
pub mod history;
pub mod instances;
pub mod result_details;
pub mod results;
pub mod score_history;
pub mod settings;
pub mod snapshots;
pub mod templates;

use super::StoreError;

/// The current time as stored timestamps write it.
pub fn codes_now() -> String {
    super::codes::now()
}

/// Maps a UNIQUE violation to an error that names the clashing value.
fn unique(err: rusqlite::Error, what: &'static str, name: &str) -> StoreError {
    match err {
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            StoreError::Duplicate {
                what,
                name: name.to_string(),
            }
        }
        other => other.into(),
    }
}
