//! Opens the system browser on a URL (the sign-in page), with the platform's opener.
//! `$BROWSER` wins when set, as on Linux desktops, so tests can drive consent with an
//! HTTP client instead of a browser.

use std::process::{Command, Stdio};

use thiserror::Error;

#[derive(Debug, Error)]
#[error("cannot open the browser with {program}: {source}. Open this address yourself: {url}")]
pub struct BrowserError {
    program: String,
    url: String,
    source: std::io::Error,
}

/// Opens `url` in the browser the person uses.
pub fn open(url: &str) -> Result<(), BrowserError> {
    open_with(url, std::env::var("BROWSER").ok().as_deref())
}

/// As [`open`], with `$BROWSER`'s value given: a `:`-separated list of commands, of
/// which the first is used; `%s` in it stands for the URL, else the URL is appended.
pub fn open_with(url: &str, browser: Option<&str>) -> Result<(), BrowserError> {
    let mut command = match browser.and_then(|b| b.split(':').find(|c| !c.trim().is_empty())) {
        Some(template) => {
            let mut words = template.split_whitespace().map(|w| w.replace("%s", url));
            let program = words.next().unwrap_or_default();
            let mut command = Command::new(program);
            let rest: Vec<String> = words.collect();
            let has_url = template.contains("%s");
            command.args(rest);
            if !has_url {
                command.arg(url);
            }
            command
        }
        None => platform_opener(url),
    };
    let program = format!("{:?}", command.get_program());
    command
        .env_remove(super::secret::CLIENT_SECRET_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the opener when it exits, so that no zombie process stays behind.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|source| BrowserError {
            program,
            url: url.to_string(),
            source,
        })
}

#[cfg(target_os = "macos")]
fn platform_opener(url: &str) -> Command {
    let mut command = Command::new("open");
    command.arg(url);
    command
}

#[cfg(target_os = "windows")]
fn platform_opener(url: &str) -> Command {
    // Not `cmd /C start`: its parser treats `&` in the URL's query as a command separator.
    let mut command = Command::new("rundll32");
    command.args(["url.dll,FileProtocolHandler", url]);
    command
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn platform_opener(url: &str) -> Command {
    let mut command = Command::new("xdg-open");
    command.arg(url);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_and_read(browser: &str, marker: &std::path::Path) -> String {
        open_with("http://127.0.0.1:9/authorize?a=1&b=2", Some(browser)).unwrap();
        for _ in 0..100 {
            if let Ok(text) = std::fs::read_to_string(marker) {
                if !text.is_empty() {
                    return text;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the browser command did not run");
    }

    #[test]
    fn browser_env_commands_get_the_url() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("browser.sh");
        let marker = dir.path().join("opened");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > {}\n", marker.display()),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            let opened = run_and_read(&format!("{}:firefox", script.display()), &marker);
            assert_eq!(opened, "http://127.0.0.1:9/authorize?a=1&b=2");
            std::fs::remove_file(&marker).unwrap();
            let opened = run_and_read(&format!("{} %s", script.display()), &marker);
            assert_eq!(opened, "http://127.0.0.1:9/authorize?a=1&b=2");
        }
    }

    #[test]
    fn the_browser_does_not_inherit_the_client_secret() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("browser.sh");
        let marker = dir.path().join("seen");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s' \"${{{}:-absent}}\" > {}\n",
                crate::auth::secret::CLIENT_SECRET_ENV,
                marker.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::env::set_var(crate::auth::secret::CLIENT_SECRET_ENV, "s3cret-from-env");
            let seen = run_and_read(&script.display().to_string(), &marker);
            std::env::remove_var(crate::auth::secret::CLIENT_SECRET_ENV);
            assert_eq!(seen, "absent");
        }
    }

    #[test]
    fn a_missing_browser_is_an_error_that_gives_the_address() {
        let err = open_with("http://127.0.0.1:9/x", Some("/nonexistent/browser")).unwrap_err();
        assert!(
            err.to_string()
                .contains("Open this address yourself: http://127.0.0.1:9/x"),
            "{err}"
        );
    }
}
