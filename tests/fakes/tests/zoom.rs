//! The fake Zoom against the facts of docs/zoom-api.md, over real HTTP.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fakes::pkce::s256_challenge;
use fakes::zoom::{Category, Config, FakeZoom, UserApp};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::{json, Value};

const VERIFIER: &str = "zoom-verifier-0123456789-0123456789-0123456789-abcdef";

fn users(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"id": format!("u{i:04}"), "email": format!("user{i}@acme.example"), "type": 1, "status": "active"}))
        .collect()
}

fn config() -> Config {
    Config {
        settings: json!({"in_meeting": {"file_transfer": false}, "schedule_meeting": {"join_before_host": false}}),
        settings_options: HashMap::from([(
            "security".to_string(),
            json!({"security": {"sign_in_with_two_factor_auth": "all", "password_requirement": {"minimum_password_length": 10}}}),
        )]),
        lock_settings: json!({"schedule_meeting": {"join_before_host": true}, "meeting_security": {"waiting_room": true}}),
        users: users(650),
        ..Config::default()
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn server_token(zoom: &FakeZoom, secret: &str, account: &str) -> (StatusCode, Value) {
    let response = client()
        .post(format!(
            "{}/oauth/token?grant_type=account_credentials&account_id={account}",
            zoom.base_url()
        ))
        .basic_auth("fakeS2SClient", Some(secret))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn access_token(zoom: &FakeZoom) -> String {
    let (status, body) =
        server_token(zoom, "fake-s2s-secret-not-for-production", "fakeAccount01").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}

async fn get(zoom: &FakeZoom, token: &str, path: &str) -> reqwest::Response {
    client()
        .get(format!("{}/v2{path}", zoom.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn server_to_server_tokens_need_the_right_secret_and_account() {
    let zoom = FakeZoom::start(config()).unwrap();
    let (status, body) =
        server_token(&zoom, "fake-s2s-secret-not-for-production", "fakeAccount01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["api_url"], zoom.base_url());
    assert!(
        body.get("refresh_token").is_none(),
        "S2S has no refresh token"
    );

    let (status, body) = server_token(&zoom, "wrong", "fakeAccount01").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let (status, body) =
        server_token(&zoom, "fake-s2s-secret-not-for-production", "otherAccount").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["reason"].as_str().unwrap().contains("Account ID"));
}

#[tokio::test]
async fn settings_answer_whole_or_by_option_and_lock_settings_separately() {
    let zoom = FakeZoom::start(config()).unwrap();
    let token = access_token(&zoom).await;
    let all: Value = get(&zoom, &token, "/accounts/me/settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["in_meeting"]["file_transfer"], false);
    let security: Value = get(&zoom, &token, "/accounts/me/settings?option=security")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(security["security"]["sign_in_with_two_factor_auth"], "all");
    let bad = get(&zoom, &token, "/accounts/me/settings?option=nope").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad.json::<Value>().await.unwrap()["code"], 300);
    let locks: Value = get(&zoom, &token, "/accounts/me/lock_settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(locks["schedule_meeting"]["join_before_host"], true);
    assert!(
        locks.get("meeting_security").is_none(),
        "the meeting security locks come only with their option"
    );
    let security_locks: Value = get(
        &zoom,
        &token,
        "/accounts/me/lock_settings?option=meeting_security",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        security_locks,
        json!({"meeting_security": {"waiting_room": true}})
    );
    let bad = get(&zoom, &token, "/accounts/me/lock_settings?option=nope").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn users_come_in_pages_of_at_most_300_until_the_token_is_empty() {
    let zoom = FakeZoom::start(config()).unwrap();
    let token = access_token(&zoom).await;
    let mut next = String::new();
    let mut pages = Vec::new();
    let mut ids = Vec::new();
    loop {
        let body: Value = get(
            &zoom,
            &token,
            &format!("/users?status=active&page_size=300&next_page_token={next}"),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(body["total_records"], 650);
        let users = body["users"].as_array().unwrap();
        pages.push(users.len());
        ids.extend(users.iter().map(|u| u["id"].as_str().unwrap().to_string()));
        next = body["next_page_token"].as_str().unwrap().to_string();
        if next.is_empty() {
            break;
        }
    }
    assert_eq!(pages, [300, 300, 50]);
    let expected: Vec<String> = (0..650).map(|i| format!("u{i:04}")).collect();
    assert_eq!(ids, expected, "complete, in order, no repeats");

    let too_big = get(&zoom, &token, "/users?page_size=301").await;
    assert_eq!(too_big.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        too_big.json::<Value>().await.unwrap()["message"],
        "Validation Failed."
    );
}

#[tokio::test]
async fn tokens_scopes_and_users_are_checked_with_zoom_error_bodies() {
    let mut narrow = config();
    narrow.server_apps[0].scopes = vec!["user:read:admin".into()];
    let zoom = FakeZoom::start(narrow).unwrap();
    let token = access_token(&zoom).await;

    let no_token = get(&zoom, "nope", "/users").await;
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        no_token.json::<Value>().await.unwrap(),
        json!({"code": 124, "message": "Invalid access token."})
    );

    let no_scope = get(&zoom, &token, "/accounts/me/settings").await;
    assert_eq!(no_scope.status(), StatusCode::UNAUTHORIZED);
    let body: Value = no_scope.json().await.unwrap();
    assert_eq!(body["code"], 4711);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("does not contain scopes:[account:read:admin"));

    let missing = get(&zoom, &token, "/users/nobody/settings").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Value>().await.unwrap()["code"], 1001);

    zoom.expire_access_tokens();
    let expired = get(&zoom, &token, "/users").await;
    assert_eq!(
        expired.json::<Value>().await.unwrap(),
        json!({"code": 124, "message": "Access token is expired."})
    );
}

async fn authorize_code(zoom: &FakeZoom) -> String {
    let params = [
        ("response_type", "code".to_string()),
        ("client_id", "fakeUserClient".into()),
        (
            "redirect_uri",
            "http://localhost:4199/oauth/callback".into(),
        ),
        ("state", "st".into()),
        ("code_challenge", s256_challenge(VERIFIER)),
        ("code_challenge_method", "S256".into()),
    ];
    let page = client()
        .get(format!("{}/oauth/authorize", zoom.base_url()))
        .query(&params)
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains(">Allow</button>"));
    let mut form = params.to_vec();
    form.push(("decision", "allow".into()));
    let answer = client()
        .post(format!("{}/oauth/authorize", zoom.base_url()))
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = reqwest::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        location
            .query_pairs()
            .find(|(k, _)| k == "state")
            .unwrap()
            .1,
        "st"
    );
    location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

async fn token_form(zoom: &FakeZoom, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = client()
        .post(format!("{}/oauth/token", zoom.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn user_oauth_verifies_pkce_and_rotates_refresh_tokens() {
    let zoom = FakeZoom::start(config()).unwrap();
    let callback = "http://localhost:4199/oauth/callback";
    let code = authorize_code(&zoom).await;
    let wrong = "another-verifier-0123456789-0123456789-0123456789-xyz";
    let (status, _) = token_form(
        &zoom,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", callback),
            ("code_verifier", wrong),
            ("client_id", "fakeUserClient"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let code = authorize_code(&zoom).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", callback),
        ("code_verifier", VERIFIER),
        ("client_id", "fakeUserClient"),
    ];
    let (status, tokens) = token_form(&zoom, &exchange).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let (again, body) = token_form(&zoom, &exchange).await;
    assert_eq!(
        (again, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "codes are single-use"
    );

    let first = tokens["refresh_token"].as_str().unwrap();
    let (status, rotated) = token_form(
        &zoom,
        &[("grant_type", "refresh_token"), ("refresh_token", first)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let second = rotated["refresh_token"].as_str().unwrap();
    assert_ne!(first, second);
    let (status, body) = token_form(
        &zoom,
        &[("grant_type", "refresh_token"), ("refresh_token", first)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "the old one stops working"
    );

    let access = rotated["access_token"].as_str().unwrap();
    assert_eq!(get(&zoom, access, "/users").await.status(), StatusCode::OK);
    let revoked = client()
        .post(format!("{}/oauth/revoke", zoom.base_url()))
        .basic_auth("fakeUserClient", None::<&str>)
        .form(&[("token", second)])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        get(&zoom, access, "/users").await.status(),
        StatusCode::UNAUTHORIZED,
        "revoking ends its access tokens"
    );
}

#[tokio::test]
async fn a_confidential_user_app_must_authenticate() {
    let mut confidential = config();
    confidential.user_apps = vec![UserApp {
        client_id: "fakeUserClient".into(),
        client_secret: Some("shh".into()),
        redirect_uris: vec!["http://localhost:4199/oauth/callback".into()],
        scopes: vec!["user:read:admin".into()],
    }];
    let zoom = FakeZoom::start(confidential).unwrap();
    let code = authorize_code(&zoom).await;
    let (status, body) = token_form(
        &zoom,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost:4199/oauth/callback"),
            ("code_verifier", VERIFIER),
            ("client_id", "fakeUserClient"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
}

#[tokio::test]
async fn the_rate_limiter_keeps_its_qps_within_ten_percent() {
    let qps = 20;
    let zoom = FakeZoom::start(Config {
        qps: HashMap::from([(Category::Medium, qps)]),
        ..config()
    })
    .unwrap();
    let token = access_token(&zoom).await;
    let window = Duration::from_secs(3);
    let start = Instant::now();
    let (mut allowed, mut limited) = (0u32, 0u32);
    while start.elapsed() < window {
        let response = get(&zoom, &token, "/accounts/me/lock_settings").await;
        assert_eq!(response.headers()["x-ratelimit-category"], "Medium");
        assert_eq!(
            response.headers()["x-ratelimit-limit"],
            qps.to_string().as_str()
        );
        match response.status() {
            StatusCode::OK => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                limited += 1;
                let retry: u64 = response.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(retry >= 1);
                assert_eq!(response.json::<Value>().await.unwrap()["code"], 429);
            }
            other => panic!("unexpected {other}"),
        }
    }
    // A full bucket (one second's worth) plus qps for every second of the window.
    let expected = f64::from(qps) * (1.0 + start.elapsed().as_secs_f64());
    let ratio = f64::from(allowed) / expected;
    assert!(
        (0.9..=1.1).contains(&ratio),
        "allowed {allowed} of an expected {expected:.0} ({ratio:.3})"
    );
    assert!(limited > 0, "the limiter answered 429 when exceeded");
}

#[tokio::test]
async fn access_tokens_stop_working_after_expires_in() {
    let zoom = FakeZoom::start(Config {
        token_lifetime: Duration::from_millis(300),
        ..config()
    })
    .unwrap();
    let (_, body) =
        server_token(&zoom, "fake-s2s-secret-not-for-production", "fakeAccount01").await;
    assert_eq!(body["expires_in"], 0, "expires_in is whole seconds");
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(
        get(&zoom, token, "/accounts/me/lock_settings")
            .await
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let expired = get(&zoom, token, "/accounts/me/lock_settings").await;
    assert_eq!(
        expired.json::<Value>().await.unwrap()["message"],
        "Access token is expired."
    );
}
