//! Reading and writing the code columns and timestamps.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSqlError, ValueRef};
use uuid::Uuid;

use crate::domain::DomainError;

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn now() -> String {
    timestamp(Utc::now())
}

fn text<'a>(value: ValueRef<'a>, column: &str) -> rusqlite::Result<&'a str> {
    value.as_str().map_err(|e| conversion(column, e))
}

fn conversion(column: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("column {column}: {e}").into(),
    )
}

/// Parses a code column with the enum's own parser.
pub fn code<T>(
    row: &rusqlite::Row<'_>,
    idx: usize,
    parse: fn(&str) -> Result<T, DomainError>,
) -> rusqlite::Result<T> {
    let value = text(row.get_ref(idx)?, "code")?;
    parse(value).map_err(|e| conversion("code", e))
}

pub fn datetime(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        value => {
            let text = text(value, "timestamp")?;
            DateTime::parse_from_rfc3339(text)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| conversion("timestamp", e))
        }
    }
}

pub fn required_datetime(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    datetime(row, idx)?.ok_or_else(|| conversion("timestamp", FromSqlError::InvalidType))
}

pub fn uid(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(text(row.get_ref(idx)?, "uid")?).map_err(|e| conversion("uid", e))
}
