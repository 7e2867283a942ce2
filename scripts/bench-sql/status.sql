-- Status counts per plan, as `duban status` reports them (without lights).
SELECT p.title, p.doc_no, count(*),
       sum(COALESCE(s.status, 'not_started') = 'not_started'), sum(s.status = 'in_progress'), sum(s.status = 'done'),
       sum(s.status = 'lagging'), sum(s.status = 'extended'), sum(t.ongoing),
       sum(COALESCE(s.status, '') <> 'done' AND t.ongoing = 0 AND COALESCE(s.due, t.due) < :asof)
FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_state s ON s.task_id = t.id
GROUP BY p.id ORDER BY p.id;
