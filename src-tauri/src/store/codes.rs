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

/// Parses a code column with the enum's own parser, on bytes: codes are ASCII, and
/// skipping UTF-8 validation matters when a million rows are read.
pub fn code<T>(
    row: &rusqlite::Row<'_>,
    idx: usize,
    parse: fn(&[u8]) -> Result<T, DomainError>,
) -> rusqlite::Result<T> {
    match row.get_ref(idx)? {
        ValueRef::Text(bytes) => parse(bytes).map_err(|e| conversion("code", e)),
        other => Err(conversion(
            "code",
            format!("expected text, found {:?}", other.data_type()),
        )),
    }
}

pub fn datetime(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => match parse_canonical(bytes) {
            Some(parsed) => Ok(Some(parsed)),
            None => std::str::from_utf8(bytes)
                .map_err(|e| conversion("timestamp", e))
                .and_then(|text| {
                    DateTime::parse_from_rfc3339(text).map_err(|e| conversion("timestamp", e))
                })
                .map(|t| Some(t.with_timezone(&Utc))),
        },
        other => Err(conversion(
            "timestamp",
            format!("expected text, found {:?}", other.data_type()),
        )),
    }
}

/// Parses what [`timestamp`] writes ("2026-11-26T09:30:00.000Z") without the general
/// RFC 3339 parser, which would cost a recompute of a million results a tenth of a
/// second. Anything else returns `None` and goes to the general parser.
fn parse_canonical(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    if b[19] != b'.' || b[23] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_milli_opt(
        number(11..13)?,
        number(14..16)?,
        number(17..19)?,
        number(20..23)?,
    )?;
    Some(date.and_time(time).and_utc())
}

pub fn required_datetime(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    datetime(row, idx)?.ok_or_else(|| conversion("timestamp", FromSqlError::InvalidType))
}

pub fn uid(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(text(row.get_ref(idx)?, "uid")?).map_err(|e| conversion("uid", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_parser_reads_what_timestamp_writes() {
        for text in [
            "2026-11-26T09:30:00.123Z",
            "1999-01-01T00:00:00.000Z",
            "2024-02-29T23:59:59.999Z",
        ] {
            let fast = parse_canonical(text.as_bytes()).unwrap();
            assert_eq!(
                fast,
                DateTime::parse_from_rfc3339(text)
                    .unwrap()
                    .with_timezone(&Utc)
            );
            assert_eq!(timestamp(fast), text);
        }
    }

    #[test]
    fn other_forms_are_left_to_the_general_parser() {
        for text in [
            "2026-11-26T09:30:00Z",
            "2026-11-26T09:30:00.123+01:00",
            "2026-02-30T09:30:00.000Z",
            "2026-1a-26T09:30:00.000Z",
            "",
        ] {
            assert_eq!(parse_canonical(text.as_bytes()), None, "{text}");
        }
    }
}
