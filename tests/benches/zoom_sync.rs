//! Benchmark: a Zoom sync of 2,000 users (settings, lock settings, every page of
//! users and each user's settings) against the fake Zoom, limited to 50 requests a
//! second with 20 ms added to every answer. It prints the wall time, the lower bound
//! the rate limit allows (requests / QPS) and their ratio; the target is <= 1.1.
//!
//! `cargo bench --bench zoom_sync` runs it at full size; under `cargo test` it runs
//! on 60 users as a smoke test.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use compliance_desk::auth::oauth::account_credentials;
use compliance_desk::auth::secret::Secret;
use compliance_desk::auth::session::{Renewal, Session};
use compliance_desk::connectors::http::{Api, SyncPolicy};
use compliance_desk::connectors::{connector, StoredSecrets};
use fakes::scenario::Scenario;
use fakes::zoom::{Category, FakeZoom};
use fakes::{Fault, FaultRule};
use serde_json::json;

const QPS: u32 = 50;
const LATENCY_MS: u64 = 20;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let users = if full { 2000 } else { 60 };
    let scenario = Scenario::large(users, 7);
    let active = scenario
        .zoom
        .users
        .iter()
        .filter(|u| u["status"] == "active")
        .count();
    let mut config = scenario.zoom_config();
    config.qps = HashMap::from([
        (Category::Light, QPS),
        (Category::Medium, QPS),
        (Category::Heavy, QPS),
    ]);
    config.faults = vec![FaultRule {
        path_prefix: "/v2/".into(),
        fault: Fault::Latency { millis: LATENCY_MS },
        times: None,
    }];
    let zoom = FakeZoom::start(config).expect("fake Zoom");
    let base = zoom.base_url();
    let settings = json!({
        "auth_method": "server_to_server", "oauth_url": base, "api_url": base,
        "client_id": "fakeS2SClient", "account_id": "fakeAccount01", "callback_url": null,
    });
    let secret = Secret::new("fake-s2s-secret-not-for-production");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let zoom_connector = connector("zoom").unwrap();
    let stored = StoredSecrets {
        client_secret: Some(secret.clone()),
        ..StoredSecrets::default()
    };
    let renewal = zoom_connector.renewal(&settings, &stored).unwrap();
    assert!(matches!(renewal, Renewal::AccountCredentials { .. }));
    let tokens = rt
        .block_on(account_credentials(
            &format!("{base}/oauth/token"),
            "fakeAccount01",
            "fakeS2SClient",
            &secret,
        ))
        .unwrap();
    let session = Session::new(Some(tokens), renewal, Box::new(|_| Ok(())));
    let api = Api::new(
        session,
        zoom_connector.dialect(),
        SyncPolicy::default(),
        Box::new(|_| {}),
    );

    let start = Instant::now();
    let facts = rt
        .block_on(zoom_connector.collect(&api, &settings, &|_| {}))
        .expect("the sync succeeds");
    let wall = start.elapsed();

    assert_eq!(
        facts.values["users.active"],
        json!(active),
        "every active user was read"
    );
    let requests = api.counts().requests;
    let bound = Duration::from_secs_f64(f64::from(requests) / f64::from(QPS));
    let ratio = wall.as_secs_f64() / bound.as_secs_f64();
    println!(
        "zoom sync: {users} users, {requests} requests ({} retried), {QPS} QPS, {LATENCY_MS} ms latency",
        api.counts().retries
    );
    println!(
        "  wall {:.2} s, lower bound {:.2} s (requests / QPS), ratio {ratio:.3} (target <= 1.1)",
        wall.as_secs_f64(),
        bound.as_secs_f64()
    );
}
