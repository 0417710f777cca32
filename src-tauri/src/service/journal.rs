//! Who is working, and what every change leaves behind: history entries (who, when,
//! field, before, after) and today's point on the score trend.

use chrono::Utc;
use rusqlite::Transaction;

use crate::domain::scoring::{IncrementalScore, WorkspaceScore};
use crate::domain::{ActionId, AssessmentId};
use crate::store::repo::history::Change;
use crate::store::repo::{self, score_history};
use crate::store::Store;

use super::workspace::build_scores;
use super::ServiceError;

/// The name history entries carry: the workspace's setting, else the OS account.
pub fn user_name(store: &Store) -> Result<String, ServiceError> {
    if let Some(name) = repo::settings::get(store.conn(), repo::settings::USER_NAME)? {
        return Ok(name);
    }
    Ok(os_account_name())
}

/// Whether the person has chosen a name yet (the window asks at first run).
pub fn user_name_is_set(store: &Store) -> Result<bool, ServiceError> {
    Ok(repo::settings::get(store.conn(), repo::settings::USER_NAME)?.is_some())
}

pub fn set_user_name(store: &mut Store, name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::Invalid(
            "Your name must have 1 to 100 characters; history entries carry it.".into(),
        ));
    }
    repo::settings::set(store.conn(), repo::settings::USER_NAME, name)?;
    Ok(name.to_string())
}

/// `USERNAME` on Windows, `USER` on macOS and Linux; else the home folder's name
/// (apps started by a launcher may get no such variable).
pub fn os_account_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            dirs::home_dir().and_then(|h| h.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "unknown user".into())
}

/// A change of one field on (assessment, action, instance).
pub fn change(
    actor: &str,
    assessment_uid: &str,
    action_uid: Option<&str>,
    instance_uid: Option<&str>,
    field: &str,
    before: Option<String>,
    after: Option<String>,
) -> Change {
    Change {
        actor: actor.to_string(),
        assessment_uid: assessment_uid.to_string(),
        action_uid: action_uid.map(str::to_string),
        instance_uid: instance_uid.map(str::to_string),
        field: field.to_string(),
        before,
        after,
    }
}

/// Appends `changes` to the history with the current time.
pub fn record(tx: &Transaction<'_>, changes: &[Change]) -> Result<(), ServiceError> {
    let at = crate::store::repo::codes_now();
    repo::history::append(tx, &at, changes)?;
    Ok(())
}

/// Rescores the workspace inside `tx` and writes today's point of every assessment
/// and of the overall score, so that the trend follows every change.
pub fn record_scores(tx: &Transaction<'_>) -> Result<(), ServiceError> {
    let scores = build_scores(tx)?;
    write_scores(tx, &scores.inputs().assessments, scores.scores())
}

/// After one action's results changed in `tx`: updates the kept scores (or scores
/// everything when there are none) and writes today's point of the trend.
pub fn rescore_action(
    tx: &Transaction<'_>,
    scores: Option<&mut IncrementalScore>,
    assessment: AssessmentId,
    action: ActionId,
) -> Result<(), ServiceError> {
    let Some(scores) = scores else {
        return record_scores(tx);
    };
    for state in repo::results::load_action_states(tx, assessment, action)? {
        scores.set(state)?;
    }
    write_scores(tx, &scores.inputs().assessments, scores.scores())
}

fn write_scores(
    tx: &Transaction<'_>,
    assessments: &[crate::domain::Assessment],
    scores: &WorkspaceScore,
) -> Result<(), ServiceError> {
    let mut rows = vec![(
        score_history::OVERALL.to_string(),
        scores.overall.points.achieved,
        scores.overall.points.possible,
    )];
    for (assessment, score) in assessments.iter().zip(&scores.assessments) {
        rows.push((
            assessment.uid.to_string(),
            score.points.achieved,
            score.points.possible,
        ));
    }
    let day = Utc::now().format("%Y-%m-%d").to_string();
    score_history::record(tx, &day, &rows)?;
    Ok(())
}
