//! Scenarios: a Salesforce org and a Zoom account described as data files
//! (`scenarios/*.json`), and a generator of large Zoom accounts for benchmarks.
//!
//! The three files cover every setting the API docs list: "well-configured" meets
//! the baselines, "mixed" is partly hardened, "neglected" is not. The Health Check
//! score is a string in two of them and a number in "mixed", as the docs warn the
//! real service does both.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::{salesforce, zoom};

#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub salesforce: SalesforceOrg,
    pub zoom: ZoomAccount,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SalesforceOrg {
    /// Records per object name.
    pub objects: HashMap<String, Vec<Map<String, Value>>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ZoomAccount {
    pub settings: Value,
    pub settings_options: HashMap<String, Value>,
    pub lock_settings: Value,
    pub users: Vec<Value>,
    pub user_settings: HashMap<String, Value>,
}

const FILES: [(&str, &str); 3] = [
    (
        "well-configured",
        include_str!("../scenarios/well-configured.json"),
    ),
    ("mixed", include_str!("../scenarios/mixed.json")),
    ("neglected", include_str!("../scenarios/neglected.json")),
];

/// Dates in scenario files are relative ("@days_ago:120"), so that "signed in within
/// 90 days" stays true whenever the tests run; Salesforce's own format comes out.
fn relative_dates(value: &mut Value, now: chrono::DateTime<chrono::Utc>) {
    match value {
        Value::String(text) => {
            if let Some(days) = text
                .strip_prefix("@days_ago:")
                .and_then(|d| d.parse::<i64>().ok())
            {
                let at = now - chrono::Duration::days(days);
                *text = at.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string();
            }
        }
        Value::Object(map) => map.values_mut().for_each(|v| relative_dates(v, now)),
        Value::Array(items) => items.iter_mut().for_each(|v| relative_dates(v, now)),
        _ => {}
    }
}

impl Scenario {
    pub fn names() -> Vec<&'static str> {
        FILES.iter().map(|(name, _)| *name).collect()
    }

    /// A scenario by name; the error lists the names there are.
    pub fn named(name: &str) -> Result<Scenario, String> {
        let (_, text) = FILES.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            format!(
                "no scenario \"{name}\"; there are: {}",
                Scenario::names().join(", ")
            )
        })?;
        let mut scenario: Scenario = serde_json::from_str(text)
            .map_err(|e| format!("scenario \"{name}\" is not valid: {e}"))?;
        for records in scenario.salesforce.objects.values_mut() {
            for record in records {
                for value in record.values_mut() {
                    relative_dates(value, chrono::Utc::now());
                }
            }
        }
        Ok(scenario)
    }

    /// A well-configured account with `users` Zoom users, the same for the same
    /// `seed`: for benchmarks of a large sync.
    pub fn large(users: usize, seed: u64) -> Scenario {
        let mut scenario =
            Scenario::named("well-configured").expect("the built-in scenario is valid");
        scenario.name = format!("large-{users}");
        scenario.description = format!("well-configured, with {users} Zoom users (seed {seed})");
        let mut state = seed.max(1);
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        scenario.zoom.users = (0..users)
            .map(|i| {
                let r = next();
                let dept = ["Sales", "Support", "Engineering", "Legal"][(r % 4) as usize];
                json!({
                    "id": format!("zu{i:07}gen"),
                    "first_name": format!("User{i}"),
                    "last_name": "Generated",
                    "email": format!("user{i}@large.example"),
                    "type": if r % 5 == 0 { 1 } else { 2 },
                    "pmi": 8_100_000_000u64 + i as u64,
                    "timezone": "UTC",
                    "dept": dept,
                    "created_at": "2025-01-15T09:00:00Z",
                    "last_login_time": format!("2026-11-{:02}T09:00:00Z", 1 + r % 25),
                    "last_client_version": "6.2.5.12345(mac)",
                    "group_ids": [],
                    "role_id": if i == 0 { "0" } else { "2" },
                    "status": "active",
                    "verified": 1,
                })
            })
            .collect();
        scenario
    }

    pub fn salesforce_config(&self) -> salesforce::Config {
        salesforce::Config {
            objects: self.salesforce.objects.clone(),
            ..salesforce::Config::default()
        }
    }

    pub fn zoom_config(&self) -> zoom::Config {
        let z = &self.zoom;
        zoom::Config {
            settings: z.settings.clone(),
            settings_options: z.settings_options.clone(),
            lock_settings: z.lock_settings.clone(),
            users: z.users.clone(),
            user_settings: z.user_settings.clone(),
            ..zoom::Config::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_loads_and_covers_the_documented_settings() {
        for name in Scenario::names() {
            let s = Scenario::named(name).unwrap();
            let objects = &s.salesforce.objects;
            for object in [
                "Organization",
                "User",
                "PermissionSet",
                "PermissionSetAssignment",
                "TwoFactorMethodsInfo",
                "LoginHistory",
                "SecurityHealthCheck",
                "SecurityHealthCheckRisks",
            ] {
                assert!(
                    objects.get(object).is_some_and(|r| !r.is_empty()),
                    "{name} lacks {object}"
                );
            }
            assert!(
                objects["SecurityHealthCheckRisks"].len() >= 45,
                "{name}: every baseline setting, scored and informational"
            );
            let login = objects["User"][0]["LastLoginDate"].as_str().unwrap();
            assert!(
                login.ends_with("+0000") && !login.starts_with('@'),
                "{name}: relative dates become Salesforce timestamps: {login}"
            );
            for group in ["schedule_meeting", "in_meeting", "recording"] {
                assert!(s.zoom.settings[group].is_object(), "{name} lacks {group}");
            }
            for option in [
                "security",
                "meeting_security",
                "meeting_authentication",
                "recording_authentication",
            ] {
                assert!(
                    s.zoom.settings_options.contains_key(option),
                    "{name} lacks option {option}"
                );
            }
        }
        assert!(Scenario::named("nope")
            .unwrap_err()
            .contains("well-configured, mixed, neglected"));
    }

    #[test]
    fn large_accounts_are_deterministic() {
        let a = Scenario::large(2000, 7);
        let b = Scenario::large(2000, 7);
        assert_eq!(a.zoom.users.len(), 2000);
        assert_eq!(a.zoom.users, b.zoom.users);
        assert_ne!(a.zoom.users, Scenario::large(2000, 8).zoom.users);
    }
}
