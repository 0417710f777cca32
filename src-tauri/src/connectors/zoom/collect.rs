//! Reads a Zoom account: settings (the default answer and every `option`), lock
//! settings, active users page by page, and each active user's settings with
//! bounded concurrency.

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::Settings;
use crate::connectors::facts::Facts;
use crate::connectors::http::Api;
use crate::connectors::ConnectorError;

const OPTIONS: [&str; 4] = [
    "security",
    "meeting_security",
    "meeting_authentication",
    "recording_authentication",
];

/// The app lacks a scope: the facts become "unavailable" with Zoom's words.
fn missing_scope(error: &ConnectorError) -> Option<String> {
    match error {
        ConnectorError::Api { code, message, .. } if code == "4711" => Some(format!(
            "Zoom refused: {message}. Add the scope to the app in the Zoom App Marketplace"
        )),
        _ => None,
    }
}

/// At validation a missing scope is an error that names it, not a gap in the facts.
pub(super) fn required(what: &str, error: ConnectorError) -> ConnectorError {
    match missing_scope(&error) {
        Some(_) => match error {
            ConnectorError::Api { message, .. } => ConnectorError::MissingPermission {
                service: "Zoom".into(),
                what: what.into(),
                detail: message,
            },
            other => other,
        },
        None => error,
    }
}

fn keep(
    facts: &mut Facts,
    prefix: &str,
    answer: Result<Value, ConnectorError>,
) -> Result<(), ConnectorError> {
    match answer {
        Ok(value) => {
            facts.flatten(prefix, &value);
            Ok(())
        }
        Err(e) => match missing_scope(&e) {
            Some(reason) => {
                facts.mark_unavailable(prefix, reason);
                Ok(())
            }
            None => Err(e),
        },
    }
}

