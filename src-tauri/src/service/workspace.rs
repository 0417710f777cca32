//! Everything scoring reads, loaded from the store in one go, and the recompute path.

use crate::domain::scoring::{IncrementalScore, ScoringInputs, WorkspaceScore};
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
    /// The workspace as the kept scores saw it (read and scored when needed).
    pub fn load(store: &Store) -> Result<Workspace, ServiceError> {
        store.with_scores(build_scores, |s| Workspace::from(s.inputs()))
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
        // An id always wins over a name.
        let id = key.to_ascii_lowercase();
        self.assessments
            .iter()
            .find(|a| a.uid.to_string() == id)
            .or_else(|| {
                self.assessments
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(key))
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

    /// Every assessment's score and the overall score, from the kept scores.
    pub fn score(&self, store: &Store) -> Result<WorkspaceScore, ServiceError> {
        store.with_scores(build_scores, |s| s.scores().clone())
    }

    fn into_inputs(self) -> ScoringInputs {
        ScoringInputs {
            templates: self.templates,
            actions: self.actions,
            instances: self.instances,
            groups: self.groups,
            assessments: self.assessments,
        }
    }
}

impl From<&ScoringInputs> for Workspace {
    fn from(i: &ScoringInputs) -> Self {
        Workspace {
            templates: i.templates.clone(),
            actions: i.actions.clone(),
            instances: i.instances.clone(),
            groups: i.groups.clone(),
            assessments: i.assessments.clone(),
        }
    }
}

/// The full path: everything read from SQLite, then scored.
pub fn build_scores(conn: &rusqlite::Connection) -> Result<IncrementalScore, ServiceError> {
    let workspace = Workspace::load_from(conn)?;
    let results = repo::results::load_states(conn, None)?;
    Ok(IncrementalScore::build(workspace.into_inputs(), results)?)
}

/// One assessment's score from the kept scores.
pub fn assessment_score(
    store: &Store,
    id: crate::domain::AssessmentId,
) -> Result<crate::domain::scoring::AssessmentScore, ServiceError> {
    store
        .with_scores(build_scores, |s| {
            s.scores()
                .assessments
                .iter()
                .find(|a| a.assessment_id == id)
                .cloned()
        })?
        .ok_or_else(|| ServiceError::NotFound {
            what: "assessment",
            key: id.0.to_string(),
        })
}

/// The recompute path the app uses: read everything from SQLite, then score.
pub fn recompute(store: &Store) -> Result<(Workspace, WorkspaceScore), ServiceError> {
    let workspace = Workspace::load(store)?;
    let score = workspace.score(store)?;
    Ok((workspace, score))
}
