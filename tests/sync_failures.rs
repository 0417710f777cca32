//! Every way signing in and syncing can fail, against the fakes, through the service
//! layer with a real SQLite file and the real OS keyring. After each failure the
//! database still holds the last good snapshot and a record that names the error.
//! Needs a Secret Service (`.ci/test` runs these under dbus-run-session).

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use compliance_desk::auth::browser;
use compliance_desk::auth::secrets::{SecretKind, SecretStore};
use compliance_desk::connectors::http::SyncPolicy;
use compliance_desk::connectors::ConnectRequest;
use compliance_desk::service::instances;
use compliance_desk::service::setup::{self, Added, NewInstance};
use compliance_desk::service::sync::{sync, SyncReport};
use compliance_desk::service::{self, ServiceError};
use compliance_desk::store::repo;
use compliance_desk::store::Store;
use fakes::{Fault, FaultRule};
use support::services::*;

struct World {
    dir: tempfile::TempDir,
    services: Services,
    store: Store,
    keyring: SecretStore,
}

fn world(tune: impl FnOnce(&mut fakes::salesforce::Config, &mut fakes::zoom::Config)) -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = service::open(&dir.path().join("data")).unwrap();
    World {
        services: Services::start("mixed", tune),
        store,
        keyring: SecretStore::new(format!("compliance-desk-test-{}", uuid::Uuid::new_v4())),
        dir,
    }
}

/// Fast retries so that failure tests take seconds.
fn policy() -> SyncPolicy {
    SyncPolicy {
        concurrency: 4,
        max_attempts: 4,
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        deadline: Duration::from_secs(30),
    }
}

fn request(
    method: &str,
    fields: &[(&str, &str)],
    secret: Option<&str>,
    timeout: u64,
) -> ConnectRequest {
    ConnectRequest {
        auth_method: method.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        secrets: secret
            .map(|s| {
                BTreeMap::from([(
                    "client_secret".to_string(),
                    compliance_desk::auth::secret::Secret::new(s),
                )])
            })
            .unwrap_or_default(),
        sign_in_timeout: Duration::from_secs(timeout),
    }
}

impl World {
    fn add_salesforce(
        &mut self,
        script: &std::path::Path,
        timeout: u64,
    ) -> Result<Added, ServiceError> {
        let sf = self.services.salesforce.base_url();
        let new = NewInstance {
            name: "Salesforce Prod".into(),
            service: "salesforce".into(),
            accepted_terms: Some("2026-11-01".into()),
            request: request(
                "oauth_pkce",
                &[
                    ("login_host", &sf),
                    ("client_id", SF_CLIENT),
                    ("callback_url", &self.services.sf_callback),
                ],
                None,
                timeout,
            ),
        };
        let browser_command = script.display().to_string();
        setup::add(&mut self.store, &self.keyring, new, &|url| {
            browser::open_with(url, Some(&browser_command))
        })
    }

    fn add_zoom(&mut self, method: &str) -> Added {
        let zoom = self.services.zoom.base_url();
        let script = browser_script(self.dir.path(), "allow", "", "s/x/x/");
        let (client, secret) = if method == "server_to_server" {
            (ZOOM_S2S_CLIENT, Some(ZOOM_S2S_SECRET))
        } else {
            (ZOOM_USER_CLIENT, None)
        };
        let new = NewInstance {
            name: format!("Zoom {method}"),
            service: "zoom".into(),
            accepted_terms: Some("2026-11-01".into()),
            request: request(
                method,
                &[
                    ("client_id", client),
                    ("account_id", ZOOM_ACCOUNT),
                    ("oauth_url", &zoom),
                    ("api_url", &zoom),
                    ("callback_url", &self.services.zoom_callback),
                ],
                secret,
                30,
            ),
        };
        let browser_command = script.display().to_string();
        setup::add(&mut self.store, &self.keyring, new, &|url| {
            browser::open_with(url, Some(&browser_command))
        })
        .expect("Zoom connects")
    }

    fn sync(&mut self, name: &str) -> SyncReport {
        sync(&mut self.store, &self.keyring, name, &policy(), &|_| {})
            .expect("the sync runs and is recorded")
    }

    fn snapshots(&self, name: &str) -> Vec<String> {
        let record = repo::instances::find(self.store.conn(), name)
            .unwrap()
            .unwrap();
        repo::snapshots::latest(self.store.conn(), record.instance.id, 100)
            .unwrap()
            .into_iter()
            .map(|s| s.sha256)
            .collect()
    }

