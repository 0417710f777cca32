//! Each fault does what it says, set through the handle or the admin endpoint.

use std::time::{Duration, Instant};

use fakes::salesforce::{Config, FakeSalesforce};
use fakes::{Fault, FaultRule};
use reqwest::StatusCode;
use serde_json::Value;

fn start() -> FakeSalesforce {
    FakeSalesforce::start(Config::default()).unwrap()
}

fn rule(fault: Fault, times: Option<u32>) -> FaultRule {
    FaultRule {
        path_prefix: "/services/data/".into(),
        fault,
        times,
    }
}

async fn versions(sf: &FakeSalesforce) -> Result<reqwest::Response, reqwest::Error> {
    reqwest::get(format!("{}/services/data/", sf.base_url())).await
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let sf = start();
    sf.faults()
        .add(rule(Fault::Latency { millis: 300 }, Some(1)));
    let started = Instant::now();
    assert_eq!(versions(&sf).await.unwrap().status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    versions(&sf).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "used up after one request"
    );
}

#[tokio::test]
async fn a_burst_of_429_then_normal_answers() {
    let sf = start();
    sf.faults()
        .add(rule(Fault::TooManyRequests { retry_after: 2 }, Some(2)));
    for _ in 0..2 {
        let limited = versions(&sf).await.unwrap();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.headers()["retry-after"], "2");
    }
    assert_eq!(versions(&sf).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn server_errors_until_cleared() {
    let sf = start();
    sf.faults().add(rule(Fault::Status { status: 503 }, None));
    for _ in 0..3 {
        assert_eq!(
            versions(&sf).await.unwrap().status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
    sf.faults().clear();
    assert_eq!(versions(&sf).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_dropped_connection_is_an_error_not_an_answer() {
    let sf = start();
    sf.faults().add(rule(Fault::DropConnection, Some(1)));
    let outcome = match versions(&sf).await {
        Err(e) => Err(e),
        Ok(response) => response.bytes().await.map(|_| ()),
    };
    assert!(outcome.is_err(), "the client must see a broken connection");
}

#[tokio::test]
async fn truncated_and_malformed_bodies_do_not_parse() {
    let sf = start();
    let whole = versions(&sf).await.unwrap().text().await.unwrap();
    sf.faults().add(rule(Fault::TruncatedJson, Some(1)));
    let truncated = versions(&sf).await.unwrap().text().await.unwrap();
    assert!(whole.starts_with(&truncated) && truncated.len() < whole.len());
    assert!(serde_json::from_str::<Value>(&truncated).is_err());

    sf.faults().add(rule(Fault::MalformedJson, Some(1)));
    let malformed = versions(&sf).await.unwrap();
    assert_eq!(malformed.status(), StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&malformed.text().await.unwrap()).is_err());
}

#[tokio::test]
async fn the_admin_endpoint_sets_faults_at_run_time_and_lists_requests() {
    let sf = start();
    let http = reqwest::Client::new();
    let added = http
        .post(format!("{}/__admin/faults", sf.base_url()))
        .json(&serde_json::json!({"path_prefix": "/services/data/", "fault": {"kind": "status", "status": 500}, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        versions(&sf).await.unwrap().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(versions(&sf).await.unwrap().status(), StatusCode::OK);

    let recorded: Value = http
        .get(format!("{}/__admin/requests", sf.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = recorded
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["/services/data/", "/services/data/"],
        "faulted requests count, admin ones do not"
    );
}
