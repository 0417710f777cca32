//! Every request a fake receives, with secrets removed, so tests can assert what the
//! client did.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

/// Headers whose values are secrets.
const SECRET_HEADERS: &[&str] = &["authorization", "cookie", "set-cookie"];
/// Query and form parameters whose values are secrets.
pub const SECRET_PARAMS: &[&str] = &[
    "code",
    "code_verifier",
    "client_secret",
    "refresh_token",
    "access_token",
    "token",
    "password",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The query string with secret values replaced by "REDACTED".
    pub query: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Clone, Default)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Recorder {
    pub(crate) fn record(&self, request: &Request) {
        let recorded = Recorded {
            method: request.method().to_string(),
            path: request.uri().path().to_string(),
            query: redact_query(request.uri().query().unwrap_or("")),
            headers: redact_headers(request.headers()),
        };
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(recorded);
    }

    /// Everything received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Requests whose path starts with `prefix`.
    pub fn to(&self, prefix: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(prefix))
            .collect()
    }
}

/// Middleware: records the request, then lets it through.
pub(crate) async fn record(
    State(recorder): State<Recorder>,
    request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with("/__admin") {
        recorder.record(&request);
    }
    next.run(request).await
}

pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_PARAMS.contains(&name) => format!("{name}=REDACTED"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn redact_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if SECRET_HEADERS.contains(&name.as_str()) {
                "REDACTED".to_string()
            } else {
                value.to_str().unwrap_or("<binary>").to_string()
            };
            (name.to_string(), shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_queries_are_redacted() {
        assert_eq!(
            redact_query("code=abc&state=xyz&code_verifier=v&q=SELECT+Id"),
            "code=REDACTED&state=xyz&code_verifier=REDACTED&q=SELECT+Id"
        );
    }
}
