//! The headless binary run on a data folder, as a person or a script would.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compliance-desk"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("COMPLIANCE_DESK_DATA_DIR")
        .output()
        .expect("the binary runs")
}

/// Runs and expects success; returns stdout.
pub fn ok(data_dir: &Path, args: &[&str]) -> String {
    let output = run(data_dir, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub fn json(data_dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data_dir, args)).expect("JSON on stdout")
}
