-- Overdue tasks, most overdue first, with the ten columns `duban overdue` prints: the answering
-- units (leads, else the responsible units), the leaders, and the latest report's date and note.
SELECT t.id, COALESCE(p.doc_no, p.title), t.seq, COALESCE(t.title, t.text),
       COALESCE((SELECT group_concat(d.name, '、') FROM task_departments td JOIN departments d ON d.id = td.department_id
                 WHERE td.task_id = t.id AND td.role = 'lead'),
                (SELECT group_concat(d.name, '、') FROM task_departments td JOIN departments d ON d.id = td.department_id
                 WHERE td.task_id = t.id AND td.role = 'responsible')) AS units,
       (SELECT group_concat(pe.name, '、') FROM task_people tp JOIN people pe ON pe.id = tp.person_id
        WHERE tp.task_id = t.id AND tp.role = 'leader') AS leaders,
       COALESCE(s.due, t.due) AS due, CAST(julianday(:asof) - julianday(COALESCE(s.due, t.due)) AS INTEGER) AS days,
       COALESCE(s.status, 'not_started'),
       COALESCE(j.reported_on || ' ' || COALESCE(j.progress, '销号依据：' || j.evidence), '未报送')
FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_state s ON s.task_id = t.id LEFT JOIN journal j ON j.id = s.last_entry
WHERE t.ongoing = 0 AND COALESCE(s.status, '') <> 'done' AND COALESCE(s.due, t.due) < :asof
ORDER BY days DESC, t.plan_id, t.ordinal;
