//! The Data connectors experience in the real window against the fake services:
//! Salesforce set up through the wizard with consent in the "browser" (a `$BROWSER`
//! script), synced; Zoom Server-to-Server set up with the keyboard alone; one deleted,
//! its keyring entries gone. axe-core checks each screen; a screenshot of each step
//! lands in $E2E_ARTIFACTS.

mod support;

use compliance_desk::auth::secrets::{SecretKind, SecretStore};
use compliance_desk::store::{repo, Store};
use support::services::*;
use support::window::Window;

fn button(label: &str) -> String {
    format!("//button[normalize-space(.)={label:?}]")
}

fn field(label: &str) -> String {
    format!("//label[starts-with(normalize-space(.), {label:?})]/following::input[1]")
}

/// Snapshots the app has written for the instance, read from its database.
fn snapshots(data: &std::path::Path, name: &str) -> usize {
    let store = Store::open_in(data).unwrap();
    let Some(record) = repo::instances::find(store.conn(), name).unwrap() else {
        return 0;
    };
    repo::snapshots::latest(store.conn(), record.instance.id, 100)
        .unwrap()
        .len()
}

async fn next(w: &Window) {
    w.click(&button("Next")).await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver, WebKitWebDriver and a Secret Service: run by .ci/test"]
async fn connectors_are_set_up_synced_and_deleted_in_the_window() {
    support::window::again_if_webkit_crashes(
        connectors_are_set_up_synced_and_deleted_in_the_window_steps,
    )
    .await;
}

async fn connectors_are_set_up_synced_and_deleted_in_the_window_steps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let services = Services::start("mixed", |_, _| {});
    let browser = browser_script(dir.path(), "allow", "sleep 1", "s/x/x/");
    let keyring = format!("compliance-desk-window-{}", uuid::Uuid::new_v4());
    let w = Window::open(
        "connectors",
        &data,
        &[
            ("BROWSER", browser.to_str().unwrap()),
            ("COMPLIANCE_DESK_KEYRING", &keyring),
        ],
    )
    .await;
    let sf = services.salesforce.base_url();
    let sf_port = services.sf_callback_port().to_string();

    // Catalog: one connector at a time; Activate connector opens its details.
    w.click("//header//button[normalize-space(.)='Data connectors']")
        .await;
    w.click("//input[@aria-label='Select Salesforce']").await;
    w.screenshot("01-catalog").await;
    w.accessibility("catalog").await;
    w.click(&button("Activate connector")).await;
    w.sees("Before you start").await;
    let callback = w
        .find("//label[normalize-space(.)='Callback URL']/following::input[1]")
        .await;
    assert_eq!(
        callback.prop("value").await.unwrap().as_deref(),
        Some("http://localhost:1717/OauthRedirect")
    );
    w.screenshot("02-details").await;
    w.accessibility("details").await;
    w.click(&button("Add connector")).await;

    // Wizard: terms, name, authentication, validation (consent in the "browser"), review.
    w.find("//h1[normalize-space(.)='Terms of Service']").await;
    assert!(
        !w.find(&button("Next")).await.is_enabled().await.unwrap(),
        "terms first"
    );
    w.screenshot("03-terms").await;
    w.accessibility("wizard terms").await;
    w.click("//label[contains(., 'I accept the Terms of Service')]")
        .await;
    next(&w).await;
    w.type_into(&field("Connector name"), "Salesforce Prod")
        .await;
    w.sees("Next").await;
    w.screenshot("04-name").await;
    next(&w).await;
    w.click("//label[normalize-space(.)='My Domain URL']").await;
    w.type_into("//input[@aria-label='My Domain URL']", &sf)
        .await;
    w.type_into(&field("Consumer Key"), SF_CLIENT).await;
    w.type_into(&field("Callback port"), &sf_port).await;
    w.screenshot("05-authentication").await;
    w.accessibility("wizard authentication").await;
    next(&w).await;
    w.click(&button("Validate connection")).await;
    w.sees("Waiting for you to sign in to Salesforce in your browser.")
        .await;
    w.screenshot("06-waiting-for-browser").await;
    w.sees("Validation succeeded").await;
    w.sees("Signed in to Salesforce as").await;
    w.screenshot("07-validated").await;
    next(&w).await;
    w.sees("Check everything, then finish").await;
    w.screenshot("08-review").await;
    w.accessibility("wizard review").await;
    w.click(&button("Finish")).await;

    // Activated: the row, its first sync with progress, then its outcome.
    w.find("//table[@aria-label='My activated connectors']//tr[contains(., 'Salesforce Prod')]")
        .await;
    w.sees("Salesforce Prod synced").await;
    w.screenshot("09-activated-synced").await;
    w.accessibility("activated").await;
    // A slow org, so that the progress can be seen.
    services.salesforce.faults().add(fakes::FaultRule {
        path_prefix: "/services/data/".into(),
        fault: fakes::Fault::Latency { millis: 700 },
        times: Some(12),
    });
    w.click("//button[@aria-label='Sync now: Salesforce Prod']")
        .await;
    w.sees("Collecting settings").await;
    w.screenshot("10-syncing-progress").await;
    let deadline = tokio::time::Instant::now() + support::window::WAIT;
    while snapshots(&data, "Salesforce Prod") < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Sync now made no second snapshot"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    w.find("//tr[contains(., 'Salesforce Prod')][contains(., 'Connected')]")
        .await;

    // Edit: rename (re-authentication has its own section in the same panel).
    w.click("//button[@aria-label='Edit: Salesforce Prod']")
        .await;
    w.sees("Re-authenticate").await;
    w.type_into(&field("Connector name"), "Salesforce Production")
        .await;
    w.click(&button("Rename")).await;
    w.sees("Saved.").await;
    w.screenshot("11-edit-panel").await;
    w.accessibility("edit panel").await;
    w.close_panel().await;
    w.find("//tr[contains(., 'Salesforce Production')]").await;

    // At the smallest window the UI guide allows, the list does not overflow.
    w.fits_smallest_window("My activated connectors", "12-activated-1024x700")
        .await;

    // Zoom Server-to-Server with the keyboard alone.
    let zoom = services.zoom.base_url();
    w.click("//button[@role='tab'][contains(., 'Available connectors')]")
        .await;
    w.find("//input[@aria-label='Select Zoom']").await;
    w.tab_to("Select Zoom").await;
    w.space().await;
    w.tab_to("Activate connector").await; // Shift-free: Tab wraps around the page.
    w.enter().await;
    w.sees("Before you start").await;
    w.tab_to("Add connector").await;
    w.enter().await;
    w.find("//h1[normalize-space(.)='Terms of Service']").await;
    w.tab_to("I accept the Terms of Service").await;
    w.space().await;
    w.tab_to("Next").await;
    w.enter().await;
    w.find("//h1[normalize-space(.)='Connector name']").await;
    w.tab_to("Connector name").await;
    w.keys("Zoom Main").await;
    // Next comes back once the name is checked (as typed, by the Rust side).
    w.find("//button[normalize-space(.)='Next'][not(@disabled)]")
        .await;
    w.tab_to("Next").await;
    w.enter().await;
    w.find("//h1[normalize-space(.)='Authentication']").await;
    for (label, value) in [
        ("Account ID", ZOOM_ACCOUNT),
        ("Client ID", ZOOM_S2S_CLIENT),
        ("Client secret", ZOOM_S2S_SECRET),
    ] {
        w.tab_to(label).await;
        w.keys(value).await;
    }
    w.tab_to("Service addresses").await;
    w.enter().await;
    for label in ["Zoom sign-in address", "Zoom API address"] {
        w.tab_to(label).await;
        w.retype(&zoom).await;
    }
    w.screenshot("13-zoom-authentication").await;
    w.tab_to("Next").await;
    w.enter().await;
    w.tab_to("Validate connection").await;
    w.enter().await;
    w.sees("Connected to the Zoom account: 8 active users can be read")
        .await;
    w.tab_to("Next").await;
    w.enter().await;
    w.sees("Check everything, then finish").await;
    w.screenshot("14-zoom-review").await;
    w.tab_to("Finish").await;
    w.enter().await;
    w.sees("Zoom Main synced").await;
    w.screenshot("15-both-activated").await;

    // Delete Zoom: the confirmation explains, the row goes, the keyring entries too.
    let uid = {
        let store = Store::open_in(&data).unwrap();
        repo::instances::find(store.conn(), "Zoom Main")
            .unwrap()
            .unwrap()
            .instance
            .uid
    };
    let secrets = SecretStore::new(keyring.clone());
    assert!(
        secrets
            .get(uid, SecretKind::ClientSecret)
            .unwrap()
            .is_some(),
        "the secret is in the keyring"
    );
    w.click("//button[@aria-label='Delete: Zoom Main']").await;
    w.sees("Collected evidence (1 snapshot)").await;
    w.screenshot("16-delete-confirmation").await;
    w.accessibility("delete dialog").await;
    w.click("//*[@role='dialog']//button[normalize-space(.)='Delete']")
        .await;
    w.sees("Zoom Main was deleted").await;
    w.gone("//table//tr[contains(., 'Zoom Main')]").await;
    w.screenshot("17-deleted").await;
    for kind in SecretKind::ALL {
        assert!(
            secrets.get(uid, kind).unwrap().is_none(),
            "{kind:?} left in the keyring"
        );
    }
    w.close().await;
}
