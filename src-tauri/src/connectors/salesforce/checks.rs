//! The Salesforce security baseline: every scored setting of Salesforce's Health
//! Check baseline (Salesforce's own verdict and risk category per setting, from the
//! table `health-check.json`), the Health Check score (best effort), MFA for every
//! standard user, dormant users, passwords that never expire, and the holders of the
//! most powerful permissions.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::connectors::checks::{Check, Expect, Threshold};
use crate::domain::{ActionPurpose, Enforcement};

use super::collect::DORMANT_AFTER_DAYS;
use super::SERVICE_ID;

const HEALTH_CHECK_PAGE: &str =
    "Setup > Security > Health Check (/lightning/setup/HealthCheck/home)";
const PERMISSION_SETS_PAGE: &str =
    "Setup > Users > Permission Sets (/lightning/setup/PermSets/home)";
const USERS_PAGE: &str = "Setup > Users > Users (/lightning/setup/ManageUsers/home)";

/// The Health Check baseline's settings; also read by the collector to match rows.
pub const TABLE: &[u8] = include_bytes!("health-check.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[allow(dead_code)]
    baseline: String,
    #[allow(dead_code)]
    durable_id: String,
    settings: Vec<Setting>,
}

/// One setting of Salesforce's Health Check baseline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub id: String,
    /// The English label Health Check shows (`Setting`); translated in other orgs.
    pub label: String,
    /// `SettingGroup`, e.g. "PasswordPolicies".
    pub group: String,
    /// The setting's name in the baseline file, e.g. "MinPasswordLength".
    pub api_name: String,
    /// HIGH, MEDIUM, LOW or INFORMATIONAL in Salesforce's standard baseline.
    pub category: String,
    /// Informational settings are shown as evidence, not scored.
    pub scored: bool,
    /// What Salesforce's standard baseline asks for, as Health Check words it.
    pub standard_value: String,
    pub title: String,
    pub description: String,
    pub remediation: String,
    /// Where the label, group and key were confirmed: for maintainers, not shown.
    #[allow(dead_code)]
    pub source: String,
}

pub fn settings() -> &'static [Setting] {
    static SETTINGS: OnceLock<Vec<Setting>> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        serde_json::from_slice::<Table>(TABLE)
            .expect("health-check.json is checked by the unit tests")
            .settings
    })
}

/// The fact prefix of a Health Check setting.
pub fn setting_key(id: &str) -> String {
    format!("health_check.settings.{id}")
}

fn health_check_setting(setting: &Setting) -> Check {
    let key = setting_key(&setting.id);
    let high = setting.category == "HIGH";
    Check {
        id: format!("salesforce.health_check.{}", setting.id),
        service: SERVICE_ID.into(),
        family: match setting.category.as_str() {
            "HIGH" => "Health Check: high-risk settings",
            "MEDIUM" => "Health Check: medium-risk settings",
            _ => "Health Check: low-risk settings",
        }
        .into(),
        title: setting.title.clone(),
        description: format!(
            "{} Salesforce's standard baseline asks for: {}. Health Check judges the setting \
             against the org's baseline; the failed tier is Salesforce's own risk category for it.",
            setting.description, setting.standard_value
        ),
        remediation: setting.remediation.clone(),
        admin_link: HEALTH_CHECK_PAGE.into(),
        reference: format!(
            "Salesforce Health Check baseline setting \"{}\" ({}.{})",
            setting.label, setting.group, setting.api_name
        ),
        manual_in_benchmark: false,
        fact: format!("{key}.risk_type"),
        also: vec![],
        expect: Expect::Equals {
            value: "MEETS_STANDARD".into(),
        },
        threshold: None,
        applies_when: None,
        purpose: ActionPurpose::Preventive,
        enforcement: if high {
            Enforcement::Mandatory
        } else {
            Enforcement::Discretionary
        },
        tier_fact: Some(format!("{key}.category")),
        context: vec![
            format!("{key}.org_value"),
            format!("{key}.standard_value"),
            "health_check.baseline".into(),
        ],
    }
}

/// A check of our own on data the collector reads; preventive unless said.
#[allow(clippy::too_many_arguments)]
fn own(
    id: &str,
    title: &str,
    description: &str,
    remediation: &str,
    page: &str,
    fact: &str,
    expect: Expect,
    enforcement: Enforcement,
) -> Check {
    Check {
        id: format!("salesforce.{id}"),
        service: SERVICE_ID.into(),
        family: "Identity and access".into(),
        title: title.into(),
        description: description.into(),
        remediation: remediation.into(),
        admin_link: page.into(),
        reference: "Compliance Desk's own check (beyond the Health Check baseline)".into(),
        manual_in_benchmark: false,
        fact: fact.into(),
        also: vec![],
        expect,
        threshold: None,
        applies_when: None,
        purpose: ActionPurpose::Preventive,
        enforcement,
        tier_fact: None,
        context: vec![],
    }
}

/// At most `default` active holders of a permission; the number is the organisation's.
fn holders(key: &str, permission: &str, default: f64, why: &str) -> Check {
    let mut check = own(
        &format!("access.{key}_users"),
        &format!("Limit {permission} to a few active Salesforce users"),
        &format!(
            "{why} Each extra holder widens what one compromised account can do. \
             How many holders are acceptable is the organisation's choice (default {default})."
        ),
        &format!(
            "Remove {permission} from the profiles and permission sets of users who do not need it; \
             keep the holders to a named few."
        ),
        PERMISSION_SETS_PAGE,
        &format!("permissions.{key}_users"),
        Expect::AtMost { max: default },
        Enforcement::Discretionary,
    );
    check.threshold = Some(Threshold {
        name: format!("most active holders of {permission}"),
        default,
        floor: None,
    });
    check.context = vec![format!("permissions.{key}_user_names")];
    check
}

