//! The fake Salesforce against the facts of docs/salesforce-api.md, over real HTTP.

use std::collections::HashMap;

use fakes::pkce::s256_challenge;
use fakes::salesforce::{Config, FakeSalesforce};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::{json, Map, Value};

const CLIENT: &str = "3MVG9fake.compliance.desk";
const CALLBACK: &str = "http://localhost:1717/OauthRedirect";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more-entropy";

fn users(n: usize) -> Vec<Map<String, Value>> {
    (0..n)
        .map(|i| {
            json!({"Id": format!("005{i:03}"), "Username": format!("user{i}@acme.example"), "IsActive": i % 2 == 0})
                .as_object()
                .unwrap()
                .clone()
        })
        .collect()
}

fn start(batch_size: usize) -> FakeSalesforce {
    let mut config = Config {
        batch_size,
        ..Config::default()
    };
    config.objects.insert("User".into(), users(5));
    FakeSalesforce::start(config).unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn authorize_params(state: &str) -> Vec<(&'static str, String)> {
    vec![
        ("response_type", "code".into()),
        ("client_id", CLIENT.into()),
        ("redirect_uri", CALLBACK.into()),
        ("code_challenge", s256_challenge(VERIFIER)),
        ("code_challenge_method", "S256".into()),
        ("state", state.into()),
        ("scope", "refresh_token api".into()),
    ]
}

/// Presses Allow (or Deny) on the consent page; returns the callback URL it redirects to.
async fn consent(sf: &FakeSalesforce, state: &str, decision: &str) -> reqwest::Url {
    let http = client();
    let page = http
        .get(format!("{}/services/oauth2/authorize", sf.base_url()))
        .query(&authorize_params(state))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(">Allow</button>") && html.contains(">Deny</button>"),
        "{html}"
    );
    let mut form = authorize_params(state);
    form.push(("decision", decision.into()));
    let answer = http
        .post(format!("{}/services/oauth2/authorize", sf.base_url()))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FOUND);
    reqwest::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap()
}

