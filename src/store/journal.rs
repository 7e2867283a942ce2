//! The progress journal: appending entries (one or a whole spreadsheet in
//! one transaction, written by [`super::batch`]), keeping `task_state` in
//! step, and reading a task's history. Entries are never updated or
//! deleted; triggers refuse it.

use super::assess::{day, StateTable};
use super::batch::Batch;
use super::facts::{pack_state, ONGOING};
use super::{Result, Stamp, Store, StoreError};
use crate::model::{Deadline, Status, TaskId};
use crate::track::state::Recorded;
use crate::track::{Entry, EntryError, EntryKind, Periods, TaskState};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Statement};
use serde::Serialize;

/// A journal entry as stored, for history and exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalRow {
    pub id: i64,
    pub task_id: i64,
    pub kind: EntryKind,
    pub reported_on: String,
    pub period: Option<String>,
    pub status: Status,
    pub percent: Option<u8>,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub evidence: Option<String>,
    pub new_due: Option<String>,
    pub reason: Option<String>,
    pub department: Option<String>,
    pub reporter: Option<String>,
    pub supersedes: Option<i64>,
    /// The entry that corrected this one, if any.
    pub superseded_by: Option<i64>,
    pub recorded_at: String,
    pub recorded_by: String,
    pub source: String,
}

/// One row of a batch that could not be recorded.
#[derive(Debug, thiserror::Error)]
#[error("第 {index} 条：{error}")]
pub struct BatchError {
    /// Position in the batch, from 1.
    pub index: usize,
    #[source]
    pub error: StoreError,
}

impl BatchError {
    /// A failure of the batch as a whole (index 0), not of one entry.
    fn whole(error: StoreError) -> Vec<BatchError> {
        vec![BatchError { index: 0, error }]
    }
}

/// What the checks need to know about the task an entry is for.
pub(super) struct TaskInfo {
    pub(super) plan_id: i64,
    /// The date and whether 长期坚持, all a state needs; not the phrase,
    /// which a bulk load would otherwise hold for a million tasks.
    pub(super) deadline: Deadline,
    pub(super) state: TaskState,
}

const SELECT_ROW: &str = "SELECT j.id, j.task_id, j.kind, j.reported_on, j.period, j.status, j.percent, j.progress,
        j.problems, j.next_steps, j.evidence, j.new_due, j.reason, d.name, j.reporter, j.supersedes,
        (SELECT max(c.id) FROM journal c WHERE c.supersedes = j.id), s.recorded_at, s.recorded_by,
        s.source || COALESCE(':' || j.source_row, '')
     FROM journal j JOIN journal_sources s ON s.id = j.source_id LEFT JOIN departments d ON d.id = j.department_id";

fn journal_row(r: &Row<'_>) -> rusqlite::Result<JournalRow> {
    let kind: String = r.get(2)?;
    let status: String = r.get(5)?;
    Ok(JournalRow {
        id: r.get(0)?,
        task_id: r.get(1)?,
        kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Progress),
        reported_on: r.get(3)?,
        period: r.get(4)?,
        status: Status::parse(&status).unwrap_or(Status::InProgress),
        percent: r.get(6)?,
        progress: r.get(7)?,
        problems: r.get(8)?,
        next_steps: r.get(9)?,
        evidence: r.get(10)?,
        new_due: r.get(11)?,
        reason: r.get(12)?,
        department: r.get(13)?,
        reporter: r.get(14)?,
        supersedes: r.get(15)?,
        superseded_by: r.get(16)?,
        recorded_at: r.get(17)?,
        recorded_by: r.get(18)?,
        source: r.get(19)?,
    })
}

impl Store {
    /// Records one entry and returns its id.
    pub fn append(&mut self, entry: &Entry, stamp: &Stamp) -> Result<i64> {
        let tx = self.write("记录进展")?;
        let mut batch = Batch::new(&tx, 1)?;
        let id = batch.insert(entry, stamp)?;
        batch.finish()?;
        tx.commit().map_err(StoreError::sql("提交进展记录"))?;
        Ok(id)
    }

