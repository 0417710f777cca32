//! Use cases shared by the window and the command line. Each function takes the
//! store, does one whole thing, and returns serialisable answers.

pub mod action_details;
pub mod action_edit;
pub mod action_list;
pub mod action_target;
pub mod actions;
pub mod assessment_changes;
pub mod assessment_page;
mod assessment_rules;
pub mod assessments;
pub mod backups;
pub mod check_thresholds;
mod connection;
pub mod connectors;
pub mod dashboard;
mod error;
mod evaluation;
pub mod evidence;
pub mod history;
pub mod instances;
pub mod journal;
pub mod logging;
pub mod overview;
pub mod paths;
mod result_flags;
pub mod review;
pub mod sample;
pub mod schedule;
pub mod setup;
pub mod sync;
mod sync_lock;
pub mod template_import;
mod template_install;
pub mod template_mapping;
pub mod templates;
pub mod threshold_edit;
pub mod workspace;

use std::path::Path;

pub use error::{ErrorCode, ServiceError};

use crate::store::Store;

/// Opens the workspace in `data_dir`: the database, migrated, with the built-in
/// baseline templates present.
pub fn open(data_dir: &Path) -> Result<Store, ServiceError> {
    // A file that is not a database, or is damaged, names the backup to restore.
    let unreadable = |e: ServiceError| match &e {
        ServiceError::Store(store_error) => match store_error.unreadable() {
            Some(detail) => ServiceError::Unreadable {
                path: data_dir.join(crate::store::DATABASE_FILE),
                detail,
                backup: backups::newest_good_file(data_dir).map(Box::new),
            },
            None => e,
        },
        _ => e,
    };
    let mut store = Store::open_in(data_dir).map_err(|e| unreadable(e.into()))?;
    templates::ensure_built_in(&mut store).map_err(unreadable)?;
    Ok(store)
}
