//! WebKit's page process dies under the open window (a crash, or the system reclaiming
//! memory): the window loads its page again instead of staying blank, and the app
//! keeps running. No WebDriver here: its session would die with the page.
#![cfg(target_os = "linux")]

mod support;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn log(data: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(data.join("logs")) else {
        return String::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

fn page_loads(data: &Path) -> usize {
    log(data).matches("the window's page loaded").count()
}

/// The WebKit page process the app started.
fn page_process(app: u32) -> Option<u32> {
    support::processes::descendants_named(app, "WebKitWebProces")
        .first()
        .copied()
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs a display: run by .ci/test"]
fn the_window_loads_its_page_again_when_webkits_page_process_dies() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut app = Running(
        Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
            .arg("--data-dir")
            .arg(&data)
            .env("COMPLIANCE_DESK_KEYRING", "compliance-desk-test-page-crash")
            .spawn()
            .unwrap(),
    );
    wait_until("the page loads", || page_loads(&data) == 1);
    let page = page_process(app.0.id()).expect("the app runs a WebKit page process");

    let killed = Command::new("kill")
        .args(["-KILL", &page.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());

    wait_until("the page loads again", || page_loads(&data) == 2);
    assert!(
        log(&data).contains("the page's process stopped; loading the page again"),
        "the log says why the page loaded again:\n{}",
        log(&data)
    );
    assert!(app.0.try_wait().unwrap().is_none(), "the app still runs");
    let new_page = page_process(app.0.id()).expect("a new page process");
    assert_ne!(new_page, page);
}
