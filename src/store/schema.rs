//! Schema versions. Each migration is a `.sql` file applied once, in order,
//! in its own transaction, and counted in `PRAGMA user_version`. A database
//! written by a newer duban is refused rather than guessed at.

use crate::store::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// The migrations, oldest first. Never edit a released one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_journal.sql"),
    include_str!("migrations/0003_indicators.sql"),
    include_str!("migrations/0004_task_facts.sql"),
    include_str!("migrations/0005_check_lists.sql"),
    include_str!("migrations/0006_packed_links.sql"),
    include_str!("migrations/0007_facts_by_plan.sql"),
    include_str!("migrations/0008_facts_written_with_state.sql"),
    include_str!("migrations/0009_journal_bounds.sql"),
    include_str!("migrations/0010_journal_by_task.sql"),
    include_str!("migrations/0011_journal_sources.sql"),
    include_str!("migrations/0012_judged_facts.sql"),
];

/// The schema version this binary writes.
pub const CURRENT: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::sql("读取数据库版本"))
}

/// After a migration edits table definitions in `sqlite_schema` itself,
/// tells every connection (this one included) to reread them, as SQLite's
/// procedure for such edits requires.
fn bump_schema_cookie(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    let cookie: i64 =
        tx.query_row("PRAGMA schema_version", [], |r| r.get(0)).map_err(StoreError::sql("读取数据库结构版本"))?;
    tx.pragma_update(None, "schema_version", cookie + 1).map_err(StoreError::sql("更新数据库结构版本"))
}

/// Brings the database to [`CURRENT`], running `after` inside the transaction
/// of each step it applies (the first step seeds the shipped alias table).
/// The steps run with foreign-key enforcement off, as SQLite's procedure
/// for rebuilding a table requires (0011 replaces the journal that task
/// states point into), and it is set back as it was afterwards.
pub fn migrate(
    conn: &mut Connection,
    after: impl Fn(&rusqlite::Transaction<'_>, u32) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > CURRENT {
        return Err(StoreError::TooNew { found, supported: CURRENT });
    }
    if found == CURRENT {
        return Ok(());
    }
    let enforced: bool =
        conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).map_err(StoreError::sql("读取外键设置"))?;
    let set = |conn: &Connection, on: bool| {
        conn.pragma_update(None, "foreign_keys", on).map_err(StoreError::sql("设置外键检查"))
    };
    set(conn, false)?;
    let out = migrate_from(conn, found, after);
    set(conn, enforced)?;
    out
}

