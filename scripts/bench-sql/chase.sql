-- Lead units with tasks not yet reported for 全年 after its reporting date, as `duban chase --period 全年` lists them.
SELECT d.name, t.id, p.doc_no, t.seq, ps.due
FROM plan_schedule ps JOIN tasks t ON t.plan_id = ps.plan_id JOIN plans p ON p.id = t.plan_id
     JOIN task_departments td ON td.task_id = t.id AND td.role = 'lead' JOIN departments d ON d.id = td.department_id
     LEFT JOIN task_state s ON s.task_id = t.id
WHERE ps.period = 'year' AND ps.due < :asof AND COALESCE(s.status, '') <> 'done'
  AND instr(COALESCE(s.reported, ''), ',year,') = 0
ORDER BY d.name, t.id;
