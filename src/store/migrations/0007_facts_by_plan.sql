-- 0007: what today's counts read of each task, in one narrow row per task
-- clustered by plan: its plan, 长期坚持 flag, deadline, packed units and
-- leaders (0006), and a copy of its state after the journal (status,
-- percent, deadline in force, periods reported). Status and workload for
-- today then read one range of this table per half of the plans instead of
-- looking up every task's state by key: in the sqlite3 shell, half a
-- million tasks took 0.16 s instead of 0.24 s.
--
-- `tasks` and `task_state` stay the record. Import writes a plan's facts
-- after its tasks, in one statement (a trigger per task made an import a
-- third slower); the triggers below keep them in step with every later
-- write, whoever makes it; `duban check` compares the two.
-- The table has no index besides its key, and its rows are short, so
-- keeping it costs a bulk load little: rewriting a million copies took
-- 0.7 s in the shell (the same copy kept in the task rows, whose texts
-- and index entries are rewritten with it, took 4.4 s).
CREATE TABLE task_facts (
    plan_id        INTEGER NOT NULL,
    task_id        INTEGER NOT NULL REFERENCES tasks (id),
    ongoing        INTEGER NOT NULL,
    due            TEXT,
    links          TEXT NOT NULL,
    leaders        TEXT NOT NULL,
    state_status   TEXT,
    state_percent  INTEGER,
    state_due      TEXT,
    state_reported TEXT,
    PRIMARY KEY (plan_id, task_id)
) WITHOUT ROWID;

INSERT INTO task_facts (plan_id, task_id, ongoing, due, links, leaders,
                        state_status, state_percent, state_due, state_reported)
SELECT t.plan_id, t.id, t.ongoing, t.due, t.links, t.leaders, st.status, st.percent, st.due, st.reported
  FROM tasks t LEFT JOIN task_state st ON st.task_id = t.id
 ORDER BY t.plan_id, t.id;

-- A merge of departments repacks `links`.
CREATE TRIGGER task_facts_on_task_update AFTER UPDATE OF ongoing, due, links, leaders ON tasks
BEGIN
    UPDATE task_facts SET ongoing = NEW.ongoing, due = NEW.due, links = NEW.links, leaders = NEW.leaders
     WHERE plan_id = NEW.plan_id AND task_id = NEW.id;
END;

-- Every write of a state is an insert (INSERT OR REPLACE) or an update;
-- SQLite has no trigger for both, so the two bodies are the same.
CREATE TRIGGER task_facts_on_state_insert AFTER INSERT ON task_state
BEGIN
    UPDATE task_facts
       SET state_status = NEW.status, state_percent = NEW.percent, state_due = NEW.due, state_reported = NEW.reported
     WHERE plan_id = (SELECT plan_id FROM tasks WHERE id = NEW.task_id) AND task_id = NEW.task_id;
END;
CREATE TRIGGER task_facts_on_state_update AFTER UPDATE ON task_state
BEGIN
    UPDATE task_facts
       SET state_status = NEW.status, state_percent = NEW.percent, state_due = NEW.due, state_reported = NEW.reported
     WHERE plan_id = (SELECT plan_id FROM tasks WHERE id = NEW.task_id) AND task_id = NEW.task_id;
END;
