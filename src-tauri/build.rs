/// Commands the window may call; each gets an `allow-<name>` permission that
/// src-tauri/capabilities grants explicitly. Keep in step with app/commands.rs.
const COMMANDS: &[&str] = &[
    "app_info",
    "get_overview",
    "list_assessments",
    "get_assessment_score",
    "list_improvement_actions",
    "list_connectors",
    "list_activated_connectors",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: check tauri.conf.json and src-tauri/capabilities");
}
