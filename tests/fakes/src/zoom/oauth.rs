//! Zoom's OAuth: `account_credentials` (Server-to-Server), `authorization_code` with
//! PKCE, rotating `refresh_token`, consent page and revoke.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;

use super::{AccessToken, Shared};
use crate::authorization::{check_request, decide, redeem, RedeemProblem, RequestProblem};
use crate::oauth_util::{basic_auth, consent_page, random_token};

/// Zoom's token endpoint errors: `{"reason": .., "error": ..}`.
fn token_error(status: StatusCode, error: &str, reason: &str) -> Response {
    (status, Json(json!({"reason": reason, "error": error}))).into_response()
}

fn issue(shared: &Shared, scopes: Vec<String>, refresh: Option<String>) -> Response {
    let access_token = random_token("eyJzb29tLWZha2Ui.");
    let lifetime = shared.config.token_lifetime;
    let scope = scopes.join(" ");
    shared.tokens().access.insert(
        access_token.clone(),
        AccessToken {
            expires: Instant::now() + lifetime,
            scopes,
            refresh_token: refresh.clone(),
        },
    );
    let mut body = json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
        "scope": scope,
        "api_url": shared.base_url(),
    });
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    Json(body).into_response()
}

/// Grant parameters come in the query (as Zoom documents for S2S, with no body) or
/// in a form body.
pub(super) async fn token(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let field = |name: &str| {
        form.get(name)
            .or_else(|| query.get(name))
            .map(String::as_str)
            .unwrap_or("")
    };
    let credentials = basic_auth(&headers);
    match field("grant_type") {
        "account_credentials" => {
            let app = credentials.as_ref().and_then(|(id, secret)| {
                shared
                    .config
                    .server_apps
                    .iter()
                    .find(|a| &a.client_id == id && &a.client_secret == secret)
            });
            let Some(app) = app else {
                return token_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Invalid client_id or client_secret",
                );
            };
            if field("account_id") != shared.config.account_id {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Invalid request : Account ID is invalid",
                );
            }
            issue(&shared, app.scopes.clone(), None)
        }
        "authorization_code" => {
            // A confidential app authenticates with Basic; a public one names itself.
            let client_id = credentials
                .as_ref()
                .map(|(id, _)| id.as_str())
                .unwrap_or(field("client_id"))
                .to_string();
            let Some(app) = shared
                .config
                .user_apps
                .iter()
                .find(|a| a.client_id == client_id)
            else {
                return token_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Invalid client_id or client_secret",
                );
            };
            if let Some(secret) = &app.client_secret {
                if credentials.as_ref().map(|(_, s)| s) != Some(secret) {
                    return token_error(
                        StatusCode::UNAUTHORIZED,
                        "invalid_client",
                        "Invalid client_id or client_secret",
                    );
                }
            }
            let Some(grant) = shared.tokens().codes.remove(field("code")) else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid authorization code",
                );
            };
            let redeemed = redeem(
                &grant,
                shared.config.code_lifetime,
                &app.client_id,
                field("redirect_uri"),
                field("code_verifier"),
            );
            let problem = match redeemed {
                Ok(()) => None,
                Err(RedeemProblem::Expired) => {
                    Some(("invalid_grant", "Authorization code has expired"))
                }
                Err(RedeemProblem::Mismatch) => Some(("invalid_request", "Redirect URI mismatch.")),
                Err(RedeemProblem::Verifier) => Some(("invalid_request", "Invalid code_verifier")),
            };
            if let Some((error, reason)) = problem {
                return token_error(StatusCode::BAD_REQUEST, error, reason);
            }
            let refresh = random_token("eyJyZWZyZXNoIjp0cnVl.");
            shared
                .tokens()
                .refresh
                .insert(refresh.clone(), (app.client_id.clone(), app.scopes.clone()));
            issue(&shared, app.scopes.clone(), Some(refresh))
        }
        "refresh_token" => {
            // Each refresh answers a new refresh token; the old one stops working.
            let Some((client_id, scopes)) = shared.tokens().refresh.remove(field("refresh_token"))
            else {
                return token_error(StatusCode::BAD_REQUEST, "invalid_grant", "Invalid Token!");
            };
            let refresh = random_token("eyJyZWZyZXNoIjp0cnVl.");
            shared
                .tokens()
                .refresh
                .insert(refresh.clone(), (client_id, scopes.clone()));
            issue(&shared, scopes, Some(refresh))
        }
        _ => token_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type",
        ),
    }
}

fn rejected(shared: &Shared, params: &HashMap<String, String>) -> Option<Response> {
    let apps = &shared.config.user_apps;
    let check = check_request(params, |id| {
        apps.iter()
            .find(|a| a.client_id == id)
            .map(|a| a.redirect_uris.as_slice())
    });
    let message = match check.err()? {
        RequestProblem::UnknownClient => "Invalid client_id: 4700",
        RequestProblem::RedirectMismatch => "Invalid redirect: 4.700",
        RequestProblem::ResponseType => "Unsupported response type",
        RequestProblem::Challenge => "Invalid code_challenge",
    };
    Some(
        (
            StatusCode::BAD_REQUEST,
            Html(format!("<h1>Error</h1><p>{message}</p>")),
        )
            .into_response(),
    )
}

pub(super) async fn consent(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(page) = rejected(&shared, &params) {
        return page;
    }
    consent_page(
        "Allow this app to use your shared access permissions?",
        "Compliance Desk would like to view your account's settings and users (account:read:admin, user:read:admin).",
        "/oauth/authorize",
        &params,
    )
}

pub(super) async fn decision(
    State(shared): State<Arc<Shared>>,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    if let Some(page) = rejected(&shared, &params) {
        return page;
    }
    decide(
        &params,
        "fakeZoomCode",
        &[("error", "access_denied")],
        |code, grant| {
            shared.tokens().codes.insert(code, grant);
        },
    )
}

/// Revoking a refresh token also ends the access tokens made with it.
pub(super) async fn revoke(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let known_client = basic_auth(&headers).is_some_and(|(id, _)| {
        shared.config.user_apps.iter().any(|a| a.client_id == id)
            || shared.config.server_apps.iter().any(|a| a.client_id == id)
    });
    if !known_client {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client_id or client_secret",
        );
    }
    let token = form.get("token").cloned().unwrap_or_default();
    let mut tokens = shared.tokens();
    let known = tokens.refresh.remove(&token).is_some() | tokens.access.remove(&token).is_some();
    tokens
        .access
        .retain(|_, a| a.refresh_token.as_deref() != Some(token.as_str()));
    drop(tokens);
    if known {
        Json(json!({"status": "success"})).into_response()
    } else {
        token_error(StatusCode::BAD_REQUEST, "invalid_request", "Invalid Token!")
    }
}
