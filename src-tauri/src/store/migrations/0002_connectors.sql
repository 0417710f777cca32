-- Connectors, version 2: how each instance connects (never its secrets: those live
-- in the OS keyring), immutable snapshots of what each sync read, a record of every
-- sync, and evidence on automatic results.

ALTER TABLE service_instances ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'oauth_pkce';
-- Non-secret connection settings as JSON: login host, client id, callback URL, API base...
ALTER TABLE service_instances ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(settings));
ALTER TABLE service_instances ADD COLUMN terms_version TEXT;
ALTER TABLE service_instances ADD COLUMN terms_accepted_at TEXT;
ALTER TABLE service_instances ADD COLUMN status TEXT NOT NULL DEFAULT 'connected'
    CHECK (status IN ('connected', 'needs_reauthentication', 'error'));
ALTER TABLE service_instances ADD COLUMN status_reason TEXT;

-- One row per successful sync. Rows are never changed; the instance columns are
-- copied so that evidence kept after an instance is removed still says whose it was.
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    instance_id INTEGER REFERENCES service_instances (id) ON DELETE SET NULL,
    instance_uid TEXT NOT NULL,
    instance_name TEXT NOT NULL,
    service TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    requests INTEGER NOT NULL,
    -- The canonical JSON of {"raw": [...], "facts": {...}} and its SHA-256 (hex).
    content TEXT NOT NULL CHECK (json_valid(content)),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
);
CREATE INDEX snapshots_by_instance ON snapshots (instance_id, finished_at);

CREATE TRIGGER snapshots_are_immutable BEFORE UPDATE OF uid, instance_uid, instance_name,
    service, started_at, finished_at, requests, content, sha256 ON snapshots
BEGIN
    SELECT RAISE(ABORT, 'snapshots are immutable');
END;

-- Every sync attempt, successful or not: a failed one names its error here and
-- leaves the snapshots alone.
CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES service_instances (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
    error_code TEXT,
    error_message TEXT,
    CHECK ((outcome = 'failed') = (error_code IS NOT NULL))
);
CREATE INDEX sync_runs_by_instance ON sync_runs (instance_id, started_at);

-- What an automatic test saw (observed and expected values, the check, the reason).
ALTER TABLE action_results ADD COLUMN evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence));
ALTER TABLE action_results ADD COLUMN snapshot_id INTEGER REFERENCES snapshots (id) ON DELETE SET NULL;
