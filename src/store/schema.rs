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
];

/// The schema version this binary writes.
pub const CURRENT: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::sql("读取数据库版本"))
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
        after(&tx, step)?;
        tx.pragma_update(None, "user_version", step).map_err(StoreError::sql("记录数据库版本"))?;
        tx.commit().map_err(StoreError::sql("提交数据库升级"))?;
    }
    Ok(())
}
