//! The Salesforce security baseline: every setting of Salesforce's Health Check
//! baseline (Salesforce's own verdict per setting), the Health Check score, MFA for
//! every active user and the number of users who can modify all data.

use crate::connectors::checks::{Check, Expect, Severity};
use crate::domain::ActionPurpose;

use super::SERVICE_ID;

const HEALTH_CHECK_PAGE: &str =
    "Setup > Security > Health Check (/lightning/setup/HealthCheck/home)";

/// (id, Health Check label, severity, action title, why it matters, how to fix)
const HEALTH_CHECK_SETTINGS: &[(&str, &str, Severity, &str, &str, &str)] = &[
    ("lock_sessions_to_domain", "Lock sessions to the domain in which they were first used", Severity::High,
     "Lock Salesforce sessions to the domain they started on",
     "A session cookie stolen from one Salesforce domain cannot be replayed on another.",
     "In Session Settings, turn on locking sessions to the domain in which they were first used."),
    ("clickjack_setup", "Enable clickjack protection for Setup pages", Severity::High,
     "Protect Salesforce Setup pages from clickjacking",
     "Setup pages cannot be framed by another site that tricks an admin into clicking.",
     "In Session Settings, turn on clickjack protection for Setup pages."),
    ("clickjack_non_setup", "Enable clickjack protection for non-Setup Salesforce pages", Severity::High,
     "Protect Salesforce user pages from clickjacking",
     "Ordinary Salesforce pages cannot be framed by another site that tricks users into clicking.",
     "In Session Settings, turn on clickjack protection for non-Setup Salesforce pages."),
    ("csrf_get", "Enable CSRF protection on GET requests on non-setup pages", Severity::High,
     "Block cross-site request forgery on Salesforce GET requests",
     "Another site cannot make a signed-in user's browser change data through GET requests.",
     "In Session Settings, turn on CSRF protection on GET requests on non-setup pages."),
    ("csrf_post", "Enable CSRF protection on POST requests on non-setup pages", Severity::High,
     "Block cross-site request forgery on Salesforce POST requests",
     "Another site cannot make a signed-in user's browser submit forms to Salesforce.",
     "In Session Settings, turn on CSRF protection on POST requests on non-setup pages."),
    ("httponly_cookies", "Require HttpOnly attribute", Severity::High,
     "Keep Salesforce session cookies away from scripts",
     "Scripts injected into a page cannot read the session cookie and take over the session.",
     "In Session Settings, require the HttpOnly attribute."),
    ("max_invalid_logins", "Maximum invalid login attempts", Severity::High,
     "Lock Salesforce accounts after three failed sign-ins",
     "Password guessing stops after a few attempts instead of going on indefinitely.",
     "In Password Policies, set maximum invalid login attempts to 3."),
    ("risky_file_types", "Risky file types", Severity::High,
     "Download risky file types instead of opening them in the browser",
     "HTML, SVG and similar uploads cannot run scripts in the Salesforce domain when opened.",
     "In File Upload and Download Security, set risky file types to download."),
    ("expired_certificates", "Expired certificates", Severity::High,
     "Replace expired Salesforce certificates",
     "Expired certificates break single sign-on and encrypted integrations, or get bypassed.",
     "In Certificate and Key Management, renew or delete every expired certificate."),
    ("min_password_lifetime", "Minimum password lifetime", Severity::Medium,
     "Keep Salesforce passwords for at least one day",
     "Users cannot cycle through new passwords at once to get back to an old one.",
     "In Password Policies, require a minimum one-day password lifetime."),
    ("relogin_after_login_as", "Force relogin after Login-As-User", Severity::Medium,
     "Make admins sign in again after logging in as another user",
     "An admin's session does not carry another user's identity after impersonation ends.",
     "In Session Settings, turn on forcing relogin after Login-As-User."),
    ("enforce_ip_ranges", "Enforce login IP ranges on every request", Severity::Medium,
     "Enforce login IP ranges on every Salesforce request",
     "Profile IP restrictions apply to every request, not only at sign-in.",
     "In Session Settings, turn on enforcing login IP ranges on every request."),
    ("password_expiry", "User passwords expire in", Severity::Medium,
     "Expire Salesforce passwords within 90 days",
     "A leaked password stops working after a bounded time.",
     "In Password Policies, set user passwords to expire in 90 days or less."),
    ("password_history", "Enforce password history", Severity::Medium,
     "Remember at least three previous Salesforce passwords",
     "Users cannot reuse a recent password when they must change it.",
     "In Password Policies, remember at least 3 passwords."),
    ("min_password_length", "Minimum password length", Severity::Medium,
     "Require Salesforce passwords of at least eight characters",
     "Short passwords are guessed or cracked quickly.",
     "In Password Policies, set the minimum password length to 8 or more."),
    ("password_complexity", "Password complexity requirement", Severity::Medium,
     "Require letters, numbers and special characters in Salesforce passwords",
     "Complex passwords resist guessing and dictionary attacks.",
     "In Password Policies, require alpha, numeric and special characters."),
    ("obscure_secret_answer", "Obscure secret answer for password resets", Severity::Low,
     "Hide the secret answer when users reset their Salesforce password",
     "Someone looking over a user's shoulder cannot read the answer.",
     "In Password Policies, turn on obscuring the secret answer for password resets."),
    ("logout_on_timeout", "Force logout on session timeout", Severity::Low,
     "Sign users out of Salesforce when their session times out",
     "A timed-out session is ended, not left waiting in the browser.",
     "In Session Settings, turn on forcing logout on session timeout."),
    ("verify_mfa_registration", "Require identity verification during multi-factor authentication (MFA) registration", Severity::Low,
     "Verify identity before users register an MFA method in Salesforce",
     "A stolen password alone cannot register the attacker's own second factor.",
     "In Session Settings, require identity verification during MFA registration."),
    ("verify_email_change", "Require identity verification for email address changes", Severity::Low,
     "Verify identity before users change their Salesforce email address",
     "An attacker in a session cannot redirect password resets to their own mailbox.",
     "In Session Settings, require identity verification for email address changes."),
    ("session_timeout", "Timeout value", Severity::Low,
     "Time out idle Salesforce sessions within two hours",
     "An unattended signed-in browser is not usable by someone else for long.",
     "In Session Settings, set the timeout value to 2 hours or less."),
    ("lockout_period", "Lockout effective period", Severity::Low,
     "Keep locked-out Salesforce accounts locked for at least 30 minutes",
     "Password guessing slows down to a few attempts per half hour.",
     "In Password Policies, set the lockout effective period to 30 minutes or more."),
];

