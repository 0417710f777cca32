//! OAuth 2.0 web-server flow with PKCE, refresh, revoke and userinfo.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;

use super::{Session, Shared};
use crate::authorization::{check_request, decide, redeem, RedeemProblem, RequestProblem};
use crate::oauth_util::{bearer, consent_page, random_token};

/// `{"error": .., "error_description": ..}` with HTTP 400, as the token endpoint answers.
fn oauth_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

pub(super) async fn discovery(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    let base = shared.base_url();
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/services/oauth2/authorize"),
        "token_endpoint": format!("{base}/services/oauth2/token"),
        "revocation_endpoint": format!("{base}/services/oauth2/revoke"),
        "userinfo_endpoint": format!("{base}/services/oauth2/userinfo"),
        "introspection_endpoint": format!("{base}/services/oauth2/introspect"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["api", "refresh_token", "openid", "id", "profile", "email"],
    }))
}

/// The checks the real login page makes before it shows anything: the error page
/// when one fails.
fn rejected(shared: &Shared, params: &HashMap<String, String>) -> Option<Response> {
    let apps = &shared.config.apps;
    let check = check_request(params, |id| {
        apps.iter()
            .find(|a| a.client_id == id)
            .map(|a| a.callback_urls.as_slice())
    });
    let message = match check.err()? {
        RequestProblem::UnknownClient => "invalid_client_id: client identifier invalid",
        RequestProblem::RedirectMismatch => {
            "redirect_uri_mismatch: redirect_uri must match configuration"
        }
        RequestProblem::ResponseType => "unsupported_response_type: response type not supported",
        RequestProblem::Challenge => "invalid_request: missing or invalid code_challenge",
    };
    Some(
        (
            StatusCode::BAD_REQUEST,
            Html(format!("<h1>error</h1><p>{message}</p>")),
        )
            .into_response(),
    )
}

/// The consent page: the request's parameters ride along as hidden fields.
pub(super) async fn consent(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(page) = rejected(&shared, &params) {
        return page;
    }
    consent_page(
        "Allow Access?",
        "Compliance Desk is asking to access your basic information and to manage your data (api, refresh_token).",
        "/services/oauth2/authorize",
        &params,
    )
}

/// Allow or Deny: back to the callback URL with a code or an error, `state` echoed.
pub(super) async fn decision(
    State(shared): State<Arc<Shared>>,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    if let Some(page) = rejected(&shared, &params) {
        return page;
    }
    let denied = [
        ("error", "access_denied"),
        ("error_description", "end-user denied authorization"),
    ];
    decide(&params, "aPrx", &denied, |code, grant| {
        shared.tokens().codes.insert(code, grant);
    })
}

fn issue(shared: &Shared, refresh_token: String) -> serde_json::Value {
    let access_token = format!("00Dfake!{}", uuid::Uuid::new_v4().simple());
    let base = shared.base_url();
    shared.tokens().sessions.insert(
        access_token.clone(),
        Session {
            expires: Instant::now() + shared.config.session_timeout,
            refresh_token: refresh_token.clone(),
        },
    );
    let issued_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis();
    json!({
        "access_token": access_token,
        "refresh_token": refresh_token,
        "signature": uuid::Uuid::new_v4().simple().to_string(),
        "scope": "refresh_token api",
        "instance_url": shared.config.instance_url.clone().unwrap_or_else(|| base.clone()),
        "id": format!("{base}/id/00Dfake0000000001/005fake0000000001"),
        "token_type": "Bearer",
        "issued_at": issued_at.to_string(),
    })
}

