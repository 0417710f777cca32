-- Compliance Desk schema, version 1.
-- Integer keys join; `uid` columns are the stable identities that exports carry.
-- Codes are the snake_case codes of the Rust enums (domain::status, domain::action).

CREATE TABLE improvement_actions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL CHECK (purpose IN ('preventive', 'detective', 'corrective')),
    enforcement TEXT NOT NULL CHECK (enforcement IN ('mandatory', 'discretionary')),
    custom_score INTEGER CHECK (custom_score BETWEEN 1 AND 99),
    implementation_type TEXT NOT NULL
        CHECK (implementation_type IN ('technical', 'documentation', 'operational')),
    service TEXT,
    CHECK ((implementation_type = 'technical') = (service IS NOT NULL))
);

CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL UNIQUE,
    product TEXT NOT NULL DEFAULT '',
    certification TEXT,
    supported_services TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(supported_services)),
    built_in INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE control_families (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (template_id, name)
);

CREATE TABLE controls (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    family_id INTEGER NOT NULL REFERENCES control_families (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
CREATE INDEX controls_by_family ON controls (family_id, position);

CREATE TABLE control_actions (
    control_id INTEGER NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES improvement_actions (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (control_id, action_id)
) WITHOUT ROWID;
CREATE INDEX control_actions_by_action ON control_actions (action_id);

CREATE TABLE service_instances (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    service TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE assessment_groups (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    group_id INTEGER NOT NULL REFERENCES assessment_groups (id),
    template_id INTEGER NOT NULL REFERENCES templates (id),
    created_at TEXT NOT NULL
);

CREATE TABLE assessment_instances (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    instance_id INTEGER NOT NULL REFERENCES service_instances (id),
    PRIMARY KEY (assessment_id, instance_id)
) WITHOUT ROWID;

-- One row per (assessment, action, instance); instance is NULL for non-technical actions.
-- What scoring reads comes first: SQLite decodes a row's leading columns cheapest.
CREATE TABLE action_results (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES improvement_actions (id),
    instance_id INTEGER REFERENCES service_instances (id),
    implementation_status TEXT NOT NULL DEFAULT 'not_implemented' CHECK (implementation_status IN
        ('not_implemented', 'implemented', 'alternative_implementation', 'planned', 'out_of_scope')),
    test_status TEXT NOT NULL DEFAULT 'none' CHECK (test_status IN
        ('none', 'not_assessed', 'passed', 'failed_low_risk', 'failed_medium_risk',
         'failed_high_risk', 'out_of_scope', 'in_progress', 'to_be_determined',
         'could_not_be_determined', 'partially_tested')),
    partial_credit REAL CHECK (partial_credit BETWEEN 0 AND 1),
    testing_source TEXT NOT NULL DEFAULT 'manual'
        CHECK (testing_source IN ('automatic', 'manual', 'parent')),
    parent_action_id INTEGER REFERENCES improvement_actions (id),
    test_date TEXT,
    implementation_date TEXT,
    implementation_notes TEXT NOT NULL DEFAULT '',
    testing_notes TEXT NOT NULL DEFAULT '',
    assigned_to TEXT,
    updated_at TEXT NOT NULL,
    CHECK ((testing_source = 'parent') = (parent_action_id IS NOT NULL))
);
CREATE UNIQUE INDEX action_results_key
    ON action_results (assessment_id, action_id, ifnull(instance_id, 0));
