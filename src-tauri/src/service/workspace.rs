//! Everything scoring reads, loaded from the store in one go, and the recompute path.

use crate::domain::scoring::{score_workspace, ScoringIndex, WorkspaceScore};
use crate::domain::{Assessment, AssessmentGroup, ImprovementAction, ServiceInstance, Template};
use crate::store::{repo, Store};

use super::ServiceError;

pub struct Workspace {
    pub templates: Vec<Template>,
    pub actions: Vec<ImprovementAction>,
    pub instances: Vec<ServiceInstance>,
    pub groups: Vec<AssessmentGroup>,
    pub assessments: Vec<Assessment>,
}

impl Workspace {
    pub fn load(store: &Store) -> Result<Workspace, ServiceError> {
        Workspace::load_from(store.conn())
    }

    /// Loads from a connection (inside a transaction, to score what it wrote).
    pub fn load_from(conn: &rusqlite::Connection) -> Result<Workspace, ServiceError> {
        Ok(Workspace {
            templates: repo::templates::load_all(conn)?,
            actions: repo::actions::load_all(conn)?,
            instances: repo::instances::list(conn)?,
            groups: repo::groups::list(conn)?,
            assessments: repo::assessments::list(conn)?,
        })
    }

    /// Finds an assessment by its UUID or its name (names are unique, any case).
    pub fn assessment(&self, key: &str) -> Result<&Assessment, ServiceError> {
        let key = key.trim();
        self.assessments
            .iter()
            .find(|a| {
                a.uid.to_string() == key.to_ascii_lowercase() || a.name.eq_ignore_ascii_case(key)
            })
            .ok_or_else(|| ServiceError::NotFound {
                what: "assessment",
                key: key.to_string(),
            })
    }

    pub fn group_name(&self, assessment: &Assessment) -> &str {
        self.groups
            .iter()
            .find(|g| g.id == assessment.group_id)
            .map_or("", |g| g.name.as_str())
    }

    pub fn template_title(&self, assessment: &Assessment) -> &str {
        self.templates
            .iter()
            .find(|t| t.id == assessment.template_id)
            .map_or("", |t| t.title.as_str())
    }

    pub fn instance_names(&self, assessment: &Assessment) -> Vec<String> {
        assessment
            .instance_ids
            .iter()
            .filter_map(|id| self.instances.iter().find(|i| i.id == *id))
            .map(|i| i.name.clone())
            .collect()
    }

    /// Scores every assessment and the overall score from the stored results.
    pub fn score(&self, store: &Store) -> Result<WorkspaceScore, ServiceError> {
        let results = crate::store::repo::results::load_states(store.conn(), None)?;
        let index = ScoringIndex::new(&self.templates, &self.actions, &self.instances);
        Ok(score_workspace(
            &index,
            &self.groups,
            &self.assessments,
            &results,
        )?)
    }
}

/// The recompute path the app uses: read everything from SQLite, then score.
pub fn recompute(store: &Store) -> Result<(Workspace, WorkspaceScore), ServiceError> {
    let workspace = Workspace::load(store)?;
    let score = workspace.score(store)?;
    Ok((workspace, score))
}