fn param(url: &reqwest::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn exchange(sf: &FakeSalesforce, code: &str, verifier: &str) -> (StatusCode, Value) {
    let response = client()
        .post(format!("{}/services/oauth2/token", sf.base_url()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", CLIENT),
            ("redirect_uri", CALLBACK),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn signed_in(sf: &FakeSalesforce) -> Value {
    let callback = consent(sf, "s1", "allow").await;
    let (status, body) = exchange(sf, &param(&callback, "code").unwrap(), VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn get(sf: &FakeSalesforce, token: &str, path_and_query: &str) -> reqwest::Response {
    client()
        .get(format!("{}{path_and_query}", sf.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn discovery_lists_the_endpoints() {
    let sf = start(2000);
    let body: Value = client()
        .get(format!(
            "{}/.well-known/openid-configuration",
            sf.base_url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["token_endpoint"],
        format!("{}/services/oauth2/token", sf.base_url())
    );
    assert_eq!(
        body["authorization_endpoint"],
        format!("{}/services/oauth2/authorize", sf.base_url())
    );
    assert_eq!(
        body["revocation_endpoint"],
        format!("{}/services/oauth2/revoke", sf.base_url())
    );
}

#[tokio::test]
async fn allow_redirects_with_a_code_and_the_state_and_pkce_is_verified() {
    let sf = start(2000);
    let callback = consent(&sf, "state-123", "allow").await;
    assert!(callback.as_str().starts_with(CALLBACK));
    assert_eq!(param(&callback, "state").as_deref(), Some("state-123"));
    let code = param(&callback, "code").unwrap();

    let (status, body) = exchange(
        &sf,
        &code,
        "a-wrong-verifier-that-is-long-enough-to-be-valid-in-form",
    )
    .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "invalid code verifier"})
        )
    );
    // Single use: the code is gone even after a failed exchange.
    let (status, body) = exchange(&sf, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");

    let body = signed_in(&sf).await;
    for field in [
        "access_token",
        "refresh_token",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
        "signature",
        "scope",
    ] {
        assert!(
            body.get(field).is_some(),
            "token response lacks {field}: {body}"
        );
    }
    assert_eq!(body["instance_url"], sf.base_url());
    assert!(
        body["issued_at"].as_str().unwrap().parse::<u64>().is_ok(),
        "issued_at is epoch ms as a string"
    );
    assert!(body.get("expires_in").is_none());
    let (status, _) = exchange(&sf, &code, VERIFIER).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a used code never works again"
    );
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_the_state() {
    let sf = start(2000);
    let callback = consent(&sf, "xyz", "deny").await;
    assert_eq!(param(&callback, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&callback, "state").as_deref(), Some("xyz"));
    assert_eq!(param(&callback, "code"), None);
}

#[tokio::test]
async fn the_callback_url_must_match_exactly() {
    let sf = start(2000);
    for wrong in [
        "http://localhost:1718/OauthRedirect",
        "http://localhost:1717/OauthRedirect/",
        "http://127.0.0.1:1717/OauthRedirect",
    ] {
        let mut params: HashMap<&str, String> = authorize_params("s").into_iter().collect();
        params.insert("redirect_uri", wrong.into());
        let page = client()
            .get(format!("{}/services/oauth2/authorize", sf.base_url()))
            .query(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "{wrong}");
        assert!(page.text().await.unwrap().contains("redirect_uri_mismatch"));
    }
}

#[tokio::test]
async fn expired_sessions_answer_invalid_session_id_and_refresh_revives_them() {
    let sf = start(2000);
    let tokens = signed_in(&sf).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        get(&sf, access, "/services/oauth2/userinfo").await.status(),
        StatusCode::OK
    );

    sf.expire_sessions();
    let denied = get(
        &sf,
        access,
        "/services/data/v60.0/query?q=SELECT+Id+FROM+User",
    )
    .await;
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        denied.json::<Value>().await.unwrap(),
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
    );

    let refreshed: Value = client()
        .post(format!("{}/services/oauth2/token", sf.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("client_id", CLIENT),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        refreshed.get("refresh_token").is_none(),
        "no rotation by default"
    );
    let fresh = refreshed["access_token"].as_str().unwrap();
    assert_eq!(
        get(
            &sf,
            fresh,
            "/services/data/v60.0/query?q=SELECT+Id+FROM+User"
        )
        .await
        .status(),
        StatusCode::OK
    );

    // Revoking the refresh token ends the sessions made from it.
    let revoked = client()
        .post(format!("{}/services/oauth2/revoke", sf.base_url()))
        .form(&[("token", tokens["refresh_token"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        get(&sf, fresh, "/services/oauth2/userinfo").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn queries_come_in_batches_until_done_complete_and_in_order() {
    let sf = start(2);
    let token = signed_in(&sf).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut next =
        Some("/services/data/v60.0/query?q=SELECT+Id,+Username+FROM+User+ORDER+BY+Id".to_string());
    let mut seen = Vec::new();
    let mut batches = Vec::new();
    while let Some(path) = next.take() {
        let response = get(&sf, &token, &path).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["sforce-limit-info"]
            .to_str()
            .unwrap()
            .starts_with("api-usage="));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["totalSize"], 5);
        let records = body["records"].as_array().unwrap();
        batches.push(records.len());
        seen.extend(
            records
                .iter()
                .map(|r| r["Id"].as_str().unwrap().to_string()),
        );
        assert_eq!(records[0]["attributes"]["type"], "User");
        if body["done"] == false {
            next = Some(body["nextRecordsUrl"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(batches, [2, 2, 1]);
    assert_eq!(seen, ["005000", "005001", "005002", "005003", "005004"]);
}

#[tokio::test]
async fn bad_queries_answer_the_documented_error_codes() {
    let sf = start(2000);
    let token = signed_in(&sf).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    for (query, status, code) in [
        (
            "SELEC+Id+FROM+User",
            StatusCode::BAD_REQUEST,
            "MALFORMED_QUERY",
        ),
        (
            "SELECT+Id+FROM+Nope",
            StatusCode::BAD_REQUEST,
            "INVALID_TYPE",
        ),
        (
            "SELECT+Nope+FROM+User",
            StatusCode::BAD_REQUEST,
            "INVALID_FIELD",
        ),
    ] {
        let response = get(
            &sf,
            &token,
            &format!("/services/data/v60.0/tooling/query/?q={query}"),
        )
        .await;
        assert_eq!(response.status(), status, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body[0]["errorCode"], code, "{query}: {body}");
        assert!(body[0]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn the_daily_limit_answers_request_limit_exceeded() {
    let mut config = Config {
        daily_api_limit: 2,
        ..Config::default()
    };
    config.objects.insert("User".into(), users(1));
    let sf = FakeSalesforce::start(config).unwrap();
    let token = signed_in(&sf).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let path = "/services/data/v60.0/query?q=SELECT+Id+FROM+User";
    assert_eq!(get(&sf, &token, path).await.status(), StatusCode::OK);
    assert_eq!(get(&sf, &token, path).await.status(), StatusCode::OK);
    let third = get(&sf, &token, path).await;
    assert_eq!(third.status(), StatusCode::FORBIDDEN);
    assert_eq!(third.headers()["sforce-limit-info"], "api-usage=2/2");
    assert_eq!(
        third.json::<Value>().await.unwrap()[0]["errorCode"],
        "REQUEST_LIMIT_EXCEEDED"
    );
}

#[tokio::test]
async fn requests_are_recorded_without_secrets() {
    let sf = start(2000);
    let tokens = signed_in(&sf).await;
    let access = tokens["access_token"].as_str().unwrap();
    get(
        &sf,
        access,
        "/services/data/v60.0/query?q=SELECT+Id+FROM+User",
    )
    .await;
    let recorded = sf.recorder().requests();
    let text = format!("{recorded:?}");
    assert!(
        !text.contains(access),
        "the access token leaked into the record"
    );
    assert!(!text.contains(VERIFIER));
    let query = sf.recorder().to("/services/data/v60.0/query");
    assert_eq!(query.len(), 1);
    assert!(query[0]
        .headers
        .iter()
        .any(|(k, v)| k == "authorization" && v == "REDACTED"));
    let authorize = sf.recorder().to("/services/oauth2/authorize");
    assert!(authorize[0].query.contains("state=s1"));
}

#[test]
fn stopping_frees_the_port() {
    let sf = start(2000);
    let addr = sf.base_url().trim_start_matches("http://").to_string();
    drop(sf);
    std::net::TcpListener::bind(&addr).expect("the port is free again");
}

async fn refresh(sf: &FakeSalesforce, token: &str) -> (StatusCode, Value) {
    let response = client()
        .post(format!("{}/services/oauth2/token", sf.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("client_id", CLIENT),
        ])
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn with_rotation_on_each_refresh_replaces_the_refresh_token() {
    let sf = FakeSalesforce::start(Config {
        rotate_refresh_tokens: true,
        ..Config::default()
    })
    .unwrap();
    let first = signed_in(&sf).await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = refresh(&sf, &first).await;
    assert_eq!(status, StatusCode::OK);
    let second = body["refresh_token"].as_str().unwrap();
    assert_ne!(second, first);
    let (status, body) = refresh(&sf, &first).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert_eq!(refresh(&sf, second).await.0, StatusCode::OK);
}

#[tokio::test]
async fn codes_are_short_lived() {
    let sf = FakeSalesforce::start(Config {
        code_lifetime: std::time::Duration::ZERO,
        ..Config::default()
    })
    .unwrap();
    let callback = consent(&sf, "s", "allow").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (status, body) = exchange(&sf, &param(&callback, "code").unwrap(), VERIFIER).await;
    assert_eq!(
        (status, body["error_description"].as_str()),
        (StatusCode::BAD_REQUEST, Some("expired authorization code"))
    );
}
