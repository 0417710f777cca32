// In release builds on Windows, no console window opens behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use compliance_desk::cli::{self, Cli};
use compliance_desk::service::{logging, paths};

fn main() -> ExitCode {
    attach_console();
    let args = Cli::parse();
    let Some(data_dir) = args.data_dir.or_else(paths::default_data_dir) else {
        eprintln!("error: cannot find the app-data folder of this OS; pass --data-dir DIR");
        return ExitCode::FAILURE;
    };
    let _log_guard = logging::init(&data_dir);
    match args.command {
        Some(command) => cli::run(data_dir, command),
        None => compliance_desk::app::run(data_dir),
    }
}

/// A windows-subsystem binary has no console; subcommands print to the terminal that
/// started them.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: plain Win32 call; fails harmlessly when there is no parent console.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}
