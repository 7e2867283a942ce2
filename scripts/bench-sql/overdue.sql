-- Overdue tasks with their lead units, most overdue first, as `duban overdue` lists them.
SELECT t.id, p.doc_no, t.seq, t.text,
       (SELECT group_concat(d.name, '、') FROM task_departments td JOIN departments d ON d.id = td.department_id
        WHERE td.task_id = t.id AND td.role = 'lead') AS leads,
       COALESCE(s.due, t.due) AS due, CAST(julianday(:asof) - julianday(COALESCE(s.due, t.due)) AS INTEGER) AS days,
       COALESCE(s.status, 'not_started'), s.last_reported_on
FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_state s ON s.task_id = t.id
WHERE t.ongoing = 0 AND COALESCE(s.status, '') <> 'done' AND COALESCE(s.due, t.due) < :asof
ORDER BY days DESC, t.id;
