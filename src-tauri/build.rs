fn main() {
    // tauri-build watches only tauri.conf.json; a changed permission or capability
    // must rebuild too, or the app keeps refusing (or allowing) yesterday's commands.
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // Our commands' permissions live in src-tauri/permissions and are granted per
    // window in src-tauri/capabilities: a command not listed there cannot be called.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().permissions_path_pattern("./src-tauri/permissions/*.toml")),
    )
    .expect("tauri-build failed: check tauri.conf.json, src-tauri/capabilities and src-tauri/permissions");
}
