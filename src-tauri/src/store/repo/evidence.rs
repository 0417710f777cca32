//! Evidence records: files (stored by content address) and links, per action.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::{ActionId, AssessmentId};
use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceKind {
    File,
    Link,
}

/// The dates a piece of evidence covers, and when it stops being valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvidencePeriod {
    pub effective_from: Option<NaiveDate>,
    pub effective_to: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EvidenceRecord {
    pub uid: Uuid,
    pub action_id: ActionId,
    pub kind: EvidenceKind,
    pub name: String,
    pub sha256: Option<String>,
    #[ts(type = "number | null")]
    pub size: Option<i64>,
    pub url: Option<String>,
    pub period: EvidencePeriod,
    pub added_at: String,
    pub added_by: String,
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_date(value: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("evidence date {v:?}: {e}").into(),
                )
            })
        })
        .transpose()
}

pub fn insert(
    tx: &Transaction<'_>,
    assessment: AssessmentId,
    record: &EvidenceRecord,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO evidence (uid, assessment_id, action_id, kind, name, sha256, size, url,
             effective_from, effective_to, expires_on, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            record.uid.to_string(),
            assessment.0,
            record.action_id.0,
            match record.kind {
                EvidenceKind::File => "file",
                EvidenceKind::Link => "link",
            },
            record.name,
            record.sha256,
            record.size,
            record.url,
            date(record.period.effective_from),
            date(record.period.effective_to),
            date(record.period.expires_on),
            record.added_at,
            record.added_by,
        ],
    )?;
    Ok(())
}

/// Evidence of an assessment, of one action when given, oldest first.
pub fn list(
    conn: &Connection,
    assessment: AssessmentId,
    action: Option<ActionId>,
) -> Result<Vec<EvidenceRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, action_id, kind, name, sha256, size, url, effective_from, effective_to,
             expires_on, added_at, added_by
         FROM evidence WHERE assessment_id = ?1 AND (?2 IS NULL OR action_id = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![assessment.0, action.map(|a| a.0)], |r| {
        let uid: String = r.get(0)?;
        let kind: String = r.get(2)?;
        Ok(EvidenceRecord {
            uid: Uuid::parse_str(&uid).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            action_id: ActionId(r.get(1)?),
            kind: if kind == "file" {
                EvidenceKind::File
            } else {
                EvidenceKind::Link
            },
            name: r.get(3)?,
            sha256: r.get(4)?,
            size: r.get(5)?,
            url: r.get(6)?,
            period: EvidencePeriod {
                effective_from: parse_date(r.get(7)?)?,
                effective_to: parse_date(r.get(8)?)?,
                expires_on: parse_date(r.get(9)?)?,
            },
            added_at: r.get(10)?,
            added_by: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
