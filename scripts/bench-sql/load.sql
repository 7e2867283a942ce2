-- A progress sheet loaded by hand: the least any tool must write for it,
-- with no checks (task closed? period known? status valid?). Each row
-- becomes a journal entry with its row number (the sheet's day, clerk and
-- file written once, in journal_sources); each task's state and the copy
-- of it today's counts read (task_facts) are written once, and the
-- journal's bounds (its latest days recorded and reported) raised. :sheet, :day (the day the
-- sheet is loaded) and :period (its period code) are filled in by bench.py.
CREATE TEMP TABLE sheet (id INTEGER, status TEXT, percent TEXT, progress TEXT, day TEXT, period TEXT);
.import --csv --skip 1 :sheet sheet
BEGIN;
CREATE TEMP TABLE coded AS
SELECT id, CASE status WHEN '未启动' THEN 'not_started' WHEN '滞后' THEN 'lagging' WHEN '已完成' THEN 'done'
                       ELSE 'in_progress' END AS status,
       CAST(NULLIF(percent, '') AS INTEGER) AS percent, progress, day
  FROM sheet;
INSERT INTO journal_sources (recorded_on, recorded_at, recorded_by, source)
VALUES (:day, :day || 'T09:00:00+08:00', 'bench', 'csv:' || :sheet);
INSERT INTO journal (task_id, kind, reported_on, period, status, percent, progress, source_id, source_row)
SELECT id, 'progress', day, :period, status, percent, progress, (SELECT max(id) FROM journal_sources), rowid + 1
  FROM coded;
INSERT OR REPLACE INTO task_state (task_id, status, percent, due, extended, done_on, last_entry, last_reported_on, reported)
SELECT c.id, c.status, c.percent, st.due, COALESCE(st.extended, 0), NULL, NULL, c.day,
       COALESCE(st.reported, ',') || :period || ','
  FROM coded c LEFT JOIN task_state st ON st.task_id = c.id ORDER BY c.id;
-- The state packed into `judged` as src/store/facts.rs packs it (0012).
UPDATE task_facts
   SET judged = (judged & 1) | ((CASE st.status WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'done' THEN 3
                                                WHEN 'lagging' THEN 4 WHEN 'extended' THEN 5 WHEN 'ongoing' THEN 6 END) << 1)
                | (COALESCE(st.percent + 1, 0) << 4) | (COALESCE(CAST(replace(st.due, '-', '') AS INTEGER), 0) << 12),
       state_reported = st.reported
  FROM coded c JOIN tasks t ON t.id = c.id JOIN task_state st ON st.task_id = c.id
 WHERE task_facts.plan_id = t.plan_id AND task_facts.task_id = c.id;
UPDATE journal_bounds SET last_recorded = max(last_recorded, :day),
                          last_reported = max(last_reported, (SELECT max(day) FROM coded));
COMMIT;
