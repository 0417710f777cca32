//! What changes between two versions of a template, shown before an update or a
//! re-import is applied.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use ts_rs::TS;

use super::{ActionRef, ControlDraft, TemplateDraft};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateChanges {
    /// Control references ("AC-2(1)").
    pub controls_added: Vec<String>,
    pub controls_removed: Vec<String>,
    /// Title, description or mapped actions differ.
    pub controls_changed: Vec<String>,
    /// Action titles, or "check <id>" for connector-tested actions.
    pub actions_added: Vec<String>,
    pub actions_removed: Vec<String>,
    pub actions_changed: Vec<String>,
}

impl TemplateChanges {
    pub fn is_empty(&self) -> bool {
        *self == TemplateChanges::default()
    }
}

fn name(action: &ActionRef) -> String {
    match action {
        ActionRef::Check(id) => format!("check {id}"),
        ActionRef::Own(title) => title.clone(),
    }
}

pub fn changes(old: &TemplateDraft, new: &TemplateDraft) -> TemplateChanges {
    let controls = |d: &TemplateDraft| -> BTreeMap<String, ControlDraft> {
        d.controls().map(|c| (c.name.clone(), c.clone())).collect()
    };
    let (before, after) = (controls(old), controls(new));
    let mut out = TemplateChanges::default();
    for (key, control) in &after {
        match before.get(key) {
            None => out.controls_added.push(key.clone()),
            Some(previous) if previous != control => out.controls_changed.push(key.clone()),
            Some(_) => {}
        }
    }
    out.controls_removed = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();

    let refs = |d: &TemplateDraft| -> BTreeSet<ActionRef> {
        d.controls()
            .flat_map(|c| c.actions.iter().cloned())
            .collect()
    };
    let (before, after) = (refs(old), refs(new));
    out.actions_added = after.difference(&before).map(name).collect();
    out.actions_removed = before.difference(&after).map(name).collect();
    for action in &new.actions {
        let previous = old.actions.iter().find(|a| a.title == action.title);
        if previous.is_some_and(|p| p != action) {
            out.actions_changed.push(action.title.clone());
        }
    }
    out
}
