//! `/services/data/`: versions, and query / tooling query with batches.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::oauth::unauthorized;
use super::{soql, Cursor, Shared};

pub(super) async fn versions(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let v = &shared.config.api_version;
    Json(json!([{"label": "Winter '24", "url": format!("/services/data/v{v}"), "version": v}]))
}

fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!([{"message": message, "errorCode": code}])),
    )
        .into_response()
}

/// Counts the call and adds `Sforce-Limit-Info`; past the daily limit, 403.
fn metered(shared: &Shared, response: Response) -> Response {
    let used = {
        let mut tokens = shared.tokens();
        tokens.api_calls += 1;
        tokens.api_calls
    };
    let limit = shared.config.daily_api_limit;
    let mut response = if used > limit {
        api_error(
            StatusCode::FORBIDDEN,
            "REQUEST_LIMIT_EXCEEDED",
            "TotalRequests Limit exceeded.",
        )
    } else {
        response
    };
    if let Ok(value) = HeaderValue::from_str(&format!("api-usage={}/{limit}", used.min(limit))) {
        response.headers_mut().insert("Sforce-Limit-Info", value);
    }
    response
}

fn batch(
    shared: &Shared,
    mut remaining: Vec<Map<String, Value>>,
    total: usize,
    object: &str,
    base_path: &str,
) -> Value {
    let size = shared.config.batch_size.max(1);
    let rest = if remaining.len() > size {
        remaining.split_off(size)
    } else {
        Vec::new()
    };
    let done = rest.is_empty();
    let records: Vec<Value> = remaining
        .into_iter()
        .map(|mut r| {
            r.insert(
                "attributes".into(),
                json!({"type": object, "url": format!("{base_path}/sobjects/{object}")}),
            );
            Value::Object(r)
        })
        .collect();
    let mut body =
        json!({"totalSize": total, "done": done, "records": records, "entityTypeName": object});
    if base_path.contains("tooling") {
        body["size"] = json!(total);
    }
    if !done {
        let locator = format!("01gfake{}-{}", uuid::Uuid::new_v4().simple(), size);
        body["nextRecordsUrl"] = json!(format!("{base_path}/query/{locator}"));
        body["queryLocator"] = json!(locator.clone());
        shared.tokens().cursors.insert(
            locator,
            Cursor {
                object: object.to_string(),
                total,
                rest,
            },
        );
    } else {
        body["queryLocator"] = Value::Null;
    }
    body
}

fn base_path(uri: &str) -> String {
    let path = uri.split('?').next().unwrap_or("");
    path.split("/query").next().unwrap_or("").to_string()
}

pub(super) async fn query(
    State(shared): State<Arc<Shared>>,
    Path(version): Path<String>,
    uri: Uri,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(denied) = unauthorized(&shared, &headers) {
        return denied;
    }
    if version.trim_start_matches('v').parse::<f32>().is_err() {
        return api_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        );
    }
    let Some(text) = params.get("q") else {
        return metered(
            &shared,
            api_error(
                StatusCode::BAD_REQUEST,
                "MALFORMED_QUERY",
                "A query string is required",
            ),
        );
    };
    let parsed = match soql::parse(text) {
        Ok(q) => q,
        Err(e) => {
            return metered(
                &shared,
                api_error(StatusCode::BAD_REQUEST, "MALFORMED_QUERY", &e),
            )
        }
    };
    let Some((object, records)) = shared
        .config
        .objects
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&parsed.object))
    else {
        let message = format!("sObject type '{}' is not supported.", parsed.object);
        return metered(
            &shared,
            api_error(StatusCode::BAD_REQUEST, "INVALID_TYPE", &message),
        );
    };
    match parsed.run(records) {
        Ok(rows) => {
            let total = rows.len();
            let body = batch(&shared, rows, total, object, &base_path(&uri.to_string()));
            metered(&shared, Json(body).into_response())
        }
        Err(e) => metered(
            &shared,
            api_error(StatusCode::BAD_REQUEST, "INVALID_FIELD", &e),
        ),
    }
}

pub(super) async fn next_batch(
    State(shared): State<Arc<Shared>>,
    Path((_version, locator)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(denied) = unauthorized(&shared, &headers) {
        return denied;
    }
    let Some(cursor) = shared.tokens().cursors.remove(&locator) else {
        return metered(
            &shared,
            api_error(
                StatusCode::BAD_REQUEST,
                "INVALID_QUERY_LOCATOR",
                "invalid query locator",
            ),
        );
    };
    let body = batch(
        &shared,
        cursor.rest,
        cursor.total,
        &cursor.object,
        &base_path(&uri.to_string()),
    );
    metered(&shared, Json(body).into_response())
}
