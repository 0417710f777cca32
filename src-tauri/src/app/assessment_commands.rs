//! Commands of the template library and of creating and changing assessments.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::commands::{with_store, with_store_mut};
use super::{AppState, IpcError};
use crate::service::assessment_changes::{self, AssessmentEdit, Deleted, TemplateUpdate};
use crate::service::assessments::{self, AssessmentSummary};
use crate::service::template_import::{self, ImportReport};
use crate::service::templates::{self, TemplateSummary};
use crate::service::ServiceError;

#[tauri::command(async)]
pub fn list_templates(state: State<'_, AppState>) -> Result<Vec<TemplateSummary>, IpcError> {
    with_store(&state, templates::list)
}

#[tauri::command(async)]
pub fn list_assessment_groups(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    with_store(&state, assessments::groups)
}

#[tauri::command(async)]
pub fn check_assessment_name(
    state: State<'_, AppState>,
    name: String,
) -> Result<Option<String>, IpcError> {
    with_store(&state, |store| assessments::name_problem(store, &name))
}

/// What the assessment wizard creates.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewAssessment {
    pub name: String,
    /// The template's UUID.
    pub template: Uuid,
    pub group: String,
    /// The service instances' UUIDs (may be empty: documentation-only work).
    pub instances: Vec<Uuid>,
}

#[tauri::command(async)]
pub fn create_assessment(
    state: State<'_, AppState>,
    input: NewAssessment,
) -> Result<AssessmentSummary, IpcError> {
    let instances: Vec<String> = input.instances.iter().map(Uuid::to_string).collect();
    with_store_mut(&state, |store| {
        assessments::create(
            store,
            &input.name,
            &input.template.to_string(),
            Some(&instances),
            &input.group,
        )
    })
}

#[tauri::command(async)]
pub fn edit_assessment(
    state: State<'_, AppState>,
    assessment: Uuid,
    edit: AssessmentEdit,
) -> Result<AssessmentSummary, IpcError> {
    with_store_mut(&state, |store| {
        assessment_changes::edit(store, &assessment.to_string(), &edit)
    })
}

#[tauri::command(async)]
pub fn template_update(
    state: State<'_, AppState>,
    assessment: Uuid,
    apply: bool,
) -> Result<TemplateUpdate, IpcError> {
    with_store_mut(&state, |store| {
        assessment_changes::update_template(store, &assessment.to_string(), !apply)
    })
}

#[tauri::command(async)]
pub fn assessment_deletion(
    state: State<'_, AppState>,
    assessment: Uuid,
) -> Result<Deleted, IpcError> {
    with_store(&state, |store| {
        assessment_changes::deletion_impact(store, &assessment.to_string())
    })
}

#[tauri::command(async)]
pub fn delete_assessment(
    state: State<'_, AppState>,
    assessment: Uuid,
) -> Result<Deleted, IpcError> {
    with_store_mut(&state, |store| {
        assessment_changes::delete(store, &assessment.to_string())
    })
}

/// Imports (or with `dry_run`, checks) the template file the person picked in the
/// open-file dialog.
#[tauri::command(async)]
pub fn import_template(
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> Result<ImportReport, IpcError> {
    let path = std::path::PathBuf::from(path);
    let bytes = std::fs::read(&path).map_err(|e| {
        IpcError::from(ServiceError::Invalid(format!(
            "cannot read {}: {e}",
            path.display()
        )))
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    with_store_mut(&state, |store| {
        template_import::import(store, &name, &bytes, dry_run)
    })
}
