-- Version 5: an assessment's own bounds for checks whose bound is organisation policy
-- (inactivity time-outs, passcode lengths, holders of a permission). Without a row
-- the check uses the benchmark's value.
CREATE TABLE check_thresholds (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    check_id TEXT NOT NULL CHECK (length(check_id) > 0),
    value REAL NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, check_id)
) STRICT;
