//! The loopback redirect of OAuth 2.0 for native apps (RFC 8252): a one-shot HTTP
//! listener on 127.0.0.1 that waits for the browser to come back with the
//! authorization code.
//!
//! It answers only GET on the configured path (other paths 404, other methods 405),
//! checks `state` (a stray answer gets a 400 and the wait goes on) and, where the
//! service sends one, `iss` (RFC 9207: an answer from another server is refused,
//! against mix-up attacks), shows the person
//! a page that says what happened (escaped, under a CSP that allows nothing),
//! tolerates the extra connections browsers open without sending anything, serves a
//! bounded number at once, gives up after a timeout, and frees the port whatever the
//! outcome.

use std::time::Duration;

use thiserror::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use super::secret::Secret;

/// Where the service sends the browser back: must match the app registered there.
#[derive(Debug, Clone)]
pub struct LoopbackConfig {
    /// 1717 for Salesforce's usual `http://localhost:1717/OauthRedirect`; 0 picks one.
    pub port: u16,
    pub path: String,
    pub timeout: Duration,
}

impl Default for LoopbackConfig {
    fn default() -> Self {
        LoopbackConfig {
            port: 1717,
            path: "/OauthRedirect".into(),
            timeout: Duration::from_secs(5 * 60),
        }
    }
}

#[derive(Debug, Error)]
pub enum LoopbackError {
    #[error(
        "port {port} on this computer is already in use, so the sign-in cannot come back to Compliance Desk. \
         Close the program using it, or choose another port (and the same callback URL in the service's app)"
    )]
    PortInUse { port: u16 },
    #[error("no answer from the browser within {} minutes; start the sign-in again", .0.as_secs().div_ceil(60))]
    Timeout(Duration),
    #[error("the sign-in was refused: {description} ({error})")]
    Denied { error: String, description: String },
    #[error(
        "the browser came back only with sign-in answers that do not belong to this request (state mismatch); \
         nothing was accepted. Start the sign-in again"
    )]
    StateMismatch,
    #[error("the browser came back without an authorization code")]
    MissingCode,
    #[error(
        "the sign-in answer says it comes from {got}, not from {expected} where the sign-in was started; \
         nothing was accepted. Start the sign-in again"
    )]
    IssuerMismatch { expected: String, got: String },
    #[error("cannot listen for the sign-in on port {port}: {source}")]
    Io { port: u16, source: std::io::Error },
}

/// Bound listeners (127.0.0.1, and ::1 where the computer has IPv6), waiting for one
/// callback: the redirect URI says `localhost`, which a browser may resolve to either.
pub struct Loopback {
    listeners: Vec<TcpListener>,
    config: LoopbackConfig,
    port: u16,
}

/// The most a callback request may be: a request line and headers, no body.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one connection may take to send its request line.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait in the listen queue.
const MAX_CONNECTIONS: usize = 16;
/// After a failed accept (out of file descriptors, say), wait before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

enum Outcome {
    Code(Secret),
    Failed(LoopbackError),
    /// An answer to another sign-in (or a forgery): refused, the wait goes on.
    Stray,
}

impl Loopback {
    /// Binds the loopback addresses only (127.0.0.1, then ::1 on the same port when
    /// IPv6 is there): nothing else on the network can answer in the browser's place.
    pub async fn bind(config: LoopbackConfig) -> Result<Loopback, LoopbackError> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| {
                if source.kind() == std::io::ErrorKind::AddrInUse {
                    LoopbackError::PortInUse { port: config.port }
                } else {
                    LoopbackError::Io {
                        port: config.port,
                        source,
                    }
                }
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| LoopbackError::Io {
                port: config.port,
                source,
            })?
            .port();
        let mut listeners = vec![listener];
        match TcpListener::bind(("::1", port)).await {
            Ok(v6) => listeners.push(v6),
            // No IPv6 loopback, or the port taken there: browsers then reach 127.0.0.1.
            Err(e) => tracing::debug!("the sign-in listens on 127.0.0.1 only: [::1]:{port}: {e}"),
        }
        Ok(Loopback {
            listeners,
            config,
            port,
        })
    }

    /// The redirect URI to send in the authorization request.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}{}", self.port, self.config.path)
    }

    /// Waits for the one callback that carries `state`; the listener is closed when
    /// this returns, whatever it returns. Answers with another `state` are refused
    /// and do not end the wait: at the timeout they are what the error names. An
    /// `iss` other than `issuer` (the authorization server's origin) ends the sign-in.
    pub async fn wait(self, state: &str, issuer: &str) -> Result<Secret, LoopbackError> {
        let (sender, mut outcomes) = mpsc::channel::<Outcome>(MAX_CONNECTIONS);
        let deadline = tokio::time::sleep(self.config.timeout);
        tokio::pin!(deadline);
        let mut handlers = tokio::task::JoinSet::new();
        let mut strays = 0usize;
        loop {
            tokio::select! {
                _ = &mut deadline => {
                    return Err(if strays > 0 {
                        LoopbackError::StateMismatch
                    } else {
                        LoopbackError::Timeout(self.config.timeout)
                    });
                }
                Some(outcome) = outcomes.recv() => {
                    let result = match outcome {
                        Outcome::Stray => {
                            strays += 1;
                            continue;
                        }
                        Outcome::Code(code) => Ok(code),
                        Outcome::Failed(error) => Err(error),
                    };
                    handlers.abort_all();
                    return result;
                }
                // Reap finished connections, so that the cap counts live ones.
                Some(_) = handlers.join_next(), if !handlers.is_empty() => {}
                accepted = accept_any(&self.listeners), if handlers.len() < MAX_CONNECTIONS => {
                    let Ok((stream, _)) = accepted else {
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    };
                    let expected = Expected { path: self.config.path.clone(), state: state.to_string(), issuer: issuer.to_string() };
                    let sender = sender.clone();
                    // Each connection on its own: an idle speculative one must not block the real one.
                    handlers.spawn(async move {
                        if let Some(outcome) = serve(stream, &expected).await {
                            let _ = sender.send(outcome).await;
                        }
                    });
                }
            }
        }
    }
}

