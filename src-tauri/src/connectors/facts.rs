//! Facts: what a sync learnt about a service, flattened to dotted keys
//! ("settings.in_meeting.file_transfer"). Checks read facts only, never raw answers,
//! so that the same check works whatever shape the service answered in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub values: BTreeMap<String, Value>,
    /// Keys (or key prefixes) the service would not give, with the reason, e.g. a
    /// permission the signed-in user lacks. The sync still succeeds.
    pub unavailable: BTreeMap<String, String>,
}

/// What the facts say about one key.
#[derive(Debug, PartialEq)]
pub enum Lookup<'a> {
    Known(&'a Value),
    Unavailable(&'a str),
    Absent,
}

impl Facts {
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.values.insert(key.into(), value.into());
    }

    /// Adds every leaf of `value` under `prefix`; arrays are leaves.
    pub fn flatten(&mut self, prefix: &str, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    self.flatten(&format!("{prefix}.{key}"), child);
                }
            }
            leaf => {
                self.values.insert(prefix.to_string(), leaf.clone());
            }
        }
    }

    pub fn mark_unavailable(&mut self, prefix: impl Into<String>, reason: impl Into<String>) {
        self.unavailable.insert(prefix.into(), reason.into());
    }

    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        if let Some(value) = self.values.get(key) {
            return Lookup::Known(value);
        }
        self.unavailable
            .iter()
            .find(|(prefix, _)| key == *prefix || key.starts_with(&format!("{prefix}.")))
            .map_or(Lookup::Absent, |(_, reason)| Lookup::Unavailable(reason))
    }
}

/// One setting that changed between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Change {
    pub key: String,
    #[ts(type = "unknown")]
    pub before: Option<Value>,
    #[ts(type = "unknown")]
    pub after: Option<Value>,
}

/// What changed from `before` to `after`, key by key, in key order.
pub fn drift(before: &Facts, after: &Facts) -> Vec<Change> {
    let mut keys: Vec<&String> = before.values.keys().chain(after.values.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let (old, new) = (before.values.get(key), after.values.get(key));
            (old != new).then(|| Change {
                key: key.clone(),
                before: old.cloned(),
                after: new.cloned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattening_keeps_leaves_and_arrays_and_unavailable_covers_a_prefix() {
        let mut facts = Facts::default();
        facts.flatten(
            "settings",
            &json!({"in_meeting": {"file_transfer": false, "regions": ["US", "EU"]}}),
        );
        facts.mark_unavailable("mfa", "needs Manage MFA in API");
        assert_eq!(
            facts.lookup("settings.in_meeting.file_transfer"),
            Lookup::Known(&json!(false))
        );
        assert_eq!(
            facts.lookup("settings.in_meeting.regions"),
            Lookup::Known(&json!(["US", "EU"]))
        );
        assert_eq!(
            facts.lookup("mfa.active_users_without_mfa"),
            Lookup::Unavailable("needs Manage MFA in API")
        );
        assert_eq!(facts.lookup("mfaX"), Lookup::Absent);
    }

    #[test]
    fn drift_lists_changed_added_and_removed_settings() {
        let mut a = Facts::default();
        a.set("x", 1);
        a.set("same", true);
        a.set("gone", "g");
        let mut b = Facts::default();
        b.set("x", 2);
        b.set("same", true);
        b.set("new", "n");
        let changes = drift(&a, &b);
        let keys: Vec<_> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["gone", "new", "x"]);
        assert_eq!(changes[2].before, Some(json!(1)));
        assert_eq!(changes[2].after, Some(json!(2)));
        assert!(drift(&a, &a).is_empty());
    }
}
