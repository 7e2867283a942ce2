//! The SQLite store: the only module that holds SQL. One file, WAL, foreign
//! keys on, a busy timeout so several clerks can write at once, and write
//! transactions that take the lock up front (IMMEDIATE) so an import is all
//! or nothing.

mod assess;
mod batch;
mod counting;
mod departments;
mod facts;
mod governments;
mod import;
mod indicator_rows;
mod indicators;
mod journal;
mod lists;
mod maintenance;
mod packed;
mod parts;
mod plans;
#[cfg(test)]
mod query_plans;
mod removal;
pub mod schema;
mod summaries;
mod tasks;

pub use assess::Assessment;
pub use departments::{DepartmentRow, MergeSummary};
pub use import::{ImportOutcome, ImportSummary, SourceFile};
pub use indicator_rows::{IndicatorFilter, IndicatorLineRow};
pub use indicators::{LineQuery, NewActual};
pub use journal::{BatchError, JournalRow};
pub use lists::{AssessedTask, DepartmentTask, LastReport, MissingReport};
pub use maintenance::{AuditRow, CheckReport};
pub use plans::{PlanRow, ScheduleRow};
pub use removal::PlanHoldings;
pub use summaries::{Grouping, Scope, StatusCounts, Workload, WorkloadBy, WorkloadSort};
pub use tasks::{DepartmentLink, PlanRef, TaskFilter, TaskRecord};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{context}：{source}")]
    Sql {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("数据库 {path} 不是 duban 能打开的 SQLite 数据库（{reason}）")]
    NotADatabase { path: PathBuf, reason: String },
    #[error("数据库由更新版本的 duban 写入（数据库第 {found} 版，本程序支持到第 {supported} 版），请升级 duban")]
    TooNew { found: u32, supported: u32 },
    #[error("没有编号为 {0} 的任务")]
    NoSuchTask(i64),
    #[error("没有编号为 {0} 的方案")]
    NoSuchPlan(i64),
    #[error("方案 {plan} 已有 {}，不能删除", records(*.entries, *.actuals))]
    PlanHasRecords { plan: i64, entries: u64, actuals: u64 },
    #[error("没有找到部门「{name}」（{government}）")]
    NoSuchDepartment { government: String, name: String },
    #[error("「{name}」在 {count} 个政府下都有，请用 --government 指明是哪一个")]
    AmbiguousDepartment { name: String, count: usize },
    #[error("「{alias}」已是{government}「{owner}」的名称或别名")]
    AliasTaken { alias: String, government: String, owner: String },
    #[error("不能把部门合并到它自己")]
    MergeIntoSelf,
    #[error("别名表有误：{0}")]
    AliasTable(String),
    #[error(transparent)]
    Entry(#[from] crate::track::EntryError),
    #[error("没有名为「{0}」的预警规则（可用：{1}）")]
    NoSuchRule(String, String),
    #[error("预警规则没有修改：{0}")]
    BadRule(String),
    #[error("没有名为「{0}」的指标")]
    NoSuchIndicator(String),
    #[error("「{0}」在 {1} 个方案中都有，请用 --plan 指明是哪一个方案")]
    AmbiguousIndicator(String, usize),
    #[error("「{unit}」在指标「{indicator}」下没有目标")]
    NoIndicatorTarget { indicator: String, unit: String },
    #[error(
        "「{unit}」在这个指标下有多行目标（{choices}），请用 --industry（行业序号）或 --category（类别）指明是哪一行"
    )]
    AmbiguousIndicatorLine { unit: String, choices: String },
    #[error("完成数「{0}」不是有效的非负数")]
    BadActual(String),
    #[error("备份文件 {0} 已存在，不覆盖；请换一个文件名")]
    BackupExists(PathBuf),
}

/// What has been recorded against a plan, as an error names it: 3 条进展记录、2 条指标完成数.
fn records(entries: u64, actuals: u64) -> String {
    let kinds = [(entries, "条进展记录"), (actuals, "条指标完成数")];
    let named: Vec<String> = kinds.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
    named.join("、")
}

