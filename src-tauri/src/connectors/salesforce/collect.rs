//! Reads a Salesforce org: Health Check (Tooling API), Organization, active users
//! (dormant ones, and who has MFA), holders of powerful permissions and a login
//! history summary, following `nextRecordsUrl` until each query is done.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use chrono::{DateTime, Utc};

use super::health_check;
use super::Settings;
use crate::connectors::facts::Facts;
use crate::connectors::http::Api;
use crate::connectors::ConnectorError;

/// Runs one SOQL query (Tooling API when `tooling`) and returns every record.
pub(super) async fn query(
    api: &Api,
    settings: &Settings,
    tooling: bool,
    soql: &str,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Vec<Value>, ConnectorError> {
    let base = &settings.instance_url;
    let api_path = format!(
        "/services/data/v{}/{}",
        settings.api_version,
        if tooling { "tooling/query/" } else { "query" }
    );
    let mut url = url::Url::parse(&format!("{base}{api_path}"))
        .map_err(|e| ConnectorError::Settings(e.to_string()))?;
    url.query_pairs_mut().append_pair("q", soql);
    let origin = url.origin();
    let mut records = Vec::new();
    for _ in 0..crate::connectors::http::MAX_PAGES {
        let answer = api.get(url.as_str()).await?;
        let batch = answer
            .get("records")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(&answer, "a query answer without records"))?;
        records.extend(batch.iter().cloned());
        page(soql.split(" FROM ").nth(1).unwrap_or("query"));
        let done = answer.get("done").and_then(Value::as_bool).unwrap_or(true);
        match answer.get("nextRecordsUrl").and_then(Value::as_str) {
            Some(next) if !done => url = next_page(&url, &origin, next)?,
            _ => return Ok(records),
        }
    }
    Err(ConnectorError::Endless {
        service: "Salesforce".into(),
        what: format!("the query \"{soql}\""),
        pages: crate::connectors::http::MAX_PAGES,
    })
}

/// The next page of a query: a path on the same instance. Anything that would send
/// the bearer token to another host ("@evil.example/x", "//evil.example") is refused.
fn next_page(
    current: &url::Url,
    origin: &url::Origin,
    next: &str,
) -> Result<url::Url, ConnectorError> {
    let refused = |detail: String| ConnectorError::Malformed {
        service: "Salesforce".into(),
        path: "nextRecordsUrl".into(),
        detail,
        attempts: 1,
    };
    if !next.starts_with('/') || next.starts_with("//") {
        return Err(refused(format!(
            "the next page \"{next}\" is not a path on this instance; it was not followed"
        )));
    }
    let url = current
        .join(next)
        .map_err(|e| refused(format!("the next page \"{next}\" is not an address: {e}")))?;
    if &url.origin() != origin {
        return Err(refused(format!(
            "the next page \"{next}\" points to another host; it was not followed"
        )));
    }
    Ok(url)
}

fn malformed(answer: &Value, what: &str) -> ConnectorError {
    ConnectorError::Malformed {
        service: "Salesforce".into(),
        path: what.into(),
        detail: answer.to_string().chars().take(200).collect(),
        attempts: 1,
    }
}

/// A query the signed-in user may not be allowed to run: its facts become
/// "unavailable" with Salesforce's reason instead of failing the sync.
pub(super) fn refused(error: &ConnectorError) -> Option<String> {
    match error {
        ConnectorError::Api {
            status,
            code,
            message,
            ..
        } if *status == 403
            || matches!(
                code.as_str(),
                "INVALID_TYPE" | "INSUFFICIENT_ACCESS" | "INSUFFICIENT_ACCESS_OR_READONLY"
            ) =>
        {
            Some(format!(
                "Salesforce refused to share it: {message} ({code})"
            ))
        }
        _ => None,
    }
}

/// A field this org does not have (an edition without Apex, an older release): its
/// facts become "unavailable" with Salesforce's words, the rest of the sync goes on.
fn missing_field(error: &ConnectorError) -> Option<String> {
    match error {
        ConnectorError::Api { code, message, .. } if code == "INVALID_FIELD" => Some(format!(
            "this org does not have the field Salesforce needs for it: {message} ({code})"
        )),
        _ => None,
    }
}

