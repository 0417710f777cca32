//! End to end in a real window: the built app under Xvfb, driven over WebDriver
//! (tauri-driver + WebKitWebDriver). Run by `.ci/test`, which provides the display
//! and the drivers; screenshots land in $E2E_ARTIFACTS (default target/e2e-artifacts).

mod support;

use compliance_desk::store::Store;
use fantoccini::Locator;
use support::window::{nav, Window};

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn a_new_workspace_lists_connectors_and_explains_empty_pages() {
    support::window::again_if_webkit_crashes(
        a_new_workspace_lists_connectors_and_explains_empty_pages_steps,
    )
    .await;
}

async fn a_new_workspace_lists_connectors_and_explains_empty_pages_steps() {
    let data = tempfile::tempdir().unwrap();
    let w = Window::open("empty", data.path(), &[]).await;

    w.sees("No compliance score yet").await;
    w.screenshot("1-overview").await;

    w.click("//header//button[normalize-space(.)='Data connectors']")
        .await;
    w.find("//h1[normalize-space(.)='Data connectors']").await;
    let table = w.find("//table[@aria-label='Available connectors']").await;
    let text = table.text().await.unwrap();
    assert!(
        text.contains("Salesforce") && text.contains("Zoom"),
        "catalog shows: {text}"
    );
    let activate = w
        .find("//button[normalize-space(.)='Activate connector']")
        .await;
    assert!(
        !activate.is_enabled().await.unwrap(),
        "nothing selected yet"
    );
    w.click("//input[@aria-label='Select Zoom']").await;
    assert!(
        activate.is_enabled().await.unwrap(),
        "one connector selected"
    );
    w.screenshot("2-data-connectors").await;
    activate.click().await.unwrap();
    w.sees("What it reads").await;
    w.sees("Lock settings").await;
    w.screenshot("3-connector-details").await;
    w.click("//button[normalize-space(.)='Back to the catalog']")
        .await;

    w.click("//button[@role='tab'][contains(., 'My activated connectors')]")
        .await;
    w.sees("No connectors activated yet").await;

    w.click(&nav("Assessments")).await;
    w.sees("No assessments yet").await;
    w.screenshot("4-assessments-empty").await;

    w.click(&nav("Improvement actions")).await;
    w.sees("No improvement actions yet").await;
    w.close().await;
    assert!(
        data.path()
            .join(compliance_desk::store::DATABASE_FILE)
            .is_file(),
        "the app used the temp data folder"
    );
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn scores_come_from_the_database_with_their_reasons() {
    support::window::again_if_webkit_crashes(
        scores_come_from_the_database_with_their_reasons_steps,
    )
    .await;
}

async fn scores_come_from_the_database_with_their_reasons_steps() {
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(data.path()).unwrap();
        support::seed_example(&mut store).unwrap();
    }
    let w = Window::open("seeded", data.path(), &[]).await;

    w.sees("Overall compliance score").await;
    w.sees("36 / 39").await;
    w.screenshot("1-overview").await;

    w.click(&nav("Assessments")).await;
    let row = w
        .find("//*[@role='row'][contains(., 'Baseline 2026')]")
        .await;
    let text = row.text().await.unwrap();
    assert!(
        text.contains("92%")
            && text.contains("Incomplete")
            && text.contains("Salesforce Prod, Zoom Main"),
        "row: {text}"
    );
    w.screenshot("2-assessments").await;
    row.click().await.unwrap();
    // The assessment opens as a page; "Why not 100%?" opens the engine's breakdown.
    w.click("//*[normalize-space(.)='Why not 100%?']").await;
    w.sees("Earned 0 of 3 points (3 x 0 passed / 1 in scope). Results: 1 failed medium risk.")
        .await;
    w.screenshot("3-score-breakdown").await;
    w.close_panel().await;

    w.click(&nav("Improvement actions")).await;
    w.find("//*[@role='row'][contains(., 'Enable the waiting room')]")
        .await;
    let rows = w
        .client
        .find_all(Locator::XPath("//*[@role='grid']//*[@role='row']"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 4, "a header and one row per action");
    w.screenshot("4-improvement-actions").await;

    // At the smallest window the UI guide allows, no page overflows sideways.
    w.client
        .set_window_size(1024, 700)
        .await
        .expect("the window can be resized");
    for page in ["Overview", "Assessments", "Improvement actions"] {
        w.click(&nav(page)).await;
        w.find(&format!("//h1[normalize-space(.)={page:?}]")).await;
        assert_eq!(w.overflow().await, [0, 0], "{page} overflows at 1024x700");
    }
    w.screenshot("5-improvement-actions-1024x700").await;
    // The assessment page and its actions tab fit as well.
    w.click(&nav("Assessments")).await;
    w.click("//*[@role='row'][contains(., 'Baseline 2026')]")
        .await;
    w.click("//button[@role='tab'][starts-with(normalize-space(.), 'Improvement actions')]")
        .await;
    w.find(
        "//*[@role='table'][@aria-label='Improvement actions']//*[@role='row'][@aria-rowindex='2']",
    )
    .await;
    assert_eq!(
        w.overflow().await,
        [0, 0],
        "the assessment page overflows at 1024x700"
    );
    w.screenshot("6-assessment-actions-1024x700").await;
    w.close().await;
}
