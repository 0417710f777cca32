-- Template versions, version 3. A template is a lineage of versions: the built-in
-- ones change when the app ships new checks or mappings, imported ones when a newer
-- file is imported. Each version is its own row (its controls and mappings stay as
-- they were for the assessments still on it); only the current version of a lineage
-- is offered for new assessments, and only current titles must be unique.
-- The table is rebuilt to drop the old UNIQUE(title); migrations run with foreign
-- keys off and are followed by a foreign key check.

CREATE TABLE templates_v3 (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    product TEXT NOT NULL DEFAULT '',
    certification TEXT,
    supported_services TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(supported_services)),
    built_in INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
    created_at TEXT NOT NULL,
    -- The same template across versions (a UUID); the first version's uid for rows
    -- written before version 3.
    lineage TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '1',
    -- SHA-256 of the version's canonical content; empty for rows written before 3.
    fingerprint TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'built_in'
        CHECK (source IN ('built_in', 'spreadsheet', 'oscal')),
    -- When a newer version of the lineage arrived; NULL for the current version.
    superseded_at TEXT
);
INSERT INTO templates_v3 (id, uid, title, product, certification, supported_services,
        built_in, created_at, lineage, version, fingerprint, source)
    SELECT id, uid, title, product, certification, supported_services, built_in,
        created_at, uid, '1', '', CASE built_in WHEN 1 THEN 'built_in' ELSE 'spreadsheet' END
    FROM templates;
DROP TABLE templates;
ALTER TABLE templates_v3 RENAME TO templates;
CREATE UNIQUE INDEX templates_current_title ON templates (title COLLATE NOCASE)
    WHERE superseded_at IS NULL;
CREATE INDEX templates_by_lineage ON templates (lineage);

-- A result whose action the assessment's template no longer maps (after a template
-- update) is retired: kept for history, no longer scored or shown as open work.
ALTER TABLE action_results ADD COLUMN retired_at TEXT;

-- The account behind an instance (Salesforce organization id, Zoom account id), so
-- that the same account cannot be connected twice and counted twice.
ALTER TABLE service_instances ADD COLUMN account_id TEXT;
CREATE UNIQUE INDEX service_instances_account ON service_instances (service, account_id)
    WHERE account_id IS NOT NULL;
