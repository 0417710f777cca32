//! The sample workspace in the real window: offered on first run, clearly labelled,
//! every screen filled, and removed in one click without touching real data.

mod support;

use support::window::{nav, Window};

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn a_newcomer_explores_the_sample_workspace_and_removes_it() {
    support::window::again_if_webkit_crashes(
        a_newcomer_explores_the_sample_workspace_and_removes_it_steps,
    )
    .await;
}

async fn a_newcomer_explores_the_sample_workspace_and_removes_it_steps() {
    let data = tempfile::tempdir().unwrap();
    let w = Window::open("sample", data.path(), &[]).await;
    w.click("//button[normalize-space(.)='Explore with sample data']")
        .await;
    w.find("//*[@aria-label='Sample workspace']").await;
    // The dashboard: scores, a month of trend, drift between syncs, attention.
    w.find("//figure[@aria-label='Overall score per day']//*[local-name()='svg']//*[local-name()='path']")
        .await;
    w.find("//ul[@aria-label='Drift between syncs']/li").await;
    w.screenshot("1-dashboard").await;
    w.accessibility("sample dashboard").await;

    w.click(&nav("Assessments")).await;
    w.click("//*[@role='row'][.//*[normalize-space(.)='Sample: Zoom baseline']]")
        .await;
    w.find("//ul[@aria-label='Score per service instance']")
        .await;
    w.screenshot("2-assessment").await;
    w.click("//button[@role='tab'][starts-with(normalize-space(.), 'Improvement actions')]")
        .await;
    w.click("//label[normalize-space(.)='Needs review']").await;
    // The last sample sync changed a verdict under an override.
    w.find("//*[@role='table'][@aria-label='Improvement actions']//*[@role='row'][@aria-rowindex='2']//*[normalize-space(.)='Review']")
        .await;
    w.screenshot("3-actions-needing-review").await;

    w.click("//button[normalize-space(.)='Remove sample data']")
        .await;
    w.sees("No compliance score yet").await;
    w.gone("//*[@aria-label='Sample workspace']").await;
    assert!(
        !data.path().join("sample").exists(),
        "the sample is deleted"
    );
    w.screenshot("4-removed").await;
    w.close().await;
}