fn build() -> Vec<Check> {
    let mut checks: Vec<Check> = settings()
        .iter()
        .filter(|s| s.scored)
        .map(health_check_setting)
        .collect();
    let mut score = own(
        "health_check.score",
        "Keep the Salesforce Health Check score at 80 or above",
        "The Health Check score sums up how far the org's security settings are from its \
         baseline; 80 and above is graded Very Good. Best effort: some orgs do not expose the \
         score through the API, and then the result is \"Could not be determined\".",
        "Fix the settings Health Check lists as high and medium risk first.",
        HEALTH_CHECK_PAGE,
        "health_check.score",
        Expect::AtLeast { min: 80.0 },
        Enforcement::Discretionary,
    );
    score.family = "Health Check: overall".into();
    score.purpose = ActionPurpose::Detective;
    score.reference = "Salesforce Health Check score (best effort)".into();
    score.threshold = Some(Threshold {
        name: "lowest acceptable Health Check score".into(),
        default: 80.0,
        floor: None,
    });
    score.context = vec![
        "health_check.baseline".into(),
        "health_check.informational".into(),
        "health_check.unmatched".into(),
        "login_history.failed_last_30_days".into(),
    ];
    checks.push(score);

    let mut mfa = own(
        "identity.mfa_all_active_users",
        "Register multi-factor authentication for every active Salesforce user",
        "Every active standard user has at least one verification method (authenticator app, \
         security key, built-in authenticator or TOTP), so that a stolen password alone does not \
         open the org. Integration, guest and automated-process users cannot register one; they \
         are listed apart, not counted.",
        "Require MFA for all users (the 'Multi-Factor Authentication for User Interface Logins' \
         permission or the org-wide setting) and have the users listed register a method.",
        "Setup > Identity > Identity Verification (/lightning/setup/IdentityVerification/home)",
        "mfa.active_users_without_mfa",
        Expect::AtMost { max: 0.0 },
        Enforcement::Mandatory,
    );
    mfa.context = vec![
        "mfa.active_users_without_mfa_names".into(),
        "mfa.standard_users".into(),
        "mfa.excluded_user_names".into(),
        "permissions.api_only_user_names".into(),
    ];
    checks.push(mfa);

    let mut modify_all = holders(
        "modify_all_data",
        "Modify All Data",
        2.0,
        "Modify All Data lets a user change or delete any record.",
    );
    modify_all.enforcement = Enforcement::Mandatory;
    checks.push(modify_all);
    checks.push(holders(
        "view_all_data",
        "View All Data",
        2.0,
        "View All Data lets a user read every record, whatever the sharing rules say.",
    ));
    checks.push(holders(
        "manage_users",
        "Manage Users",
        3.0,
        "Manage Users lets a user create users, reset passwords and assign permissions.",
    ));
    checks.push(holders(
        "author_apex",
        "Author Apex",
        3.0,
        "Author Apex lets a user write code that runs without the user's sharing limits.",
    ));
    checks.push(holders("customize_application", "Customize Application", 3.0, "Customize Application lets a user change the org's setup and security-relevant configuration."));
    checks.push(holders(
        "modify_metadata",
        "Modify Metadata Through Metadata API Functions",
        3.0,
        "Modify Metadata lets a user change the org's configuration through the Metadata API.",
    ));

    let mut dormant = own(
        "identity.dormant_users",
        &format!("Deactivate Salesforce users who have not signed in for {DORMANT_AFTER_DAYS} days"),
        "Accounts nobody uses are not watched: a forgotten password or a leaver's access goes unnoticed.",
        "Deactivate or freeze the users listed, or record why each stays active.",
        USERS_PAGE,
        "users.dormant",
        Expect::AtMost { max: 0.0 },
        Enforcement::Discretionary,
    );
    dormant.context = vec!["users.dormant_names".into()];
    checks.push(dormant);

    let mut never_expires = own(
        "identity.password_never_expires",
        "Let no active Salesforce user keep a password that never expires",
        "The 'Password Never Expires' permission exempts a user from the org's password expiry, \
         so a leaked password keeps working indefinitely.",
        "Remove 'Password Never Expires' from the profiles and permission sets of the users listed.",
        PERMISSION_SETS_PAGE,
        "permissions.password_never_expires_users",
        Expect::AtMost { max: 0.0 },
        Enforcement::Discretionary,
    );
    never_expires.context = vec!["permissions.password_never_expires_user_names".into()];
    checks.push(never_expires);
    checks
}

pub fn checks() -> Vec<Check> {
    static CHECKS: OnceLock<Vec<Check>> = OnceLock::new();
    CHECKS.get_or_init(build).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_health_check_table_is_whole_and_its_keys_unique() {
        let settings = settings();
        let scored = settings.iter().filter(|s| s.scored).count();
        assert!(scored >= 22, "{scored} scored settings");
        let mut keys: Vec<_> = settings
            .iter()
            .map(|s| (s.group.as_str(), s.api_name.as_str()))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), settings.len(), "group + API name is unique");
        assert!(settings
            .iter()
            .all(|s| ["HIGH", "MEDIUM", "LOW", "INFORMATIONAL"].contains(&s.category.as_str())));
        let checks = checks();
        let mut ids: Vec<_> = checks.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), checks.len(), "ids are unique");
    }
}