/// The next connection on any of the listeners.
async fn accept_any(
    listeners: &[TcpListener],
) -> std::io::Result<(TcpStream, std::net::SocketAddr)> {
    let accepts = listeners.iter().map(|l| Box::pin(l.accept()));
    futures_util::future::select_all(accepts).await.0
}

/// Compares in time that does not depend on where the texts differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// What the callback must carry.
struct Expected {
    path: String,
    state: String,
    issuer: String,
}

/// Issuer identifiers compare as strings (RFC 9207 §2.4); a trailing slash is the
/// one difference servers are known to make.
fn same_issuer(got: &str, expected: &str) -> bool {
    got.trim_end_matches('/') == expected.trim_end_matches('/')
}

/// Answers one connection; `Some` when it carried the callback.
async fn serve(mut stream: TcpStream, expected: &Expected) -> Option<Outcome> {
    let (path, state) = (expected.path.as_str(), expected.state.as_str());
    let request = tokio::time::timeout(REQUEST_TIMEOUT, read_head(&mut stream))
        .await
        .ok()??;
    let mut parts = request.lines().next()?.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    let (request_path, query) = target.split_once('?').unwrap_or((target, ""));
    if request_path != path {
        respond(
            &mut stream,
            "404 Not Found",
            "Not found",
            "This address is not part of the sign-in.",
        )
        .await;
        return None;
    }
    if method != "GET" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "Not allowed",
            "The sign-in answer comes as a GET.",
        )
        .await;
        return None;
    }
    let params: Vec<(String, String)> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if !param("state").is_some_and(|given| same(&given, state)) {
        respond(&mut stream, "400 Bad Request", "Sign-in not accepted", "This answer does not belong to the sign-in Compliance Desk started. If you started one, finish it in the window the app opened.").await;
        return Some(Outcome::Stray);
    }
    // RFC 9207 §2.4: error answers carry `iss` too, and are checked the same way.
    if let Some(got) = param("iss").filter(|got| !same_issuer(got, &expected.issuer)) {
        respond(&mut stream, "400 Bad Request", "Sign-in not accepted", "This answer comes from another server than the one the sign-in was started with, so Compliance Desk did not accept it. Start again from the app.").await;
        return Some(Outcome::Failed(LoopbackError::IssuerMismatch {
            expected: expected.issuer.clone(),
            got,
        }));
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_else(|| error.clone());
        respond(&mut stream, "200 OK", "Sign-in refused", &format!("The service said: {description}. You can close this tab and return to Compliance Desk.")).await;
        return Some(Outcome::Failed(LoopbackError::Denied {
            error,
            description,
        }));
    }
    match param("code") {
        Some(code) if !code.is_empty() => {
            respond(&mut stream, "200 OK", "Signed in", "Compliance Desk received the sign-in. You can close this tab and return to the app.").await;
            Some(Outcome::Code(Secret::new(code)))
        }
        _ => {
            respond(
                &mut stream,
                "400 Bad Request",
                "Sign-in incomplete",
                "The answer carried no authorization code. Start again from the app.",
            )
            .await;
            Some(Outcome::Failed(LoopbackError::MissingCode))
        }
    }
}

/// Reads up to the end of the headers; `None` for a connection that closes first.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() + n > MAX_REQUEST {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buffer).ok()
}

/// Text as HTML, so that what a service put in `error_description` stays text.
fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

async fn respond(stream: &mut TcpStream, status: &str, title: &str, message: &str) {
    let (title, message) = (escape(title), escape(message));
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title} - Compliance Desk</title></head>\
         <body><h1>{title}</h1><p>{message}</p></body></html>"
    );
    // The page runs nothing and loads nothing, whatever a service's text holds.
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Content-Security-Policy: default-src 'none'\r\nX-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: no-referrer\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Percent-decoding of a query component (`+` is a space).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{decode, escape, same, same_issuer};

    #[test]
    fn escapes_html_and_compares_states_whole() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd") && !same("abc", "ab") && !same("", "a"));
    }

    #[test]
    fn issuers_compare_whole_but_for_a_trailing_slash() {
        assert!(same_issuer("https://zoom.us/", "https://zoom.us"));
        assert!(!same_issuer(
            "https://zoom.us.evil.example",
            "https://zoom.us"
        ));
        assert!(!same_issuer(
            "https://evil.my.salesforce.com",
            "https://login.salesforce.com"
        ));
    }

    #[test]
    fn decodes_query_components() {
        assert_eq!(
            decode("end-user+denied%20authorization"),
            "end-user denied authorization"
        );
        assert_eq!(decode("a%2Fb%3D"), "a/b=");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%C3%A9"), "%zz\u{e9}");
    }
}
