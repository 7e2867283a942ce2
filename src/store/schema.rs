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
pub fn migrate(
    conn: &mut Connection,
    after: impl Fn(&rusqlite::Transaction<'_>, u32) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > CURRENT {
        return Err(StoreError::TooNew { found, supported: CURRENT });
    }
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
    use crate::store::{SourceFile, Stamp, Store};
    use crate::track::{Entry, EntryKind};
    use chrono::NaiveDate;
    use rusqlite::OptionalExtension;

    /// 林芝 2023 with a report, a close-out and an extension.
    fn reported_store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let stamp = Stamp { on: day("2023-07-04"), at: "2023-07-04T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(src, plans)], &stamp, &mut |_, _| {}).unwrap();
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

    /// What migrations 0006 and 0007 add for a task, after its id: its
    /// packed units and leaders, then its facts' status, percent, due and
    /// reported.
    type Copies = (i64, String, String, Option<String>, Option<i64>, Option<String>, Option<String>);

    fn copies(s: &Store) -> Vec<Copies> {
        let mut stmt = s
            .conn
            .prepare(
                "SELECT t.id, t.links, t.leaders, f.state_status, f.state_percent, f.state_due, f.state_reported
                 FROM tasks t JOIN task_facts f ON f.task_id = t.id ORDER BY t.id",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap();
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
        let stated = |status: &str| written.iter().filter(|c| c.3.as_deref() == Some(status)).count();
        assert_eq!((stated("in_progress"), stated("done"), stated("extended")), (1, 1, 1), "{written:?}");
        assert!(
            written.iter().any(|c| c.4 == Some(40)) && written.iter().any(|c| c.5.as_deref() == Some("2024-06-30"))
        );
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
        assert_eq!((task3.3.as_deref(), task3.4), (Some("lagging"), Some(45)));
        assert!(!s.check().unwrap().is_damaged());

        s.conn.execute("UPDATE task_facts SET state_status = 'done' WHERE task_id = 3", []).unwrap();
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
                    "INSERT INTO journal (task_id, kind, reported_on, status, recorded_on, recorded_at, recorded_by, source)
                     VALUES (1, ?1, '2024-07-03', ?2, '2024-07-03', 'now', '测试', 'cli')",
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
