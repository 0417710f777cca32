use chrono::Utc;
use rusqlite::{params, Connection, Transaction};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::domain::{Assessment, AssessmentId, DomainError, GroupId, InstanceId, TemplateId};
use crate::store::codes::{required_datetime, timestamp, uid};
use crate::store::StoreError;

/// Adds an assessment with the service instances it covers.
pub fn insert(
    tx: &Transaction<'_>,
    name: &str,
    group_id: GroupId,
    template_id: TemplateId,
    instance_ids: &[InstanceId],
) -> Result<Assessment, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::Empty("an assessment's name").into());
    }
    let assessment = Assessment {
        id: AssessmentId(0),
        uid: Uuid::new_v4(),
        name: name.to_string(),
        group_id,
        template_id,
        instance_ids: instance_ids.to_vec(),
        created_at: Utc::now(),
    };
    tx.execute(
        "INSERT INTO assessments (uid, name, group_id, template_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![assessment.uid.to_string(), name, group_id.0, template_id.0, timestamp(assessment.created_at)],
    )
    .map_err(|e| super::unique(e, "an assessment named", name))?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx
        .prepare("INSERT INTO assessment_instances (assessment_id, instance_id) VALUES (?1, ?2)")?;
    for instance in instance_ids {
        stmt.execute(params![id, instance.0])?;
    }
    Ok(Assessment {
        id: AssessmentId(id),
        ..assessment
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Assessment>, StoreError> {
    let mut covered: FxHashMap<i64, Vec<InstanceId>> = FxHashMap::default();
    let mut stmt = conn.prepare(
        "SELECT ai.assessment_id, ai.instance_id FROM assessment_instances ai
         JOIN service_instances s ON s.id = ai.instance_id ORDER BY ai.assessment_id, s.name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        covered
            .entry(row.get(0)?)
            .or_default()
            .push(InstanceId(row.get(1)?));
    }
    let mut stmt = conn.prepare(
        "SELECT id, uid, name, group_id, template_id, created_at FROM assessments ORDER BY name",
    )?;
    let rows = stmt.query_map([], |row| {
        let id: i64 = row.get(0)?;
        Ok(Assessment {
            id: AssessmentId(id),
            uid: uid(row, 1)?,
            name: row.get(2)?,
            group_id: GroupId(row.get(3)?),
            template_id: TemplateId(row.get(4)?),
            instance_ids: covered.remove(&id).unwrap_or_default(),
            created_at: required_datetime(row, 5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (assessment, action, action uid) for every action of `service` that assessments
/// including the instance map, optionally for one assessment only.
pub fn service_actions_for_instance(
    conn: &Connection,
    instance: InstanceId,
    service: &str,
    only: Option<AssessmentId>,
) -> Result<Vec<(AssessmentId, crate::domain::ActionId, Uuid)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT ai.assessment_id, ia.id, ia.uid FROM assessment_instances ai
         JOIN assessments a ON a.id = ai.assessment_id
         JOIN control_families f ON f.template_id = a.template_id
         JOIN controls c ON c.family_id = f.id
         JOIN control_actions ca ON ca.control_id = c.id
         JOIN improvement_actions ia ON ia.id = ca.action_id
         WHERE ai.instance_id = ?1 AND ia.service = ?2 AND (?3 IS NULL OR ai.assessment_id = ?3)",
    )?;
    let rows = stmt.query_map(params![instance.0, service, only.map(|a| a.0)], |r| {
        Ok((
            AssessmentId(r.get(0)?),
            crate::domain::ActionId(r.get(1)?),
            uid(r, 2)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn rename(tx: &Transaction<'_>, id: AssessmentId, name: &str) -> Result<(), StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::Empty("an assessment's name").into());
    }
    tx.execute(
        "UPDATE assessments SET name = ?2 WHERE id = ?1",
        params![id.0, name],
    )
    .map_err(|e| super::unique(e, "an assessment named", name))?;
    Ok(())
}

pub fn set_group(tx: &Transaction<'_>, id: AssessmentId, group: GroupId) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE assessments SET group_id = ?2 WHERE id = ?1",
        params![id.0, group.0],
    )?;
    Ok(())
}

pub fn set_template(
    tx: &Transaction<'_>,
    id: AssessmentId,
    template: TemplateId,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE assessments SET template_id = ?2 WHERE id = ?1",
        params![id.0, template.0],
    )?;
    Ok(())
}

pub fn add_instance(
    tx: &Transaction<'_>,
    id: AssessmentId,
    instance: InstanceId,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR IGNORE INTO assessment_instances (assessment_id, instance_id) VALUES (?1, ?2)",
        params![id.0, instance.0],
    )?;
    Ok(())
}

/// Takes the instance out of the assessment with its results there.
pub fn remove_instance(
    tx: &Transaction<'_>,
    id: AssessmentId,
    instance: InstanceId,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM action_results WHERE assessment_id = ?1 AND instance_id = ?2",
        params![id.0, instance.0],
    )?;
    tx.execute(
        "DELETE FROM assessment_instances WHERE assessment_id = ?1 AND instance_id = ?2",
        params![id.0, instance.0],
    )?;
    Ok(())
}

/// Deletes the assessment with its results (the database cascades them).
pub fn delete(tx: &Transaction<'_>, id: AssessmentId) -> Result<(), StoreError> {
    tx.execute("DELETE FROM assessments WHERE id = ?1", [id.0])?;
    Ok(())
}
