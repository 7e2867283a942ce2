-- 0001: plans, tasks, people, departments and their aliases, the audit log.
-- Never edit this file once released; add a new migration instead.

CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    government    TEXT NOT NULL,
    title         TEXT NOT NULL,
    doc_no        TEXT,
    issuer        TEXT,
    issued        TEXT,            -- YYYY-MM-DD
    year          INTEGER,
    period_start  TEXT,
    period_end    TEXT,
    format        TEXT NOT NULL,   -- reader(s) that found the tasks
    source_name   TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source_line   INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL
);
-- A plan is identified by its government, title and 文号; importing the same
-- file again finds it and adds nothing.
CREATE UNIQUE INDEX plans_identity ON plans (government, title, COALESCE(doc_no, ''));

-- The reporting dates the notice sets (上半年 by 7月5日 …).
CREATE TABLE plan_schedule (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    period  TEXT NOT NULL,          -- q1 | h1 | q3 | year | free text
    label   TEXT NOT NULL,
    due     TEXT NOT NULL,
    PRIMARY KEY (plan_id, period)
);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    ordinal       INTEGER NOT NULL,     -- position in the plan
    seq           TEXT NOT NULL,        -- number as printed
    category      TEXT NOT NULL,        -- JSON array, outermost level first
    title         TEXT,
    text          TEXT NOT NULL,
    source_line   INTEGER NOT NULL,
    deadline_text TEXT,                 -- as printed
    due           TEXT,                 -- YYYY-MM-DD
    ongoing       INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0, 1)),
    inferred      INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
    UNIQUE (plan_id, ordinal)
);
CREATE INDEX tasks_due ON tasks (due);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    government TEXT NOT NULL,
    name       TEXT NOT NULL,
    UNIQUE (government, name)
);

CREATE TABLE task_people (
    task_id   INTEGER NOT NULL REFERENCES tasks (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    role      TEXT NOT NULL CHECK (role IN ('leader', 'lead_officer')),
    position  INTEGER NOT NULL,
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX task_people_person ON task_people (person_id);

-- One row per real unit of a government. A merged department keeps its row
-- (history) and points at the department it was merged into.
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    government  TEXT NOT NULL,
    name        TEXT NOT NULL,
    collective  INTEGER NOT NULL DEFAULT 0 CHECK (collective IN (0, 1)),
    merged_into INTEGER REFERENCES departments (id),
    created_at  TEXT NOT NULL,
    UNIQUE (government, name)
);

-- Every spelling seen or declared, by its comparison key.
CREATE TABLE department_aliases (
    government    TEXT NOT NULL,
    alias_key     TEXT NOT NULL,
    alias         TEXT NOT NULL,
    department_id INTEGER NOT NULL REFERENCES departments (id),
    source        TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    PRIMARY KEY (government, alias_key)
);
CREATE INDEX department_aliases_department ON department_aliases (department_id);

-- The shipped alias table (data/departments.csv) and aliases the office adds
-- for every government of a level: scope is 市, 省 or a government's name.
CREATE TABLE shipped_aliases (
    scope     TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    alias     TEXT NOT NULL,
    canonical TEXT NOT NULL,
    PRIMARY KEY (scope, alias_key)
);

CREATE TABLE task_departments (
    task_id       INTEGER NOT NULL REFERENCES tasks (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    role          TEXT NOT NULL CHECK (role IN ('lead', 'coop', 'implementing', 'responsible')),
    as_printed    TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (task_id, position)
);
CREATE INDEX task_departments_department ON task_departments (department_id, role);

-- Who changed what and when: imports, aliases, merges. Never deleted.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
);
