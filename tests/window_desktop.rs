//! The desktop around the window: a second launch hands over to the open window, the
//! CLI edits the workspace beside it and the window shows the change without a click,
//! and "Check for updates" finds a newer version on an update server on 127.0.0.1,
//! refusing a download whose signature does not match and accepting a signed one.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use compliance_desk::service::paths;
use support::cli::ok as cli;
use support::seeded_dir;
use support::window::{nav, Window};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
#[ignore = "needs a display, a D-Bus session, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn one_window_per_workspace_and_it_follows_the_cli() {
    support::window::again_if_webkit_crashes(one_window_per_workspace_and_it_follows_the_cli_steps)
        .await;
}

async fn one_window_per_workspace_and_it_follows_the_cli_steps() {
    let data = seeded_dir();
    let w = Window::open("desktop", data.path(), &[]).await;
    w.click(&nav("Assessments")).await;
    w.find("//*[@role='row'][contains(., 'Baseline 2026')]")
        .await;

    // The CLI records work beside the open window; the page follows without a click.
    cli(
        data.path(),
        &[
            "assessments",
            "create",
            "--name",
            "Made in a terminal",
            "--template",
            "ISO/IEC 27001:2022 Annex A",
            "--group",
            "G",
        ],
    );
    w.find("//*[@role='row'][contains(., 'Made in a terminal')]")
        .await;
    w.screenshot("1-cli-change-shown").await;

    // A second launch on the same workspace hands over to this window and exits.
    let started = Instant::now();
    let mut second = Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .env(paths::DATA_DIR_ENV, data.path())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            panic!("the second launch opened a window of its own instead of exiting");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        status.success(),
        "the second launch exits cleanly: {status}"
    );
    let log = logs(data.path());
    assert!(
        log.contains("a second launch of the app; focusing the open window"),
        "{log}"
    );
    // The first window is still there and working.
    w.click(&nav("Settings")).await;
    w.click("//a[normalize-space(.)='Third-party licences']")
        .await;
    w.sees("packages (Rust crates and npm packages) under")
        .await;
    w.click("//button[starts-with(normalize-space(.), 'MIT:')]")
        .await;
    w.screenshot("2-licences").await;
    w.close().await;
}

fn logs(data_dir: &Path) -> String {
    let dir = paths::log_dir(data_dir);
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
    }
    all
}

/// Files by path, served over plain HTTP on 127.0.0.1; swapped while the test runs.
type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;

async fn serve(files: Files) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let files = files.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&request);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                let body = files.lock().unwrap().get(&path).cloned();
                let head = match &body {
                    Some(b) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    ),
                    None => {
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .into()
                    }
                };
                let _ = socket.write_all(head.as_bytes()).await;
                if let Some(b) = body {
                    let _ = socket.write_all(&b).await;
                }
            });
        }
    });
    port
}

/// A signing key made by the tauri CLI, as a release manager makes one.
struct Key {
    dir: tempfile::TempDir,
}

impl Key {
    fn new() -> Key {
        let dir = tempfile::tempdir().unwrap();
        tauri_cli(
            &["signer", "generate", "--ci", "-w"],
            &dir.path().join("key"),
        );
        Key { dir }
    }

    fn public(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("key.pub")).unwrap()
    }

    /// The `.sig` text the updater expects for `bytes`.
    fn sign(&self, bytes: &[u8]) -> String {
        let file = self.dir.path().join("compliance-desk_9.9.9_amd64.deb");
        std::fs::write(&file, bytes).unwrap();
        tauri_cli(
            &[
                "signer",
                "sign",
                "-f",
                &self.dir.path().join("key").to_string_lossy(),
            ],
            &file,
        );
        std::fs::read_to_string(file.with_extension("deb.sig")).unwrap()
    }
}

fn tauri_cli(args: &[&str], path: &Path) {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/.bin/tauri");
    let out = Command::new(cli)
        .args(args)
        .arg(path)
        .env("CI", "true")
        .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "")
        .output()
        .expect("the tauri CLI is installed (npm ci --prefix ui)");
    assert!(
        out.status.success(),
        "tauri {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn release(port: u16, signature: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "version": "9.9.9",
        "notes": "Faster syncs and a new dashboard.",
        "pub_date": "2026-12-01T12:00:00Z",
        "platforms": { "linux-x86_64": {
            "url": format!("http://127.0.0.1:{port}/compliance-desk_9.9.9_amd64.deb"),
            "signature": signature,
        } }
    }))
    .unwrap()
}

#[tokio::test]
#[ignore = "needs a display, a D-Bus session, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn check_for_updates_refuses_a_file_whose_signature_does_not_match() {
    support::window::again_if_webkit_crashes(
        check_for_updates_refuses_a_file_whose_signature_does_not_match_steps,
    )
    .await;
}