fn migrate_from(
    conn: &mut Connection,
    found: u32,
    after: impl Fn(&rusqlite::Transaction<'_>, u32) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let step = i as u32 + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sql("开始数据库升级"))?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? >= step {
            continue;
        }
        tx.execute_batch(sql).map_err(StoreError::sql(format!("升级数据库到第 {step} 版")))?;
        if sql.contains("writable_schema") {
            bump_schema_cookie(&tx)?;
        }
        after(&tx, step)?;
        tx.pragma_update(None, "user_version", step).map_err(StoreError::sql("记录数据库版本"))?;
        tx.commit().map_err(StoreError::sql("提交数据库升级"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, TaskId};
    use crate::store::assess::StateTable;
    use crate::store::facts::{unpack, Packed};
    use crate::store::{SourceFile, Stamp, Store};
    use crate::track::{Entry, EntryKind, EntrySource};
    use chrono::NaiveDate;
    use rusqlite::OptionalExtension;

    /// 林芝 2023 with a report, a close-out and an extension.
    fn reported_store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let stamp = Stamp { on: day("2023-07-04"), at: "2023-07-04T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        let mut report = Entry::progress(TaskId(3), day("2023-07-03"), Status::InProgress);
        report.percent = Some(40);
        let mut close = Entry::progress(TaskId(5), day("2023-07-01"), Status::Done);
        (close.kind, close.evidence) = (EntryKind::Close, Some("验收报告".into()));
        let mut extend = Entry::progress(TaskId(8), day("2023-07-02"), Status::Extended);
        (extend.kind, extend.new_due, extend.reason) =
            (EntryKind::Extend, Some(day("2024-06-30")), Some("批准延期".into()));
        for e in [report, close, extend] {
            s.append(&e, &stamp).unwrap();
        }
        s
    }

    /// How many tables, indexes and triggers of the schema meet `condition`.
    fn schema_objects(s: &Store, condition: &str) -> i64 {
        s.conn.query_row(&format!("SELECT count(*) FROM sqlite_schema WHERE {condition}"), [], |r| r.get(0)).unwrap()
    }

    /// Puts `task_facts` back as versions 7 to 11 kept it, the state in
    /// columns of its own, for the tests that upgrade from before 0012.
    const FACTS_OF_VERSION_11: &str = "
        DROP TRIGGER task_facts_on_task_update;
        DROP TABLE task_facts;
        CREATE TABLE task_facts (plan_id INTEGER NOT NULL, task_id INTEGER NOT NULL REFERENCES tasks (id),
            ongoing INTEGER NOT NULL, due TEXT, links TEXT NOT NULL, leaders TEXT NOT NULL, state_status TEXT,
            state_percent INTEGER, state_due TEXT, state_reported TEXT, PRIMARY KEY (plan_id, task_id)) WITHOUT ROWID;
        INSERT INTO task_facts
        SELECT t.plan_id, t.id, t.ongoing, t.due, t.links, t.leaders, st.status, st.percent, st.due, st.reported
          FROM tasks t LEFT JOIN task_state st ON st.task_id = t.id;
        CREATE TRIGGER task_facts_on_task_update AFTER UPDATE OF ongoing, due, links, leaders ON tasks
        BEGIN
            UPDATE task_facts SET ongoing = NEW.ongoing, due = NEW.due, links = NEW.links, leaders = NEW.leaders
             WHERE plan_id = NEW.plan_id AND task_id = NEW.id;
        END;";

    /// A database of version 11 gets its tasks' facts packed as import and
    /// writing pack them (0012), and the trigger that follows a task's row
    /// keeps the state's part: `duban check` finds nothing either time.
    #[test]
    fn upgrading_version_11_packs_the_facts_as_writing_does() {
        let mut s = reported_store();
        let written = copies(&s);
        s.conn.execute_batch(FACTS_OF_VERSION_11).unwrap();
        s.conn.execute_batch("PRAGMA user_version = 11;").unwrap();
        migrate(&mut s.conn, |_, _| Ok(())).unwrap();
        assert_eq!(copies(&s), written);
        assert!(!s.check().unwrap().is_damaged());

        // Task 1 has no state; task 8's deadline in force is its extension.
        s.conn.execute_batch("UPDATE tasks SET due = '2030-01-01', links = links WHERE id IN (1, 8)").unwrap();
        let now = copies(&s);
        let task = |id: i64| now.iter().find(|c| c.0 == id).unwrap().3;
        assert_eq!(task(1).due, "2030-01-01".parse().ok());
        assert_eq!((task(8).status, task(8).due), (Some(Status::Extended), "2024-06-30".parse().ok()));
        assert!(!s.check().unwrap().is_damaged());
    }

    /// Puts the journal back as version 10 kept it, each entry with its own
    /// stamp and source, for the tests that upgrade from before 0011.
    const JOURNAL_OF_VERSION_10: &str = "
        PRAGMA foreign_keys = OFF;
        CREATE TABLE journal_old (id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL, kind TEXT NOT NULL,
            reported_on TEXT NOT NULL, period TEXT, status TEXT NOT NULL, percent INTEGER, progress TEXT,
            problems TEXT, next_steps TEXT, evidence TEXT, new_due TEXT, reason TEXT, department_id INTEGER,
            reporter TEXT, supersedes INTEGER, recorded_on TEXT NOT NULL, recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL, source TEXT NOT NULL);
        INSERT INTO journal_old
        SELECT j.id, j.task_id, j.kind, j.reported_on, j.period, j.status, j.percent, j.progress, j.problems,
               j.next_steps, j.evidence, j.new_due, j.reason, j.department_id, j.reporter, j.supersedes,
               s.recorded_on, s.recorded_at, s.recorded_by, s.source || COALESCE(':' || j.source_row, '')
          FROM journal j JOIN journal_sources s ON s.id = j.source_id;
        DROP TABLE journal;
        DROP TABLE journal_sources;
        ALTER TABLE journal_old RENAME TO journal;
        CREATE INDEX journal_task ON journal (task_id);
        PRAGMA foreign_keys = ON;
        PRAGMA user_version = 10;";

    /// What migrations 0006, 0007 and 0012 add for a task, after its id:
    /// its packed units and leaders, then its judging facts with its state
    /// and the periods reported.
    type Copies = (i64, String, String, Packed, Option<String>);

    fn copies(s: &Store) -> Vec<Copies> {
        let mut stmt = s
            .conn
            .prepare(
                "SELECT t.id, t.links, t.leaders, f.judged, f.state_reported
                 FROM tasks t JOIN task_facts f ON f.task_id = t.id ORDER BY t.id",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, unpack(r.get(3)?), r.get(4)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// A database of version 5 gets from the upgrade the packed units and
    /// leaders import writes and the facts, with each state, that writing
    /// keeps, and no trigger on the states (0008): the next report's state
    /// reaches the facts from the writer. `duban check` then finds
    /// nothing, and finds a copy changed behind the journal's back.
    #[test]
    fn upgrading_version_5_fills_what_writing_fills() {
        let mut s = reported_store();
        let written = copies(&s);
        let stated = |status: Status| written.iter().filter(|c| c.3.status == Some(status)).count();
        assert_eq!((stated(Status::InProgress), stated(Status::Done), stated(Status::Extended)), (1, 1, 1));
        let extended = "2024-06-30".parse().ok();
        assert!(written.iter().any(|c| c.3.percent == Some(40)) && written.iter().any(|c| c.3.due == extended));
        s.conn.execute_batch(FACTS_OF_VERSION_11).unwrap();
        s.conn.execute_batch(JOURNAL_OF_VERSION_10).unwrap();
        s.conn
            .execute_batch(
                "DROP TRIGGER task_facts_on_task_update;
                 DROP TABLE task_facts;
                 DROP INDEX tasks_facts;
                 ALTER TABLE tasks DROP COLUMN links;
                 ALTER TABLE tasks DROP COLUMN leaders;
                 CREATE INDEX tasks_facts ON tasks (plan_id, ongoing, due);
                 DROP TABLE journal_bounds;
                 CREATE INDEX journal_recorded ON journal (recorded_on);
                 CREATE INDEX journal_reported ON journal (reported_on);
                 PRAGMA user_version = 5;",
            )
            .unwrap();
        migrate(&mut s.conn, |_, _| Ok(())).unwrap();
        assert_eq!(version(&s.conn).unwrap(), CURRENT);
        assert_eq!(copies(&s), written);
        assert!(!s.check().unwrap().is_damaged());
        assert_eq!(schema_objects(&s, "tbl_name = 'task_state' AND type = 'trigger'"), 0);
        let stamp =
            Stamp { on: "2023-07-10".parse().unwrap(), at: "2023-07-10T09:00:00+08:00".into(), by: "测试".into() };
        let mut later = Entry::progress(TaskId(3), "2023-07-09".parse().unwrap(), Status::Lagging);
        later.percent = Some(45);
        s.append(&later, &stamp).unwrap();
        let task3 = copies(&s).into_iter().find(|c| c.0 == 3).unwrap();
        assert_eq!((task3.3.status, task3.3.percent), (Some(Status::Lagging), Some(45)));
        assert!(!s.check().unwrap().is_damaged());

        s.conn.execute("UPDATE task_facts SET judged = judged + 2 WHERE task_id = 3", []).unwrap();
        let report = s.check().unwrap();
        assert_eq!(report.state_mismatches, [3]);
        assert!(report.is_damaged());
    }

    fn bounds(s: &Store) -> Option<(String, String)> {
        s.conn
            .query_row("SELECT last_recorded, last_reported FROM journal_bounds", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .unwrap()
    }

    /// A database of version 8 gets, in place of its two journal date
    /// indexes, the latest days recorded and reported (0009). A batch
    /// raises them, a dry run and an earlier day do not; a report for a day
    /// before them reads the journal back, and so does one when they are
    /// missing; `duban check` finds them wrong or missing.
    #[test]
    fn journal_bounds_replace_the_date_indexes() {
        let mut s = reported_store();
        s.conn.execute_batch(FACTS_OF_VERSION_11).unwrap();
        s.conn.execute_batch(JOURNAL_OF_VERSION_10).unwrap();
        s.conn
            .execute_batch(
                "DROP TABLE journal_bounds;
                 CREATE INDEX journal_recorded ON journal (recorded_on);
                 CREATE INDEX journal_reported ON journal (reported_on);
                 PRAGMA user_version = 8;",
            )
            .unwrap();
        migrate(&mut s.conn, |_, _| Ok(())).unwrap();
        assert_eq!(bounds(&s), Some(("2023-07-04".into(), "2023-07-03".into())));
        assert_eq!(schema_objects(&s, "name IN ('journal_recorded', 'journal_reported')"), 0);
        assert!(!s.check().unwrap().is_damaged());

        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let stamp = |d: &str| Stamp { on: day(d), at: format!("{d}T09:00:00+08:00"), by: "测试".into() };
        let later = Entry::progress(TaskId(3), day("2023-07-15"), Status::Lagging);
        assert_eq!(s.check_all(std::slice::from_ref(&later), &stamp("2023-07-20")).unwrap(), 1);
        assert_eq!(bounds(&s), Some(("2023-07-04".into(), "2023-07-03".into())), "a dry run");
        s.append(&later, &stamp("2023-07-20")).unwrap();
        let raised = Some(("2023-07-20".to_string(), "2023-07-15".to_string()));
        assert_eq!(bounds(&s), raised);
        s.append(&Entry::progress(TaskId(1), day("2023-07-09"), Status::InProgress), &stamp("2023-07-10")).unwrap();
        assert_eq!(bounds(&s), raised, "an entry stamped earlier");
        assert_eq!(s.state_as_of(day("2023-07-19")).unwrap(), StateTable::AsOf);
        assert_eq!(s.state_as_of(day("2023-07-20")).unwrap(), StateTable::Current);
        assert!(!s.check().unwrap().is_damaged());

        s.conn.execute("UPDATE journal_bounds SET last_reported = '2023-07-01'", []).unwrap();
        let report = s.check().unwrap();
        assert_eq!(report.journal_bounds, ["最晚报告日期记为 2023-07-01，进展记录中为 2023-07-15"]);
        assert!(report.is_damaged());
        s.conn.execute("DELETE FROM journal_bounds", []).unwrap();
        assert_eq!(s.state_as_of(day("2023-07-20")).unwrap(), StateTable::AsOf);
        assert_eq!(s.check().unwrap().journal_bounds, ["缺少进展记录日期范围"]);
    }

    fn entries(s: &Store) -> Vec<crate::store::JournalRow> {
        let mut all = Vec::new();
        s.for_each_entry(None, |e| {
            all.push(e);
            Ok::<(), StoreError>(())
        })
        .unwrap();
        all
    }

    fn count(s: &Store, sql: &str) -> i64 {
        s.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Each batch keeps who recorded it, when and from which file once
    /// (0011), a sheet's entries their row. A database of version 10 is
    /// upgraded with every entry as it was, its source text included (one
    /// that does not end in a plain row number is kept whole), entries with
    /// the same stamp and file share a source, and the journal stays
    /// append-only.
    #[test]
    fn journal_sources_keep_each_batch_once() {
        let mut s = reported_store();
        let stamp =
            Stamp { on: "2023-07-10".parse().unwrap(), at: "2023-07-10T10:00:00+08:00".into(), by: "录入员".into() };
        let sheet: Vec<Entry> = [(4, 2), (6, 3), (7, 4)]
            .into_iter()
            .map(|(task, row)| {
                let mut e = Entry::progress(TaskId(task), "2023-07-09".parse().unwrap(), Status::InProgress);
                e.source = EntrySource::Sheet { file: "进展/7月.csv".into(), row };
                e
            })
            .collect();
        s.append_all(&sheet, &stamp, &mut |_, _| {}).unwrap();
        let written = entries(&s);
        let sources: Vec<&str> = written.iter().map(|e| e.source.as_str()).collect();
        assert_eq!(sources, ["cli", "cli", "cli", "csv:进展/7月.csv:2", "csv:进展/7月.csv:3", "csv:进展/7月.csv:4"]);
        assert_eq!(count(&s, "SELECT count(*) FROM journal_sources"), 4, "three commands and one sheet");
        assert_eq!(count(&s, "SELECT count(*) FROM journal WHERE source_row IS NOT NULL"), 3);

        s.conn.execute_batch(FACTS_OF_VERSION_11).unwrap();
        s.conn.execute_batch(JOURNAL_OF_VERSION_10).unwrap();
        let odd = ["csv:旧.csv:007", "导入:123456789012345678901"];
        for (id, source) in [(1, odd[0]), (2, odd[1])] {
            s.conn.execute("UPDATE journal SET source = ?1 WHERE id = ?2", (source, id)).unwrap();
        }
        migrate(&mut s.conn, |_, _| Ok(())).unwrap();
        assert_eq!(version(&s.conn).unwrap(), CURRENT);
        let mut expected = written;
        expected[0].source = odd[0].into();
        expected[1].source = odd[1].into();
        assert_eq!(entries(&s), expected);
        assert_eq!(
            count(&s, "SELECT count(*) FROM journal_sources"),
            4,
            "the two odd ones, the third command, the sheet"
        );
        assert_eq!(count(&s, "SELECT count(*) FROM journal WHERE source_row IS NOT NULL"), 3);
        assert!(!s.check().unwrap().is_damaged());
        for sql in
            ["UPDATE journal SET percent = 1", "DELETE FROM journal", "UPDATE journal_sources SET recorded_on = ''"]
        {
            let err = s.conn.execute(sql, []).unwrap_err().to_string();
            assert!(err.contains("只能追加"), "{sql}: {err}");
        }
        s.append(&Entry::progress(TaskId(9), "2023-07-10".parse().unwrap(), Status::Lagging), &stamp).unwrap();
        assert_eq!(entries(&s).last().map(|e| e.source.as_str()), Some("cli"));
        assert_eq!(count(&s, "SELECT count(*) FROM journal_sources"), 5);
    }

    fn opcodes(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
        let ops = stmt.query_map([], |r| r.get::<_, String>(1)).unwrap();
        ops.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// The tables written row by row in bulk check their value lists with
    /// comparisons, not a temporary B-tree per row, and still refuse what
    /// they refused: in a new database and in one upgraded from version 4.
    #[test]
    fn bulk_tables_check_value_lists_without_a_btree_per_row() {
        for upgraded in [false, true] {
            let mut conn = Connection::open_in_memory().unwrap();
            if upgraded {
                for sql in &MIGRATIONS[..4] {
                    conn.execute_batch(sql).unwrap();
                }
                conn.pragma_update(None, "user_version", 4).unwrap();
                let ops = opcodes(&conn, "INSERT INTO journal DEFAULT VALUES");
                assert!(ops.iter().any(|op| op == "OpenEphemeral"), "version 4 built one");
            }
            migrate(&mut conn, |_, _| Ok(())).unwrap();
            assert_eq!(version(&conn).unwrap(), CURRENT);
            conn.pragma_update(None, "foreign_keys", false).unwrap();
            for table in ["journal", "task_departments"] {
                let ops = opcodes(&conn, &format!("INSERT INTO {table} DEFAULT VALUES"));
                assert!(!ops.iter().any(|op| op == "OpenEphemeral"), "{table} (upgraded: {upgraded})");
            }
            let entry = |kind: &str, status: &str| {
                conn.execute(
                    "INSERT INTO journal (task_id, kind, reported_on, status, source_id)
                     VALUES (1, ?1, '2024-07-03', ?2, 1)",
                    [kind, status],
                )
            };
            assert!(entry("close", "done").is_ok() && entry("reopen", "ongoing").is_ok());
            for (kind, status) in [("closed", "done"), ("progress", "finished"), ("Progress", "done")] {
                let err = entry(kind, status).unwrap_err().to_string();
                assert!(err.contains("CHECK constraint failed"), "{kind} {status}: {err}");
            }
            let link = |role: &str| {
                conn.execute(
                    "INSERT INTO task_departments (task_id, department_id, role, as_printed, position)
                     VALUES (1, 1, ?1, '市财政局', (SELECT count(*) FROM task_departments))",
                    [role],
                )
            };
            assert!(link("responsible").is_ok() && link("lead").is_ok());
            assert!(link("leader").unwrap_err().to_string().contains("CHECK constraint failed"));
            let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(ok, "ok");
        }
    }
}
