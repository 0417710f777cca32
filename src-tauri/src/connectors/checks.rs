//! Declarative checks: each reads one fact, compares it with what the baseline
//! expects, and becomes the automatic test result of its own improvement action,
//! with the observed and expected values as evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

pub use super::expect::Expect;
use super::facts::{Facts, Lookup};
use crate::domain::{
    ActionId, ActionPurpose, Enforcement, ImplementationType, ImprovementAction, TestStatus,
};

/// How bad a failed check is: it picks the failed status ("Failed high risk"...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn failed_status(self) -> TestStatus {
        match self {
            Severity::Low => TestStatus::FailedLowRisk,
            Severity::Medium => TestStatus::FailedMediumRisk,
            Severity::High => TestStatus::FailedHighRisk,
        }
    }

    /// A service's own risk category (Salesforce: `HIGH_RISK`, `MEDIUM_RISK`,
    /// `LOW_RISK`); `None` for anything else, e.g. `INFORMATIONAL`.
    pub fn from_risk_category(category: &str) -> Option<Severity> {
        match category
            .trim()
            .to_ascii_uppercase()
            .trim_end_matches("_RISK")
        {
            "HIGH" => Some(Severity::High),
            "MEDIUM" => Some(Severity::Medium),
            "LOW" => Some(Severity::Low),
            _ => None,
        }
    }
}

/// An organisation-policy bound of a check (a time-out, a length, a count): the
/// benchmark's value is the default, and each assessment may set its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Threshold {
    /// What the number is, e.g. "minimum passcode length".
    pub name: String,
    pub default: f64,
    /// The lowest bound an organisation may set: the benchmark's minimum, which
    /// an organisation may raise but not lower.
    #[serde(default)]
    pub floor: Option<f64>,
}

/// The feature a check is about: when it is off the check does not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Applicability {
    /// A boolean fact, e.g. "settings.recording.cloud_recording".
    pub fact: String,
    /// Its name in a sentence, e.g. "cloud recording".
    pub feature: String,
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
    /// The benchmark item it implements, e.g. "CIS Zoom Benchmark v1.0.0,
    /// recommendation 1.1.1.4", saying so when the benchmark calls it manual.
    pub reference: String,
    /// The benchmark calls the item manual; we read it from a field the service's
    /// API documents.
    pub manual_in_benchmark: bool,
    pub fact: String,
    /// Further facts of the same recommendation that must meet the same expectation.
    pub also: Vec<String>,
    pub expect: Expect,
    pub threshold: Option<Threshold>,
    pub applies_when: Option<Applicability>,
    /// With the enforcement, fixes the points from the reference table.
    pub purpose: ActionPurpose,
    pub enforcement: Enforcement,
    /// A fact holding the service's own risk category for a failure (Salesforce's
    /// `SettingRiskCategory`); without one the tier follows purpose and enforcement.
    pub tier_fact: Option<String>,
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

    /// The failed status when the facts do not name a tier: mandatory checks fail
    /// high, discretionary preventive ones medium, the others low.
    pub fn default_severity(&self) -> Severity {
        match (self.enforcement, self.purpose) {
            (Enforcement::Mandatory, _) => Severity::High,
            (Enforcement::Discretionary, ActionPurpose::Preventive) => Severity::Medium,
            _ => Severity::Low,
        }
    }

    /// The check's improvement action; its points come from the reference table.
    /// What the check implements is not repeated here: details and exports show it
    /// from [`Check::reference`].
    pub fn action(&self) -> ImprovementAction {
        let threshold = self.threshold.as_ref().map_or(String::new(), |t| {
            format!(
                " The {} is the organisation's choice (default {}), set per assessment.",
                t.name, t.default
            )
        });
        ImprovementAction {
            id: ActionId(0),
            uid: self.action_uid(),
            title: self.title.clone(),
            description: format!(
                "{}\n\nHow to fix: {} ({})\n\nTested automatically by check {}: {} {}.{threshold}",
                self.description,
                self.remediation,
                self.admin_link,
                self.id,
                std::iter::once(self.fact.as_str())
                    .chain(self.also.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" and "),
                self.expect.describe()
            ),
            purpose: self.purpose,
            enforcement: self.enforcement,
            custom_score: None,
            implementation_type: ImplementationType::Technical,
            service: Some(self.service.clone()),
        }
    }
}

