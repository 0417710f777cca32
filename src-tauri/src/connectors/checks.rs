//! Declarative checks: each reads one fact, compares it with what the baseline
//! expects, and becomes the automatic test result of its own improvement action,
//! with the observed and expected values as evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::facts::{Facts, Lookup};
use crate::domain::{
    ActionId, ActionPurpose, Enforcement, ImplementationType, ImprovementAction, TestStatus,
};

/// How bad a failed check is; it picks the failed status and the action's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    /// A baseline action's points follow the risk of failing it.
    pub fn points(self) -> u8 {
        match self {
            Severity::Low => 3,
            Severity::Medium => 9,
            Severity::High => 27,
        }
    }

    pub fn failed_status(self) -> TestStatus {
        match self {
            Severity::Low => TestStatus::FailedLowRisk,
            Severity::Medium => TestStatus::FailedMediumRisk,
            Severity::High => TestStatus::FailedHighRisk,
        }
    }
}

/// What the fact must be for the check to pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[ts(export)]
pub enum Expect {
    Equals {
        #[ts(type = "unknown")]
        value: Value,
    },
    AtLeast {
        min: f64,
    },
    AtMost {
        max: f64,
    },
    Between {
        min: f64,
        max: f64,
    },
    /// A list with at most this many entries.
    AtMostItems {
        max: usize,
    },
}

impl Expect {
    pub fn describe(&self) -> String {
        match self {
            Expect::Equals { value } => format!("equals {value}"),
            Expect::AtLeast { min } => format!("at least {min}"),
            Expect::AtMost { max } => format!("at most {max}"),
            Expect::Between { min, max } => format!("between {min} and {max}"),
            Expect::AtMostItems { max } => format!("at most {max} entries"),
        }
    }

    /// Whether `observed` meets the expectation, or why the two cannot be compared.
    pub fn test(&self, observed: &Value) -> Result<bool, String> {
        let number = || {
            number(observed).ok_or_else(|| format!("the service reported {observed}, not a number"))
        };
        match self {
            Expect::Equals { value } => Ok(observed == value),
            Expect::AtLeast { min } => Ok(number()? >= *min),
            Expect::AtMost { max } => Ok(number()? <= *max),
            Expect::Between { min, max } => number().map(|n| (*min..=*max).contains(&n)),
            Expect::AtMostItems { max } => observed
                .as_array()
                .map(|items| items.len() <= *max)
                .ok_or_else(|| format!("the service reported {observed}, not a list")),
        }
    }
}

/// Numbers may come as strings (Salesforce documents the Health Check score as one).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Check {
    /// Stable across versions: results, exports and regulation mappings refer to it.
    pub id: String,
    pub service: String,
    /// The control family of the service's baseline template.
    pub family: String,
    /// The improvement action's title.
    pub title: String,
    /// What the setting protects against, in plain words.
    pub description: String,
    pub remediation: String,
    /// The admin page where the setting is changed.
    pub admin_link: String,
    pub fact: String,
    pub expect: Expect,
    pub severity: Severity,
    pub purpose: ActionPurpose,
    /// Other facts shown beside the observed value (e.g. Salesforce's own values).
    pub context: Vec<String>,
}

/// Improvement actions derived from checks share this namespace, so that a check's
/// action keeps its UUID in every database and export.
const ACTION_NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_3c2e_8d4b_4f0a_9b7e_2c5d_1e3f_4a6b);

impl Check {
    pub fn action_uid(&self) -> Uuid {
        Uuid::new_v5(&ACTION_NAMESPACE, self.id.as_bytes())
    }

    /// The check's improvement action: high-severity checks are mandatory, and the
    /// points follow the severity (27 / 9 / 3) whatever the purpose.
    pub fn action(&self) -> ImprovementAction {
        ImprovementAction {
            id: ActionId(0),
            uid: self.action_uid(),
            title: self.title.clone(),
            description: format!(
                "{}\n\nHow to fix: {} ({})\n\nTested automatically by check {}: {} {}.",
                self.description,
                self.remediation,
                self.admin_link,
                self.id,
                self.fact,
                self.expect.describe()
            ),
            purpose: self.purpose,
            enforcement: if self.severity == Severity::High {
                Enforcement::Mandatory
            } else {
                Enforcement::Discretionary
            },
            custom_score: Some(self.severity.points()),
            implementation_type: ImplementationType::Technical,
            service: Some(self.service.clone()),
        }
    }
}

/// What an automatic test saw; kept with the result for auditors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evidence {
    pub check_id: String,
    pub fact: String,
    #[ts(type = "unknown")]
    pub observed: Option<Value>,
    pub expected: String,
    #[ts(type = "Record<string, unknown>")]
    pub context: BTreeMap<String, Value>,
    /// Why the check could not decide, when it could not.
    pub reason: Option<String>,
    /// The snapshot the facts came from and its SHA-256, when there is one.
    pub snapshot: Option<Uuid>,
    pub snapshot_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: TestStatus,
    pub evidence: Evidence,
}

