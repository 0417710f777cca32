//! Salesforce's Security Health Check rows as facts. A row is matched to our table
//! by its `DurableId` ("SettingGroup.key", stable across languages) first, then by
//! its group and English label; a row neither matches is kept as evidence and
//! logged, never dropped silently.

use serde_json::{json, Value};

use super::checks::{setting_key, settings, Setting};
use super::collect::text;
use crate::connectors::facts::Facts;

fn normalised(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The table's setting a Health Check row is about.
pub fn matching(row: &Value) -> Option<&'static Setting> {
    let durable = text(row, "DurableId");
    let group = text(row, "SettingGroup");
    let label = normalised(text(row, "Setting"));
    settings()
        .iter()
        .find(|s| {
            durable
                .split_once('.')
                .is_some_and(|(g, key)| g == s.group && key.eq_ignore_ascii_case(&s.api_name))
        })
        .or_else(|| {
            settings()
                .iter()
                .find(|s| s.group == group && normalised(&s.label) == label)
        })
}

fn describe(row: &Value) -> String {
    format!(
        "{} ({}): {} (standard: {})",
        text(row, "Setting"),
        text(row, "DurableId"),
        text(row, "OrgValue"),
        text(row, "StandardValue")
    )
}

/// Records the score, which baseline it is measured against, every matched row's
/// verdict, the informational rows and the rows we do not check.
pub fn record(facts: &mut Facts, health: &[Value], risks: &[Value]) {
    match health.first() {
        Some(row) => {
            match row.get("Score").filter(|s| !s.is_null()) {
                Some(score) => facts.set("health_check.score", score.clone()),
                None => facts.mark_unavailable(
                    "health_check.score",
                    "Salesforce did not report a Health Check score for this org",
                ),
            }
            // With the standard baseline the id is empty or "0".
            let custom = text(row, "CustomBaselineId");
            facts.set(
                "health_check.baseline",
                if custom.is_empty() || custom == "0" {
                    "Salesforce's standard baseline".to_string()
                } else {
                    format!("measured against the org's custom baseline ({custom}), not Salesforce's standard one")
                },
            );
        }
        None => facts.mark_unavailable(
            "health_check.score",
            "the org returned no Health Check (best effort: some orgs do not expose it through the API)",
        ),
    }
    let mut informational = Vec::new();
    let mut unmatched = Vec::new();
    for row in risks {
        match matching(row) {
            Some(setting) if setting.scored => {
                let key = setting_key(&setting.id);
                facts.set(format!("{key}.risk_type"), text(row, "RiskType"));
                facts.set(format!("{key}.org_value"), text(row, "OrgValue"));
                facts.set(format!("{key}.standard_value"), text(row, "StandardValue"));
                facts.set(format!("{key}.category"), text(row, "SettingRiskCategory"));
            }
            Some(_) => informational.push(describe(row)),
            None => {
                tracing::info!(
                    durable_id = text(row, "DurableId"),
                    "Salesforce reported a Health Check setting we do not check"
                );
                unmatched.push(format!(
                    "Salesforce reported a setting we do not check: {}",
                    describe(row)
                ));
            }
        }
    }
    facts.set("health_check.informational", json!(informational));
    facts.set("health_check.unmatched", json!(unmatched));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_match_by_durable_id_whatever_the_language_then_by_label() {
        let german = json!({"DurableId": "PasswordPolicies.minPasswordLength", "SettingGroup": "PasswordPolicies", "Setting": "Minimale Kennwortlänge"});
        assert_eq!(matching(&german).unwrap().id, "min_password_length");
        let no_id = json!({"DurableId": "", "SettingGroup": "PasswordPolicies", "Setting": "Minimum  password length"});
        assert_eq!(matching(&no_id).unwrap().id, "min_password_length");
        let other_group = json!({"DurableId": "", "SettingGroup": "SessionSettings", "Setting": "Minimum password length"});
        assert!(matching(&other_group).is_none());
    }

    #[test]
    fn unknown_and_informational_rows_become_evidence() {
        let mut facts = Facts::default();
        let risks = [
            json!({"DurableId": "Identity.samlEnabled", "SettingGroup": "Identity", "Setting": "SAML Enabled", "OrgValue": "Enabled", "StandardValue": "Enabled", "RiskType": "MEETS_STANDARD", "SettingRiskCategory": "INFORMATIONAL"}),
            json!({"DurableId": "NewGroup.newThing", "SettingGroup": "NewGroup", "Setting": "A new thing", "OrgValue": "Off", "StandardValue": "On", "RiskType": "HIGH_RISK", "SettingRiskCategory": "HIGH_RISK"}),
        ];
        record(
            &mut facts,
            &[json!({"Score": "90", "CustomBaselineId": "0Hx000000000001"})],
            &risks,
        );
        assert_eq!(facts.values["health_check.score"], json!("90"));
        assert!(facts.values["health_check.baseline"]
            .as_str()
            .unwrap()
            .contains("custom baseline"));
        assert_eq!(
            facts.values["health_check.informational"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let unmatched = facts.values["health_check.unmatched"].as_array().unwrap();
        assert!(unmatched[0]
            .as_str()
            .unwrap()
            .contains("we do not check: A new thing"));
    }
}
