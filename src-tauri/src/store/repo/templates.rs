use rusqlite::{params, Connection, Transaction};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::domain::{
    ActionId, Control, ControlFamily, ControlId, DomainError, Template, TemplateId,
};
use crate::store::codes::{now, uid};
use crate::store::StoreError;

/// What a stored template version is, beside its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub id: TemplateId,
    pub uid: Uuid,
    /// The same template across versions.
    pub lineage: Uuid,
    pub version: String,
    pub fingerprint: String,
    /// "built_in", "spreadsheet" or "oscal".
    pub source: String,
    pub superseded: bool,
    pub created_at: String,
}

/// Adds a template as the first and only version of its own lineage.
pub fn insert(
    tx: &Transaction<'_>,
    template: &Template,
    built_in: bool,
) -> Result<TemplateId, StoreError> {
    let source = if built_in { "built_in" } else { "spreadsheet" };
    insert_version(tx, template, template.uid, "1", "", source)
}

/// Adds a template version with its families, controls and control-to-action
/// mappings. The ids inside `template` are ignored except the controls'
/// `action_ids`, which must name stored actions. Returns the stored id.
pub fn insert_version(
    tx: &Transaction<'_>,
    template: &Template,
    lineage: Uuid,
    version: &str,
    fingerprint: &str,
    source: &str,
) -> Result<TemplateId, StoreError> {
    if template.title.trim().is_empty() {
        return Err(DomainError::Empty("a template's title").into());
    }
    let services = serde_json::json!(template.supported_services).to_string();
    tx.execute(
        "INSERT INTO templates (uid, title, product, certification, supported_services, built_in,
             created_at, lineage, version, fingerprint, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            template.uid.to_string(),
            template.title,
            template.product,
            template.certification,
            services,
            source == "built_in",
            now(),
            lineage.to_string(),
            version,
            fingerprint,
            source
        ],
    )
    .map_err(|e| super::unique(e, "a template titled", &template.title))?;
    let template_id = tx.last_insert_rowid();
    let mut family_stmt = tx.prepare(
        "INSERT INTO control_families (template_id, name, position) VALUES (?1, ?2, ?3)",
    )?;
    let mut control_stmt = tx.prepare(
        "INSERT INTO controls (uid, family_id, name, title, description, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut map_stmt =
        tx.prepare("INSERT OR IGNORE INTO control_actions (control_id, action_id, position) VALUES (?1, ?2, ?3)")?;
    for (family_pos, family) in template.families.iter().enumerate() {
        family_stmt
            .execute(params![template_id, family.name, family_pos as i64])
            .map_err(|e| super::unique(e, "a control family named", &family.name))?;
        let family_id = tx.last_insert_rowid();
        for (control_pos, control) in family.controls.iter().enumerate() {
            control_stmt.execute(params![
                control.uid.to_string(),
                family_id,
                control.name,
                control.title,
                control.description,
                control_pos as i64
            ])?;
            let control_id = tx.last_insert_rowid();
            for (action_pos, action) in control.action_ids.iter().enumerate() {
                map_stmt
                    .execute(params![control_id, action.0, action_pos as i64])
                    .map_err(|e| match e {
                        rusqlite::Error::SqliteFailure(f, _)
                            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                        {
                            StoreError::NotFound {
                                what: "improvement action",
                                key: action.to_string(),
                            }
                        }
                        other => other.into(),
                    })?;
            }
        }
    }
    Ok(TemplateId(template_id))
}

pub fn load_all(conn: &Connection) -> Result<Vec<Template>, StoreError> {
    let mut templates: Vec<Template> = conn
        .prepare("SELECT id, uid, title, product, certification, supported_services FROM templates ORDER BY title")?
        .query_map([], |row| {
            let services: String = row.get(5)?;
            Ok(Template {
                id: TemplateId(row.get(0)?),
                uid: uid(row, 1)?,
                title: row.get(2)?,
                product: row.get(3)?,
                certification: row.get(4)?,
                supported_services: serde_json::from_str(&services).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
                })?,
                families: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut mapped: FxHashMap<i64, Vec<ActionId>> = FxHashMap::default();
    let mut stmt = conn.prepare(
        "SELECT control_id, action_id FROM control_actions ORDER BY control_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        mapped
            .entry(row.get(0)?)
            .or_default()
            .push(ActionId(row.get(1)?));
    }

    let position: FxHashMap<TemplateId, usize> = templates
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT f.template_id, f.name, c.id, c.uid, c.name, c.title, c.description
         FROM control_families f LEFT JOIN controls c ON c.family_id = f.id
         ORDER BY f.template_id, f.position, c.position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Some(&t) = position.get(&TemplateId(row.get(0)?)) else {
            continue;
        };
        let family_name: String = row.get(1)?;
        let families = &mut templates[t].families;
        if families.last().map(|f| &f.name) != Some(&family_name) {
            families.push(ControlFamily {
                name: family_name,
                controls: Vec::new(),
            });
        }
        let Some(control_id) = row.get::<_, Option<i64>>(2)? else {
            continue;
        };
        let family = families.last_mut().expect("pushed above");
        family.controls.push(Control {
            id: ControlId(control_id),
            uid: uid(row, 3)?,
            name: row.get(4)?,
            title: row.get(5)?,
            description: row.get(6)?,
            action_ids: mapped.remove(&control_id).unwrap_or_default(),
        });
    }
    Ok(templates)
}

pub fn id_of(conn: &Connection, template_uid: Uuid) -> Result<Option<TemplateId>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT id FROM templates WHERE uid = ?1",
            [template_uid.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .map(TemplateId))
}

pub fn versions(conn: &Connection) -> Result<Vec<VersionInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, uid, lineage, version, fingerprint, source, superseded_at IS NOT NULL, created_at
         FROM templates ORDER BY id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(VersionInfo {
            id: TemplateId(row.get(0)?),
            uid: uid(row, 1)?,
            lineage: uid(row, 2)?,
            version: row.get(3)?,
            fingerprint: row.get(4)?,
            source: row.get(5)?,
            superseded: row.get(6)?,
            created_at: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks the lineage's current version superseded (before a newer one is added).
pub fn supersede(tx: &Transaction<'_>, lineage: Uuid) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE templates SET superseded_at = ?2 WHERE lineage = ?1 AND superseded_at IS NULL",
        params![lineage.to_string(), now()],
    )?;
    Ok(())
}

/// Deletes superseded versions no assessment uses any more.
pub fn delete_unused_superseded(tx: &Transaction<'_>) -> Result<usize, StoreError> {
    Ok(tx.execute(
        "DELETE FROM templates WHERE superseded_at IS NOT NULL
         AND id NOT IN (SELECT template_id FROM assessments)",
        [],
    )?)
}

/// Deletes a template no assessment uses; false if one does.
pub fn delete_unused(tx: &Transaction<'_>, id: TemplateId) -> Result<bool, StoreError> {
    Ok(tx.execute(
        "DELETE FROM templates WHERE id = ?1 AND id NOT IN (SELECT template_id FROM assessments)",
        [id.0],
    )? > 0)
}

/// Makes a superseded version current again (its lineage's current one must have
/// been superseded first).
pub fn reinstate(tx: &Transaction<'_>, id: TemplateId) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE templates SET superseded_at = NULL WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
}

/// Gives a version written before versions existed its version and fingerprint.
pub fn adopt(
    tx: &Transaction<'_>,
    id: TemplateId,
    version: &str,
    fingerprint: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE templates SET version = ?2, fingerprint = ?3 WHERE id = ?1",
        params![id.0, version, fingerprint],
    )?;
    Ok(())
}
