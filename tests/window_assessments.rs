//! The assessment wizard in the real window against the fake services: Salesforce
//! activated (from the CLI, as the connector flow has its own window test), then
//! Create assessment on NIST SP 800-53 Rev. 5 Moderate, Zoom added through "Add new
//! service" and back, reviewed, created; the score the window shows equals the
//! CLI's; then work in it (work.rs) and export the PDF and the evidence bundle for
//! auditors (reports.rs). A screenshot of each step lands in
//! $E2E_ARTIFACTS.

#[path = "window_assessments/reports.rs"]
mod reports;
mod support;
#[path = "window_assessments/work.rs"]
mod work;

use compliance_desk::domain::scoring::fmt_points;
use compliance_desk::store::{repo, Store};
use support::services::*;
use support::window::Window;

const NAME: &str = "NIST Moderate FY27";

fn button(label: &str) -> String {
    format!("//button[normalize-space(.)={label:?}]")
}

fn field(label: &str) -> String {
    format!("//label[starts-with(normalize-space(.), {label:?})]/following::input[1]")
}

fn step(title: &str) -> String {
    format!("//h1[normalize-space(.)={title:?}]")
}

fn synced(data: &std::path::Path, name: &str) -> bool {
    let store = Store::open_in(data).unwrap();
    let Some(record) = repo::instances::find(store.conn(), name).unwrap() else {
        return false;
    };
    !repo::snapshots::latest(store.conn(), record.instance.id, 1)
        .unwrap()
        .is_empty()
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver, WebKitWebDriver and a Secret Service: run by .ci/test"]
async fn an_assessment_is_created_in_the_wizard_with_a_new_service_added_on_the_way() {
    support::window::again_if_webkit_crashes(
        an_assessment_is_created_in_the_wizard_with_a_new_service_added_on_the_way_steps,
    )
    .await;
}

async fn an_assessment_is_created_in_the_wizard_with_a_new_service_added_on_the_way_steps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let services = Services::start("mixed", |_, _| {});
    let mut cli = App::new(&data);
    cli.browser = Some(browser_script(dir.path(), "allow", "", "s/x/x/"));
    cli.add_salesforce(&services, "Salesforce Prod");
    cli.ok(&["sync", "Salesforce Prod"], &[]);
    let w = Window::open(
        "assessment-wizard",
        &data,
        &[("COMPLIANCE_DESK_KEYRING", &cli.keyring)],
    )
    .await;

    // From the Overview: its next step is to create an assessment.
    w.sees("Your services are connected").await;
    w.screenshot("00-overview").await;
    w.click(&button("Create assessment")).await;

    // 1. Select regulation.
    w.find(&step("Select regulation")).await;
    w.find("//table[@aria-label='Regulation templates']//tr[contains(., 'ISO/IEC 27001:2022 Annex A')]").await;
    w.screenshot("01-select-regulation").await;
    w.accessibility("select regulation").await;
    // The widest step still fits the smallest window the UI guide allows.
    w.fits_smallest_window("Select regulation", "01-select-regulation-1024x700")
        .await;
    w.type_into("//input[@aria-label='Search regulations']", "NIST")
        .await;
    w.click("//input[@type='radio'][@aria-label='NIST SP 800-53 Rev. 5 Moderate']")
        .await;
    w.click(&button("Next")).await;

    // 2. Name and group.
    w.find(&step("Name and group")).await;
    w.type_into(&field("Assessment name"), NAME).await;
    w.find("//button[normalize-space(.)='Next'][not(@disabled)]")
        .await;
    w.screenshot("02-name-and-group").await;
    w.accessibility("name and group").await;
    w.click(&button("Next")).await;

    // 3. Select services: Salesforce comes ticked; Zoom has no instance yet.
    w.find(&step("Select services")).await;
    w.click("//label[starts-with(normalize-space(.), 'Zoom (no activated instance yet')]")
        .await;
    w.screenshot("03-select-services").await;
    w.accessibility("select services").await;
    w.click(&button("Next")).await;

    // 4. Service instances: Salesforce ticked; Zoom needs one: Add new service.
    w.find(&step("Service instances")).await;
    let salesforce = w
        .find("//input[@aria-label='Include Salesforce Prod']")
        .await;
    assert!(
        salesforce.is_selected().await.unwrap(),
        "instances come ticked"
    );
    w.sees("Tick or add a Zoom connector").await;
    w.screenshot("04-service-instances").await;
    w.accessibility("service instances").await;
    w.click("//a[contains(., 'Add new Zoom connector')] | //button[contains(., 'Add new Zoom connector')]").await;

    // Zoom's set-up wizard, Server-to-Server, then back to step 4.
    let zoom = services.zoom.base_url();
    w.find(&step("Terms of Service")).await;
    w.screenshot("05-add-new-service-terms").await;
    w.click("//label[contains(., 'I accept the Terms of Service')]")
        .await;
    w.click(&button("Next")).await;
    w.type_into(&field("Connector name"), "Zoom Main").await;
    w.find("//button[normalize-space(.)='Next'][not(@disabled)]")
        .await;
    w.click(&button("Next")).await;
    w.type_into(&field("Account ID"), ZOOM_ACCOUNT).await;
    w.type_into(&field("Client ID"), ZOOM_S2S_CLIENT).await;
    w.type_into(&field("Client secret"), ZOOM_S2S_SECRET).await;
    w.click("//button[contains(., 'Service addresses')]").await;
    for label in ["Zoom sign-in address", "Zoom API address"] {
        w.tab_to(label).await;
        w.retype(&zoom).await;
    }
    w.screenshot("06-add-new-service-authentication").await;
    w.click(&button("Next")).await;
    w.click(&button("Validate connection")).await;
    w.sees("Connected to the Zoom account").await;
    w.click(&button("Next")).await;
    w.sees("Check everything, then finish").await;
    w.click(&button("Finish")).await;

    w.find(&step("Service instances")).await;
    let zoom_row = w.find("//input[@aria-label='Include Zoom Main']").await;
    assert!(
        zoom_row.is_selected().await.unwrap(),
        "the new instance comes back ticked"
    );
    assert!(
        w.find("//input[@aria-label='Include Salesforce Prod']")
            .await
            .is_selected()
            .await
            .unwrap(),
        "earlier answers are kept"
    );
    w.screenshot("07-back-with-the-new-service").await;
    // Its first sync runs in the background; let it finish so that both windows and
    // the CLI see the same data.
    let deadline = tokio::time::Instant::now() + support::window::WAIT;
    while !synced(&data, "Zoom Main") {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Zoom's first sync did not finish"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    w.find("//button[normalize-space(.)='Next'][not(@disabled)]")
        .await;
    w.click(&button("Next")).await;

    // 5. Review and finish.
    w.find(&step("Review and finish")).await;
    w.sees(NAME).await;
    w.sees("Salesforce Prod, Zoom Main").await;
    w.screenshot("08-review").await;
    w.accessibility("review").await;
    w.click(&button("Create assessment")).await;

    // The assessment opens with its automatic results computed; the score is the CLI's.
    w.sees("Why not 100%?").await;
    let score = cli.json(&["score", "--assessment", NAME, "--json"]);
    let points = &score["assessment"]["points"];
    let shown = format!(
        "{} / {} points",
        fmt_points(points["achieved"].as_f64().unwrap()),
        fmt_points(points["possible"].as_f64().unwrap())
    );
    assert!(
        points["achieved"].as_f64().unwrap() > 0.0,
        "automatic results were computed: {score}"
    );
    w.sees(&shown).await;
    w.screenshot("09-created-assessment").await;
    w.accessibility("created assessment").await;
    let instances = &score["assessment"]["instances"];
    assert_eq!(
        instances,
        &serde_json::json!(["Salesforce Prod", "Zoom Main"])
    );
    work::work_in_the_assessment(&w, &cli, NAME, dir.path()).await;
    reports::export_for_auditors(&w, &cli, NAME, dir.path()).await;
    w.close().await;
}
