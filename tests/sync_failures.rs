//! Every way a sync can fail, against the fake services, through the service layer
//! with a real SQLite file and the real OS keyring. After each failure the database
//! still holds the last good snapshot and a record that names the error.
//! Needs a Secret Service (`.ci/test` runs these under dbus-run-session).

mod support;

use std::time::{Duration, Instant};

use compliance_desk::auth::secrets::SecretKind;
use compliance_desk::connectors::http::SyncPolicy;
use compliance_desk::domain::TestStatus;
use compliance_desk::service::sync::sync;
use compliance_desk::service::{self, instances};
use fakes::Fault;
use support::services::*;
use support::world::{policy, world, World};

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
    let name = w.synced_zoom();
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
    let name = w.synced_zoom();
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
    let name = w.synced_zoom();
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
    let mut w = world(|sf, _| sf.daily_api_limit = 24);
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
fn settings_an_app_may_not_read_make_their_checks_undetermined_with_the_reason() {
    let mut w = world(|_, _| {});
    let name = w.zoom_in_assessment();
    // An admin takes the settings scope away after set-up (which proved it).
    w.fault(
        true,
        "/v2/accounts/me/settings",
        Fault::Answer {
            status: 401,
            body: serde_json::json!({"code": 4711, "message": "Invalid access token, does not contain scopes:[account:read:admin, account:read:settings:admin]."}),
        },
        None,
    );
    let report = w.sync(name);
    assert!(report.succeeded, "the users could be read: {report:?}");
    let (status, reason) = w.result("Zoom", "Hold joining participants in a waiting room");
    assert_eq!(status, TestStatus::CouldNotBeDetermined);
    let reason = reason.unwrap();
    assert!(
        reason.contains("does not contain scopes") && reason.contains("Marketplace"),
        "{reason}"
    );
    // Users who inherit the account's unreadable settings cannot be judged either.
    let (status, reason) = w.result("Zoom", "Keep file transfer off for every Zoom user");
    assert_eq!(status, TestStatus::CouldNotBeDetermined);
    assert!(reason.unwrap().contains("inherit the account"));
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_cancelled_sync_saves_nothing_and_leaves_the_connection_as_it_was() {
    let mut w = world(|_, _| {});
    let name = w.synced_zoom();
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

#[test]
#[ignore = "needs a Secret Service"]
fn zoom_without_the_meeting_security_lock_option_keeps_the_rest_of_the_sync() {
    let mut w = world(|_, _| {});
    let name = w.zoom_in_assessment();
    w.fault(
        true,
        "/v2/accounts/me/lock_settings?option=meeting_security",
        Fault::Answer {
            status: 400,
            body: serde_json::json!({"code": 300, "message": "Validation Failed.", "errors": [{"field": "option", "message": "Invalid field: meeting_security"}]}),
        },
        None,
    );
    assert!(w.sync(name).succeeded, "the other answers stand");
    let (locked, reason) = w.result("Zoom", "Lock the Zoom waiting room setting for all users");
    assert_eq!(locked, TestStatus::CouldNotBeDetermined);
    assert!(
        reason
            .unwrap_or_default()
            .contains("did not answer the meeting security lock settings"),
        "the reason is Zoom's"
    );
    let (plain, _) = w.result(
        "Zoom",
        "Lock the Zoom join-before-host setting for all users",
    );
    assert_ne!(
        plain,
        TestStatus::CouldNotBeDetermined,
        "the plain lock settings were read"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_salesforce_org_without_a_permission_field_leaves_only_that_check_undetermined() {
    // An edition without Apex has no "Author Apex" permission to ask about.
    let mut w = world(|salesforce, _| {
        for object in ["PermissionSet", "PermissionSetAssignment"] {
            for record in salesforce.objects.get_mut(object).unwrap() {
                record.remove("PermissionsAuthorApex");
                if let Some(set) = record
                    .get_mut("PermissionSet")
                    .and_then(|s| s.as_object_mut())
                {
                    set.remove("PermissionsAuthorApex");
                }
            }
        }
    });
    w.salesforce_in_assessment();
    assert!(w.sync("Salesforce Prod").succeeded);
    let (apex, reason) = w.result("SF", "Limit Author Apex to a few active Salesforce users");
    assert_eq!(apex, TestStatus::CouldNotBeDetermined);
    let reason = reason.unwrap();
    assert!(
        reason.contains("does not have the field") && reason.contains("PermissionsAuthorApex"),
        "{reason}"
    );
    let (modify_all, _) = w.result(
        "SF",
        "Limit Modify All Data to a few active Salesforce users",
    );
    assert_ne!(modify_all, TestStatus::CouldNotBeDetermined);
}

#[test]
#[ignore = "needs a Secret Service"]
fn salesforce_pages_are_followed_on_the_same_instance() {
    // Two records a batch: every query of "mixed" comes in several pages.
    let mut w = world(|salesforce, _| salesforce.batch_size = 2);
    w.salesforce_in_assessment();
    assert!(w.sync("Salesforce Prod").succeeded);
    let pages = w
        .services
        .salesforce
        .recorder()
        .requests()
        .iter()
        .filter(|r| r.path.contains("/query/"))
        .count();
    assert!(pages > 10, "next pages were asked for: {pages}");
    // 46 Health Check rows in pages of two: every setting is judged.
    let (status, _) = w.result("SF", "Require passwords of at least eight characters");
    assert_ne!(status, TestStatus::CouldNotBeDetermined);
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_next_page_on_another_host_is_refused_and_gets_no_token() {
    let mut w = world(|_, _| {});
    w.salesforce_in_assessment();
    assert!(w.sync("Salesforce Prod").succeeded);
    let before = w.snapshots("Salesforce Prod");
    // Another server on this computer, watching for the bearer token.
    let trap = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let elsewhere = format!(
        "http://{}/services/data/v60.0/query/01g-2000",
        trap.local_addr().unwrap()
    );
    let page = serde_json::json!({
        "totalSize": 4, "done": false, "records": [], "nextRecordsUrl": elsewhere
    });
    w.fault(
        false,
        "/services/data/",
        Fault::Answer {
            status: 200,
            body: page,
        },
        Some(1),
    );
    let report = w.sync("Salesforce Prod");
    w.assert_failed_and_kept("Salesforce Prod", &report, &before, "malformed_response");
    assert!(
        report
            .error
            .unwrap()
            .contains("is not a path on this instance; it was not followed"),
        "a sentence says why"
    );
    assert_eq!(
        trap.accept().map_err(|e| e.kind()).err(),
        Some(std::io::ErrorKind::WouldBlock),
        "nothing connected to the other host"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_answer_or_a_sync_larger_than_its_cap_stops_and_keeps_the_last_snapshot() {
    let mut w = world(|_, _| {});
    let name = w.synced_zoom();
    let before = w.snapshots(name);
    let capped = |policy: SyncPolicy, w: &mut World| {
        sync(&mut w.store, &w.keyring, name, &policy, &|_| {}).unwrap()
    };
    // One answer: the account settings are several KiB.
    let report = capped(
        SyncPolicy {
            max_response_bytes: 1024,
            ..policy()
        },
        &mut w,
    );
    w.assert_failed_and_kept(name, &report, &before, "too_large");
    let error = report.error.unwrap();
    assert!(
        error.contains("with more than 1 KiB") && error.contains("last good snapshot stays"),
        "{error}"
    );
    // All answers together.
    let report = capped(
        SyncPolicy {
            max_sync_bytes: 6 * 1024,
            ..policy()
        },
        &mut w,
    );
    w.assert_failed_and_kept(name, &report, &before, "too_large");
    assert!(report.error.unwrap().contains("in one sync"));
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_panic_in_one_sync_is_recorded_and_the_next_sync_runs() {
    let mut w = world(|_, _| {});
    let name = w.synced_zoom();
    let before = w.snapshots(name);
    // A panic where the sync saves what it collected: the worst moment.
    let breaks = |p: &service::sync::SyncProgress| {
        if p.stage == service::sync::SyncStage::Saving {
            panic!("a bug while saving");
        }
    };
    let report =
        service::sync::sync_guarded(&mut w.store, &w.keyring, name, &policy(), &breaks, None)
            .expect("the panic is caught and recorded");
    w.assert_failed_and_kept(name, &report, &before, "internal_error");
    let error = report.error.unwrap();
    assert!(
        error.contains("internal error (a bug while saving)")
            && error.contains("last good snapshot stays"),
        "{error}"
    );
    // The store and the connection are fine: the next sync succeeds.
    assert!(w.sync(name).succeeded);
    assert_eq!(w.snapshots(name).len(), before.len() + 1);
}