    /// The failed sync changed no snapshot and left a record naming `code`.
    fn assert_failed_and_kept(
        &self,
        name: &str,
        report: &SyncReport,
        before: &[String],
        code: &str,
    ) {
        assert!(!report.succeeded, "{report:?}");
        assert_eq!(
            report.error_code.as_deref(),
            Some(code),
            "{:?}",
            report.error
        );
        assert_eq!(
            self.snapshots(name),
            before,
            "the last good snapshot is kept"
        );
        let record = repo::instances::find(self.store.conn(), name)
            .unwrap()
            .unwrap();
        let runs = repo::snapshots::last_runs(self.store.conn(), record.instance.id).unwrap();
        let (_, recorded_code, message) = runs.last_failure.expect("the failure is recorded");
        assert_eq!(recorded_code, code);
        assert!(
            message.len() > 20 && !message.contains("REDACTED"),
            "a sentence: {message}"
        );
        assert!(runs.last_success.is_some());
    }

    fn fault(&self, zoom: bool, prefix: &str, fault: Fault, times: Option<u32>) {
        let rule = FaultRule {
            path_prefix: prefix.into(),
            fault,
            times,
        };
        if zoom {
            self.services.zoom.faults().add(rule);
        } else {
            self.services.salesforce.faults().add(rule);
        }
    }
}

