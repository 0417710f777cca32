//! When the page's process dies (a WebKit crash, or the system reclaiming memory) the
//! window would stay blank until restarted. tauri reloads the page on macOS; this does
//! the same on Linux. Work lives in the database, so a reload loses at most a form
//! being filled in. (WebView2 on Windows shows its own "page has a problem" screen
//! with a reload button.)

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Runtime, Webview, WebviewWindow};

/// A line per page load, so a log shows when the window came (back) to life.
pub fn log_page_load<R: Runtime>(_: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() == PageLoadEvent::Finished {
        tracing::info!(url = %payload.url(), "the window's page loaded");
    }
}

pub fn reload_when_the_page_dies<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let watched = window.with_webview(|webview| {
            use webkit2gtk::WebViewExt;
            webview
                .inner()
                .connect_web_process_terminated(|view, reason| {
                    tracing::error!(
                        ?reason,
                        "the page's process stopped; loading the page again"
                    );
                    view.reload();
                });
        });
        if let Err(e) = watched {
            tracing::warn!("cannot watch the page's process: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
