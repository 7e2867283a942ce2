-- Tasks per department and role, open, done and overdue, as `duban workload` counts them (without lights).
SELECT d.name, d.government,
       sum(td.role = 'lead'), sum(td.role = 'coop'), sum(td.role = 'implementing'),
       sum(td.role = 'lead' AND COALESCE(s.status, '') <> 'done'), sum(td.role = 'lead' AND s.status = 'done'),
       sum(td.role = 'lead' AND COALESCE(s.status, '') <> 'done' AND t.ongoing = 0 AND COALESCE(s.due, t.due) < :asof)
FROM task_departments td JOIN departments d ON d.id = td.department_id JOIN tasks t ON t.id = td.task_id
     LEFT JOIN task_state s ON s.task_id = t.id
GROUP BY d.id ORDER BY d.name;