    /// Records a whole batch in one transaction: every entry, or none. Every
    /// entry is checked, and every failure is returned, not just the first.
    /// `progress` hears (entries done, entries in all) every 1,000 entries.
    pub fn append_all(
        &mut self,
        entries: &[Entry],
        stamp: &Stamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> std::result::Result<Vec<i64>, Vec<BatchError>> {
        self.run_batch(entries, stamp, progress, true)
    }

    /// Checks a batch exactly as [`Store::append_all`] would record it, and
    /// records nothing.
    pub fn check_all(&mut self, entries: &[Entry], stamp: &Stamp) -> std::result::Result<usize, Vec<BatchError>> {
        self.run_batch(entries, stamp, &mut |_, _| {}, false).map(|ids| ids.len())
    }

    fn run_batch(
        &mut self,
        entries: &[Entry],
        stamp: &Stamp,
        progress: &mut dyn FnMut(usize, usize),
        commit: bool,
    ) -> std::result::Result<Vec<i64>, Vec<BatchError>> {
        self.bulk_write(BatchError::whole, |store| store.checked_batch(entries, stamp, progress, commit))
    }

    /// [`Store::run_batch`] inside its bulk write: each entry's task is read
    /// before it is written, units are resolved to existing ids and a
    /// correction's entry is looked up.
    fn checked_batch(
        &mut self,
        entries: &[Entry],
        stamp: &Stamp,
        progress: &mut dyn FnMut(usize, usize),
        commit: bool,
    ) -> std::result::Result<Vec<i64>, Vec<BatchError>> {
        let whole = BatchError::whole;
        let tx = self.write("批量导入进展").map_err(whole)?;
        let mut batch = Batch::new(&tx, entries.len()).map_err(whole)?;
        let mut ids = Vec::with_capacity(entries.len());
        let mut errors = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            match batch.insert(e, stamp) {
                Ok(id) => ids.push(id),
                Err(error) => errors.push(BatchError { index: i + 1, error }),
            }
            if (i + 1) % 1000 == 0 {
                progress(i + 1, entries.len());
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls every row back.
            return Err(errors);
        }
        batch.finish().map_err(whole)?;
        if commit {
            tx.commit().map_err(|e| whole(StoreError::sql("提交批量进展")(e)))?;
        }
        Ok(ids)
    }

    /// Every entry of a task, oldest first, corrections included.
    pub fn history(&self, task: TaskId) -> Result<Vec<JournalRow>> {
        task_info(&self.conn, task)?;
        let sql = format!("{SELECT_ROW} WHERE j.task_id = ?1 ORDER BY j.id");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sql("读取进展记录"))?;
        let rows = stmt.query_map([task.0], journal_row).map_err(StoreError::sql("读取进展记录"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取进展记录"))
    }

    /// Walks the whole journal in entry order, one row at a time.
    pub fn for_each_entry<E: From<StoreError>>(
        &self,
        plan: Option<i64>,
        mut f: impl FnMut(JournalRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let sql = format!(
            "{SELECT_ROW} WHERE (?1 IS NULL OR j.task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)) ORDER BY j.id"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sql("读取进展记录"))?;
        let mut rows = stmt.query([plan]).map_err(StoreError::sql("读取进展记录"))?;
        while let Some(r) = rows.next().map_err(StoreError::sql("读取进展记录"))? {
            f(journal_row(r).map_err(StoreError::sql("读取进展记录"))?)?;
        }
        Ok(())
    }

    /// One journal entry.
    pub fn entry(&self, id: i64) -> Result<JournalRow> {
        let sql = format!("{SELECT_ROW} WHERE j.id = ?1");
        self.conn
            .query_row(&sql, [id], journal_row)
            .optional()
            .map_err(StoreError::sql("读取进展记录"))?
            .ok_or_else(|| EntryError::NoSuchEntry(id).into())
    }

    /// The task a plan numbers `seq`: in one plan, or in the only plan that
    /// has such a number.
    pub fn find_task(&self, plan: Option<i64>, seq: &str) -> Result<Option<TaskId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM tasks WHERE seq = ?1 AND (?2 IS NULL OR plan_id = ?2) LIMIT 2")
            .map_err(StoreError::sql("查找任务"))?;
        let ids = stmt
            .query_map(params![seq.trim(), plan], |r| r.get::<_, i64>(0))
            .map_err(StoreError::sql("查找任务"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(StoreError::sql("查找任务"))?;
        Ok(match ids.as_slice() {
            [id] => Some(TaskId(*id)),
            _ => None,
        })
    }

    /// A task's title and text, for checking that a sheet row's task text
    /// belongs to the task it numbers; `None` when there is no such task.
    pub fn task_texts(&self, task: TaskId) -> Result<Option<(Option<String>, String)>> {
        self.conn
            .prepare_cached("SELECT title, text FROM tasks WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([task.0], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(StoreError::sql("读取任务"))
    }

    /// The state of a task after every entry recorded so far.
    pub fn task_state(&self, task: TaskId) -> Result<TaskState> {
        Ok(task_info(&self.conn, task)?.state)
    }
}

fn task_info(conn: &Connection, task: TaskId) -> Result<TaskInfo> {
    Ok(load_task(conn, task)?.0)
}

/// A task's facts, state and entries so far, the state folded afresh.
fn load_task(conn: &Connection, task: TaskId) -> Result<(TaskInfo, Vec<Recorded>)> {
    let mut info = load_stored(conn, task)?;
    let entries = recorded_entries(conn, task.0, None)?;
    info.state = TaskState::fold(&info.deadline, &entries);
    Ok((info, entries))
}

/// Reads the facts and state (as `task_state` holds it) of the tasks whose
/// ids are in a range, in id order: one task, or a bulk load's next few
/// hundred.
pub(super) const LOAD_STORED: &str = "SELECT t.id, t.plan_id, t.due, t.ongoing, t.inferred,
        st.status, st.percent, st.due, st.extended, st.done_on, st.last_entry, st.last_reported_on, st.reported
     FROM tasks t LEFT JOIN task_state st ON st.task_id = t.id WHERE t.id >= ?1 AND t.id < ?2 ORDER BY t.id";

/// A task's facts and its state as `task_state` holds it (every write keeps
/// it in step with the journal; `duban check` verifies that).
fn load_stored(conn: &Connection, task: TaskId) -> Result<TaskInfo> {
    let mut stmt = conn.prepare_cached(LOAD_STORED).map_err(StoreError::sql("读取任务"))?;
    stored(&mut stmt, task)
}

/// [`load_stored`] with [`LOAD_STORED`] prepared.
pub(super) fn stored(stmt: &mut Statement<'_>, task: TaskId) -> Result<TaskInfo> {
    let mut found = None;
    stored_range(stmt, task.0, task.0.saturating_add(1), |_, info| found = Some(info))?;
    found.ok_or(StoreError::NoSuchTask(task.0))
}

/// Hands `f` each task with an id in `from..to`, in id order, with its
/// facts and state, from [`LOAD_STORED`] prepared.
pub(super) fn stored_range(
    stmt: &mut Statement<'_>,
    from: i64,
    to: i64,
    mut f: impl FnMut(i64, TaskInfo),
) -> Result<()> {
    let mut rows = stmt.query([from, to]).map_err(StoreError::sql("读取任务"))?;
    // Read from the row's bytes: a bulk load reads a million of these.
    let info = |r: &Row<'_>| -> rusqlite::Result<TaskInfo> {
        let deadline = Deadline { text: None, due: day(r, 2)?, ongoing: r.get(3)?, inferred: r.get(4)? };
        let state = match r.get_ref(5)?.as_bytes_or_null()? {
            None => TaskState::initial(&deadline),
            Some(status) => TaskState {
                status: Status::from_code(status).unwrap_or(Status::NotStarted),
                percent: r.get(6)?,
                due: day(r, 7)?,
                extended: r.get(8)?,
                done_on: day(r, 9)?,
                last_entry: r.get(10)?,
                last_reported_on: day(r, 11)?,
                reported: Periods::from_stored(r.get_ref(12)?.as_str()?),
            },
        };
        Ok(TaskInfo { plan_id: r.get(1)?, deadline, state })
    };
    while let Some(r) = rows.next().map_err(StoreError::sql("读取任务"))? {
        f(r.get(0).map_err(StoreError::sql("读取任务"))?, info(r).map_err(StoreError::sql("读取任务"))?);
    }
    Ok(())
}

/// A task's entries in order, optionally only those visible as of a day.
pub(super) const RECORDED_ENTRIES: &str = "SELECT j.id, j.kind, j.reported_on, j.period, j.status, j.percent,
        j.new_due, j.supersedes
     FROM journal j CROSS JOIN journal_sources s ON s.id = j.source_id
     WHERE j.task_id = ?1 AND (?2 IS NULL OR (s.recorded_on <= ?2 AND j.reported_on <= ?2)) ORDER BY j.id";

/// Reads [`RECORDED_ENTRIES`] for `task`.
pub(super) fn recorded_entries(conn: &Connection, task: i64, as_of: Option<NaiveDate>) -> Result<Vec<Recorded>> {
    let mut stmt = conn.prepare_cached(RECORDED_ENTRIES).map_err(StoreError::sql("读取进展记录"))?;
    let rows = stmt
        .query_map(params![task, as_of.map(|d| d.to_string())], recorded)
        .map_err(StoreError::sql("读取进展记录"))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取进展记录"))
}

/// Reads the columns `id, kind, reported_on, period, status, percent,
/// new_due, supersedes` (from index 0) of a journal row.
pub(super) fn recorded(r: &Row<'_>) -> rusqlite::Result<Recorded> {
    recorded_at(r, 0)
}

/// As [`recorded`], with the columns starting at `at`.
pub(super) fn recorded_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Recorded> {
    let kind: String = r.get(at + 1)?;
    let on: String = r.get(at + 2)?;
    let status: String = r.get(at + 4)?;
    let new_due: Option<String> = r.get(at + 6)?;
    Ok(Recorded {
        id: r.get(at)?,
        kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Progress),
        reported_on: on.parse().unwrap_or_default(),
        period: r.get(at + 3)?,
        status: Status::parse(&status).unwrap_or(Status::InProgress),
        percent: r.get(at + 5)?,
        new_due: new_due.and_then(|d| d.parse().ok()),
        supersedes: r.get(at + 7)?,
    })
}

/// Writes task states into a state table, one prepared statement for all
/// of them. The current state is also copied into the task's row of
/// `task_facts` (migration 0007), which today's counts read: here, by key,
/// rather than by a trigger on `task_state`, whose lookup of the plan and
/// statement journal per row cost more than the copy itself (0008).
pub(super) struct StateWriter<'c> {
    state: Statement<'c>,
    facts: Option<Statement<'c>>,
}

impl<'c> StateWriter<'c> {
    pub(super) fn new(conn: &'c Connection, table: StateTable) -> Result<Self> {
        let prepare = |sql: &str| conn.prepare(sql).map_err(StoreError::sql("更新任务状态"));
        let state = prepare(&format!(
            "INSERT OR REPLACE INTO {} (task_id, status, percent, due, extended, done_on, last_entry, last_reported_on, reported)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            table.name()
        ))?;
        let facts = match table {
            StateTable::Current => Some(prepare(&format!(
                "UPDATE task_facts SET judged = (judged & {ONGOING}) | ?3, state_reported = ?4
                 WHERE plan_id = ?1 AND task_id = ?2"
            ))?),
            StateTable::AsOf => None,
        };
        Ok(StateWriter { state, facts })
    }

    /// Writes the state `s` of task `task` of plan `plan`.
    pub(super) fn write(&mut self, plan: i64, task: i64, s: &TaskState) -> Result<()> {
        let (status, due, reported) = (s.status.code(), s.due.map(|d| d.to_string()), s.reported.as_stored());
        self.state
            .execute(params![
                task,
                status,
                s.percent,
                due,
                s.extended,
                s.done_on.map(|d| d.to_string()),
                s.last_entry,
                s.last_reported_on.map(|d| d.to_string()),
                reported
            ])
            .map_err(StoreError::sql("更新任务状态"))?;
        if let Some(facts) = &mut self.facts {
            facts
                .execute(params![plan, task, pack_state(s.status, s.percent, s.due), reported])
                .map_err(StoreError::sql("更新任务状态"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SourceFile;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A batch runs with SQLite's foreign-key checks off and checks the
    /// same things itself: an unknown task fails the batch, nothing is
    /// written, and the checks are on again whatever the outcome.
    #[test]
    fn a_batch_checks_its_keys_itself_and_turns_sqlites_checks_back_on() {
        let mut s = Store::open_in_memory().unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let stamp = Stamp { on: day("2023-07-04"), at: "2023-07-04T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        let keys_on = |s: &Store| s.conn.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, bool>(0)).unwrap();
        let entries = |task: i64| {
            let mut e = Entry::progress(TaskId(3), day("2023-07-03"), Status::InProgress);
            e.department = Some("市发展改革委".into());
            vec![e, Entry::progress(TaskId(task), day("2023-07-03"), Status::InProgress)]
        };

        let errors = s.append_all(&entries(999_999), &stamp, &mut |_, _| {}).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].index, errors[0].error.to_string()), (2, "没有编号为 999999 的任务".to_string()));
        assert!(keys_on(&s));
        let count = |s: &Store| s.conn.query_row("SELECT count(*) FROM journal", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(count(&s), 0, "nothing written");

        let ids = s.append_all(&entries(4), &stamp, &mut |_, _| {}).unwrap();
        assert_eq!(ids.len(), 2);
        assert!(keys_on(&s));
        let orphans: i64 = s.conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!((count(&s), orphans), (2, 0));
        let unit: Option<i64> =
            s.conn.query_row("SELECT department_id FROM journal WHERE task_id = 3", [], |r| r.get(0)).unwrap();
        assert!(unit.is_some(), "the reporting unit is resolved to an existing department");
    }

    /// A batch that meets another writer's lock past its wait fails whole,
    /// told apart from other failures so the clerk is told to try again.
    #[test]
    fn a_batch_refused_for_another_writers_lock_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duban.db");
        let mut s = Store::open(&path).unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let stamp = Stamp { on: day("2023-07-04"), at: "2023-07-04T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        s.conn.busy_timeout(std::time::Duration::ZERO).unwrap();
        let entry = Entry::progress(TaskId(3), day("2023-07-03"), Status::InProgress);
        let errors = s.append_all(&[entry], &stamp, &mut |_, _| {}).unwrap_err();
        assert!(errors[0].error.is_busy(), "{}", errors[0].error);
        assert!(!StoreError::NoSuchTask(3).is_busy());
        other.execute_batch("COMMIT").unwrap();
        let entry = Entry::progress(TaskId(3), day("2023-07-03"), Status::InProgress);
        assert_eq!(s.append_all(&[entry], &stamp, &mut |_, _| {}).unwrap().len(), 1, "free again");
    }
}