fn no_instances(w: &World) {
    assert!(
        instances::list(&w.store).unwrap().is_empty(),
        "no row is left behind"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_forged_state_a_denial_a_timeout_and_a_busy_port_leave_nothing_behind() {
    let mut w = world(|_, _| {});
    let dir = w.dir.path().to_path_buf();

    let forged = browser_script(&dir, "allow", "", "s/state=[^&]*/state=forged/");
    let err = w.add_salesforce(&forged, 30).unwrap_err().to_string();
    assert!(err.contains("state mismatch"), "{err}");
    no_instances(&w);

    let deny = browser_script(&dir, "deny", "", "s/x/x/");
    let err = w.add_salesforce(&deny, 30).unwrap_err().to_string();
    assert!(
        err.contains("refused") && err.contains("access_denied"),
        "{err}"
    );
    no_instances(&w);

    let started = Instant::now();
    let err = w
        .add_salesforce(std::path::Path::new("true"), 1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no answer from the browser"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    no_instances(&w);

    let port: u16 = w
        .services
        .sf_callback
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let busy = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let allow = browser_script(&dir, "allow", "", "s/x/x/");
    let err = w.add_salesforce(&allow, 30).unwrap_err().to_string();
    assert!(
        err.contains(&format!("port {port}")) && err.contains("already in use"),
        "{err}"
    );
    drop(busy);
    no_instances(&w);
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_request_to_the_wrong_path_gets_404_and_the_real_callback_still_lands() {
    let mut w = world(|_, _| {});
    let dir = w.dir.path().to_path_buf();
    let port = w
        .services
        .sf_callback
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let seen = dir.join("wrong-path-status");
    let before = format!(
        "curl -s -o /dev/null -w '%{{http_code}}' http://localhost:{port}/favicon.ico > {}",
        seen.display()
    );
    let script = browser_script(&dir, "allow", &before, "s/x/x/");
    let added = w.add_salesforce(&script, 30).expect("signed in");
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), "404");
    assert_eq!(added.instance.status, "connected");
    assert!(added.validation.contains("Signed in to Salesforce"));
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_expired_session_is_refreshed_once_and_the_request_retried() {
    let mut w = world(|_, _| {});
    let script = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    let added = w.add_salesforce(&script, 30).unwrap();
    assert!(w.sync("Salesforce Prod").succeeded);
    let old = w
        .keyring
        .get(added.instance.uid, SecretKind::AccessToken)
        .unwrap()
        .unwrap();
    let token_calls = |w: &World| {
        w.services
            .salesforce
            .recorder()
            .to("/services/oauth2/token")
            .len()
    };
    let before = token_calls(&w);
    w.services.salesforce.expire_sessions();
    let report = w.sync("Salesforce Prod");
    assert!(report.succeeded, "{report:?}");
    assert_eq!(
        token_calls(&w),
        before + 1,
        "one refresh for all the concurrent 401s"
    );
    let new = w
        .keyring
        .get(added.instance.uid, SecretKind::AccessToken)
        .unwrap()
        .unwrap();
    assert_ne!(old, new, "the renewed access token is in the keyring");
    assert_eq!(w.snapshots("Salesforce Prod").len(), 2);
    assert!(
        report.changes.is_empty(),
        "the same org gives no drift: {:?}",
        report.changes
    );
    let now = chrono::Utc::now();
    assert!(
        service::sync::due(&w.store, now).unwrap().is_empty(),
        "just synced"
    );
    assert_eq!(
        service::sync::due(&w.store, now + chrono::Duration::hours(25)).unwrap(),
        [added.instance.uid],
        "due again after 24 hours"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn rotated_refresh_tokens_are_stored_so_the_next_renewal_works() {
    let mut w = world(|_, _| {});
    let added = w.add_zoom("oauth_pkce");
    let uid = added.instance.uid;
    let first = w
        .keyring
        .get(uid, SecretKind::RefreshToken)
        .unwrap()
        .unwrap();
    for round in 0..2 {
        w.services.zoom.expire_access_tokens();
        let report = w.sync("Zoom oauth_pkce");
        assert!(report.succeeded, "round {round}: {report:?}");
    }
    let latest = w
        .keyring
        .get(uid, SecretKind::RefreshToken)
        .unwrap()
        .unwrap();
    assert_ne!(
        first, latest,
        "Zoom rotated the refresh token and we kept the new one"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_revoked_grant_asks_for_a_new_sign_in_and_keeps_the_evidence() {
    let mut w = world(|_, _| {});
    let script = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    w.add_salesforce(&script, 30).unwrap();
    assert!(w.sync("Salesforce Prod").succeeded);
    let before = w.snapshots("Salesforce Prod");
    w.services.salesforce.revoke_all();
    let report = w.sync("Salesforce Prod");
    w.assert_failed_and_kept(
        "Salesforce Prod",
        &report,
        &before,
        "needs_reauthentication",
    );
    let listed = instances::list(&w.store).unwrap();
    assert_eq!(listed[0].status, "needs_reauthentication");
    assert!(listed[0]
        .status_reason
        .as_deref()
        .unwrap()
        .contains("Re-authenticate"));
    let err = instances::validate(&mut w.store, &w.keyring, "Salesforce Prod").unwrap_err();
    assert_eq!(err.code(), service::ErrorCode::NeedsReauthentication);
    assert!(
        service::sync::due(&w.store, chrono::Utc::now() + chrono::Duration::days(2))
            .unwrap()
            .is_empty(),
        "the scheduler leaves it alone until someone signs in"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_429_storm_is_waited_out_and_an_endless_one_fails_cleanly() {
    let mut w = world(|_, _| {});
    w.add_zoom("server_to_server");
    let name = "Zoom server_to_server";
    assert!(w.sync(name).succeeded);
    w.fault(
        true,
        "/v2/users",
        Fault::TooManyRequests { retry_after: 1 },
        Some(3),
    );
    let started = Instant::now();
    let report = w.sync(name);
    assert!(report.succeeded, "{report:?}");
    assert!(report.retries >= 3, "{report:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    let before = w.snapshots(name);
    w.fault(
        true,
        "/v2/users",
        Fault::TooManyRequests { retry_after: 0 },
        None,
    );
    let report = w.sync(name);
    w.assert_failed_and_kept(name, &report, &before, "rate_limited");
}

#[test]
#[ignore = "needs a Secret Service"]
fn server_errors_cut_connections_and_broken_json_are_retried_then_reported() {
    let mut w = world(|_, _| {});
    w.add_zoom("server_to_server");
    let name = "Zoom server_to_server";
    assert!(w.sync(name).succeeded);
    for fault in [
        Fault::Status { status: 503 },
        Fault::DropConnection,
        Fault::TruncatedJson,
        Fault::MalformedJson,
    ] {
        w.fault(true, "/v2/accounts", fault.clone(), Some(2));
        let report = w.sync(name);
        assert!(report.succeeded, "{fault:?}: {report:?}");
        assert!(report.retries >= 2, "{fault:?}: {report:?}");
    }
    for (fault, code) in [
        (Fault::Status { status: 500 }, "server_error"),
        (Fault::MalformedJson, "malformed_response"),
    ] {
        let before = w.snapshots(name);
        w.services.zoom.faults().clear();
        w.fault(true, "/v2/accounts/me/lock_settings", fault, None);
        let report = w.sync(name);
        w.assert_failed_and_kept(name, &report, &before, code);
    }
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_sync_that_outlives_its_deadline_is_stopped_and_nothing_saved() {
    let mut w = world(|_, _| {});
    w.add_zoom("server_to_server");
    let name = "Zoom server_to_server";
    assert!(w.sync(name).succeeded);
    let before = w.snapshots(name);
    w.fault(true, "/v2/", Fault::Latency { millis: 3000 }, None);
    let started = Instant::now();
    let report = sync(
        &mut w.store,
        &w.keyring,
        name,
        &SyncPolicy {
            deadline: Duration::from_secs(1),
            ..policy()
        },
        &|_| {},
    )
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "stopped at the deadline"
    );
    w.assert_failed_and_kept(name, &report, &before, "deadline_exceeded");
}

#[test]
#[ignore = "needs a Secret Service"]
fn the_salesforce_daily_allowance_stops_the_sync_before_it_runs_out() {
    let mut w = world(|sf, _| sf.daily_api_limit = 14);
    let script = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    w.add_salesforce(&script, 30).unwrap();
    assert!(w.sync("Salesforce Prod").succeeded);
    let before = w.snapshots("Salesforce Prod");
    let report = w.sync("Salesforce Prod");
    w.assert_failed_and_kept("Salesforce Prod", &report, &before, "api_limit");
    assert!(report.error.unwrap().contains("daily API requests"));
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_app_without_a_scope_is_refused_at_set_up_in_zooms_words() {
    let mut w = world(|_, zoom| zoom.server_apps[0].scopes = vec!["account:read:admin".into()]);
    let zoom = w.services.zoom.base_url();
    let new = NewInstance {
        name: "Zoom".into(),
        service: "zoom".into(),
        accepted_terms: Some("2026-11-01".into()),
        request: request(
            "server_to_server",
            &[
                ("client_id", ZOOM_S2S_CLIENT),
                ("account_id", ZOOM_ACCOUNT),
                ("oauth_url", &zoom),
                ("api_url", &zoom),
            ],
            Some(ZOOM_S2S_SECRET),
            30,
        ),
    };
    // Validation reads users, which this app may not: setting up fails, clearly.
    let err = setup::add(&mut w.store, &w.keyring, new, &|_| Ok(())).unwrap_err();
    assert!(err.to_string().contains("does not contain scopes"), "{err}");
    no_instances(&w);
}

#[test]
#[ignore = "needs a Secret Service"]
fn settings_an_app_may_not_read_make_their_checks_undetermined_with_the_reason() {
    let mut w = world(|_, zoom| zoom.server_apps[0].scopes = vec!["user:read:admin".into()]);
    w.add_zoom("server_to_server");
    let name = "Zoom server_to_server";
    service::assessments::create(
        &mut w.store,
        "Zoom",
        "Zoom security baseline",
        &[name.to_string()],
        "G",
    )
    .unwrap();
    let report = w.sync(name);
    assert!(report.succeeded, "the users could be read: {report:?}");
    let rows = service::assessments::results(&w.store, "Zoom").unwrap();
    let waiting_room = rows
        .iter()
        .find(|r| r.action == "Turn on the Zoom waiting room")
        .unwrap();
    assert_eq!(
        waiting_room.test_status,
        compliance_desk::domain::TestStatus::CouldNotBeDetermined
    );
    let reason = waiting_room
        .evidence
        .as_ref()
        .unwrap()
        .reason
        .clone()
        .unwrap();
    assert!(
        reason.contains("does not contain scopes") && reason.contains("Marketplace"),
        "{reason}"
    );
    // Users who inherit the account's unreadable settings cannot be judged either.
    let users = rows
        .iter()
        .find(|r| r.action == "Keep file transfer off for every Zoom user")
        .unwrap();
    assert_eq!(
        users.test_status,
        compliance_desk::domain::TestStatus::CouldNotBeDetermined
    );
    let reason = users.evidence.as_ref().unwrap().reason.clone().unwrap();
    assert!(reason.contains("inherit the account"), "{reason}");
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_cancelled_sync_saves_nothing_and_leaves_the_connection_as_it_was() {
    let mut w = world(|_, _| {});
    w.add_zoom("server_to_server");
    let name = "Zoom server_to_server";
    assert!(w.sync(name).succeeded);
    let before = w.snapshots(name);
    w.fault(true, "/v2/", Fault::Latency { millis: 2000 }, None);
    let (stop, cancel) = tokio::sync::watch::channel(false);
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        stop.send(true).unwrap();
    });
    let started = Instant::now();
    let report = compliance_desk::service::sync::sync_cancellable(
        &mut w.store,
        &w.keyring,
        name,
        &policy(),
        &|_| {},
        Some(cancel),
    )
    .unwrap();
    stopper.join().unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "stopped when asked"
    );
    w.assert_failed_and_kept(name, &report, &before, "cancelled");
    assert_eq!(instances::list(&w.store).unwrap()[0].status, "connected");
}
