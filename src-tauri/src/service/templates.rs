//! The template library: the built-in service baselines (one per connector, made
//! from its checks) and regulations (NIST SP 800-53 Rev. 5 Moderate, ISO/IEC 27001,
//! SOC 2, CIS Zoom), kept current as the app changes, plus imported templates; the
//! list the assessment wizard offers, and one template's details.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::{registry, Connector};
use crate::domain::{ImprovementAction, Template};
use crate::store::{repo, Store};
use crate::templates::builtin::regulations;
use crate::templates::{ActionRef, ControlDraft, FamilyDraft, TemplateDraft, TemplateSource};

use super::template_install::{all_checks, install, lineage};
use super::ServiceError;

/// "Salesforce security baseline": the connector's checks as controls, grouped by
/// family, each met by its own check.
fn baseline(connector: &dyn Connector) -> TemplateDraft {
    let entry = connector.entry();
    let mut families: Vec<FamilyDraft> = Vec::new();
    for check in connector.checks() {
        let control = ControlDraft {
            name: check.id.clone(),
            title: check.title.clone(),
            description: check.description.clone(),
            actions: vec![ActionRef::Check(check.id.clone())],
        };
        match families.iter_mut().find(|f| f.name == check.family) {
            Some(family) => family.controls.push(control),
            None => families.push(FamilyDraft {
                name: check.family.clone(),
                controls: vec![control],
            }),
        }
    }
    TemplateDraft {
        key: format!("baseline/{}", entry.id),
        title: format!("{} security baseline", entry.name),
        product: entry.name.clone(),
        certification: Some("Compliance Desk baseline".into()),
        version: env!("CARGO_PKG_VERSION").into(),
        source: TemplateSource::BuiltIn,
        supported_services: vec![entry.id.clone()],
        families,
        actions: Vec::new(),
    }
}

type Build = Box<dyn Fn() -> Result<TemplateDraft, String>>;

/// Every built-in template: its key, its fingerprint (cheap), and how to build it.
fn built_ins() -> Vec<(String, String, Build)> {
    let mut out: Vec<(String, String, Build)> = Vec::new();
    for connector in registry() {
        let draft = baseline(connector);
        let fingerprint = draft.fingerprint();
        out.push((
            draft.key.clone(),
            fingerprint,
            Box::new(move || Ok(draft.clone())),
        ));
    }
    let mut check_ids: Vec<String> = all_checks().into_keys().collect();
    check_ids.sort();
    for regulation in regulations() {
        let fingerprint = regulation.fingerprint(&check_ids);
        out.push((
            regulation.key.to_string(),
            fingerprint,
            Box::new(move || regulation.draft()),
        ));
    }
    out
}

/// Whether every check's action is stored as this version words it.
fn check_actions_current(store: &Store) -> Result<bool, ServiceError> {
    let stored: HashMap<Uuid, ImprovementAction> = repo::actions::load_all(store.conn())?
        .into_iter()
        .map(|a| (a.uid, a))
        .collect();
    Ok(all_checks().values().all(|check| {
        let action = check.action();
        stored
            .get(&action.uid)
            .is_some_and(|s| ImprovementAction { id: s.id, ..action } == *s)
    }))
}

/// Adds built-in templates that are missing or out of date (as new versions: the
/// assessments on an older one are offered the update) and refreshes the checks'
/// action texts. Opening a current workspace (every CLI command) writes nothing.
pub fn ensure_built_in(store: &mut Store) -> Result<(), ServiceError> {
    let current: HashMap<Uuid, repo::templates::VersionInfo> =
        repo::templates::versions(store.conn())?
            .into_iter()
            .filter(|v| !v.superseded)
            .map(|v| (v.lineage, v))
            .collect();
    let stale: Vec<_> = built_ins()
        .into_iter()
        .filter(|(key, fingerprint, _)| {
            current.get(&lineage(key)).map(|v| &v.fingerprint) != Some(fingerprint)
        })
        .collect();
    if stale.is_empty() && check_actions_current(store)? {
        return Ok(());
    }
    let checks = all_checks();
    store.write(|tx| {
        for check in checks.values() {
            repo::actions::upsert(tx, &check.action())?;
        }
        for (key, fingerprint, build) in &stale {
            let draft = build().map_err(|e| ServiceError::Invalid(format!("built-in template {key}: {e}")))?;
            let legacy = current.get(&lineage(key)).filter(|v| v.fingerprint.is_empty());
            if let Some(legacy) = legacy {
                if same_content(tx, legacy.id, &draft, &checks)? {
                    // Written before versions existed, and what this version ships:
                    // it becomes this version instead of prompting an empty update.
                    repo::templates::adopt(tx, legacy.id, &draft.version, fingerprint)?;
                    continue;
                }
            }
            install(tx, &draft, fingerprint, &checks)?;
            tracing::info!(template = %draft.title, version = %draft.version, "built-in template installed");
        }
        Ok::<_, ServiceError>(())
    })
}

