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
