-- 0008: the state copy in `task_facts` (0007) is written by duban's one
-- writer of `task_state`, by key, in the same statement loop, instead of
-- by these triggers. Each trigger looked the task's plan up again and made
-- every state write keep a statement journal: without them (and without
-- the copy) a load of 99,123 rows took a sixth less time; with the copy
-- written by key, 1.69 → 1.50 s. Writes from outside duban are not
-- followed; `duban check` reports any task whose copy differs.
DROP TRIGGER task_facts_on_state_insert;
DROP TRIGGER task_facts_on_state_update;
