//! A batch of journal entries written in one transaction: each entry
//! checked against its task (closed, extended, its plan's periods, the
//! entry it corrects), inserted, and the task's state stepped; the states
//! are written once at the end. One entry from the command line and a
//! million-row sheet go the same way.

use super::assess::StateTable;
use super::departments;
use super::journal::{recorded_entries, stored, stored_range, StateWriter, TaskInfo, LOAD_STORED};
use super::{Result, Stamp, StoreError};
use crate::model::{Period, Status, TaskId};
use crate::track::state::Recorded;
use crate::track::{Entry, EntryError, EntryKind, EntrySource, TaskState};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Statement, Transaction};
use std::collections::hash_map::Entry as MapEntry;
use std::collections::{HashMap, VecDeque};

const INSERT_ENTRY: &str = "INSERT INTO journal (task_id, kind, reported_on, period, status, percent, progress,
        problems, next_steps, evidence, new_due, reason, department_id, reporter, supersedes, source_id, source_row)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

/// Who recorded a batch's entries, when and from where (migration 0011).
const INSERT_SOURCE: &str =
    "INSERT INTO journal_sources (recorded_on, recorded_at, recorded_by, source) VALUES (?1, ?2, ?3, ?4)";

/// A batch of entries in one transaction. Each task it touches is read
/// once and its state written once at the end; a plain later report steps
/// the stored state instead of refolding the task's history; each plan's
/// schedule and each reporting unit is looked up once. So a spreadsheet of
/// a million rows costs about one insert per row, not a dozen queries.
pub(super) struct Batch<'t> {
    tx: &'t Transaction<'t>,
    /// [`LOAD_STORED`] (in a [`TaskReader`]) and the journal insert,
    /// prepared once: looking a statement up in rusqlite's cache hashes its
    /// text, a twentieth of a bulk load.
    load: TaskReader<'t>,
    insert: Statement<'t>,
    /// Each task touched, in the order first met, and where each is: a
    /// map of a million tasks' states took twice the memory.
    tasks: Vec<Touched>,
    index: HashMap<i64, usize>,
    schedules: HashMap<i64, Vec<(String, String)>>,
    /// The day each entry was reported on, as written into the journal: a
    /// sheet's rows share a few days.
    reported_on: DayText,
    /// The `journal_sources` record of the latest entry: the stamp and the
    /// file it holds, and its id. A sheet writes one; a new stamp or file,
    /// another.
    source: Option<(Stamp, Option<String>, i64)>,
    /// Units named by the sheet, by plan and name as written.
    departments: HashMap<i64, HashMap<String, i64>>,
    /// The latest day recorded and the latest reported among the entries,
    /// which raise the journal's bounds (migration 0009) when it finishes.
    latest: Option<(NaiveDate, NaiveDate)>,
}

/// A task a batch touched: its facts and state, and its entries once a
/// correction or a close made folding them necessary.
struct Touched {
    id: i64,
    info: TaskInfo,
    entries: Option<Vec<Recorded>>,
}

/// Raises the journal's bounds to a batch's latest days; they never fall.
const RAISE_BOUNDS: &str = "UPDATE journal_bounds
     SET last_recorded = max(last_recorded, ?1), last_reported = max(last_reported, ?2)";

impl<'t> Batch<'t> {
    /// A batch of up to `entries` entries, with room for as many tasks
    /// reserved at once: grown by doubling, a sheet's tasks were copied into
    /// fresh memory again and again (the kernel zeroing those pages was
    /// 8% of a 100,000-row load's samples).
    pub(super) fn new(tx: &'t Transaction<'t>, entries: usize) -> Result<Self> {
        let prepare = |sql| tx.prepare(sql).map_err(StoreError::sql("准备写入进展记录"));
        Ok(Batch {
            tx,
            load: TaskReader::new(prepare(LOAD_STORED)?),
            insert: prepare(INSERT_ENTRY)?,
            tasks: Vec::with_capacity(entries),
            index: HashMap::with_capacity(entries),
            schedules: HashMap::new(),
            reported_on: DayText::default(),
            source: None,
            departments: HashMap::new(),
            latest: None,
        })
    }

