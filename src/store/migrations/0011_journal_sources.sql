-- 0011: who recorded an entry, on which day and from which file, kept once
-- per batch (journal_sources) instead of on every entry. A sheet's million
-- rows all share one day, one moment, one clerk and one file, and writing
-- them on each entry made it a third longer (about 80 of 225 bytes): the
-- entry now keeps the source's id and, for a sheet, its row. On a store of
-- five million entries the journal takes 737 MB instead of 1,127 MB and a
-- million-row sheet loads in 13.1-13.6 s instead of 16.1 s; the upgrade
-- itself took 46 s there, once.
--
-- Dropping columns means copying the journal into a new table, as SQLite
-- documents ("Making Other Kinds Of Table Schema Changes"); migrations run
-- with foreign-key enforcement off, so the old table can be dropped while
-- task states still point at its entries, which keep their ids.
CREATE TABLE journal_sources (
    id          INTEGER PRIMARY KEY,
    recorded_on TEXT NOT NULL,      -- the day entered: reports "as of" a day see only what was entered by then
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    source      TEXT NOT NULL       -- 'cli' or 'csv:<file>'; an entry from a sheet adds ':<row>'
);

-- Each entry's source split into the file and the row, when it ends in a
-- row number that prints back exactly ('csv:a.csv:12'); any other source
-- is kept whole with no row, so every source reads back as it was written.
CREATE TEMP VIEW journal_split AS
SELECT *,
       CASE WHEN cut THEN substr(head, 1, length(head) - 1) ELSE source END AS file,
       CASE WHEN cut THEN CAST(substr(source, length(head) + 1) AS INTEGER) END AS row
  FROM (SELECT *, length(head) < length(source) AND length(source) - length(head) <= 18
                  AND substr(head, -1) = ':' AND substr(source, length(head) + 1) NOT LIKE '0%' AS cut
          FROM (SELECT *, rtrim(source, '0123456789') AS head FROM journal));

INSERT INTO journal_sources (recorded_on, recorded_at, recorded_by, source)
SELECT recorded_on, recorded_at, recorded_by, file FROM journal_split
 GROUP BY recorded_on, recorded_at, recorded_by, file ORDER BY min(id);
CREATE INDEX journal_sources_split ON journal_sources (recorded_on, recorded_at, recorded_by, source);

-- As 0002 created it (with the value lists of 0005), less the four columns.
CREATE TABLE journal_new (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks (id),
    kind          TEXT NOT NULL CHECK (kind = 'progress' OR kind = 'close' OR kind = 'extend' OR kind = 'reopen'),
    reported_on   TEXT NOT NULL,      -- the date of the report (YYYY-MM-DD)
    period        TEXT,               -- the schedule period it answers (h1, q3, year …), NULL for a free date
    status        TEXT NOT NULL CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done' OR status = 'lagging'
                                 OR status = 'extended' OR status = 'ongoing'),
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
    source_id     INTEGER NOT NULL REFERENCES journal_sources (id),
    source_row    INTEGER             -- the row of the sheet, NULL for the command line
);
INSERT INTO journal_new (id, task_id, kind, reported_on, period, status, percent, progress, problems, next_steps,
                         evidence, new_due, reason, department_id, reporter, supersedes, source_id, source_row)
SELECT j.id, j.task_id, j.kind, j.reported_on, j.period, j.status, j.percent, j.progress, j.problems, j.next_steps,
       j.evidence, j.new_due, j.reason, j.department_id, j.reporter, j.supersedes, s.id, j.row
  FROM journal_split j
 CROSS JOIN journal_sources s ON s.recorded_on = j.recorded_on AND s.recorded_at = j.recorded_at
                             AND s.recorded_by = j.recorded_by AND s.source = j.file
 ORDER BY j.id;

DROP VIEW journal_split;
DROP INDEX journal_sources_split;
DROP TABLE journal;
ALTER TABLE journal_new RENAME TO journal;
CREATE INDEX journal_task ON journal (task_id);
CREATE INDEX journal_supersedes ON journal (supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能修改');
END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能删除');
END;
CREATE TRIGGER journal_sources_append_only_update BEFORE UPDATE ON journal_sources
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能修改');
END;
CREATE TRIGGER journal_sources_append_only_delete BEFORE DELETE ON journal_sources
BEGIN
    SELECT RAISE(ABORT, '进展记录只能追加，不能删除');
END;
