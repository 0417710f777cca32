//! The fake Salesforce and Zoom of a scenario, a `$BROWSER` that drives their
//! consent pages over HTTP, and the app's CLI pointed at them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fakes::salesforce::{ConnectedApp, FakeSalesforce};
use fakes::scenario::Scenario;
use fakes::zoom::FakeZoom;

pub const SF_CLIENT: &str = "3MVG9fake.compliance.desk";
pub const ZOOM_S2S_CLIENT: &str = "fakeS2SClient";
pub const ZOOM_S2S_SECRET: &str = "fake-s2s-secret-not-for-production";
pub const ZOOM_ACCOUNT: &str = "fakeAccount01";
pub const ZOOM_USER_CLIENT: &str = "fakeUserClient";

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub struct Services {
    pub salesforce: FakeSalesforce,
    pub zoom: FakeZoom,
    pub sf_callback: String,
    pub zoom_callback: String,
}

impl Services {
    /// Both fakes for `scenario`, each app registered with a callback on its own free port.
    pub fn start(
        scenario: &str,
        tune: impl FnOnce(&mut fakes::salesforce::Config, &mut fakes::zoom::Config),
    ) -> Services {
        let scenario = Scenario::named(scenario).expect("scenario");
        let sf_callback = format!("http://localhost:{}/OauthRedirect", free_port());
        let zoom_callback = format!("http://localhost:{}/oauth/callback", free_port());
        let mut sf = scenario.salesforce_config();
        sf.apps = vec![ConnectedApp {
            client_id: SF_CLIENT.into(),
            client_secret: None,
            callback_urls: vec![sf_callback.clone()],
        }];
        let mut zoom = scenario.zoom_config();
        zoom.user_apps[0].redirect_uris = vec![zoom_callback.clone()];
        tune(&mut sf, &mut zoom);
        Services {
            salesforce: FakeSalesforce::start(sf).expect("fake Salesforce"),
            zoom: FakeZoom::start(zoom).expect("fake Zoom"),
            sf_callback,
            zoom_callback,
        }
    }
}

impl Services {
    /// The port the Salesforce app's callback URL names.
    pub fn sf_callback_port(&self) -> u16 {
        url::Url::parse(&self.sf_callback)
            .ok()
            .and_then(|u| u.port())
            .expect("the callback URL names a port")
    }
}

/// Writes a `$BROWSER` script: it answers the consent page as `decision` says by
/// posting the authorize parameters back (as the page's form does), then follows
/// the redirect to the app's loopback listener. `before` runs first (e.g. a request
/// to a wrong path); `rewrite` edits the callback URL (e.g. a forged state).
pub fn browser_script(dir: &Path, decision: &str, before: &str, rewrite: &str) -> PathBuf {
    let path = dir.join(format!("browser-{decision}-{}.sh", free_port()));
    let script = format!(
        r#"#!/bin/sh
url="$1"
base="${{url%%\?*}}"
query="${{url#*\?}}"
{before}
location=$(curl -s -o /dev/null -w '%{{redirect_url}}' -X POST --data "$query&decision={decision}" "$base")
location=$(printf '%s' "$location" | sed '{rewrite}')
curl -s -o /dev/null "$location"
"#
    );
    std::fs::write(&path, script).expect("write the browser script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    path
}

/// The app's CLI with its own data folder and keyring namespace.
pub struct App {
    pub data_dir: PathBuf,
    pub keyring: String,
    pub browser: Option<PathBuf>,
    /// Everything the CLI printed, for the no-secrets check.
    pub printed: std::cell::RefCell<String>,
}

impl App {
    pub fn new(data_dir: &Path) -> App {
        App {
            data_dir: data_dir.to_path_buf(),
            keyring: format!("compliance-desk-test-{}", uuid::Uuid::new_v4()),
            browser: None,
            printed: Default::default(),
        }
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_compliance-desk"));
        command
            .args(args)
            .env("COMPLIANCE_DESK_DATA_DIR", &self.data_dir)
            .env("COMPLIANCE_DESK_KEYRING", &self.keyring)
            // The most detailed logs, so that the no-secrets check covers them all.
            .env("COMPLIANCE_DESK_LOG", "trace")
            .env_remove("COMPLIANCE_DESK_CLIENT_SECRET");
        match &self.browser {
            Some(browser) => command.env("BROWSER", browser),
            None => command.env("BROWSER", "true"),
        };
        for (k, v) in env {
            command.env(k, v);
        }
        let output = command.output().expect("run the CLI");
        let mut printed = self.printed.borrow_mut();
        printed.push_str(&String::from_utf8_lossy(&output.stdout));
        printed.push_str(&String::from_utf8_lossy(&output.stderr));
        output
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let output = self.run_with(args, env);
        assert!(
            output.status.success(),
            "{args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let text = self.ok(args, &[]);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
    }
}

impl App {
    /// `instances add salesforce` against the fake, consent given by this app's `$BROWSER`.
    pub fn add_salesforce(&self, services: &Services, name: &str) -> String {
        let sf = services.salesforce.base_url();
        self.ok(
            &[
                "instances",
                "add",
                "salesforce",
                "--name",
                name,
                "--accept-terms",
                "--login-host",
                &sf,
                "--client-id",
                SF_CLIENT,
                "--callback-url",
                &services.sf_callback,
            ],
            &[],
        )
    }
}

impl App {
    /// `instances add zoom` by Server-to-Server against the fake, the secret from the
    /// environment as a script would give it.
    pub fn add_zoom_s2s(&self, services: &Services, name: &str) -> String {
        let zoom = services.zoom.base_url();
        self.ok(
            &[
                "instances",
                "add",
                "zoom",
                "--name",
                name,
                "--accept-terms",
                "--auth",
                "server-to-server",
                "--account-id",
                ZOOM_ACCOUNT,
                "--client-id",
                ZOOM_S2S_CLIENT,
                "--oauth-url",
                &zoom,
                "--api-url",
                &zoom,
            ],
            &[("COMPLIANCE_DESK_CLIENT_SECRET", ZOOM_S2S_SECRET)],
        )
    }
}

/// A number from the environment, for the long tests' sizes and seeds.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
