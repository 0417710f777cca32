//! The `fake-services` binary as a person runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn prints_where_the_fakes_are_and_serves_there() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-services"))
        .args(["--scenario", "mixed", "--batch-size", "2"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines: Vec<String> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .take(9)
        .map(Result::unwrap)
        .collect();
    let url = |prefix: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {lines:?}"))
            .trim()
            .to_string()
    };
    let salesforce = url("Salesforce: ");
    let zoom = url("Zoom: ");
    assert!(lines
        .iter()
        .any(|l| l.contains("client secret fake-s2s-secret-not-for-production")));

    let discovery =
        reqwest::blocking_get(&format!("{salesforce}/.well-known/openid-configuration"));
    assert!(discovery.contains("token_endpoint"), "{discovery}");
    let token = reqwest::blocking_get(&format!("{zoom}/v2/users"));
    assert!(token.contains("\"code\":124"), "{token}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn an_unknown_scenario_is_refused_by_name() {
    let output = Command::new(env!("CARGO_BIN_EXE_fake-services"))
        .args(["--scenario", "chaos"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no scenario \"chaos\"; there are: well-configured, mixed, neglected"),
        "{stderr}"
    );
}

mod reqwest {
    /// A GET from a plain thread, answered as text whatever the status.
    pub fn blocking_get(url: &str) -> String {
        let url = url.to_string();
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move { ::reqwest::get(url).await.unwrap().text().await.unwrap() })
        })
        .join()
        .unwrap()
    }
}
