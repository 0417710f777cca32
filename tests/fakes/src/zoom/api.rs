//! `/v2`: account settings, lock settings, users (paginated) and user settings, each
//! behind a bearer token, its scopes and its rate-limit category.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::rate::Category;
use super::Shared;
use crate::oauth_util::{bearer, random_token};

/// Zoom's API errors: `{"code": .., "message": ..}`.
fn api_error(status: StatusCode, code: u32, message: &str) -> Response {
    (status, Json(json!({"code": code, "message": message}))).into_response()
}

/// How long a `next_page_token` stays valid.
const PAGE_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// Checks the token and its scopes (any one of `scopes`, classic or granular), then
/// the rate limit; the answer is `handler`'s, with the limit headers.
fn guarded(
    shared: &Shared,
    headers: &HeaderMap,
    scopes: &[&str],
    category: Category,
    handler: impl FnOnce() -> Response,
) -> Response {
    let token = bearer(headers);
    let granted = {
        let tokens = shared.tokens();
        match tokens.access.get(token) {
            None => return api_error(StatusCode::UNAUTHORIZED, 124, "Invalid access token."),
            Some(t) if t.expires <= Instant::now() => {
                return api_error(StatusCode::UNAUTHORIZED, 124, "Access token is expired.")
            }
            Some(t) => t.scopes.clone(),
        }
    };
    if !scopes.iter().any(|s| granted.iter().any(|g| g == s)) {
        let message = format!(
            "Invalid access token, does not contain scopes:[{}].",
            scopes.join(", ")
        );
        return api_error(StatusCode::UNAUTHORIZED, 4711, &message);
    }
    let decision = shared.limits.take(category);
    let mut response = if decision.allowed {
        handler()
    } else {
        let mut denied = api_error(
            StatusCode::TOO_MANY_REQUESTS,
            429,
            "You have reached the maximum per-second rate limit for this API. Try again later.",
        );
        let seconds = decision.retry_after.as_secs_f64().ceil().max(1.0) as u64;
        denied
            .headers_mut()
            .insert("Retry-After", HeaderValue::from(seconds));
        denied
    };
    let headers = response.headers_mut();
    headers.insert(
        "X-RateLimit-Category",
        HeaderValue::from_static(category.name()),
    );
    headers.insert("X-RateLimit-Type", HeaderValue::from_static("QPS"));
    headers.insert("X-RateLimit-Limit", HeaderValue::from(decision.limit));
    headers.insert(
        "X-RateLimit-Remaining",
        HeaderValue::from(decision.remaining),
    );
    response
}

pub(super) async fn account_settings(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    guarded(
        &shared,
        &headers,
        &["account:read:admin", "account:read:settings:admin"],
        Category::Medium,
        || match query.get("option") {
            None => Json(shared.config.settings.clone()).into_response(),
            Some(option) => match shared.config.settings_options.get(option) {
                Some(body) => Json(body.clone()).into_response(),
                None => validation_failed("option", &format!("Invalid field: {option}")),
            },
        },
    )
}

/// As the real API: the `meeting_security` locks come only with
/// `?option=meeting_security`, and then alone; the plain answer has every other section.
pub(super) async fn lock_settings(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    const OPTION: &str = "meeting_security";
    guarded(
        &shared,
        &headers,
        &["account:read:admin", "account:read:lock_settings:admin"],
        Category::Medium,
        || {
            let locks = &shared.config.lock_settings;
            match query.get("option").map(String::as_str) {
                None => {
                    let mut plain = locks.clone();
                    if let Some(sections) = plain.as_object_mut() {
                        sections.remove(OPTION);
                    }
                    Json(plain).into_response()
                }
                Some(OPTION) => {
                    let section = locks.get(OPTION).cloned().unwrap_or_else(|| json!({}));
                    Json(json!({ OPTION: section })).into_response()
                }
                Some(other) => validation_failed("option", &format!("Invalid field: {other}")),
            }
        },
    )
}

fn validation_failed(field: &str, message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"code": 300, "message": "Validation Failed.", "errors": [{"field": field, "message": message}]})),
    )
        .into_response()
}

pub(super) async fn users(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    guarded(
        &shared,
        &headers,
        &["user:read:admin", "user:read:list_users:admin"],
        Category::Medium,
        || {
            let page_size = match query.get("page_size").map(|s| s.parse::<usize>()) {
                None => 30,
                Some(Ok(n)) if (1..=300).contains(&n) => n,
                Some(_) => {
                    return validation_failed("page_size", "page_size must be between 1 and 300")
                }
            };
            let status = query.get("status").map(String::as_str).unwrap_or("active");
            let matching: Vec<&Value> = shared
                .config
                .users
                .iter()
                .filter(|u| u["status"] == status)
                .collect();
            let offset = match query.get("next_page_token").filter(|t| !t.is_empty()) {
                None => 0,
                Some(token) => match shared.tokens().pages.remove(token) {
                    Some((offset, issued)) if issued.elapsed() < PAGE_TOKEN_LIFETIME => offset,
                    _ => {
                        return api_error(
                            StatusCode::BAD_REQUEST,
                            300,
                            "The next page token is either invalid or expired.",
                        )
                    }
                },
            };
            let end = (offset + page_size).min(matching.len());
            let next = if end < matching.len() {
                let token = random_token("");
                shared
                    .tokens()
                    .pages
                    .insert(token.clone(), (end, Instant::now()));
                token
            } else {
                String::new()
            };
            Json(json!({
                "page_count": matching.len().div_ceil(page_size),
                "page_number": offset / page_size + 1,
                "page_size": page_size,
                "total_records": matching.len(),
                "next_page_token": next,
                "users": matching[offset.min(end)..end],
            }))
            .into_response()
        },
    )
}

pub(super) async fn user_settings(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    guarded(
        &shared,
        &headers,
        &["user:read:admin", "user:read:settings:admin"],
        Category::Medium,
        || {
            let known = shared
                .config
                .users
                .iter()
                .any(|u| u["id"] == id.as_str() || u["email"] == id.as_str());
            match shared.config.user_settings.get(&id) {
                Some(settings) => Json(settings.clone()).into_response(),
                None if known => Json(json!({})).into_response(),
                None => api_error(
                    StatusCode::NOT_FOUND,
                    1001,
                    &format!("User does not exist: {id}."),
                ),
            }
        },
    )
}
