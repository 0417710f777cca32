//! The built app in a real window under Xvfb, driven over WebDriver (tauri-driver +
//! WebKitWebDriver); screenshots land in $E2E_ARTIFACTS (default target/e2e-artifacts).

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

use super::services::free_port;

pub const WAIT: Duration = Duration::from_secs(20);

/// The app in a window, with the tauri-driver that launched it.
pub struct Window {
    pub client: Client,
    driver: Child,
    pub name: &'static str,
    logs: PathBuf,
}

pub fn artifacts() -> PathBuf {
    let dir = std::env::var_os("E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-artifacts"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Window {
    /// Starts the built app with `data_dir` and extra environment (fake service URLs,
    /// `$BROWSER`, a keyring namespace).
    pub async fn open(name: &'static str, data_dir: &Path, env: &[(&str, &str)]) -> Window {
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("COMPLIANCE_DESK_DATA_DIR", data_dir)
            .envs(env.iter().copied())
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
            let mut builder = ClientBuilder::new(HttpConnector::new());
            let session = builder.capabilities(capabilities.clone()).connect(&url);
            // An app that exits at once (a window already open on this workspace takes
            // over) leaves the session request waiting for good.
            match tokio::time::timeout(2 * WAIT, session).await {
                Ok(Ok(client)) => break client,
                Ok(Err(_)) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Ok(Err(e)) => panic!("no WebDriver session at {url}: {e}"),
                Err(_) => panic!("{name}: the app's window never answered WebDriver"),
            }
        };
        Window {
            client,
            driver,
            name,
            logs: data_dir.join("logs"),
        }
    }

    pub async fn find(&self, xpath: &str) -> Element {
        self.find_within(xpath, WAIT).await
    }

    pub async fn find_within(&self, xpath: &str, wait: Duration) -> Element {
        match self
            .client
            .wait()
            .at_most(wait)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(found) => found,
            Err(e) => {
                let shown = self.what_is_shown().await;
                panic!("{}: nothing matches {xpath}: {e}\n{shown}", self.name)
            }
        }
    }

    /// For a failure: a screenshot, and the text the window shows.
    async fn what_is_shown(&self) -> String {
        let picture = artifacts().join(format!("{}-failed.png", self.name));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&picture, png);
        }
        let text = self
            .client
            .execute("return document.body.innerText", vec![])
            .await
            .ok()
            .and_then(|shown| shown.as_str().map(str::to_owned))
            .unwrap_or_default();
        let text: String = text.chars().take(2000).collect();
        format!("the window shows ({}):\n{text}", picture.display())
    }

    pub async fn click(&self, xpath: &str) {
        let target = self.find(xpath).await;
        self.settle(&target).await;
        target
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
    }

    /// Waits, as Playwright does before a click, until `element` has stayed in one
    /// place for 250 ms and is what a click at its centre would hit (at most 3 s).
    /// Pages grow as their data arrives: a click aimed before a card above it grew
    /// lands on whatever moved under the pointer, and is lost.
    async fn settle(&self, element: &Element) {
        const STILL: &str = r#"
            const [element, done] = arguments;
            const started = performance.now();
            let box = "", since = started;
            const look = () => {
                element.scrollIntoView({ block: "nearest" });
                const r = element.getBoundingClientRect();
                const now = performance.now();
                const seen = [r.x, r.y, r.width, r.height].join();
                if (seen !== box) [box, since] = [seen, now];
                const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                const ready = now - since >= 250 && hit !== null && element.contains(hit);
                if (ready || now - started > 3000) done(ready);
                else setTimeout(look, 50);
            };
            look();
        "#;
        let element = serde_json::to_value(element).expect("an element reference");
        let _ = self.client.execute_async(STILL, vec![element]).await;
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn sees(&self, text: &str) -> Element {
        self.sees_within(text, WAIT).await
    }

    pub async fn sees_within(&self, text: &str, wait: Duration) -> Element {
        self.find_within(&format!("//*[contains(normalize-space(.), {text:?}) and not(*[contains(normalize-space(.), {text:?})])]"), wait)
            .await
    }

    /// Closes the open side panel and waits until it no longer covers the page.
    pub async fn close_panel(&self) {
        self.click("//*[@role='dialog']//button[@aria-label='Close']")
            .await;
        self.gone("//*[@role='dialog']").await;
    }

    pub async fn screenshot(&self, step: &str) {
        // Let transitions settle so that the picture shows what a person sees.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(artifacts().join(format!("{}-{step}.png", self.name)), png).unwrap();
    }

    /// Closes the window and waits until the app has exited: a window opened next on
    /// the same workspace would otherwise hand over to this one and exit.
    pub async fn close(self) {
        #[cfg(target_os = "linux")]
        let apps = self.driver.id().map_or_else(Vec::new, |driver| {
            super::processes::descendants_named(driver, "compliance-desk")
        });
        self.client
            .clone()
            .close()
            .await
            .expect("the session closes");
        #[cfg(target_os = "linux")]
        for app in apps {
            let deadline = tokio::time::Instant::now() + WAIT;
            while super::processes::running(app) {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "{}: the app did not exit after its window closed",
                    self.name
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

impl Drop for Window {
    /// Stops what the window started. A failed test also leaves the app's log beside
    /// its screenshots and prints its end, so that a window that stopped answering
    /// says what the app was doing.
    fn drop(&mut self) {
        // tauri-driver dies by SIGKILL on drop and cannot take its WebKitWebDriver, or
        // the app of a failed test, with it: they would run on beside the next tests.
        #[cfg(target_os = "linux")]
        if let Some(driver) = self.driver.id() {
            let left = super::processes::descendants_named(driver, "");
            if !left.is_empty() {
                let _ = std::process::Command::new("kill")
                    .arg("-KILL")
                    .args(left.iter().map(u32::to_string))
                    .status();
            }
        }
        if !std::thread::panicking() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(&self.logs) else {
            return;
        };
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let copy = artifacts().join(format!("{}-app.log", self.name));
            let _ = std::fs::write(&copy, &text);
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(30)..].join("\n");
            eprintln!("--- the end of the app's log ({}):\n{tail}", copy.display());
        }
    }
}

/// Runs a window test, and once more if WebKit's page process died under it.
///
/// WebKitGTK's page process has crashed under Xvfb in CI, in a step that only clicked
/// a button; the WebDriver session ends with it ("page crash or hang") and nothing
/// can go on. The first try's panic and the app's log stay in the output; any other
/// failure, and a second crash, fail the test.
pub async fn again_if_webkit_crashes<F, Fut>(steps: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use futures_util::FutureExt;
    let Err(panic) = std::panic::AssertUnwindSafe(steps()).catch_unwind().await else {
        return;
    };
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    if !message.contains("page crash or hang") {
        std::panic::resume_unwind(panic);
    }
    eprintln!("WebKit's page process died under the test (above); running it once more");
    steps().await;
}

/// A left-navigation item by its label.
pub fn nav(label: &str) -> String {
    format!("//*[contains(@class, 'fui-NavItem')][contains(., {label:?})]")
}

impl Window {
    /// Types into the field found by `xpath` (after clearing it).
    pub async fn type_into(&self, xpath: &str, text: &str) {
        let field = self.find(xpath).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {xpath}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {xpath}: {e}"));
    }

    /// Sends keys to whatever has the focus, as a keyboard would.
    pub async fn keys(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("something has the focus");
        focused.send_keys(keys).await.expect("keys are sent");
    }

    /// Presses Tab until the focused element's accessible text (label, aria-label,
    /// text or value) contains `name`; panics if it is not reachable by keyboard.
    pub async fn tab_to(&self, name: &str) {
        for _ in 0..60 {
            let found = self
                .client
                .execute(
                    "const e = document.activeElement; if (!e || e === document.body || e.tabIndex < 0) return ''; \
                     const label = e.labels && e.labels[0] ? e.labels[0].innerText : ''; \
                     return [e.getAttribute('aria-label') || '', label, e.innerText || '', e.value || ''].join(' | ');",
                    vec![],
                )
                .await
                .unwrap();
            if found.as_str().is_some_and(|t| t.contains(name)) {
                return;
            }
            self.keys(&char::from(fantoccini::key::Key::Tab).to_string())
                .await;
        }
        self.screenshot(&format!("failed-tab-to-{}", name.replace(' ', "-")))
            .await;
        panic!(
            "{}: \"{name}\" cannot be reached with the Tab key",
            self.name
        );
    }

    /// Replaces the focused field's text, with the keyboard (select all, then type).
    pub async fn retype(&self, text: &str) {
        use fantoccini::key::Key;
        let select_all = format!("{}a{}", char::from(Key::Control), char::from(Key::Null));
        self.keys(&select_all).await;
        self.keys(text).await;
    }

    pub async fn enter(&self) {
        self.keys(&char::from(fantoccini::key::Key::Enter).to_string())
            .await;
    }

    pub async fn space(&self) {
        self.keys(" ").await;
    }

    /// Runs axe-core (from ui/node_modules) on the page; fails on serious or critical
    /// violations, naming them. Fluent's focus sentinels (tabster's `data-tabster-dummy`
    /// elements, hidden and focusable on purpose to pass the focus on at once) are left
    /// out: axe cannot know they never keep the focus.
    pub async fn accessibility(&self, state: &str) {
        let axe = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core is installed in ui/node_modules (npm ci)");
        self.client
            .execute(&axe, vec![])
            .await
            .expect("axe-core loads");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] }).then( \
                   r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical') \
                     .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))), \
                   e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        let serious: Vec<String> = serde_json::from_value(result).unwrap_or_default();
        assert!(
            serious.is_empty(),
            "{} / {state}: accessibility violations:\n{}",
            self.name,
            serious.join("\n")
        );
    }

    /// How far the page's main area and the document scroll sideways (0, 0 when
    /// nothing overflows).
    pub async fn overflow(&self) -> [i64; 2] {
        let widths = self
            .client
            .execute(
                "const m = document.querySelector('main'); \
                 return [m.scrollWidth - m.clientWidth, document.documentElement.scrollWidth - innerWidth];",
                vec![],
            )
            .await
            .expect("the page can be measured");
        serde_json::from_value(widths).expect("two numbers")
    }

    /// At the smallest window the UI guide allows (1024x700), `what` does not
    /// overflow sideways; the screenshot shows it, then the window is 1280x800 again.
    pub async fn fits_smallest_window(&self, what: &str, step: &str) {
        self.client
            .set_window_size(1024, 700)
            .await
            .expect("the window can be resized");
        assert_eq!(
            self.overflow().await,
            [0, 0],
            "{what} overflows at 1024x700"
        );
        self.screenshot(step).await;
        self.client.set_window_size(1280, 800).await.unwrap();
    }

    /// Waits until nothing matches `xpath` any more. An element removed while it is
    /// being looked at (a stale reference) counts as still there: look again.
    pub async fn gone(&self, xpath: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self
            .client
            .find_all(Locator::XPath(xpath))
            .await
            .is_ok_and(|found| found.is_empty())
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: {xpath} is still there",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
