//! Reads a Salesforce org: Health Check (Tooling API), Organization, active users,
//! their MFA methods, holders of powerful permissions and a login history summary,
//! following `nextRecordsUrl` until each query is done.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use super::checks::setting_key;
use super::Settings;
use crate::connectors::facts::Facts;
use crate::connectors::http::Api;
use crate::connectors::ConnectorError;

/// Runs one SOQL query (Tooling API when `tooling`) and returns every record.
async fn query(
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
    let mut url = url.to_string();
    let mut records = Vec::new();
    loop {
        let answer = api.get(&url).await?;
        let batch = answer
            .get("records")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(&answer, "a query answer without records"))?;
        records.extend(batch.iter().cloned());
        page(soql.split(" FROM ").nth(1).unwrap_or("query"));
        let done = answer.get("done").and_then(Value::as_bool).unwrap_or(true);
        match answer.get("nextRecordsUrl").and_then(Value::as_str) {
            Some(next) if !done => url = format!("{base}{next}"),
            _ => return Ok(records),
        }
    }
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
fn refused(error: &ConnectorError) -> Option<String> {
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

fn text<'a>(record: &'a Value, key: &str) -> &'a str {
    record.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(super) async fn collect(
    api: &Api,
    settings: &Settings,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Facts, ConnectorError> {
    let q = |tooling, soql: &'static str| query(api, settings, tooling, soql, page);
    let holders = |permission: &'static str| {
        match permission {
        "ModifyAllData" => q(false, "SELECT AssigneeId, Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.PermissionsModifyAllData = true AND Assignee.IsActive = true"),
        "ViewAllData" => q(false, "SELECT AssigneeId, Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.PermissionsViewAllData = true AND Assignee.IsActive = true"),
        _ => q(false, "SELECT AssigneeId, Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.PermissionsManageUsers = true AND Assignee.IsActive = true"),
    }
    };
    let (health, risks, organization, users, mfa, modify_all, view_all, manage_users, logins) = tokio::join!(
        q(true, "SELECT Id, Score FROM SecurityHealthCheck"),
        q(true, "SELECT RiskType, Setting, SettingGroup, OrgValue, OrgValueRaw, StandardValue, StandardValueRaw, SettingRiskCategory FROM SecurityHealthCheckRisks"),
        q(false, "SELECT Name, IsSandbox, InstanceName, OrganizationType FROM Organization"),
        q(false, "SELECT Id, Username, UserType FROM User WHERE IsActive = true"),
        q(false, "SELECT UserId, HasTotp, HasSalesforceAuthenticator, HasSecurityKey, HasBuiltInAuthenticator FROM TwoFactorMethodsInfo"),
        holders("ModifyAllData"),
        holders("ViewAllData"),
        holders("ManageUsers"),
        q(false, "SELECT UserId, LoginTime, Status, LoginType FROM LoginHistory ORDER BY LoginTime DESC LIMIT 2000"),
    );
    let mut facts = Facts::default();

    // Health Check: the score and Salesforce's verdict on every baseline setting.
    match health {
        Ok(rows) => match rows.first().and_then(|r| r.get("Score")) {
            Some(score) => facts.set("health_check.score", score.clone()),
            None => {
                facts.mark_unavailable("health_check.score", "the org returned no Health Check")
            }
        },
        Err(e) => match refused(&e) {
            Some(reason) => facts.mark_unavailable("health_check.score", reason),
            None => return Err(e),
        },
    }
    match risks {
        Ok(rows) => {
            for row in &rows {
                let key = setting_key(text(row, "Setting"));
                facts.set(format!("{key}.risk_type"), text(row, "RiskType"));
                facts.set(format!("{key}.org_value"), text(row, "OrgValue"));
                facts.set(format!("{key}.standard_value"), text(row, "StandardValue"));
                facts.set(format!("{key}.category"), text(row, "SettingRiskCategory"));
            }
        }
        Err(e) => match refused(&e) {
            Some(reason) => facts.mark_unavailable("health_check.settings", reason),
            None => return Err(e),
        },
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

    // Active users and who among them has no MFA method registered.
    let users = users?;
    let names: HashMap<&str, &str> = users
        .iter()
        .map(|u| (text(u, "Id"), text(u, "Username")))
        .collect();
    facts.set("users.active", users.len());
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
            let mut without: Vec<&str> = names
                .iter()
                .filter(|(id, _)| !with_mfa.contains(*id))
                .map(|(_, name)| *name)
                .collect();
            without.sort_unstable();
            facts.set("mfa.active_users_without_mfa", without.len());
            facts.set("mfa.active_users_without_mfa_names", json!(without));
        }
        Err(e) => match refused(&e) {
            Some(reason) => facts.mark_unavailable(
                "mfa",
                format!("{reason}. Reading MFA methods needs the \"Manage Multi-Factor Authentication in API\" permission"),
            ),
            None => return Err(e),
        },
    }

    // Distinct active holders of each powerful permission.
    for (key, holders) in [
        ("modify_all_data", modify_all),
        ("view_all_data", view_all),
        ("manage_users", manage_users),
    ] {
        let rows = holders?;
        let mut people: Vec<String> = rows
            .iter()
            .map(|r| {
                r.get("Assignee")
                    .and_then(|a| a.get("Username"))
                    .and_then(Value::as_str)
                    .unwrap_or(text(r, "AssigneeId"))
                    .to_string()
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        people.sort();
        facts.set(format!("permissions.{key}_users"), people.len());
        facts.set(format!("permissions.{key}_user_names"), json!(people));
    }

    // Login history: a summary, not every row.
    match logins {
        Ok(rows) => {
            let failed = rows
                .iter()
                .filter(|r| text(r, "Status") != "Success")
                .count();
            let users: BTreeSet<&str> = rows.iter().map(|r| text(r, "UserId")).collect();
            facts.set("login_history.logins", rows.len());
            facts.set("login_history.failed", failed);
            facts.set("login_history.distinct_users", users.len());
            facts.set(
                "login_history.latest",
                rows.iter()
                    .map(|r| text(r, "LoginTime"))
                    .max()
                    .unwrap_or(""),
            );
        }
        Err(e) => match refused(&e) {
            Some(reason) => facts.mark_unavailable("login_history", reason),
            None => return Err(e),
        },
    }
    Ok(facts)
}