pub(super) fn text<'a>(record: &'a Value, key: &str) -> &'a str {
    record.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The powerful permissions whose active holders are counted, by fact name and
/// the `PermissionSet` field that grants each.
pub(super) const PERMISSIONS: [(&str, &str); 8] = [
    ("modify_all_data", "PermissionsModifyAllData"),
    ("view_all_data", "PermissionsViewAllData"),
    ("manage_users", "PermissionsManageUsers"),
    ("author_apex", "PermissionsAuthorApex"),
    ("customize_application", "PermissionsCustomizeApplication"),
    ("modify_metadata", "PermissionsModifyMetadata"),
    ("password_never_expires", "PermissionsPasswordNeverExpires"),
    ("api_only", "PermissionsApiUserOnly"),
];

/// Active users who have not signed in for this many days are reported.
pub const DORMANT_AFTER_DAYS: i64 = 90;
/// Failed sign-ins are summed over this many days.
const FAILED_LOGIN_DAYS: i64 = 30;

/// Salesforce's timestamps ("2026-11-20T08:00:00.000+0000").
fn timestamp(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(value))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    names
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

pub(super) async fn collect(
    api: &Api,
    settings: &Settings,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Facts, ConnectorError> {
    let q = |tooling, soql: String| async move { query(api, settings, tooling, &soql, page).await };
    let holders = futures_util::future::join_all(PERMISSIONS.iter().map(|(_, field)| {
        q(false, format!(
            "SELECT AssigneeId, Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.{field} = true AND Assignee.IsActive = true"
        ))
    }));
    let (health, risks, organization, users, mfa, holders, logins) = tokio::join!(
        q(true, "SELECT Id, DurableId, CustomBaselineId, Score FROM SecurityHealthCheck".into()),
        q(true, "SELECT DurableId, RiskType, Setting, SettingGroup, OrgValue, OrgValueRaw, StandardValue, StandardValueRaw, SettingRiskCategory FROM SecurityHealthCheckRisks".into()),
        q(false, "SELECT Name, IsSandbox, InstanceName, OrganizationType FROM Organization".into()),
        q(false, "SELECT Id, Username, UserType, LastLoginDate FROM User WHERE IsActive = true".into()),
        q(false, "SELECT UserId, HasTotp, HasSalesforceAuthenticator, HasSecurityKey, HasBuiltInAuthenticator FROM TwoFactorMethodsInfo".into()),
        holders,
        q(false, "SELECT UserId, LoginTime, Status, LoginType FROM LoginHistory ORDER BY LoginTime DESC LIMIT 2000".into()),
    );
    let mut facts = Facts::default();
    let unavailable_or = |facts: &mut Facts, key: &str, e: ConnectorError| match refused(&e)
        .or_else(|| missing_field(&e))
    {
        Some(reason) => {
            facts.mark_unavailable(key, reason);
            Ok(())
        }
        None => Err(e),
    };

    match (health, risks) {
        (Ok(health), Ok(risks)) => health_check::record(&mut facts, &health, &risks),
        // The score without the settings: each setting's check says why.
        (Ok(health), Err(e)) => {
            health_check::record(&mut facts, &health, &[]);
            unavailable_or(&mut facts, "health_check.settings", e)?;
        }
        (Err(e), _) => unavailable_or(&mut facts, "health_check", e)?,
    }

    let organization = organization?;
    if let Some(org) = organization.first() {
        for key in ["Name", "IsSandbox", "InstanceName", "OrganizationType"] {
            facts.set(
                format!("organization.{key}"),
                org.get(key).cloned().unwrap_or(Value::Null),
            );
        }
    }

    let users = users?;
    facts.set("users.active", users.len());
    let now = Utc::now();
    // People who sign in to the UI are standard users; guest and automated-process
    // users cannot register an MFA method or sign in, and are listed apart.
    let (people, others): (Vec<&Value>, Vec<&Value>) = users
        .iter()
        .partition(|u| text(u, "UserType") == "Standard");
    facts.set(
        "mfa.excluded_user_names",
        json!(sorted(others.iter().map(|u| format!(
            "{} ({})",
            text(u, "Username"),
            text(u, "UserType")
        )))),
    );
    facts.set("mfa.standard_users", people.len());
    // Dormant: standard users only; the others never sign in interactively.
    let dormant = sorted(
        people
            .iter()
            .filter(|u| {
                timestamp(text(u, "LastLoginDate"))
                    .is_none_or(|t| (now - t).num_days() >= DORMANT_AFTER_DAYS)
            })
            .map(|u| text(u, "Username").to_string()),
    );
    facts.set("users.dormant", dormant.len());
    facts.set("users.dormant_names", json!(dormant));
    match mfa {
        Ok(methods) => {
            let with_mfa: BTreeSet<&str> = methods
                .iter()
                .filter(|m| {
                    ["HasTotp", "HasSalesforceAuthenticator", "HasSecurityKey", "HasBuiltInAuthenticator"]
                        .iter()
                        .any(|k| m.get(*k).and_then(Value::as_bool).unwrap_or(false))
                })
                .map(|m| text(m, "UserId"))
                .collect();
            let without = sorted(
                people
                    .iter()
                    .filter(|u| !with_mfa.contains(text(u, "Id")))
                    .map(|u| text(u, "Username").to_string()),
            );
            facts.set("mfa.active_users_without_mfa", without.len());
            facts.set("mfa.active_users_without_mfa_names", json!(without));
        }
        Err(e) => match refused(&e) {
            Some(reason) => facts.mark_unavailable(
                "mfa.active_users_without_mfa",
                format!("{reason}. Reading MFA methods needs the \"Manage Multi-Factor Authentication in API\" permission"),
            ),
            None => return Err(e),
        },
    }

    // Distinct active holders of each powerful permission.
    for ((key, _), rows) in PERMISSIONS.iter().zip(holders) {
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                unavailable_or(&mut facts, &format!("permissions.{key}_users"), e)?;
                continue;
            }
        };
        let people = sorted(rows.iter().map(|r| {
            r.get("Assignee")
                .and_then(|a| a.get("Username"))
                .and_then(Value::as_str)
                .unwrap_or(text(r, "AssigneeId"))
                .to_string()
        }));
        facts.set(format!("permissions.{key}_users"), people.len());
        facts.set(format!("permissions.{key}_user_names"), json!(people));
    }

    // Login history: a summary, not every row.
    match logins {
        Ok(rows) => {
            let recent: Vec<&Value> = rows
                .iter()
                .filter(|r| {
                    timestamp(text(r, "LoginTime"))
                        .is_some_and(|t| (now - t).num_days() < FAILED_LOGIN_DAYS)
                })
                .collect();
            let failed = recent
                .iter()
                .filter(|r| text(r, "Status") != "Success")
                .count();
            let users: BTreeSet<&str> = rows.iter().map(|r| text(r, "UserId")).collect();
            facts.set("login_history.logins", rows.len());
            facts.set("login_history.failed_last_30_days", failed);
            facts.set("login_history.distinct_users", users.len());
            facts.set(
                "login_history.latest",
                rows.iter()
                    .map(|r| text(r, "LoginTime"))
                    .max()
                    .unwrap_or(""),
            );
        }
        Err(e) => unavailable_or(&mut facts, "login_history", e)?,
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn a_next_page_must_stay_on_the_instance() {
        let current =
            url::Url::parse("https://acme.my.salesforce.com/services/data/v60.0/query?q=x")
                .unwrap();
        let origin = current.origin();
        let next = next_page(&current, &origin, "/services/data/v60.0/query/01g-2000").unwrap();
        assert_eq!(
            next.as_str(),
            "https://acme.my.salesforce.com/services/data/v60.0/query/01g-2000"
        );
        for hostile in [
            "@evil.example/x",
            "//evil.example/x",
            "https://evil.example/services/data/v60.0/query/01g-2000",
            "evil",
        ] {
            let err = next_page(&current, &origin, hostile)
                .unwrap_err()
                .to_string();
            assert!(err.contains("was not followed"), "{hostile}: {err}");
        }
    }
}
