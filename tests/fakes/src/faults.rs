//! Faults a test (or a person trying the app) injects per route, at start or while
//! the fake runs: latency, 429 bursts, 5xx, dropped connections, truncated or
//! malformed JSON, or a chosen answer. Each rule applies to paths starting with its prefix, a number of
//! times or until cleared.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Fault {
    /// Answer normally, this many milliseconds late.
    Latency { millis: u64 },
    /// 429 with `Retry-After` (seconds), as a rate limit would.
    TooManyRequests { retry_after: u64 },
    /// This status (500, 502, 503, ...) with a short JSON body.
    Status { status: u16 },
    /// Send the headers, then cut the connection before the body ends.
    DropConnection,
    /// Answer normally but stop halfway through the JSON body.
    TruncatedJson,
    /// Answer 200 with a body that is not JSON at all.
    MalformedJson,
    /// This status and JSON body, e.g. a service's own error for a permission that
    /// was taken away after set-up.
    Answer {
        status: u16,
        body: serde_json::Value,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    pub path_prefix: String,
    pub fault: Fault,
    /// How many requests it hits; `None` for all until cleared.
    pub times: Option<u32>,
}

#[derive(Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl Faults {
    pub fn add(&self, rule: FaultRule) {
        self.lock().push(rule);
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The fault for this path, if a rule matches; counts the use.
    fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let index = rules
            .iter()
            .position(|r| path.starts_with(&r.path_prefix))?;
        let fault = rules[index].fault.clone();
        if let Some(times) = &mut rules[index].times {
            *times -= 1;
            if *times == 0 {
                rules.remove(index);
            }
        }
        Some(fault)
    }
}

/// Middleware: applies the first matching fault to the request.
pub(crate) async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    // The admin routes that manage faults are never faulted themselves.
    if request.uri().path().starts_with("/__admin") {
        return next.run(request).await;
    }
    // Prefixes match the path and query, so a rule may aim at one `option=`.
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |p| p.to_string());
    let Some(fault) = faults.take(&target) else {
        return next.run(request).await;
    };
    match fault {
        Fault::Latency { millis } => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            next.run(request).await
        }
        Fault::TooManyRequests { retry_after } => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(serde_json::json!({"code": 429, "message": "Too many requests. Try again later."})),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        Fault::Status { status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = status.canonical_reason().unwrap_or("Error");
            (status, axum::Json(serde_json::json!({"message": message}))).into_response()
        }
        Fault::DropConnection => {
            let broken = futures_util::stream::once(async {
                Err::<axum::body::Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "fault: dropped",
                ))
            });
            let mut response = Response::new(Body::from_stream(broken));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Fault::TruncatedJson => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        Fault::Answer { status, body } => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            axum::Json(body),
        )
            .into_response(),
        Fault::MalformedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"records\": [ <html>Service Unavailable</html>",
        )
            .into_response(),
    }
}