async fn check_for_updates_refuses_a_file_whose_signature_does_not_match_steps() {
    let (ours, theirs) = (Key::new(), Key::new());
    let installer = b"a newer Compliance Desk, 9.9.9".to_vec();
    let files: Files = Arc::default();
    let port = serve(files.clone()).await;
    files
        .lock()
        .unwrap()
        .insert("/compliance-desk_9.9.9_amd64.deb".into(), installer.clone());
    // Signed, but by another key than the one the app trusts.
    files.lock().unwrap().insert(
        "/latest.json".into(),
        release(port, &theirs.sign(&installer)),
    );

    let data = seeded_dir();
    let url = format!("http://127.0.0.1:{port}/latest.json");
    let pubkey = ours.public();
    let env = [
        ("COMPLIANCE_DESK_UPDATE_URL", url.as_str()),
        ("COMPLIANCE_DESK_UPDATE_PUBKEY", pubkey.as_str()),
    ];
    let w = Window::open("updates", data.path(), &env).await;
    w.click(&nav("Settings")).await;
    w.click("//button[normalize-space(.)='Check for updates']")
        .await;
    w.sees("Version 9.9.9 is available (you have 0.1.0)").await;
    w.click("//button[normalize-space(.)='Download version 9.9.9']")
        .await;
    w.sees("Update refused.").await;
    w.sees("its signature does not match Compliance Desk's signing key")
        .await;
    w.sees("Nothing was installed; your version stays 0.1.0.")
        .await;
    w.screenshot("1-refused").await;
    assert!(w
        .client
        .find(fantoccini::Locator::XPath(
            "//button[normalize-space(.)='Install and restart']"
        ))
        .await
        .is_err());

    // The same file signed with the trusted key is accepted, and waits to be installed.
    files
        .lock()
        .unwrap()
        .insert("/latest.json".into(), release(port, &ours.sign(&installer)));
    w.click("//button[normalize-space(.)='Check for updates']")
        .await;
    w.click("//button[normalize-space(.)='Download version 9.9.9']")
        .await;
    w.sees("signature matches Compliance Desk's signing key")
        .await;
    w.find("//button[normalize-space(.)='Install and restart']")
        .await;
    w.screenshot("2-verified").await;
    w.close().await;
}

#[tokio::test]
#[ignore = "needs a display, a D-Bus session, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn the_window_opens_at_the_size_it_was_left() {
    support::window::again_if_webkit_crashes(the_window_opens_at_the_size_it_was_left_steps).await;
}

async fn the_window_opens_at_the_size_it_was_left_steps() {
    let data = seeded_dir();
    let w = Window::open("window-state", data.path(), &[]).await;
    w.find("//h1[normalize-space(.)='Overview']").await;
    w.client.set_window_size(1100, 760).await.unwrap();
    let state = data.path().join("window-state.json");
    let deadline = Instant::now() + Duration::from_secs(20);
    let saved = loop {
        let saved: serde_json::Value = std::fs::read(&state)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        if saved["main"]["width"] == 1100 || Instant::now() > deadline {
            break saved;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        (&saved["main"]["width"], &saved["main"]["height"]),
        (&1100.into(), &760.into()),
        "{saved}"
    );
    w.close().await;

    let again = Window::open("window-state", data.path(), &[]).await;
    again.find("//h1[normalize-space(.)='Overview']").await;
    assert_eq!(again.client.get_window_size().await.unwrap(), (1100, 760));
    again.close().await;
}

#[tokio::test]
#[ignore = "needs a display, a D-Bus session, tauri-driver and WebKitWebDriver: run by .ci/test"]
async fn settings_schedules_the_daily_sync_and_removes_it() {
    support::window::again_if_webkit_crashes(
        settings_schedules_the_daily_sync_and_removes_it_steps,
    )
    .await;
}

async fn settings_schedules_the_daily_sync_and_removes_it_steps() {
    use support::systemctl;
    let data = seeded_dir();
    let scratch = tempfile::tempdir().unwrap();
    let (config, bin) = (scratch.path().join("config"), scratch.path().join("bin"));
    systemctl::install(&bin, &scratch.path().join("calls"));
    let path = systemctl::path_with(&bin);
    let config_home = config.to_string_lossy().into_owned();
    let env = [
        ("XDG_CONFIG_HOME", config_home.as_str()),
        ("PATH", path.as_str()),
    ];
    let w = Window::open("schedule", data.path(), &env).await;
    w.click(&nav("Settings")).await;
    w.sees("Not scheduled. Connectors sync while this window is open")
        .await;
    w.click("//button[normalize-space(.)='Schedule a daily sync']")
        .await;
    w.sees(&format!(
        "by a systemd user timer: enabled. Next run: {}.",
        systemctl::NEXT_RUN
    ))
    .await;
    w.screenshot("1-scheduled").await;
    let units = systemctl::units(&config);
    systemctl::verify(&units).unwrap_or_else(|e| panic!("systemd-analyze verify: {e}"));
    let service = std::fs::read_to_string(&units[0]).unwrap();
    assert!(
        service.contains(&format!("--data-dir {} sync --all", data.path().display())),
        "{service}"
    );
    w.click("//button[normalize-space(.)='Remove the scheduled sync']")
        .await;
    w.sees("Not scheduled. Connectors sync while this window is open")
        .await;
    assert!(units.iter().all(|u| !u.exists()), "the units are gone");
    w.close().await;
}