/// Whether the stored template has the draft's title, controls and mappings.
fn same_content(
    conn: &rusqlite::Connection,
    id: crate::domain::TemplateId,
    draft: &TemplateDraft,
    checks: &HashMap<String, crate::connectors::checks::Check>,
) -> Result<bool, ServiceError> {
    let Some(stored) = repo::templates::load_all(conn)?
        .into_iter()
        .find(|t| t.id == id)
    else {
        return Ok(false);
    };
    let actions = repo::actions::load_all(conn)?;
    let old = super::template_install::stored_as_draft(&stored, &actions, checks);
    Ok(stored.title == draft.title && crate::templates::diff::changes(&old, draft).is_empty())
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateSummary {
    pub uid: Uuid,
    pub title: String,
    pub product: String,
    pub certification: Option<String>,
    pub version: String,
    /// The first 8 hex digits of the version's content fingerprint.
    pub revision: String,
    pub source: TemplateSource,
    pub supported_services: Vec<String>,
    pub families: usize,
    pub controls: usize,
    pub actions: usize,
    /// Whether a newer version of this template exists.
    pub superseded: bool,
}

fn summary(template: &Template, info: &repo::templates::VersionInfo) -> TemplateSummary {
    TemplateSummary {
        uid: template.uid,
        title: template.title.clone(),
        product: template.product.clone(),
        certification: template.certification.clone(),
        version: info.version.clone(),
        revision: info.fingerprint.chars().take(8).collect(),
        source: TemplateSource::from_code(&info.source).unwrap_or(TemplateSource::BuiltIn),
        supported_services: template.supported_services.clone(),
        families: template.families.len(),
        controls: template.controls().count(),
        actions: template.distinct_action_ids().len(),
        superseded: info.superseded,
    }
}

/// Stored templates with their version facts.
pub(super) fn with_versions(
    store: &Store,
) -> Result<Vec<(Template, repo::templates::VersionInfo)>, ServiceError> {
    let mut info: HashMap<_, _> = repo::templates::versions(store.conn())?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    Ok(repo::templates::load_all(store.conn())?
        .into_iter()
        .filter_map(|t| info.remove(&t.id).map(|i| (t, i)))
        .collect())
}

/// The current version of every template, by title.
pub fn list(store: &Store) -> Result<Vec<TemplateSummary>, ServiceError> {
    Ok(with_versions(store)?
        .iter()
        .filter(|(_, info)| !info.superseded)
        .map(|(t, info)| summary(t, info))
        .collect())
}

/// The template with this UUID (any version) or title (the current version), any case.
pub fn find(store: &Store, key: &str) -> Result<Template, ServiceError> {
    let key = key.trim();
    with_versions(store)?
        .into_iter()
        .find(|(t, info)| {
            t.uid.to_string() == key.to_ascii_lowercase()
                || (!info.superseded && t.title.eq_ignore_ascii_case(key))
        })
        .map(|(t, _)| t)
        .ok_or_else(|| ServiceError::NotFound {
            what: "template",
            key: key.to_string(),
        })
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateDetails {
    pub template: TemplateSummary,
    pub families: Vec<FamilyDetails>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FamilyDetails {
    pub name: String,
    pub controls: Vec<ControlDetails>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ControlDetails {
    pub name: String,
    pub title: String,
    /// Titles of the actions that meet the control.
    pub actions: Vec<String>,
}

/// One template's families, controls and the actions mapped to each.
pub fn show(store: &Store, key: &str) -> Result<TemplateDetails, ServiceError> {
    let template = find(store, key)?;
    let info = repo::templates::versions(store.conn())?
        .into_iter()
        .find(|v| v.id == template.id)
        .ok_or_else(|| ServiceError::NotFound {
            what: "template",
            key: key.to_string(),
        })?;
    let titles: BTreeMap<_, _> = repo::actions::load_all(store.conn())?
        .into_iter()
        .map(|a| (a.id, a.title))
        .collect();
    Ok(TemplateDetails {
        template: summary(&template, &info),
        families: template
            .families
            .iter()
            .map(|f| FamilyDetails {
                name: f.name.clone(),
                controls: f
                    .controls
                    .iter()
                    .map(|c| ControlDetails {
                        name: c.name.clone(),
                        title: c.title.clone(),
                        actions: c
                            .action_ids
                            .iter()
                            .filter_map(|id| titles.get(id).cloned())
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_current_workspace_writes_nothing_and_a_stale_one_is_refreshed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::service::open(dir.path()).unwrap();
        let before = store.conn().total_changes();
        ensure_built_in(&mut store).unwrap();
        assert_eq!(store.conn().total_changes(), before, "nothing rewritten");

        store
            .conn()
            .execute(
                "UPDATE improvement_actions SET description = 'old words' WHERE service = 'zoom'",
                [],
            )
            .unwrap();
        ensure_built_in(&mut store).unwrap();
        let stale: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM improvement_actions WHERE description = 'old words'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0, "an older version's texts are refreshed");
        let titles: Vec<String> = list(&store).unwrap().into_iter().map(|t| t.title).collect();
        assert_eq!(
            titles,
            [
                "CIS Zoom Benchmark v1.0.0",
                "ISO/IEC 27001:2022 Annex A",
                "NIST SP 800-53 Rev. 5 Moderate",
                "SOC 2 Trust Services Criteria (2017): Common Criteria",
                "Salesforce security baseline",
                "Zoom security baseline",
            ]
        );
    }

    #[test]
    fn every_check_is_mapped_in_every_regulation_and_every_mapped_check_exists() {
        let checks = all_checks();
        for (regulation, mapped) in crate::templates::builtin::mapped_check_ids() {
            for id in &mapped {
                assert!(
                    checks.contains_key(id),
                    "{regulation} maps unknown check {id}"
                );
            }
            for (id, check) in &checks {
                let applies = regulation != "cis-zoom-1.0.0" || check.service == "zoom";
                if applies {
                    assert!(mapped.contains(id), "{regulation} does not map check {id}");
                }
            }
        }
    }
}
