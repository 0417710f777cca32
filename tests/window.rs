//! End to end in a real window: the built app under Xvfb, driven over WebDriver
//! (tauri-driver + WebKitWebDriver). Run by `.ci/test`, which provides the display
//! and the drivers; screenshots land in $E2E_ARTIFACTS (default target/e2e-artifacts).

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use compliance_desk::store::Store;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

const WAIT: Duration = Duration::from_secs(20);

/// The app in a window, with the tauri-driver that launched it.
struct Window {
    client: Client,
    _driver: Child,
    name: &'static str,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn artifacts() -> PathBuf {
    let dir = std::env::var_os("E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-artifacts"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Window {
    async fn open(name: &'static str, data_dir: &Path) -> Window {
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("COMPLIANCE_DESK_DATA_DIR", data_dir)
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        let url = format!("http://127.0.0.1:{port}");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "wry".into());
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_compliance-desk") }),
        );
        let deadline = tokio::time::Instant::now() + WAIT;
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if tokio::time::Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no WebDriver session at {url}: {e}"),
            }
        };
        Window {
            client,
            _driver: driver,
            name,
        }
    }

    async fn find(&self, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("{}: nothing matches {xpath}: {e}", self.name))
    }

    async fn click(&self, xpath: &str) {
        self.find(xpath)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
    }

    /// Waits until the page shows `text` somewhere.
    async fn sees(&self, text: &str) -> Element {
        self.find(&format!("//*[contains(normalize-space(.), {text:?}) and not(*[contains(normalize-space(.), {text:?})])]"))
            .await
    }

    /// Closes the open side panel and waits until it no longer covers the page.
    async fn close_panel(&self) {
        self.click("//*[@role='dialog']//button[@aria-label='Close']")
            .await;
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self
            .client
            .find_all(Locator::XPath("//*[@role='dialog']"))
            .await
            .unwrap()
            .is_empty()
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: the panel does not close",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&self, step: &str) {
        // Let transitions settle so that the picture shows what a person sees.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(artifacts().join(format!("{}-{step}.png", self.name)), png).unwrap();
    }

    async fn close(self) {
        self.client.close().await.expect("the session closes");
    }
}

fn nav(label: &str) -> String {
    format!("//*[contains(@class, 'fui-NavItem')][contains(., {label:?})]")
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn a_new_workspace_lists_connectors_and_explains_empty_pages() {
    let data = tempfile::tempdir().unwrap();
    let w = Window::open("empty", data.path()).await;

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
    let details = w.find("//button[normalize-space(.)='View details']").await;
    assert!(!details.is_enabled().await.unwrap(), "nothing selected yet");
    w.click("//input[@aria-label='Select Zoom']").await;
    assert!(
        details.is_enabled().await.unwrap(),
        "one connector selected"
    );
    w.screenshot("2-data-connectors").await;
    details.click().await.unwrap();
    w.sees("What it reads").await;
    w.sees("Lock settings").await;
    w.screenshot("3-connector-details").await;
    w.close_panel().await;

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
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(data.path()).unwrap();
        support::seed_example(&mut store).unwrap();
    }
    let w = Window::open("seeded", data.path()).await;

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
    w.sees("Why not 100%?").await;
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
        let overflow = w
            .client
            .execute(
                "const m = document.querySelector('main'); \
                 return [m.scrollWidth - m.clientWidth, document.documentElement.scrollWidth - innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            overflow,
            serde_json::json!([0, 0]),
            "{page} overflows at 1024x700"
        );
    }
    w.screenshot("5-improvement-actions-1024x700").await;
    w.close().await;
}
