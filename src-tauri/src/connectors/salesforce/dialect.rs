//! How Salesforce's REST API words errors and limits.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::connectors::http::Dialect;
use crate::connectors::ConnectorError;

pub struct SalesforceDialect;

/// Stop syncing once the org has used this share of its daily API requests.
const DAILY_LIMIT_STOP: f64 = 0.98;

impl Dialect for SalesforceDialect {
    fn service(&self) -> &'static str {
        "Salesforce"
    }

    fn token_rejected(&self, status: u16, _body: &Value) -> bool {
        // Salesforce answers 401 INVALID_SESSION_ID for expired and revoked sessions.
        status == 401
    }

    /// Errors are arrays of `{"message", "errorCode"}`.
    fn describe(&self, status: u16, body: &Value) -> (String, String) {
        let first = body.get(0).unwrap_or(body);
        let text = |k: &str| first.get(k).and_then(Value::as_str).map(str::to_string);
        (
            text("errorCode").unwrap_or_else(|| format!("HTTP_{status}")),
            text("message").unwrap_or_else(|| body.to_string()),
        )
    }

    /// `Sforce-Limit-Info: api-usage=18/5000`.
    fn limits(&self, headers: &HeaderMap) -> Result<Option<f64>, ConnectorError> {
        let Some(info) = headers
            .get("sforce-limit-info")
            .and_then(|v| v.to_str().ok())
        else {
            return Ok(None);
        };
        let usage = info
            .split(',')
            .filter_map(|part| part.trim().strip_prefix("api-usage="))
            .find_map(|u| {
                let (used, limit) = u.split_once('/')?;
                Some((
                    used.trim().parse::<u64>().ok()?,
                    limit.trim().parse::<u64>().ok()?,
                ))
            });
        match usage {
            Some((used, limit)) if limit > 0 && used as f64 >= limit as f64 * DAILY_LIMIT_STOP => {
                Err(ConnectorError::DailyLimit { used, limit })
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_error_arrays_and_stops_near_the_daily_limit() {
        let d = SalesforceDialect;
        let (code, message) = d.describe(
            400,
            &json!([{"message": "unexpected token", "errorCode": "MALFORMED_QUERY"}]),
        );
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("MALFORMED_QUERY", "unexpected token")
        );
        let mut h = HeaderMap::new();
        h.insert("sforce-limit-info", "api-usage=18/5000".parse().unwrap());
        assert!(matches!(d.limits(&h), Ok(None)));
        h.insert("sforce-limit-info", "api-usage=4990/5000".parse().unwrap());
        assert!(matches!(
            d.limits(&h),
            Err(ConnectorError::DailyLimit {
                used: 4990,
                limit: 5000
            })
        ));
    }
}
