-- 0002: the progress journal, the derived task state and the warning rules.

-- Append-only: a correction is a new entry that supersedes an earlier one.
CREATE TABLE journal (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id),
    kind          TEXT NOT NULL CHECK (kind IN ('progress', 'close', 'extend', 'reopen')),
    reported_on   TEXT NOT NULL,      -- the date of the report (YYYY-MM-DD)
    period        TEXT,               -- the schedule period it answers (h1, q3, year …), NULL for a free date
    status        TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'lagging', 'extended', 'ongoing')),
    percent       INTEGER CHECK (percent BETWEEN 0 AND 100),
    progress      TEXT,               -- 进展情况
    problems      TEXT,               -- 存在问题
    next_steps    TEXT,               -- 下一步
    evidence      TEXT,               -- 销号 evidence
    new_due       TEXT,               -- an approved new deadline
    reason        TEXT,               -- why extended or reopened
    department_id INTEGER REFERENCES departments (id),
    reporter      TEXT,
    supersedes    INTEGER REFERENCES journal (id),
    recorded_on   TEXT NOT NULL,      -- the day it was entered: reports "as of" a day see only what was entered by then
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    source        TEXT NOT NULL       -- 'cli' or 'csv:<file>:<row>'
);
CREATE INDEX journal_task ON journal (task_id, reported_on, id);
CREATE INDEX journal_recorded ON journal (recorded_on);
CREATE INDEX journal_reported ON journal (reported_on);
CREATE INDEX journal_supersedes ON journal (supersedes) WHERE supersedes IS NOT NULL;

CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能修改');
END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能删除');
END;

-- Each task's state after every entry so far, kept in step with the journal
-- in the same transaction. Reports "as of" today read it; a past day is
-- rebuilt from the journal.
CREATE TABLE task_state (
    task_id          INTEGER PRIMARY KEY REFERENCES tasks (id),
    status           TEXT NOT NULL,
    percent          INTEGER,
    due              TEXT,            -- effective deadline (after extensions)
    extended         INTEGER NOT NULL DEFAULT 0,
    done_on          TEXT,
    last_entry       INTEGER REFERENCES journal (id),
    last_reported_on TEXT,
    reported         TEXT NOT NULL DEFAULT ''   -- ',h1,q3,' the periods reported
);

-- The office's warning rules: thresholds for 黄灯 / 红灯.
CREATE TABLE warning_rules (
    key         TEXT PRIMARY KEY,
    value       REAL NOT NULL,
    description TEXT NOT NULL
);
INSERT INTO warning_rules (key, value, description) VALUES
    ('deadline_yellow_days', 15, '距完成时限不足该天数且未完成：黄灯（逾期未完成：红灯）'),
    ('lag_yellow_points', 10, '完成比例落后序时进度达到该百分点：黄灯'),
    ('lag_red_points', 30, '完成比例落后序时进度超过该百分点：红灯'),
    ('not_started_yellow_elapsed', 10, '时间已过该百分比仍未启动：黄灯'),
    ('missed_reports_yellow', 1, '牵头单位连续错过该次数的报送时间：黄灯'),
    ('missed_reports_red', 2, '牵头单位连续错过该次数的报送时间：红灯'),
    ('ahead_points', 10, '完成比例超过序时进度达到该百分点：通报为超进度');