impl StoreError {
    /// Wraps a rusqlite error with what duban was doing. The context becomes
    /// a `String` only on error: hot loops map every step's result through
    /// this, and allocating it eagerly was a tenth of a province-wide report.
    pub fn sql(context: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError {
        move |source| StoreError::Sql { context: context.into(), source }
    }

    /// Whether another command held the database longer than duban waits
    /// for it (30 s): worth trying again once that command is done.
    pub fn is_busy(&self) -> bool {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        matches!(self, StoreError::Sql { source, .. } if matches!(source.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked)))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open duban database.
pub struct Store {
    conn: Connection,
    /// The file, when the store is one: a large scan opens it a second time.
    path: Option<PathBuf>,
    /// From how many tasks a scan is shared between two connections
    /// ([`parts::SHARE_FROM`]; tests lower it).
    share_from: i64,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_upgrading(path, |_, _| {})
    }

    /// As [`Store::open`], first telling `upgrading` (from, to) when a
    /// database written by an older duban is about to be upgraded: at a
    /// province's size an upgrade takes seconds, and the one to version 11,
    /// which copies the journal, most of a minute.
    pub fn open_upgrading(path: &Path, upgrading: impl FnOnce(u32, u32)) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::NotADatabase { path: path.to_path_buf(), reason: e.to_string() })?;
        Self::setup(conn, Some(path), upgrading)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(StoreError::sql("打开内存数据库"))?;
        Self::setup(conn, None, |_, _| {})
    }

    fn setup(mut conn: Connection, path: Option<&Path>, upgrading: impl FnOnce(u32, u32)) -> Result<Store> {
        let not_db = |e: rusqlite::Error| match path {
            Some(p) => StoreError::NotADatabase { path: p.to_path_buf(), reason: e.to_string() },
            None => StoreError::Sql { context: "设置数据库".into(), source: e },
        };
        conn.busy_timeout(Duration::from_secs(30)).map_err(not_db)?;
        // Reading the schema version touches the file header: a file that is
        // not a database fails here, and a newer database is refused, before
        // anything (even the journal mode) is written.
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_db)?;
        if version > schema::CURRENT {
            return Err(StoreError::TooNew { found: version, supported: schema::CURRENT });
        }
        conn.pragma_update(None, "foreign_keys", true).map_err(not_db)?;
        if path.is_some() {
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).map_err(not_db)?;
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(not_db)?;
        }
        // A new file (version 0) is set up, not upgraded.
        if version > 0 && version < schema::CURRENT {
            upgrading(version, schema::CURRENT);
        }
        schema::migrate(&mut conn, |tx, step| if step == 1 { departments::seed_shipped(tx) } else { Ok(()) })?;
        Ok(Store { conn, path: path.map(Path::to_path_buf), share_from: parts::SHARE_FROM })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }

    /// Runs a bulk write `f` (an import, a progress sheet) with 64 MiB of
    /// page cache (the default is 2 MiB: a province's store is hundreds of
    /// MiB and a bulk write touches its indexes all over) and SQLite's
    /// foreign-key checks off. A bulk write makes those checks itself: every
    /// id it writes was just inserted or read in the same transaction, and
    /// SQLite's own check opened a statement journal per row (a fifth of a
    /// bulk load). They are back on afterwards whatever the outcome, and
    /// `duban check` runs the full check on demand. `wrap` turns a store
    /// error into the caller's.
    fn bulk_write<T, E>(
        &mut self,
        wrap: impl Fn(StoreError) -> E,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let pragma = |s: &Store, name: &str, value: i64| {
            s.conn.pragma_update(None, name, value).map_err(|e| wrap(StoreError::sql("设置数据库参数")(e)))
        };
        pragma(self, "cache_size", -65536)?;
        pragma(self, "foreign_keys", 0)?;
        let out = f(self);
        pragma(self, "foreign_keys", 1)?;
        out
    }

    /// A page cache of `mib` MiB for a list that sorts whole rows: at a
    /// million tasks the overdue list sorts 700,000 rows with their texts,
    /// and with the default 2 MiB its sort spilled to disk (8 s; with 32 MiB
    /// 5.5 s, peak memory 14 → 77 MiB). A list sorted in two halves gives
    /// each half its share.
    fn sorting(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -1024 * mib).map_err(StoreError::sql("设置缓存"))
    }

    /// Starts a write transaction that holds the write lock from its first
    /// statement, so concurrent writers queue instead of failing mid-way.
    fn write(&mut self, what: &str) -> Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sql(format!("开始写入（{what}）")))
    }
}

/// Who makes a change and when: every write carries one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The working day the change belongs to; reports "as of" a day see the
    /// changes stamped on or before it.
    pub on: chrono::NaiveDate,
    /// The moment, RFC 3339.
    pub at: String,
    pub by: String,
}

/// Records who changed what, inside the caller's transaction.
fn audit(
    tx: &rusqlite::Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        (&stamp.at, &stamp.by, action, subject, detail.to_string()),
    )
    .map_err(StoreError::sql("写入审计记录"))?;
    Ok(())
}
