-- 0005: the CHECK constraints of the tables written in bulk, as OR chains.
-- SQLite checks `x IN ('a', 'b', 'c')` of three or more values by building
-- a temporary B-tree of the values for every row written (a page cache,
-- allocations, a fifth of loading a progress sheet); `x = 'a' OR x = 'b'`
-- allows exactly the same values with a few comparisons.
--
-- The new constraints accept exactly what the old ones did and rows are
-- stored the same way, so the table definitions are edited in place, as
-- SQLite documents for changing constraints ("Making Other Kinds Of Table
-- Schema Changes"); the migration runner then bumps the schema cookie so
-- every connection rereads them. Copying the tables instead would take
-- minutes on a province's journal.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(sql,
       'CHECK (kind IN (''progress'', ''close'', ''extend'', ''reopen''))',
       'CHECK (kind = ''progress'' OR kind = ''close'' OR kind = ''extend'' OR kind = ''reopen'')'),
       'CHECK (status IN (''not_started'', ''in_progress'', ''done'', ''lagging'', ''extended'', ''ongoing''))',
       'CHECK (status = ''not_started'' OR status = ''in_progress'' OR status = ''done'' OR status = ''lagging''
                                 OR status = ''extended'' OR status = ''ongoing'')')
 WHERE type = 'table' AND name = 'journal';
UPDATE sqlite_schema
   SET sql = replace(sql,
       'CHECK (role IN (''lead'', ''coop'', ''implementing'', ''responsible''))',
       'CHECK (role = ''lead'' OR role = ''coop'' OR role = ''implementing'' OR role = ''responsible'')')
 WHERE type = 'table' AND name = 'task_departments';
-- RESET turns writing off and makes this connection reread the schema.
PRAGMA writable_schema = RESET;