async fn active_users(
    api: &Api,
    settings: &Settings,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Vec<Value>, ConnectorError> {
    let mut users = Vec::new();
    let mut token = String::new();
    for _ in 0..crate::connectors::http::MAX_PAGES {
        let mut url = url::Url::parse(&settings.api("/users"))
            .map_err(|e| ConnectorError::Settings(e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("status", "active")
            .append_pair("page_size", "300");
        if !token.is_empty() {
            url.query_pairs_mut().append_pair("next_page_token", &token);
        }
        let answer = api.get(url.as_str()).await?;
        let batch = answer
            .get("users")
            .and_then(Value::as_array)
            .ok_or_else(|| ConnectorError::Malformed {
                service: "Zoom".into(),
                path: "/v2/users".into(),
                detail: "an answer without users".into(),
                attempts: 1,
            })?;
        users.extend(batch.iter().cloned());
        page("users");
        token = answer
            .get("next_page_token")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if token.is_empty() {
            return Ok(users);
        }
    }
    Err(ConnectorError::Endless {
        service: "Zoom".into(),
        what: "the list of users".into(),
        pages: crate::connectors::http::MAX_PAGES,
    })
}

async fn fetch(
    api: &Api,
    url: String,
    what: &str,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Value, ConnectorError> {
    let answer = api.get(&url).await;
    page(what);
    answer
}

/// One user's settings, with the email that names them in evidence.
async fn user_settings(
    api: &Api,
    settings: &Settings,
    user: Value,
    page: &(dyn Fn(&str) + Sync),
) -> Result<(String, Value), ConnectorError> {
    let id = user.get("id").and_then(Value::as_str).unwrap_or("");
    let email = user
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_string();
    // The id goes in as one path segment, whatever it holds.
    let segment: String = url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let url = settings.api(&format!("/users/{segment}/settings"));
    fetch(api, url, "user settings", page)
        .await
        .map(|s| (email, s))
}

/// The value a user actually gets: their own setting, else the account's; `None`
/// when neither is known.
fn effective(user: &Value, account: &Facts, section: &str, key: &str) -> Option<bool> {
    user.get(section)
        .and_then(|s| s.get(key))
        .or_else(|| account.values.get(&format!("settings.{section}.{key}")))
        .and_then(Value::as_bool)
}

pub(super) async fn collect(
    api: &Api,
    settings: &Settings,
    page: &(dyn Fn(&str) + Sync),
) -> Result<Facts, ConnectorError> {
    let option = |o: &str| settings.api(&format!("/accounts/me/settings?option={o}"));
    let get = |url: String| fetch(api, url, "settings", page);
    let (
        (account, security, meeting_security, meeting_auth, recording_auth),
        (locks, security_locks),
        users,
    ) = tokio::join!(
        async {
            tokio::join!(
                get(settings.api("/accounts/me/settings")),
                get(option(OPTIONS[0])),
                get(option(OPTIONS[1])),
                get(option(OPTIONS[2])),
                get(option(OPTIONS[3])),
            )
        },
        async {
            // The meeting security locks come only with their option.
            tokio::join!(
                get(settings.api("/accounts/me/lock_settings")),
                get(settings.api("/accounts/me/lock_settings?option=meeting_security")),
            )
        },
        active_users(api, settings, page),
    );
    let mut facts = Facts::default();
    keep(&mut facts, "settings", account)?;
    for answer in [security, meeting_security, meeting_auth, recording_auth] {
        keep(&mut facts, "settings", answer)?;
    }
    keep(&mut facts, "lock", locks)?;
    match security_locks {
        // An account (or a Zoom for Government host) without the option: the
        // meeting security locks are unknown, the rest of the sync stands.
        Err(ConnectorError::Api {
            status: 400 | 404,
            message,
            ..
        }) => facts.mark_unavailable(
            "lock.meeting_security",
            format!("Zoom did not answer the meeting security lock settings: {message}"),
        ),
        answer => keep(&mut facts, "lock", answer)?,
    }

    let users = match users {
        Ok(users) => users,
        Err(e) => {
            let Some(reason) = missing_scope(&e) else {
                return Err(e);
            };
            facts.mark_unavailable("users", reason);
            return Ok(facts);
        }
    };
    facts.set("users.active", users.len());
    let licensed = users
        .iter()
        .filter(|u| u.get("type").and_then(Value::as_i64) == Some(2))
        .count();
    facts.set("users.licensed", licensed);

    let per_user: Vec<Result<(String, Value), ConnectorError>> = stream::iter(users)
        .map(|user| user_settings(api, settings, user, page))
        .buffer_unordered(api.concurrency())
        .collect()
        .await;
    let mut file_transfer = Vec::new();
    let mut join_before_host = Vec::new();
    let mut unknown = false;
    for answer in per_user {
        let (email, user_settings) = match answer {
            Ok(answer) => answer,
            Err(e) => match missing_scope(&e) {
                Some(reason) => {
                    facts.mark_unavailable("users.file_transfer_allowed", reason.clone());
                    facts.mark_unavailable("users.join_before_host_allowed", reason);
                    return Ok(facts);
                }
                None => return Err(e),
            },
        };
        let transfer = effective(&user_settings, &facts, "in_meeting", "file_transfer");
        let early = effective(
            &user_settings,
            &facts,
            "schedule_meeting",
            "join_before_host",
        );
        unknown |= transfer.is_none() || early.is_none();
        if transfer == Some(true) {
            file_transfer.push(email.clone());
        }
        if early == Some(true) {
            join_before_host.push(email);
        }
    }
    if unknown {
        let reason = "some users inherit the account's meeting settings, which could not be read";
        facts.mark_unavailable("users.file_transfer_allowed", reason);
        facts.mark_unavailable("users.join_before_host_allowed", reason);
        return Ok(facts);
    }
    file_transfer.sort();
    join_before_host.sort();
    facts.set("users.file_transfer_allowed", file_transfer.len());
    facts.set("users.file_transfer_allowed_names", json!(file_transfer));
    facts.set("users.join_before_host_allowed", join_before_host.len());
    facts.set(
        "users.join_before_host_allowed_names",
        json!(join_before_host),
    );
    Ok(facts)
}