    /// Checks an entry against its task and the plan and inserts it.
    pub(super) fn insert(&mut self, e: &Entry, stamp: &Stamp) -> Result<i64> {
        e.validate()?;
        if e.reported_on > stamp.on {
            return Err(EntryError::AfterToday { on: e.reported_on, today: stamp.on }.into());
        }
        let tx = self.tx;
        let at = match self.index.entry(e.task.0) {
            MapEntry::Occupied(o) => *o.get(),
            MapEntry::Vacant(v) => {
                let info = self.load.read(e.task.0)?;
                self.tasks.push(Touched { id: e.task.0, info, entries: None });
                *v.insert(self.tasks.len() - 1)
            }
        };
        let info = &self.tasks[at].info;
        check_against_state(e, info)?;
        let plan_id = info.plan_id;
        let period = match &e.period {
            Some(p) => Some(check_period(self.schedule(plan_id)?, p)?),
            None => None,
        };
        let department = match e.department.as_deref() {
            Some(name) => Some(self.department(plan_id, name)?),
            None => None,
        };
        if let Some(old) = e.supersedes {
            check_supersedes(tx, e.task.0, old)?;
        }
        let source = self.source_id(e, stamp)?;
        self.insert
            .execute(params![
                e.task.0,
                e.kind.code(),
                self.reported_on.of(e.reported_on),
                period,
                e.status.code(),
                e.percent,
                e.progress,
                e.problems,
                e.next_steps,
                e.evidence,
                e.new_due.map(|d| d.to_string()),
                e.reason,
                department,
                e.reporter,
                e.supersedes,
                source,
                e.source.row().map(|r| r as i64)
            ])
            .map_err(StoreError::sql("写入进展记录"))?;
        let id = tx.last_insert_rowid();
        self.latest = Some(match self.latest {
            Some((recorded, reported)) => (recorded.max(stamp.on), reported.max(e.reported_on)),
            None => (stamp.on, e.reported_on),
        });
        let Touched { info, entries, .. } = &mut self.tasks[at];
        let rec = Recorded {
            id,
            kind: e.kind,
            reported_on: e.reported_on,
            period,
            status: e.status,
            percent: e.percent,
            new_due: e.new_due,
            supersedes: e.supersedes,
        };
        match info.state.step(&info.deadline, &rec) {
            Some(state) => {
                info.state = state;
                if let Some(all) = entries {
                    all.push(rec);
                }
            }
            None => {
                let all = match entries.take() {
                    Some(mut all) => {
                        all.push(rec);
                        all
                    }
                    // Read back after the insert, so it is among them.
                    None => recorded_entries(tx, e.task.0, None)?,
                };
                info.state = TaskState::fold(&info.deadline, &all);
                *entries = Some(all);
            }
        }
        Ok(id)
    }

    /// The id of the `journal_sources` record of `e` with `stamp`, written
    /// when it differs from the previous entry's.
    fn source_id(&mut self, e: &Entry, stamp: &Stamp) -> Result<i64> {
        let file = e.source.file();
        if let Some((s, f, id)) = &self.source {
            if s == stamp && f.as_deref() == file {
                return Ok(*id);
            }
        }
        self.tx
            .execute(INSERT_SOURCE, params![stamp.on.to_string(), stamp.at, stamp.by, EntrySource::origin(file)])
            .map_err(StoreError::sql("写入进展记录来源"))?;
        let id = self.tx.last_insert_rowid();
        self.source = Some((stamp.clone(), file.map(str::to_string), id));
        Ok(id)
    }

    fn schedule(&mut self, plan_id: i64) -> Result<&[(String, String)]> {
        if !self.schedules.contains_key(&plan_id) {
            let schedule = read_schedule(self.tx, plan_id)?;
            self.schedules.insert(plan_id, schedule);
        }
        Ok(&self.schedules[&plan_id])
    }

    /// The unit `name` of the government that issued plan `plan_id`.
    fn department(&mut self, plan_id: i64, name: &str) -> Result<i64> {
        if let Some(id) = self.departments.get(&plan_id).and_then(|names| names.get(name)) {
            return Ok(*id);
        }
        let government: String = self
            .tx
            .query_row("SELECT government FROM plans WHERE id = ?1", [plan_id], |r| r.get(0))
            .map_err(StoreError::sql("读取方案"))?;
        let (_, id) = departments::find(self.tx, Some(&government), name)?;
        self.departments.entry(plan_id).or_default().insert(name.to_string(), id.0);
        Ok(id.0)
    }

