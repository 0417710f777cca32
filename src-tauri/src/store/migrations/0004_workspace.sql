-- The assessment workspace, version 4: assessor reviews of automatic results,
-- evidence, an append-only hash-chained history, workspace settings and the daily
-- score trend.

-- An assessor's review of an automatic result. An override replaces the status that
-- scoring reads (`override_status`) and remembers the automatic verdict it overrode
-- (`reviewed_status`): a sync that changes that verdict sets `review_state` back to
-- 'needs_review' instead of dropping the override.
ALTER TABLE action_results ADD COLUMN review_state TEXT
    CHECK (review_state IN ('accepted', 'overridden', 'needs_review'));
ALTER TABLE action_results ADD COLUMN reviewed_status TEXT;
ALTER TABLE action_results ADD COLUMN override_status TEXT CHECK (override_status IN
    ('none', 'not_assessed', 'passed', 'failed_low_risk', 'failed_medium_risk',
     'failed_high_risk', 'out_of_scope', 'in_progress', 'partially_tested'));
ALTER TABLE action_results ADD COLUMN override_justification TEXT;
ALTER TABLE action_results ADD COLUMN reviewed_by TEXT;
ALTER TABLE action_results ADD COLUMN reviewed_at TEXT;

-- Files (content-addressed in the data folder's `evidence/`) and links that support
-- an action in an assessment, with the period they cover.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES improvement_actions (id),
    kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- For files: the SHA-256 that names the stored copy; for links: the address.
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    size INTEGER,
    url TEXT,
    effective_from TEXT,
    effective_to TEXT,
    expires_on TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    CHECK ((kind = 'file') = (sha256 IS NOT NULL)),
    CHECK ((kind = 'link') = (url IS NOT NULL)),
    CHECK (effective_from IS NULL OR effective_to IS NULL OR effective_from <= effective_to)
);
CREATE INDEX evidence_by_action ON evidence (assessment_id, action_id);

-- Every change a person or a sync made, append-only. `sha256` covers the entry's
-- fields and the previous entry's hash, so editing or deleting a past entry breaks
-- the chain (`compliance-desk verify-history`).
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    assessment_uid TEXT NOT NULL,
    action_uid TEXT,
    instance_uid TEXT,
    field TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev_sha256 TEXT NOT NULL CHECK (length(prev_sha256) = 64),
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64)
);
CREATE INDEX history_by_action ON history (assessment_uid, action_uid);

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per day and assessment (assessment_uid '' = the overall score), rewritten
-- on every change that day: the trend chart reads it.
CREATE TABLE score_history (
    day TEXT NOT NULL,
    assessment_uid TEXT NOT NULL,
    achieved REAL NOT NULL,
    possible REAL NOT NULL,
    PRIMARY KEY (day, assessment_uid)
) WITHOUT ROWID;
