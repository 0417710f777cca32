//! Logs go to a daily-rotated file in the data folder; never to stdout, which belongs
//! to command output.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

use super::paths::log_dir;

/// Starts file logging; keep the guard alive until exit so the last lines are written.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let dir = log_dir(data_dir);
    crate::store::private::private_dir(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("compliance-desk")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let mut filter =
        EnvFilter::try_from_env("COMPLIANCE_DESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // The HTTP stack's own debug output may show requests; it stays out of our logs
    // whatever level is asked for, so no header or body can carry a token there.
    for quiet in [
        "hyper=warn",
        "hyper_util=warn",
        "reqwest=warn",
        "h2=warn",
        "rustls=warn",
    ] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