/// The bound a check was judged against, shown next to its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppliedThreshold {
    pub name: String,
    pub value: f64,
    pub default: f64,
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
    /// Why the check could not decide or does not apply, when that is so.
    pub reason: Option<String>,
    /// The snapshot the facts came from and its SHA-256, when there is one.
    pub snapshot: Option<Uuid>,
    pub snapshot_sha256: Option<String>,
    /// The organisation's bound, for checks that have one.
    #[serde(default)]
    pub threshold: Option<AppliedThreshold>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: TestStatus,
    pub evidence: Evidence,
}

/// Evaluates `check` on a snapshot's facts with the benchmark's bounds; `None` when
/// the instance was never synced.
pub fn evaluate(check: &Check, facts: Option<&Facts>) -> Verdict {
    evaluate_with(check, facts, None)
}

/// Evaluates `check` with the organisation's `bound` in place of the threshold's
/// default, when the check has a threshold.
pub fn evaluate_with(check: &Check, facts: Option<&Facts>, bound: Option<f64>) -> Verdict {
    let applied = check.threshold.as_ref().map(|t| AppliedThreshold {
        name: t.name.clone(),
        value: bound.unwrap_or(t.default),
        default: t.default,
    });
    let expect = match &applied {
        Some(t) => check.expect.with_bound(t.value),
        None => check.expect.clone(),
    };
    let mut evidence = Evidence {
        check_id: check.id.clone(),
        fact: check.fact.clone(),
        observed: None,
        expected: expect.describe(),
        context: BTreeMap::new(),
        reason: None,
        snapshot: None,
        snapshot_sha256: None,
        threshold: applied,
    };
    let verdict = |status, evidence| Verdict { status, evidence };
    let Some(facts) = facts else {
        evidence.reason = Some("no data collected yet: the connector has not synced".into());
        return verdict(TestStatus::ToBeDetermined, evidence);
    };
    for key in check.context.iter().chain(&check.also) {
        if let Lookup::Known(value) = facts.lookup(key) {
            evidence.context.insert(key.clone(), value.clone());
        }
    }
    if let Some(when) = &check.applies_when {
        if let Lookup::Known(Value::Bool(false)) = facts.lookup(&when.fact) {
            evidence.reason = Some(format!("Not applicable: {} is off", when.feature));
            evidence
                .context
                .insert(when.fact.clone(), Value::Bool(false));
            return verdict(TestStatus::OutOfScope, evidence);
        }
    }
    // Any fact that fails fails the check; otherwise one that cannot be read
    // leaves it undetermined.
    let mut outcome = Ok(true);
    for (i, key) in std::iter::once(&check.fact).chain(&check.also).enumerate() {
        let tested = match facts.lookup(key) {
            Lookup::Known(observed) => {
                if i == 0 {
                    evidence.observed = Some(observed.clone());
                }
                expect.test(observed)
            }
            Lookup::Unavailable(reason) => Err(reason.to_string()),
            Lookup::Absent => Err(format!("the service did not report {key}")),
        };
        outcome = match (outcome, tested) {
            (Ok(false), _) | (_, Ok(false)) => Ok(false),
            (Err(why), _) | (_, Err(why)) => Err(why),
            (Ok(true), Ok(true)) => Ok(true),
        };
    }
    match outcome {
        Ok(true) => verdict(TestStatus::Passed, evidence),
        Ok(false) => {
            let severity = check
                .tier_fact
                .as_ref()
                .and_then(|key| match facts.lookup(key) {
                    Lookup::Known(Value::String(category)) => {
                        Severity::from_risk_category(category)
                    }
                    _ => None,
                })
                .unwrap_or_else(|| check.default_severity());
            verdict(severity.failed_status(), evidence)
        }
        Err(why) => {
            evidence.reason = Some(why);
            verdict(TestStatus::CouldNotBeDetermined, evidence)
        }
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
            reference: "CIS Zoom Benchmark v1.0.0, 9.9".into(),
            manual_in_benchmark: false,
            fact: "a.b".into(),
            also: vec![],
            expect,
            threshold: None,
            applies_when: None,
            purpose: ActionPurpose::Preventive,
            enforcement: Enforcement::Discretionary,
            tier_fact: None,
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
    fn passes_fails_with_its_tier_or_cannot_decide() {
        let c = check(Expect::AtLeast { min: 8.0 });
        let pass = evaluate(&c, Some(&facts(json!(12))));
        assert_eq!(pass.status, TestStatus::Passed);
        assert_eq!(pass.evidence.observed, Some(json!(12)));
        assert_eq!(pass.evidence.context["a.c"], json!("shown"));
        assert_eq!(
            evaluate(&c, Some(&facts(json!("7")))).status,
            TestStatus::FailedMediumRisk,
            "numbers as strings are numbers; discretionary preventive fails medium"
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
    fn a_feature_that_is_off_makes_the_check_not_applicable() {
        let mut c = check(Expect::Equals { value: json!(true) });
        c.applies_when = Some(Applicability {
            fact: "a.on".into(),
            feature: "cloud recording".into(),
        });
        let mut f = facts(json!(false));
        f.set("a.on", false);
        let off = evaluate(&c, Some(&f));
        assert_eq!(off.status, TestStatus::OutOfScope);
        assert_eq!(
            off.evidence.reason.as_deref(),
            Some("Not applicable: cloud recording is off")
        );
        f.set("a.on", true);
        assert_eq!(
            evaluate(&c, Some(&f)).status,
            TestStatus::FailedMediumRisk,
            "with the feature on, the setting is judged"
        );
    }

    #[test]
    fn every_fact_of_a_recommendation_must_meet_it() {
        let mut c = check(Expect::Equals { value: json!(true) });
        c.also = vec!["a.d".into()];
        let mut f = facts(json!(true));
        f.set("a.d", true);
        assert_eq!(evaluate(&c, Some(&f)).status, TestStatus::Passed);
        f.set("a.d", false);
        let failed = evaluate(&c, Some(&f));
        assert_eq!(failed.status, TestStatus::FailedMediumRisk);
        assert_eq!(failed.evidence.context["a.d"], json!(false));
        let mut missing = facts(json!(false));
        missing.mark_unavailable("a.d", "refused");
        assert_eq!(
            evaluate(&c, Some(&missing)).status,
            TestStatus::FailedMediumRisk,
            "a failing fact decides even when another cannot be read"
        );
    }

    #[test]
    fn an_organisation_bound_replaces_the_default_and_is_shown() {
        let mut c = check(Expect::AtMost { max: 15.0 });
        c.threshold = Some(Threshold {
            name: "inactivity time-out (minutes)".into(),
            default: 15.0,
            floor: None,
        });
        let f = facts(json!(30));
        let default = evaluate(&c, Some(&f));
        assert_eq!(default.status, TestStatus::FailedMediumRisk);
        assert_eq!(default.evidence.expected, "at most 15");
        let own = evaluate_with(&c, Some(&f), Some(30.0));
        assert_eq!(own.status, TestStatus::Passed);
        assert_eq!(own.evidence.expected, "at most 30");
        let applied = own.evidence.threshold.unwrap();
        assert_eq!((applied.value, applied.default), (30.0, 15.0));
    }

    #[test]
    fn the_service_s_own_risk_category_picks_the_failed_tier() {
        let mut c = check(Expect::Equals {
            value: json!("MEETS_STANDARD"),
        });
        c.tier_fact = Some("a.category".into());
        let mut f = facts(json!("HIGH_RISK"));
        f.set("a.category", "LOW_RISK");
        assert_eq!(evaluate(&c, Some(&f)).status, TestStatus::FailedLowRisk);
        f.set("a.category", "HIGH_RISK");
        assert_eq!(evaluate(&c, Some(&f)).status, TestStatus::FailedHighRisk);
        f.set("a.category", "SOMETHING_NEW");
        assert_eq!(
            evaluate(&c, Some(&f)).status,
            TestStatus::FailedMediumRisk,
            "an unknown category falls back to the check's own tier"
        );
    }

    #[test]
    fn the_action_uid_is_stable_and_points_follow_the_reference_table() {
        let mut c = check(Expect::AtMost { max: 1.0 });
        assert_eq!(
            c.action_uid(),
            check(Expect::AtMost { max: 9.0 }).action_uid()
        );
        assert_eq!(c.action().custom_score, None);
        assert_eq!(c.action().points(), 9);
        c.enforcement = Enforcement::Mandatory;
        assert_eq!(c.action().points(), 27);
        assert_eq!(c.default_severity(), Severity::High);
        c.purpose = ActionPurpose::Detective;
        c.enforcement = Enforcement::Discretionary;
        assert_eq!(c.action().points(), 1);
        assert_eq!(c.default_severity(), Severity::Low);
        assert!(c
            .action()
            .description
            .contains("Tested automatically by check test.check"));
        assert_eq!(c.action().service.as_deref(), Some("zoom"));
    }
}