pub(super) async fn token(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let Some(app) = shared
        .config
        .apps
        .iter()
        .find(|a| a.client_id == field("client_id"))
    else {
        return oauth_error("invalid_client_id", "client identifier invalid");
    };
    if let Some(secret) = &app.client_secret {
        if form.get("client_secret") != Some(secret) {
            return oauth_error("invalid_client", "invalid client credentials");
        }
    }
    match field("grant_type") {
        "authorization_code" => {
            // Codes are single-use: taken out whatever happens next.
            let Some(grant) = shared.tokens().codes.remove(field("code")) else {
                return oauth_error("invalid_grant", "invalid authorization code");
            };
            let redeemed = redeem(
                &grant,
                shared.config.code_lifetime,
                &app.client_id,
                field("redirect_uri"),
                field("code_verifier"),
            );
            match redeemed {
                Err(RedeemProblem::Expired) => {
                    return oauth_error("invalid_grant", "expired authorization code")
                }
                Err(RedeemProblem::Mismatch) => {
                    return oauth_error("invalid_grant", "redirect_uri must match configuration")
                }
                Err(RedeemProblem::Verifier) => {
                    return oauth_error("invalid_grant", "invalid code verifier")
                }
                Ok(()) => {}
            }
            let refresh_token = random_token("5Aep861");
            shared
                .tokens()
                .refresh
                .insert(refresh_token.clone(), app.client_id.clone());
            Json(issue(&shared, refresh_token)).into_response()
        }
        "refresh_token" => {
            let refresh_token = field("refresh_token").to_string();
            if shared.tokens().refresh.get(&refresh_token) != Some(&app.client_id) {
                return oauth_error("invalid_grant", "expired access/refresh token");
            }
            if shared.config.rotate_refresh_tokens {
                let rotated = random_token("5Aep861");
                let mut tokens = shared.tokens();
                tokens.refresh.remove(&refresh_token);
                tokens
                    .refresh
                    .insert(rotated.clone(), app.client_id.clone());
                drop(tokens);
                return Json(issue(&shared, rotated)).into_response();
            }
            let mut body = issue(&shared, refresh_token);
            // Without rotation, a refresh answers no new refresh token.
            body.as_object_mut().map(|o| o.remove("refresh_token"));
            Json(body).into_response()
        }
        "" => oauth_error("invalid_request", "grant type not supported"),
        _ => oauth_error("unsupported_grant_type", "grant type not supported"),
    }
}

/// Revoking a refresh token ends the sessions made from it too.
pub(super) async fn revoke(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let token = form.get("token").cloned().unwrap_or_default();
    let mut tokens = shared.tokens();
    if tokens.refresh.remove(&token).is_some() {
        tokens.sessions.retain(|_, s| s.refresh_token != token);
        return StatusCode::OK.into_response();
    }
    if tokens.sessions.remove(&token).is_some() {
        return StatusCode::OK.into_response();
    }
    drop(tokens);
    oauth_error("invalid_token", "invalid token")
}

/// The 401 answer the API gives unless the bearer token is a live session's.
pub(super) fn unauthorized(shared: &Shared, headers: &HeaderMap) -> Option<Response> {
    let token = bearer(headers);
    let live = shared
        .tokens()
        .sessions
        .get(token)
        .is_some_and(|s| s.expires > Instant::now());
    (!live).then(|| {
        (
            StatusCode::UNAUTHORIZED,
            Json(json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])),
        )
            .into_response()
    })
}

pub(super) async fn userinfo(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(denied) = unauthorized(&shared, &headers) {
        return denied;
    }
    let base = shared.base_url();
    // The org is the scenario's Organization record.
    let org = shared
        .config
        .objects
        .get("Organization")
        .and_then(|o| o.first())
        .and_then(|o| o.get("Id"))
        .and_then(|id| id.as_str())
        .unwrap_or("00Dfake0000000001")
        .to_string();
    Json(json!({
        "sub": format!("{base}/id/{org}/005fake0000000001"),
        "user_id": "005fake0000000001",
        "organization_id": org,
        "preferred_username": "admin@acme.example",
        "name": "Ada Admin",
        "email": "admin@acme.example",
        "urls": {"rest": format!("{base}/services/data/v{{version}}/")},
    }))
    .into_response()
}
