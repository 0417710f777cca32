//! Facts that live in two places must agree.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn the_data_folder_is_named_after_the_bundle_identifier() {
    let config: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    assert_eq!(
        config["identifier"],
        compliance_desk::service::paths::APP_IDENTIFIER
    );
}

#[test]
fn every_command_the_window_may_call_is_allowed_and_no_other() {
    let handler = read("src-tauri/src/app/commands.rs");
    let list = handler
        .split("generate_handler![")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    let mut registered: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let permissions = read("src-tauri/permissions/workspace.toml");
    let mut allowed: Vec<&str> = permissions
        .split("commands.allow = [")
        .skip(1)
        .flat_map(|list| list.split(']').next().unwrap().split(','))
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    registered.sort_unstable();
    allowed.sort_unstable();
    assert_eq!(registered, allowed);
}

#[test]
fn the_window_keeps_the_minimum_size_of_the_ui_guide() {
    let config: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let window = &config["app"]["windows"][0];
    assert_eq!(
        (window["minWidth"].as_u64(), window["minHeight"].as_u64()),
        (Some(1024), Some(700))
    );
    assert!(
        config["app"]["security"]["csp"]["default-src"] == "'self'",
        "a strict CSP is set"
    );
}