/// Evaluates `check` on a snapshot's facts; `None` when the instance was never synced.
pub fn evaluate(check: &Check, facts: Option<&Facts>) -> Verdict {
    let mut evidence = Evidence {
        check_id: check.id.clone(),
        fact: check.fact.clone(),
        observed: None,
        expected: check.expect.describe(),
        context: BTreeMap::new(),
        reason: None,
        snapshot: None,
        snapshot_sha256: None,
    };
    let Some(facts) = facts else {
        evidence.reason = Some("no data collected yet: the connector has not synced".into());
        return Verdict {
            status: TestStatus::ToBeDetermined,
            evidence,
        };
    };
    for key in &check.context {
        if let Lookup::Known(value) = facts.lookup(key) {
            evidence.context.insert(key.clone(), value.clone());
        }
    }
    let undetermined = |mut evidence: Evidence, reason: String| {
        evidence.reason = Some(reason);
        Verdict {
            status: TestStatus::CouldNotBeDetermined,
            evidence,
        }
    };
    match facts.lookup(&check.fact) {
        Lookup::Known(observed) => {
            evidence.observed = Some(observed.clone());
            match check.expect.test(observed) {
                Ok(true) => Verdict {
                    status: TestStatus::Passed,
                    evidence,
                },
                Ok(false) => Verdict {
                    status: check.severity.failed_status(),
                    evidence,
                },
                Err(why) => undetermined(evidence, why),
            }
        }
        Lookup::Unavailable(reason) => undetermined(evidence, reason.to_string()),
        Lookup::Absent => undetermined(
            evidence,
            format!("the service did not report {}", check.fact),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(expect: Expect) -> Check {
        Check {
            id: "test.check".into(),
            service: "zoom".into(),
            family: "F".into(),
            title: "T".into(),
            description: "D".into(),
            remediation: "R".into(),
            admin_link: "L".into(),
            fact: "a.b".into(),
            expect,
            severity: Severity::Medium,
            purpose: ActionPurpose::Preventive,
            context: vec!["a.c".into()],
        }
    }

    fn facts(value: Value) -> Facts {
        let mut f = Facts::default();
        f.set("a.b", value);
        f.set("a.c", "shown");
        f
    }

    #[test]
    fn passes_fails_with_its_severity_or_cannot_decide() {
        let c = check(Expect::AtLeast { min: 8.0 });
        let pass = evaluate(&c, Some(&facts(json!(12))));
        assert_eq!(pass.status, TestStatus::Passed);
        assert_eq!(pass.evidence.observed, Some(json!(12)));
        assert_eq!(pass.evidence.context["a.c"], json!("shown"));
        assert_eq!(
            evaluate(&c, Some(&facts(json!("7")))).status,
            TestStatus::FailedMediumRisk,
            "numbers as strings are numbers"
        );
        let odd = evaluate(&c, Some(&facts(json!(true))));
        assert_eq!(odd.status, TestStatus::CouldNotBeDetermined);
        assert!(odd.evidence.reason.unwrap().contains("not a number"));
        let never = evaluate(&c, None);
        assert_eq!(never.status, TestStatus::ToBeDetermined);
        let mut refused = Facts::default();
        refused.mark_unavailable("a", "missing permission X");
        let refused = evaluate(&c, Some(&refused));
        assert_eq!(refused.status, TestStatus::CouldNotBeDetermined);
        assert_eq!(
            refused.evidence.reason.as_deref(),
            Some("missing permission X")
        );
        let absent = evaluate(&c, Some(&Facts::default()));
        assert!(absent
            .evidence
            .reason
            .unwrap()
            .contains("did not report a.b"));
    }

    #[test]
    fn every_kind_of_expectation() {
        let eq = Expect::Equals {
            value: json!("all"),
        };
        assert_eq!(eq.test(&json!("all")), Ok(true));
        assert_eq!(eq.test(&json!("group")), Ok(false));
        assert_eq!(Expect::AtMost { max: 0.0 }.test(&json!(2)), Ok(false));
        let between = Expect::Between {
            min: 1.0,
            max: 60.0,
        };
        assert_eq!(between.test(&json!(0)), Ok(false));
        assert_eq!(between.test(&json!(30)), Ok(true));
        let items = Expect::AtMostItems { max: 2 };
        assert_eq!(items.test(&json!(["US", "EU"])), Ok(true));
        assert_eq!(items.test(&json!(["US", "EU", "CN"])), Ok(false));
        assert!(items.test(&json!("US")).is_err());
    }

    #[test]
    fn the_action_uid_is_stable_and_high_severity_is_mandatory() {
        let mut c = check(Expect::AtMost { max: 1.0 });
        assert_eq!(
            c.action_uid(),
            check(Expect::AtMost { max: 9.0 }).action_uid()
        );
        assert_eq!(c.action().enforcement, Enforcement::Discretionary);
        assert_eq!(c.action().custom_score, Some(9));
        c.severity = Severity::High;
        assert_eq!(c.action().enforcement, Enforcement::Mandatory);
        assert_eq!(c.action().custom_score, Some(27));
        assert_eq!(c.action().service.as_deref(), Some("zoom"));
    }
}
