-- 0006: each task's units and leaders packed into the task row, in print
-- order: `links` is `l12,c34` (the role's initial, l/c/i/r, and the
-- department id), `leaders` is `5,7` (person ids). The link tables stay the
-- record and everything that asks by department reads them; the reports
-- that pass over every task (workload, the leader groups, the lists) read
-- these instead of seeking three link rows per task: at a million tasks,
-- a workload half's link scan took 0.34 s of its 0.57 s and the overdue
-- list's unit lookups half its time.
--
-- Import packs them, a merge of departments repacks the tasks it moves
-- (in Rust: a trigger would need SQL that older sqlite3 shells cannot read),
-- and `duban check` compares them with the link tables.
ALTER TABLE tasks ADD COLUMN links TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN leaders TEXT NOT NULL DEFAULT '';

UPDATE tasks SET
    links = COALESCE((SELECT group_concat(substr(td.role, 1, 1) || td.department_id, ',' ORDER BY td.position)
                      FROM task_departments td WHERE td.task_id = tasks.id), ''),
    leaders = COALESCE((SELECT group_concat(tp.person_id, ',' ORDER BY tp.position)
                        FROM task_people tp WHERE tp.task_id = tasks.id AND tp.role = 'leader'), '');

-- The scans of every task read the packed columns from the index too.
DROP INDEX tasks_facts;
CREATE INDEX tasks_facts ON tasks (plan_id, ongoing, due, links, leaders);
