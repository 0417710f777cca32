//! How Zoom's API words errors and rate limits.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::connectors::http::Dialect;
use crate::connectors::ConnectorError;

pub struct ZoomDialect;

impl Dialect for ZoomDialect {
    fn service(&self) -> &'static str {
        "Zoom"
    }

    /// 124 is "Invalid access token" (expired or revoked); 4711 (missing scopes) is
    /// not cured by a new token.
    fn token_rejected(&self, status: u16, body: &Value) -> bool {
        status == 401 && body.get("code").and_then(Value::as_i64) == Some(124)
    }

    fn describe(&self, status: u16, body: &Value) -> (String, String) {
        let code = body
            .get("code")
            .map(|c| c.to_string())
            .unwrap_or_else(|| format!("HTTP_{status}"));
        let message = body
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| body.to_string(), str::to_string);
        (code, message)
    }

    /// `X-RateLimit-Type: QPS` with `X-RateLimit-Limit: 50` paces requests to 50 a second.
    fn limits(&self, headers: &HeaderMap) -> Result<Option<f64>, ConnectorError> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if header("x-ratelimit-type").is_some_and(|t| !t.eq_ignore_ascii_case("QPS")) {
            return Ok(None);
        }
        Ok(header("x-ratelimit-limit")
            .and_then(|l| l.trim().parse::<f64>().ok())
            .filter(|l| *l > 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expired_tokens_are_124_and_limits_pace_by_qps() {
        let d = ZoomDialect;
        assert!(d.token_rejected(
            401,
            &json!({"code": 124, "message": "Invalid access token."})
        ));
        assert!(!d.token_rejected(401, &json!({"code": 4711, "message": "scopes"})));
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-type", "QPS".parse().unwrap());
        h.insert("x-ratelimit-limit", "50".parse().unwrap());
        assert_eq!(d.limits(&h).unwrap(), Some(50.0));
        h.insert("x-ratelimit-type", "Daily-limit".parse().unwrap());
        assert_eq!(d.limits(&h).unwrap(), None);
    }
}
