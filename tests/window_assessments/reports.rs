//! Exports for auditors from the assessment page of the real window: the
//! organisation set in its dialog, then the PDF report and the evidence bundle
//! through the save-dialog path (the test supplies the path the native dialog
//! would return, as `window.__e2eSavePath`), found on disk and checked.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use super::support::services::App;
use super::support::window::{Window, WAIT};

fn menu_item(label: &str) -> String {
    format!("//*[@role='menuitem'][normalize-space(.)={label:?}]")
}

/// Opens the Export menu; the page may still be settling after it loaded.
async fn open_export_menu(w: &Window) {
    for _ in 0..10 {
        let button = w
            .find("//button[normalize-space(.)='Export'][not(@disabled)]")
            .await;
        if button.click().await.is_ok()
            && !w
                .client
                .find_all(fantoccini::Locator::XPath("//*[@role='menu']"))
                .await
                .unwrap()
                .is_empty()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    panic!("the Export menu does not open");
}

async fn export(w: &Window, item: &str, saved: &str) {
    open_export_menu(w).await;
    w.click(&menu_item(item)).await;
    // Typesetting the PDF takes about 7 s in a debug build, three times that on a
    // busy machine.
    w.sees_within(&format!("Saved {saved}"), 3 * WAIT).await;
}

pub async fn export_for_auditors(w: &Window, cli: &App, name: &str, dir: &Path) {
    let listed = cli.json(&["assessments", "list", "--json"]);
    let uid = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .map(|a| a["uid"].as_str().unwrap().to_string())
        .expect("the assessment is listed");
    let out = dir.join("exports");
    std::fs::create_dir_all(&out).unwrap();
    w.client
        .execute(
            "const [hash, dir] = arguments; window.__e2eSavePath = (file) => dir + '/' + file; location.hash = hash;",
            vec![json!(format!("#/assessments/{uid}")), json!(out.to_str().unwrap())],
        )
        .await
        .unwrap();
    w.find(&format!("//h1[normalize-space(.)={name:?}]")).await;
    w.sees("Why not 100%?").await;

    open_export_menu(w).await;
    w.click(&menu_item("Organisation on reports…")).await;
    w.type_into("//*[@role='dialog']//input", "Contoso Ltd")
        .await;
    w.click("//*[@role='dialog']//button[normalize-space(.)='Save']")
        .await;

    export(w, "PDF report", "PDF report").await;
    w.screenshot("20-exported-pdf").await;
    let pdf = out.join(format!("{name}.pdf"));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Contoso Ltd") && text.contains(name),
        "the PDF names the organisation and the assessment"
    );

    export(w, "Evidence bundle (.zip)", "Evidence bundle").await;
    let bundle = out.join(format!("{name}.zip"));
    let verified = cli.ok(&["verify", bundle.to_str().unwrap()], &[]);
    assert!(verified.contains("match their SHA-256"), "{verified}");
    w.screenshot("21-exported-bundle").await;
}
