-- 0003: quantitative targets (指标) decomposed by industry and unit or by
-- county, and the figures reported against them.

-- A quantity a plan sets targets for: 转移就业人数 in 人.
CREATE TABLE indicators (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    ordinal  INTEGER NOT NULL,
    name     TEXT NOT NULL,
    measure  TEXT NOT NULL,            -- 计量单位: 人, 人次, 万元
    UNIQUE (plan_id, name)
);

-- An industry (行业) of a decomposition table and the unit that leads it.
CREATE TABLE indicator_industries (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans (id),
    seq             TEXT NOT NULL,
    name            TEXT NOT NULL,
    lead_id         INTEGER REFERENCES departments (id),
    lead_as_printed TEXT,
    source_line     INTEGER NOT NULL
);

-- One printed row of targets: a unit's (or county's), an industry's 小计 or
-- the 合计. The answering department is the first unit named, or the
-- industry's lead when the row names none.
CREATE TABLE indicator_lines (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    ordinal       INTEGER NOT NULL,
    breakdown     TEXT NOT NULL CHECK (breakdown IN ('industry', 'county')),
    kind          TEXT NOT NULL CHECK (kind IN ('unit', 'subtotal', 'total')),
    industry_id   INTEGER REFERENCES indicator_industries (id),
    category      TEXT,
    post          TEXT,
    holder        TEXT,               -- the unit cell as printed (line breaks removed)
    department_id INTEGER REFERENCES departments (id),
    by_lead       INTEGER NOT NULL DEFAULT 0 CHECK (by_lead IN (0, 1)),
    source_line   INTEGER NOT NULL,
    UNIQUE (plan_id, ordinal)
);
CREATE INDEX indicator_lines_department ON indicator_lines (department_id);

-- Every unit a row names, first one answering.
CREATE TABLE indicator_line_departments (
    line_id       INTEGER NOT NULL REFERENCES indicator_lines (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    as_printed    TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (line_id, position)
);
CREATE INDEX indicator_line_departments_department ON indicator_line_departments (department_id);

CREATE TABLE indicator_targets (
    line_id      INTEGER NOT NULL REFERENCES indicator_lines (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    target       REAL NOT NULL,
    PRIMARY KEY (line_id, indicator_id)
);

-- Reported figures, append-only like the journal: a figure is the total done
-- by its date; a later date (or a later entry for the same date) supersedes.
CREATE TABLE indicator_actuals (
    id            INTEGER PRIMARY KEY,
    line_id       INTEGER NOT NULL REFERENCES indicator_lines (id),
    indicator_id  INTEGER NOT NULL REFERENCES indicators (id),
    as_of         TEXT NOT NULL,      -- the date the figure stands at (YYYY-MM-DD)
    value         REAL NOT NULL CHECK (value >= 0),
    printed_ratio TEXT,               -- the ratio the source printed, as evidence
    recorded_on   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    source        TEXT NOT NULL       -- 'cli', 'csv:<file>:<row>' or 'gazette:<file>:<line>'
);
CREATE INDEX indicator_actuals_line ON indicator_actuals (line_id, indicator_id, as_of, id);

CREATE TRIGGER indicator_actuals_append_only_update BEFORE UPDATE ON indicator_actuals
BEGIN
    SELECT RAISE(ABORT, '指标完成数只能追加，不能修改');
END;
CREATE TRIGGER indicator_actuals_append_only_delete BEFORE DELETE ON indicator_actuals
BEGIN
    SELECT RAISE(ABORT, '指标完成数只能追加，不能删除');
END;