    /// Writes the state of every task the batch touched, in id order so the
    /// writes walk the table once, and the journal's bounds.
    pub(super) fn finish(self) -> Result<()> {
        let mut states = StateWriter::new(self.tx, StateTable::Current)?;
        let mut tasks = self.tasks;
        tasks.sort_unstable_by_key(|t| t.id);
        for t in &tasks {
            states.write(t.info.plan_id, t.id, &t.info.state)?;
        }
        if let Some((recorded, reported)) = self.latest {
            self.tx
                .execute(RAISE_BOUNDS, params![recorded.to_string(), reported.to_string()])
                .map_err(StoreError::sql("更新进展记录日期范围"))?;
        }
        Ok(())
    }
}

/// How many tasks a batch reads at once when its entries come in id order
/// (a few in tests, so a plan's tasks cross many blocks).
const READ_AHEAD: i64 = if cfg!(test) { 7 } else { 256 };

/// Reads each task's facts and state. A sheet exported by duban lists its
/// tasks mostly in id order: when a task follows the one read before it,
/// the next [`READ_AHEAD`] are read in one range scan and kept until their
/// entries come, instead of a lookup each (a sixth of a million-row load).
/// Tasks and states do not change until the batch finishes, so what was
/// read ahead holds.
struct TaskReader<'t> {
    load: Statement<'t>,
    /// Tasks read ahead of the entries that need them, in id order.
    ahead: VecDeque<(i64, TaskInfo)>,
    last_read: Option<i64>,
}

impl<'t> TaskReader<'t> {
    fn new(load: Statement<'t>) -> Self {
        TaskReader { load, ahead: VecDeque::new(), last_read: None }
    }

    /// Task `id`'s facts and state.
    fn read(&mut self, id: i64) -> Result<TaskInfo> {
        let ahead = &mut self.ahead;
        while ahead.front().is_some_and(|(next, _)| *next < id) {
            ahead.pop_front();
        }
        let in_order = self.last_read.is_some_and(|last| id.checked_sub(1) == Some(last));
        self.last_read = Some(id);
        if ahead.is_empty() && in_order {
            stored_range(&mut self.load, id, id.saturating_add(READ_AHEAD), |task, info| {
                ahead.push_back((task, info))
            })?;
        }
        match ahead.front() {
            Some((next, _)) if *next == id => ahead.pop_front().map(|(_, info)| info).ok_or(StoreError::NoSuchTask(id)),
            _ => stored(&mut self.load, TaskId(id)),
        }
    }
}

/// A day as text, formatted again only when the day changes.
#[derive(Default)]
struct DayText(Option<(NaiveDate, String)>);

impl DayText {
    fn of(&mut self, day: NaiveDate) -> &str {
        if self.0.as_ref().is_none_or(|(d, _)| *d != day) {
            self.0 = Some((day, day.to_string()));
        }
        self.0.as_ref().map_or("", |(_, text)| text)
    }
}

