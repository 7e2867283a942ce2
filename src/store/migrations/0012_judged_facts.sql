-- 0012: what today's counts judge a task by, in one integer (`judged`):
-- 长期坚持 (bit 0), the status after the journal (bits 1-3: 0 none, else
-- 1 + its place among not_started, in_progress, done, lagging, extended,
-- ongoing), the percent (bits 4-11: 0 none, else percent + 1) and the
-- deadline in force (bits 12 on: 0 none, else yyyymmdd). Status and
-- workload read it for every task: seven columns a task through SQLite's
-- column API were three tenths of a report at a million tasks, and status
-- took 0.29 s instead of 0.40 s (workload 0.37 s instead of 0.49 s) with
-- one integer in their place; the upgrade took 2.5 s at a million tasks.
--
-- The table keeps the periods reported and the packed units and leaders;
-- the columns the integer replaces go, so the table is copied, as SQLite
-- documents for dropping columns. `duban check` compares `judged` with the
-- task and its state (src/store/facts.rs packs it the same way).
DROP TRIGGER task_facts_on_task_update;

CREATE TABLE task_facts_judged (
    plan_id        INTEGER NOT NULL,
    task_id        INTEGER NOT NULL REFERENCES tasks (id),
    judged         INTEGER NOT NULL,
    state_reported TEXT,
    links          TEXT NOT NULL,
    leaders        TEXT NOT NULL,
    PRIMARY KEY (plan_id, task_id)
) WITHOUT ROWID;

INSERT INTO task_facts_judged (plan_id, task_id, judged, state_reported, links, leaders)
SELECT plan_id, task_id,
       ongoing | ((CASE state_status WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'done' THEN 3 WHEN 'lagging' THEN 4 WHEN 'extended' THEN 5 WHEN 'ongoing' THEN 6 ELSE 0 END) << 1)
               | (COALESCE(state_percent + 1, 0) << 4)
               | (COALESCE(CAST(replace(COALESCE(state_due, due), '-', '') AS INTEGER), 0) << 12),
       state_reported, links, leaders
  FROM task_facts ORDER BY plan_id, task_id;

DROP TABLE task_facts;
ALTER TABLE task_facts_judged RENAME TO task_facts;

-- A merge of departments repacks `links`; the status and percent bits are
-- the state's and stay.
CREATE TRIGGER task_facts_on_task_update AFTER UPDATE OF ongoing, due, links, leaders ON tasks
BEGIN
    UPDATE task_facts
       SET judged = (judged & 4094) | NEW.ongoing
                  | (COALESCE(CAST(replace(COALESCE((SELECT due FROM task_state WHERE task_id = NEW.id), NEW.due),
                                           '-', '') AS INTEGER), 0) << 12),
           links = NEW.links, leaders = NEW.leaders
     WHERE plan_id = NEW.plan_id AND task_id = NEW.id;
END;
