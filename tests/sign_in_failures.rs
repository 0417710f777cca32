//! Every way setting up a connector can fail, against the fake services, through
//! the service layer with a real SQLite file and the real OS keyring: nothing is
//! left behind. Needs a Secret Service (`.ci/test` runs these under dbus-run-session).

mod support;

use std::time::{Duration, Instant};

use compliance_desk::auth::browser;
use compliance_desk::service::setup;
use support::services::*;
use support::world::world;

#[test]
#[ignore = "needs a Secret Service"]
fn a_forged_state_a_denial_a_timeout_and_a_busy_port_leave_nothing_behind() {
    let mut w = world(|_, _| {});
    let dir = w.dir.path().to_path_buf();

    let forged = browser_script(&dir, "allow", "", "s/state=[^&]*/state=forged/");
    // A forged answer does not end the wait; only the timeout does, naming it.
    let err = w.add_salesforce(&forged, 3).unwrap_err().to_string();
    assert!(err.contains("state mismatch"), "{err}");
    w.no_instances();

    let deny = browser_script(&dir, "deny", "", "s/x/x/");
    let err = w.add_salesforce(&deny, 30).unwrap_err().to_string();
    assert!(
        err.contains("refused") && err.contains("access_denied"),
        "{err}"
    );
    w.no_instances();

    let started = Instant::now();
    let err = w
        .add_salesforce(std::path::Path::new("true"), 1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no answer from the browser"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    w.no_instances();

    let port = w.services.sf_callback_port();
    let busy = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let allow = browser_script(&dir, "allow", "", "s/x/x/");
    let err = w.add_salesforce(&allow, 30).unwrap_err().to_string();
    assert!(
        err.contains(&format!("port {port}")) && err.contains("already in use"),
        "{err}"
    );
    drop(busy);
    w.no_instances();
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_request_to_the_wrong_path_gets_404_and_the_real_callback_still_lands() {
    let mut w = world(|_, _| {});
    let dir = w.dir.path().to_path_buf();
    let port = w.services.sf_callback_port();
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
fn an_app_without_a_scope_is_refused_at_set_up_in_zooms_words() {
    let mut w = world(|_, zoom| zoom.server_apps[0].scopes = vec!["account:read:admin".into()]);
    // Validation reads users, which this app may not: setting up fails, clearly.
    let err = w.try_add_zoom("server_to_server").unwrap_err();
    assert!(err.to_string().contains("does not contain scopes"), "{err}");
    w.no_instances();
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_salesforce_user_who_cannot_read_the_health_check_is_refused_at_set_up() {
    let mut w = world(|salesforce, _| {
        salesforce.objects.remove("SecurityHealthCheck");
    });
    let allow = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    let err = w.add_salesforce(&allow, 30).unwrap_err().to_string();
    assert!(
        err.contains("Salesforce refused to share its Security Health Check")
            && err.contains("View Setup and Configuration"),
        "{err}"
    );
    w.no_instances();
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_app_that_cannot_read_the_account_settings_is_refused_at_set_up_naming_them() {
    let mut w = world(|_, zoom| zoom.server_apps[0].scopes = vec!["user:read:admin".into()]);
    let err = w.try_add_zoom("server_to_server").unwrap_err().to_string();
    assert!(
        err.contains("Zoom refused to share the account settings")
            && err.contains("account:read:admin"),
        "{err}"
    );
    w.no_instances();
}

#[test]
#[ignore = "needs a Secret Service"]
fn the_same_account_connected_twice_is_refused_naming_the_existing_connector() {
    let mut w = world(|_, _| {});
    w.add_zoom("server_to_server");
    compliance_desk::service::instances::rename(&mut w.store, "Zoom server_to_server", "Zoom main")
        .unwrap();
    let err = w.try_add_zoom("server_to_server").unwrap_err().to_string();
    assert!(err.contains("already connected as \"Zoom main\""), "{err}");

    let allow = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    w.add_salesforce(&allow, 30).unwrap();
    compliance_desk::service::instances::rename(&mut w.store, "Salesforce Prod", "SF main")
        .unwrap();
    let err = w.add_salesforce(&allow, 30).unwrap_err().to_string();
    assert!(
        err.contains("Salesforce account") && err.contains("\"SF main\""),
        "{err}"
    );
    assert_eq!(
        compliance_desk::service::instances::list(&w.store)
            .unwrap()
            .len(),
        2,
        "nothing added"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn signing_in_again_to_another_org_is_refused_and_the_old_tokens_stay() {
    use compliance_desk::auth::secrets::SecretKind;
    let mut w = world(|_, _| {});
    let allow = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    let added = w.add_salesforce(&allow, 30).unwrap();
    let uid = added.instance.uid;
    let token = |w: &support::world::World| {
        w.keyring
            .get(uid, SecretKind::RefreshToken)
            .unwrap()
            .map(|s| s.expose().to_string())
    };
    let before = token(&w);
    let other = Services::start("mixed", |salesforce, _| {
        salesforce.objects.get_mut("Organization").unwrap()[0]
            .insert("Id".into(), serde_json::json!("00Dfake0000000002"));
    });
    let request = support::world::request(
        "oauth_pkce",
        &[
            ("login_host", &other.salesforce.base_url()),
            ("client_id", SF_CLIENT),
            ("callback_url", &other.sf_callback),
        ],
        None,
        30,
    );
    let new = setup::reauthentication(&w.store, "Salesforce Prod", request).unwrap();
    let command = allow.display().to_string();
    let pending = setup::connect(new, &|url| browser::open_with(url, Some(&command)), None)
        .expect("the other org signs in and validates");
    let err = setup::replace_connection(&mut w.store, &w.keyring, "Salesforce Prod", pending)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("another Salesforce account (00Dfake0000000002)")
            && err.contains("(00Dfake0000000001)"),
        "{err}"
    );
    assert_eq!(token(&w), before, "the old tokens stay");
}

#[test]
#[ignore = "needs a Secret Service"]
fn an_id_always_wins_over_a_name_and_names_cannot_look_like_ids() {
    use compliance_desk::store::repo;
    let mut w = world(|_, _| {});
    let allow = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    let salesforce = w.add_salesforce(&allow, 30).unwrap().instance.uid;
    let zoom = w.add_zoom("server_to_server").instance.uid;
    let problem = setup::name_problem(&w.store, &salesforce.to_string())
        .unwrap()
        .expect("a UUID is not a name");
    assert!(problem.contains("look like a connector ID"), "{problem}");
    let err = compliance_desk::service::instances::rename(
        &mut w.store,
        "Zoom server_to_server",
        &salesforce.to_string().to_uppercase(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("look like a connector ID"), "{err}");
    // A workspace from before the rule: Zoom named with Salesforce's id. The id wins.
    w.store
        .conn()
        .execute(
            "UPDATE service_instances SET name = ?1 WHERE uid = ?2",
            [salesforce.to_string(), zoom.to_string()],
        )
        .unwrap();
    let found = repo::instances::find(w.store.conn(), &salesforce.to_string())
        .unwrap()
        .unwrap();
    assert_eq!(
        found.instance.uid, salesforce,
        "sync and remove act on the id's owner"
    );
    let err = compliance_desk::service::assessments::create(
        &mut w.store,
        &uuid::Uuid::new_v4().to_string(),
        "Zoom security baseline",
        None,
        "G",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("look like an assessment ID"), "{err}");
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_token_answer_naming_another_host_is_refused_revoked_and_sends_no_token() {
    let mut w = world(|salesforce, _| {
        salesforce.instance_url = Some("https://acme.my.salesforce.com.evil.example".into());
    });
    let allow = browser_script(w.dir.path(), "allow", "", "s/x/x/");
    let err = w.add_salesforce(&allow, 30).unwrap_err().to_string();
    assert!(
        err.contains("The instance URL Salesforce returned")
            && err.contains("not an address of Salesforce"),
        "{err}"
    );
    w.no_instances();
    let requests = w.services.salesforce.recorder().requests();
    assert!(
        requests.iter().any(|r| r.path == "/services/oauth2/revoke"),
        "the grant was revoked at the login host"
    );
    assert!(
        !requests.iter().any(|r| r.path.contains("/services/data")),
        "no API call was made with the token"
    );
}

#[test]
#[ignore = "needs a Secret Service"]
fn a_my_domain_outside_salesforce_is_refused_before_the_browser_opens() {
    let mut w = world(|_, _| {});
    let opened = w.dir.path().join("opened");
    let script = w.dir.path().join("browser.sh");
    std::fs::write(&script, format!("#!/bin/sh\ntouch {}\n", opened.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let request = support::world::request(
        "oauth_pkce",
        &[
            ("login_host", "https://acme.my.salesforce.com.evil.example"),
            ("client_id", SF_CLIENT),
            ("callback_url", &w.services.sf_callback),
        ],
        None,
        5,
    );
    let new = compliance_desk::service::setup::NewInstance {
        name: "Salesforce Prod".into(),
        service: "salesforce".into(),
        accepted_terms: Some("2026-11-01".into()),
        request,
    };
    let command = script.display().to_string();
    let err = setup::add(&mut w.store, &w.keyring, new, &|url| {
        browser::open_with(url, Some(&command))
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("not an address of Salesforce"), "{err}");
    assert!(!opened.exists(), "no browser opened on the look-alike host");
    w.no_instances();
}