/// The fact key of a Health Check setting, from its label as Salesforce shows it.
pub fn setting_key(label: &str) -> String {
    let slug: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let words: Vec<&str> = slug.split('_').filter(|w| !w.is_empty()).collect();
    format!("health_check.settings.{}", words.join("_"))
}

fn health_check_setting(
    (id, label, severity, title, why, fix): &(&str, &str, Severity, &str, &str, &str),
) -> Check {
    let key = setting_key(label);
    Check {
        id: format!("salesforce.health_check.{id}"),
        service: SERVICE_ID.into(),
        family: match severity {
            Severity::High => "Health Check: high-risk settings",
            Severity::Medium => "Health Check: medium-risk settings",
            Severity::Low => "Health Check: low-risk settings",
        }
        .into(),
        title: (*title).into(),
        description: format!(
            "{why} Salesforce's Health Check setting \"{label}\" must meet the standard baseline."
        ),
        remediation: (*fix).into(),
        admin_link: HEALTH_CHECK_PAGE.into(),
        fact: format!("{key}.risk_type"),
        expect: Expect::Equals {
            value: "MEETS_STANDARD".into(),
        },
        severity: *severity,
        purpose: ActionPurpose::Preventive,
        context: vec![format!("{key}.org_value"), format!("{key}.standard_value")],
    }
}

pub fn checks() -> Vec<Check> {
    let mut checks: Vec<Check> = HEALTH_CHECK_SETTINGS
        .iter()
        .map(health_check_setting)
        .collect();
    checks.push(Check {
        id: "salesforce.health_check.score".into(),
        service: SERVICE_ID.into(),
        family: "Health Check: overall".into(),
        title: "Keep the Salesforce Health Check score at 80 or above".into(),
        description: "The Health Check score sums up how far the org's security settings are from \
                      Salesforce's baseline; 80 and above is graded Very Good."
            .into(),
        remediation: "Fix the settings Health Check lists as high and medium risk first.".into(),
        admin_link: HEALTH_CHECK_PAGE.into(),
        fact: "health_check.score".into(),
        expect: Expect::AtLeast { min: 80.0 },
        severity: Severity::Medium,
        purpose: ActionPurpose::Detective,
        context: vec![],
    });
    checks.push(Check {
        id: "salesforce.identity.mfa_all_active_users".into(),
        service: SERVICE_ID.into(),
        family: "Identity and access".into(),
        title: "Register multi-factor authentication for every active Salesforce user".into(),
        description: "Every active user has at least one verification method (authenticator app, \
                      security key, built-in authenticator or TOTP), so that a stolen password \
                      alone does not open the org."
            .into(),
        remediation: "Require MFA for all users (the 'Multi-Factor Authentication for User Interface \
                      Logins' permission or the org-wide setting) and have the users listed register a method."
            .into(),
        admin_link: "Setup > Identity > Identity Verification (/lightning/setup/IdentityVerification/home)".into(),
        fact: "mfa.active_users_without_mfa".into(),
        expect: Expect::AtMost { max: 0.0 },
        severity: Severity::High,
        purpose: ActionPurpose::Preventive,
        context: vec!["mfa.active_users_without_mfa_names".into(), "users.active".into()],
    });
    checks.push(Check {
        id: "salesforce.access.modify_all_data_users".into(),
        service: SERVICE_ID.into(),
        family: "Identity and access".into(),
        title: "Limit Modify All Data to at most two active Salesforce users".into(),
        description: "Modify All Data lets a user change or delete any record; each extra holder \
                      widens what one compromised account can do."
            .into(),
        remediation:
            "Remove Modify All Data from profiles and permission sets of users who do not \
                      administer the org; keep one or two break-glass administrators."
                .into(),
        admin_link: "Setup > Users > Permission Sets (/lightning/setup/PermSets/home)".into(),
        fact: "permissions.modify_all_data_users".into(),
        expect: Expect::AtMost { max: 2.0 },
        severity: Severity::High,
        purpose: ActionPurpose::Preventive,
        context: vec!["permissions.modify_all_data_user_names".into()],
    });
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_keys_are_slugs_of_the_labels() {
        assert_eq!(
            setting_key("Require identity verification during multi-factor authentication (MFA) registration"),
            "health_check.settings.require_identity_verification_during_multi_factor_authentication_mfa_registration"
        );
        assert_eq!(
            setting_key("Timeout value"),
            "health_check.settings.timeout_value"
        );
    }

    #[test]
    fn every_health_check_baseline_setting_has_a_check() {
        let checks = checks();
        assert_eq!(checks.len(), 22 + 3);
        let mut ids: Vec<_> = checks.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), checks.len(), "ids are unique");
    }
}
