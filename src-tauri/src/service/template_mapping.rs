//! Re-mapping a control of an imported template to other improvement actions (an
//! OSCAL import starts with one documentation action per control; the officer may
//! point a control at a connector check or at another template's action instead).
//! The change is a new version of the template: assessments on the old one are
//! offered the update, as for a re-import.

use serde::Serialize;
use ts_rs::TS;

use crate::store::{repo, Store};
use crate::templates::diff::{changes, TemplateChanges};
use crate::templates::{ActionRef, TemplateSource};

use super::template_install::{action_draft, all_checks, install_in, stored_as_draft, version_uid};
use super::templates::with_versions;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Remapped {
    pub template: String,
    pub control: String,
    pub version: String,
    pub changes: TemplateChanges,
}

/// The next version label after a local re-mapping: "3" -> "4", "5.1.1" -> "5.1.1+m1",
/// "5.1.1+m1" -> "5.1.1+m2".
fn next_version(version: &str) -> String {
    if let Ok(n) = version.parse::<u32>() {
        return (n + 1).to_string();
    }
    match version
        .rsplit_once("+m")
        .and_then(|(base, n)| Some((base, n.parse::<u32>().ok()?)))
    {
        Some((base, n)) => format!("{base}+m{}", n + 1),
        None => format!("{version}+m1"),
    }
}

/// Maps `control` of the imported template `template` (title or UUID) to `actions`:
/// each an improvement action's title, or `check:<check id>` for a connector check.
pub fn remap(
    store: &mut Store,
    template: &str,
    control: &str,
    actions: &[String],
) -> Result<Remapped, ServiceError> {
    let stored = super::templates::find(store, template)?;
    let info = with_versions(store)?
        .into_iter()
        .find(|(t, _)| t.id == stored.id)
        .map(|(_, info)| info)
        .ok_or_else(|| ServiceError::NotFound {
            what: "template",
            key: template.to_string(),
        })?;
    if info.source == TemplateSource::BuiltIn.code() {
        return Err(ServiceError::Invalid(format!(
            "{} is built in and changes with the app; import your own copy to change its mappings",
            stored.title
        )));
    }
    if info.superseded {
        return Err(ServiceError::Invalid(format!(
            "this is an older version of {}; re-map the current one",
            stored.title
        )));
    }
    if actions.is_empty() {
        return Err(ServiceError::Invalid(
            "name at least one action for the control".into(),
        ));
    }
    let checks = all_checks();
    let stored_actions = repo::actions::load_all(store.conn())?;
    let old = stored_as_draft(&stored, &stored_actions, &checks);
    let mut draft = old.clone();
    let mut refs = Vec::new();
    for name in actions {
        let name = name.trim();
        if let Some(id) = name.strip_prefix("check:") {
            if !checks.contains_key(id.trim()) {
                return Err(ServiceError::NotFound {
                    what: "check",
                    key: id.trim().to_string(),
                });
            }
            refs.push(ActionRef::Check(id.trim().to_string()));
            continue;
        }
        let action = stored_actions
            .iter()
            .find(|a| a.title.eq_ignore_ascii_case(name))
            .ok_or_else(|| ServiceError::NotFound {
                what: "improvement action",
                key: name.to_string(),
            })?;
        match checks.values().find(|c| c.action_uid() == action.uid) {
            Some(check) => refs.push(ActionRef::Check(check.id.clone())),
            None => {
                if !draft.actions.iter().any(|a| a.title == action.title) {
                    draft.actions.push(action_draft(action));
                }
                refs.push(ActionRef::Own(action.title.clone()));
            }
        }
    }
    let target = draft
        .families
        .iter_mut()
        .flat_map(|f| f.controls.iter_mut())
        .find(|c| c.name.eq_ignore_ascii_case(control.trim()))
        .ok_or_else(|| ServiceError::NotFound {
            what: "control",
            key: control.to_string(),
        })?;
    let control = target.name.clone();
    target.actions = refs;
    // Own actions no control names any more leave this version.
    let used: Vec<ActionRef> = draft.controls().flat_map(|c| c.actions.clone()).collect();
    draft
        .actions
        .retain(|a| used.contains(&ActionRef::Own(a.title.clone())));
    draft.version = next_version(&info.version);
    draft.source = TemplateSource::from_code(&info.source).unwrap_or(TemplateSource::Spreadsheet);
    let diff = changes(&old, &draft);
    if diff.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "{control} already maps exactly these actions"
        )));
    }
    let fingerprint = draft.fingerprint();
    store.write(|tx| {
        install_in(
            tx,
            &draft,
            info.lineage,
            version_uid(info.lineage, &fingerprint),
            &fingerprint,
            &checks,
        )
    })?;
    Ok(Remapped {
        template: stored.title,
        control,
        version: draft.version,
        changes: diff,
    })
}

#[cfg(test)]
mod tests {
    use super::next_version;

    #[test]
    fn versions_after_a_local_mapping() {
        assert_eq!(next_version("3"), "4");
        assert_eq!(next_version("5.1.1+u4"), "5.1.1+u4+m1");
        assert_eq!(next_version("5.1.1+u4+m1"), "5.1.1+u4+m2");
    }
}