fn check_against_state(e: &Entry, info: &TaskInfo) -> Result<(), EntryError> {
    let id = e.task.0;
    let done = info.state.status == Status::Done;
    match e.kind {
        EntryKind::Close if info.deadline.ongoing => Err(EntryError::OngoingCannotClose(id)),
        EntryKind::Reopen if !done => Err(EntryError::NotClosed(id)),
        EntryKind::Reopen => match info.state.done_on {
            Some(closed) if e.reported_on < closed => {
                Err(EntryError::ReopenBeforeClose { closed, reopen: e.reported_on })
            }
            _ => Ok(()),
        },
        EntryKind::Progress | EntryKind::Close | EntryKind::Extend if done && e.supersedes.is_none() => {
            Err(EntryError::AlreadyClosed(id))
        }
        EntryKind::Extend => match (info.state.due, e.new_due) {
            (Some(old), Some(new)) if new <= old => Err(EntryError::ExtendNotLater { old, new }),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A plan's reporting periods (code, label) in date order.
fn read_schedule(conn: &Connection, plan_id: i64) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT period, label FROM plan_schedule WHERE plan_id = ?1 ORDER BY due")
        .map_err(StoreError::sql("读取报送时间"))?;
    let rows = stmt
        .query_map([plan_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(StoreError::sql("读取报送时间"))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取报送时间"))
}

/// A period must be one the plan's notice set, when it set any.
fn check_period(schedule: &[(String, String)], p: &Period) -> Result<String> {
    let code = p.code();
    if schedule.is_empty() || schedule.iter().any(|(c, _)| *c == code) {
        Ok(code)
    } else {
        let known = schedule.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("、");
        Err(EntryError::UnknownPeriod(p.label().to_string(), known).into())
    }
}

fn check_supersedes(conn: &Connection, task: i64, old: i64) -> Result<()> {
    let found: Option<(i64, Option<i64>)> = conn
        .query_row(
            "SELECT task_id, (SELECT max(id) FROM journal c WHERE c.supersedes = j.id) FROM journal j WHERE j.id = ?1",
            [old],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(StoreError::sql("读取被更正的记录"))?;
    match found {
        Some((t, None)) if t == task => Ok(()),
        Some((t, Some(by))) if t == task => Err(EntryError::AlreadySuperseded(old, by).into()),
        _ => Err(EntryError::NoSuchEntry(old).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, Status, TaskId};
    use crate::store::{SourceFile, Stamp, Store};
    use crate::track::Entry;

    /// Tasks read ahead, in blocks, give the states a lookup of each gives:
    /// a batch in id order with gaps, repeats and a step back, over tasks
    /// with and without a state, leaves every state as its journal folds.
    #[test]
    fn tasks_read_ahead_are_the_tasks_looked_up_one_by_one() {
        let mut s = Store::open_in_memory().unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let stamp =
            Stamp { on: "2023-10-06".parse().unwrap(), at: "2023-10-06T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        let report = |task: i64, on: &str, status: Status, period: Period| {
            let mut e = Entry::progress(TaskId(task), on.parse().unwrap(), status);
            e.period = Some(period);
            e
        };
        let earlier = [9, 3, 40, 41, 8];
        let mut first: Vec<Entry> =
            earlier.iter().map(|&t| report(t, "2023-07-03", Status::Lagging, Period::H1)).collect();
        first.iter_mut().for_each(|e| e.percent = Some(20));
        s.append_all(&first, &stamp, &mut |_, _| {}).unwrap();

        // No percentage now: each state keeps what it read for its own task.
        let mut ids: Vec<i64> = (1..=60).filter(|t| t % 11 != 0).collect();
        ids.extend([30, 31, 32, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
        let second: Vec<Entry> = ids.iter().map(|&t| report(t, "2023-10-02", Status::InProgress, Period::Q3)).collect();
        assert_eq!(s.append_all(&second, &stamp, &mut |_, _| {}).unwrap().len(), ids.len());
        assert_eq!(s.check().unwrap().state_mismatches, Vec::<i64>::new());
        for t in [2, 3, 4, 8, 9, 10, 12, 20, 34, 40, 41, 42] {
            let state = s.task_state(TaskId(t)).unwrap();
            let (percent, reported) =
                if earlier.contains(&t) { (Some(20), vec!["h1", "q3"]) } else { (None, vec!["q3"]) };
            assert_eq!(
                (state.status, state.percent, state.reported.iter().collect::<Vec<_>>()),
                (Status::InProgress, percent, reported),
                "task {t}"
            );
        }
        // Reading in id order reads ahead; a jump takes what was read.
        let mut reader = TaskReader::new(s.conn.prepare(LOAD_STORED).unwrap());
        let mut read = |id: i64| {
            let info = reader.read(id).unwrap();
            (info.plan_id, info.deadline, info.state, reader.ahead.iter().map(|(t, _)| *t).collect::<Vec<_>>())
        };
        let (one, two, five) = (read(1), read(2), read(5));
        assert_eq!((&one.3, &two.3, &five.3), (&vec![], &vec![3, 4, 5, 6, 7, 8], &vec![6, 7, 8]));
        for (id, (plan, deadline, state, _)) in [(1, one), (2, two), (5, five)] {
            let alone = stored(&mut s.conn.prepare(LOAD_STORED).unwrap(), TaskId(id)).unwrap();
            assert_eq!((plan, deadline, state), (alone.plan_id, alone.deadline, alone.state), "task {id}");
        }
        let untouched = s.task_state(TaskId(61)).unwrap();
        assert_eq!((untouched.status, untouched.last_entry), (Status::NotStarted, None));
    }
}
