//! Assessment "as of" a day: each task's status, deadline in force, time
//! elapsed (序时进度), missed reporting dates and warning light. SQL reads
//! each task's facts in one pass; the light is computed here, by
//! [`crate::track::light`], so one rule set serves a 督办单 and a province.
//!
//! The state after the journal comes from `task_state` (for the counts,
//! from its copy in `task_facts`) when nothing was recorded after the day;
//! otherwise it is rebuilt from the entries visible
//! then (recorded and dated on or before the day) into a temporary table, so
//! a past day's report comes out as it did then.

use super::facts::unpack;
use super::journal::{recorded_at, StateWriter};
use super::{Result, Stamp, Store, StoreError};
use crate::model::{iso_day, Deadline, Status};
use crate::track::light::{self, Facts};
use crate::track::{Light, Reason, Rules, TaskState};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;

/// Every entry visible as of day ?1 with its task's deadline, task by task
/// in the order of the entries, as a past day's states are refolded.
pub(super) const ENTRIES_AS_OF: &str = "SELECT j.task_id, t.plan_id, t.deadline_text, t.due, t.ongoing, t.inferred,
        j.id, j.kind, j.reported_on, j.period, j.status, j.percent, j.new_due, j.supersedes
     FROM journal j JOIN tasks t ON t.id = j.task_id CROSS JOIN journal_sources s ON s.id = j.source_id
     WHERE s.recorded_on <= ?1 AND j.reported_on <= ?1 ORDER BY j.task_id, j.id";

/// Which table holds the state a report reads. Only these names are ever
/// spliced into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StateTable {
    Current,
    AsOf,
}

impl StateTable {
    pub(super) fn name(self) -> &'static str {
        match self {
            StateTable::Current => "task_state",
            StateTable::AsOf => "temp.asof_state",
        }
    }
}

/// The columns judging a task needs, read by [`Core::read`]: the task
/// (`t`) and its state after the journal (`st`, absent when nobody has
/// reported on it yet). The counting reports read only these for a past
/// day, and for today the same packed into one integer (see [`Judging`]):
/// each column fewer is a million reads fewer at a province's scale.
macro_rules! core_columns {
    () => {
        "t.id, t.plan_id, t.ongoing, COALESCE(st.due, t.due), st.status, st.percent, st.reported"
    };
}
pub(super) const CORE_COLUMNS: &str = core_columns!();

/// How many columns [`CORE_COLUMNS`] holds.
pub(super) const CORE_WIDTH: usize = 7;

/// [`CORE_COLUMNS`] and what a listed task shows besides, read by
/// [`TaskFacts::read`].
pub(super) const FACT_COLUMNS: &str = concat!(core_columns!(), ", t.due, st.extended, st.done_on, st.last_entry");

/// How many columns [`FACT_COLUMNS`] holds.
pub(super) const FACT_WIDTH: usize = 11;

/// The tasks joined to the state a report reads, as `t` and `st`.
pub(super) fn with_state(state: StateTable) -> String {
    format!("tasks t LEFT JOIN {} st ON st.task_id = t.id", state.name())
}

/// What judging a task needs from `task_facts` (migrations 0007, 0012) as
/// `t`, which holds each task's facts with its current state, packed.
const PACKED_COLUMNS: &str = "t.task_id, t.plan_id, t.judged, t.state_reported";

/// How a scan reads what judging a task needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Judging {
    /// [`PACKED_COLUMNS`], from `task_facts`.
    Packed,
    /// [`CORE_COLUMNS`], from the tasks joined to a state table.
    Columns,
}

impl Judging {
    /// For today, `task_facts`: one key range of a narrow table clustered
    /// by plan. For a past day, or a scan that needs more of the task row
    /// (`whole_row`: its category), the tasks joined to the state the
    /// report reads.
    pub(super) fn of(state: StateTable, whole_row: bool) -> Judging {
        match state {
            StateTable::Current if !whole_row => Judging::Packed,
            _ => Judging::Columns,
        }
    }

    /// What a scan selects, and from where, as `t` with `t.plan_id`,
    /// `t.links` and `t.leaders`.
    pub(super) fn select(self, state: StateTable) -> (&'static str, String) {
        match self {
            Judging::Packed => (PACKED_COLUMNS, "task_facts t".to_string()),
            Judging::Columns => (CORE_COLUMNS, with_state(state)),
        }
    }

    /// How many columns [`Judging::select`] selects.
    pub(super) fn width(self) -> usize {
        match self {
            Judging::Packed => 4,
            Judging::Columns => CORE_WIDTH,
        }
    }

    /// Reads what [`Judging::select`] selected, from column 0.
    pub(super) fn read<'r>(self, r: &'r Row<'r>) -> rusqlite::Result<Core<'r>> {
        match self {
            Judging::Packed => Core::read_packed(r),
            Judging::Columns => Core::read(r, 0),
        }
    }
}

/// What judging a task needs; texts are borrowed from the row, so a scan
/// over a million tasks allocates nothing per task.
pub(super) struct Core<'r> {
    pub task_id: i64,
    pub plan_id: i64,
    ongoing: bool,
    pub status: Status,
    percent: Option<u8>,
    /// The deadline in force.
    due: Option<NaiveDate>,
    /// The periods reported, as `,h1,q3,`.
    reported: &'r [u8],
}

/// One task's facts as a listed row holds them.
pub(super) struct TaskFacts<'r> {
    pub core: Core<'r>,
    original_due: Option<NaiveDate>,
    extended: bool,
    done_on: Option<NaiveDate>,
    last_entry: Option<i64>,
}

/// A stored day (see [`iso_day`]), `None` when NULL.
pub(super) fn day(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get_ref(i)?.as_bytes_or_null()?.and_then(iso_day))
}

/// A hasher for integer ids: one multiplication (as in rustc's FxHash),
/// where SipHash cost a report over a million tasks a few percent.
#[derive(Default, Clone, Copy)]
pub(super) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A map keyed by ids, hashed by [`IdHasher`].
pub(super) type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

impl<'r> Core<'r> {
    /// Reads [`PACKED_COLUMNS`].
    fn read_packed(r: &'r Row<'r>) -> rusqlite::Result<Core<'r>> {
        let p = unpack(r.get(2)?);
        Ok(Core {
            task_id: r.get(0)?,
            plan_id: r.get(1)?,
            ongoing: p.ongoing,
            status: p.status.unwrap_or(if p.ongoing { Status::Ongoing } else { Status::NotStarted }),
            percent: p.percent,
            due: p.due,
            reported: r.get_ref(3)?.as_bytes_or_null()?.unwrap_or_default(),
        })
    }

    /// Reads [`CORE_COLUMNS`] starting at column `at`.
    pub(super) fn read(r: &'r Row<'r>, at: usize) -> rusqlite::Result<Core<'r>> {
        let ongoing: bool = r.get(at + 2)?;
        let status = match r.get_ref(at + 4)?.as_bytes_or_null()? {
            Some(code) => Status::from_code(code).unwrap_or(Status::NotStarted),
            None if ongoing => Status::Ongoing,
            None => Status::NotStarted,
        };
        Ok(Core {
            task_id: r.get(at)?,
            plan_id: r.get(at + 1)?,
            ongoing,
            status,
            percent: r.get(at + 5)?,
            due: day(r, at + 3)?,
            reported: r.get_ref(at + 6)?.as_bytes_or_null()?.unwrap_or_default(),
        })
    }
}

impl<'r> TaskFacts<'r> {
    /// Reads [`FACT_COLUMNS`] starting at column `at`.
    pub(super) fn read(r: &'r Row<'r>, at: usize) -> rusqlite::Result<TaskFacts<'r>> {
        let core = Core::read(r, at)?;
        let at = at + CORE_WIDTH;
        Ok(TaskFacts {
            core,
            original_due: day(r, at)?,
            extended: r.get::<_, Option<bool>>(at + 1)?.unwrap_or(false),
            done_on: day(r, at + 2)?,
            last_entry: r.get(at + 3)?,
        })
    }
}

/// What a plan contributes to its tasks' assessment on a day.
pub(super) struct PlanClock {
    pub title: String,
    pub doc_no: Option<String>,
    pub government: String,
    /// The year it was issued in, as [`super::Scope::year`] selects.
    year: Option<i32>,
    /// When its tasks' clocks started: the notice date, else the period's start.
    start: Option<NaiveDate>,
    /// Its reporting dates before the day, latest first, each with its
    /// period as `,code,` (the form `reported` holds).
    passed: Vec<(String, NaiveDate)>,
}

/// A task's assessment without the explanations: what counting reports need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Judged {
    pub status: Status,
    pub light: Light,
    pub days_left: Option<i64>,
    pub missed: u32,
}

impl Judged {
    /// Past its deadline in force and not done.
    pub fn overdue(&self) -> bool {
        self.status != Status::Done && self.days_left.is_some_and(|d| d < 0)
    }
}

/// Assesses tasks as of one day: the rules and every plan's clock, loaded
/// once per report, and the state table the report reads.
pub(super) struct Assessor {
    pub as_of: NaiveDate,
    rules: Rules,
    pub state: StateTable,
    plans: IdMap<PlanClock>,
}

impl Assessor {
    pub(super) fn plan(&self, id: i64) -> Option<&PlanClock> {
        self.plans.get(&id)
    }

    /// Whether the task's plan is in the scope.
    pub(super) fn in_scope(&self, plan_id: i64, scope: &super::Scope) -> bool {
        if scope.government.is_none() && scope.year.is_none() {
            return true; // The plan, if any, is narrowed in SQL.
        }
        self.plan(plan_id).is_some_and(|p| scope.covers(plan_id, &p.government, p.year))
    }

    /// Reporting dates passed since the last one the task reported.
    fn missed(&self, f: &Core<'_>) -> u32 {
        let Some(plan) = self.plan(f.plan_id) else { return 0 };
        if f.status == Status::Done {
            return 0;
        }
        let reported = |code: &str| code.is_empty() || f.reported.windows(code.len()).any(|w| w == code.as_bytes());
        let last = plan.passed.iter().find(|(code, _)| reported(code)).map(|(_, due)| *due);
        plan.passed.iter().filter(|(_, due)| last.is_none_or(|l| *due > l)).count() as u32
    }

    fn light_facts(&self, f: &Core<'_>, missed: u32) -> Facts {
        Facts {
            status: f.status,
            ongoing: f.ongoing,
            due: f.due,
            start: self.plan(f.plan_id).and_then(|p| p.start),
            percent: f.percent,
            missed_reports: missed,
        }
    }

    fn days_left(&self, f: &Core<'_>) -> Option<i64> {
        f.due.filter(|_| !f.ongoing).map(|due| (due - self.as_of).num_days())
    }

    /// Status, light, days left and missed dates of one task.
    pub(super) fn judge(&self, f: &Core<'_>) -> Judged {
        let missed = self.missed(f);
        Judged {
            status: f.status,
            light: light::light(&self.light_facts(f, missed), self.as_of, &self.rules),
            days_left: self.days_left(f),
            missed,
        }
    }

    /// The whole assessment of one task, with the reasons for its light.
    pub(super) fn assessment(&self, facts: &TaskFacts<'_>) -> Assessment {
        let f = &facts.core;
        let missed = self.missed(f);
        let light_facts = self.light_facts(f, missed);
        let (light, reasons) = light::assess(&light_facts, self.as_of, &self.rules);
        let elapsed = match (light_facts.start, f.due) {
            (Some(start), Some(due)) if !f.ongoing => light::elapsed(start, due, self.as_of),
            _ => None,
        };
        Assessment {
            task_id: f.task_id,
            status: f.status,
            percent: f.percent,
            due: f.due,
            original_due: facts.original_due,
            extended: facts.extended,
            done_on: facts.done_on,
            days_left: self.days_left(f),
            elapsed,
            missed_reports: missed,
            light,
            reasons,
            last_entry: facts.last_entry,
            reported: f
                .reported
                .split(|&b| b == b',')
                .filter(|p| !p.is_empty())
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect(),
        }
    }
}

/// One task as assessed on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub task_id: i64,
    pub status: Status,
    pub percent: Option<u8>,
    /// The deadline in force (after extensions).
    pub due: Option<NaiveDate>,
    pub original_due: Option<NaiveDate>,
    pub extended: bool,
    pub done_on: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// 序时进度: share of the task's time elapsed, percent.
    pub elapsed: Option<f64>,
    pub missed_reports: u32,
    pub light: Light,
    pub reasons: Vec<Reason>,
    pub last_entry: Option<i64>,
    /// Schedule periods (codes) with a report.
    pub reported: Vec<String>,
}

impl Store {
    /// The office's warning rules.
    pub fn rules(&self) -> Result<Rules> {
        let mut rules = Rules::default();
        let mut stmt =
            self.conn.prepare("SELECT key, value FROM warning_rules").map_err(StoreError::sql("读取预警规则"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))
            .map_err(StoreError::sql("读取预警规则"))?;
        for row in rows {
            let (k, v) = row.map_err(StoreError::sql("读取预警规则"))?;
            rules.set(&k, v);
        }
        Ok(rules)
    }

    /// The rules with their descriptions, for `duban rules`.
    pub fn rule_table(&self) -> Result<Vec<(String, f64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value, description FROM warning_rules ORDER BY rowid")
            .map_err(StoreError::sql("读取预警规则"))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(StoreError::sql("读取预警规则"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取预警规则"))
    }

    /// Changes one rule; the change is audited.
    pub fn set_rule(&mut self, key: &str, value: f64, stamp: &Stamp) -> Result<()> {
        if !Rules::KEYS.contains(&key) {
            return Err(StoreError::NoSuchRule(key.to_string(), Rules::KEYS.join("、")));
        }
        let mut rules = self.rules()?;
        rules.set(key, value);
        if let Some(why) = rules.problem() {
            return Err(StoreError::BadRule(why));
        }
        let tx = self.write("修改预警规则")?;
        tx.execute("UPDATE warning_rules SET value = ?2 WHERE key = ?1", params![key, value])
            .map_err(StoreError::sql("修改预警规则"))?;
        super::audit(&tx, stamp, "rule", key, &serde_json::json!({ "value": value }))?;
        tx.commit().map_err(StoreError::sql("提交预警规则"))?;
        Ok(())
    }

    /// Makes the state as of `as_of` readable and says where it is.
    /// Every task's state is refolded from [`ENTRIES_AS_OF`].
    pub(super) fn state_as_of(&self, as_of: NaiveDate) -> Result<StateTable> {
        let day = as_of.to_string();
        // Without its row of bounds the journal is read back: slower, never wrong.
        let later: bool = self
            .conn
            .query_row("SELECT last_recorded > ?1 OR last_reported > ?1 FROM journal_bounds", [&day], |r| r.get(0))
            .optional()
            .map_err(StoreError::sql("检查进展记录日期"))?
            .unwrap_or(true);
        if !later {
            return Ok(StateTable::Current);
        }
        self.conn
            .execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS asof_state (
                     task_id INTEGER PRIMARY KEY, status TEXT NOT NULL, percent INTEGER, due TEXT,
                     extended INTEGER NOT NULL DEFAULT 0, done_on TEXT, last_entry INTEGER, last_reported_on TEXT,
                     reported TEXT NOT NULL DEFAULT '');
                 DELETE FROM temp.asof_state;",
            )
            .map_err(StoreError::sql("准备历史状态"))?;
        let mut stmt = self.conn.prepare(ENTRIES_AS_OF).map_err(StoreError::sql("重建历史状态"))?;
        let mut rows = stmt.query([&day]).map_err(StoreError::sql("重建历史状态"))?;
        let mut states = StateWriter::new(&self.conn, StateTable::AsOf)?;
        // (task, plan, deadline) of the task whose entries are being read
        let mut current: Option<(i64, i64, Deadline)> = None;
        let mut entries = Vec::new();
        let sql = |e| StoreError::sql("重建历史状态")(e);
        while let Some(r) = rows.next().map_err(sql)? {
            let task: i64 = r.get(0).map_err(sql)?;
            if current.as_ref().is_some_and(|(t, _, _)| *t != task) {
                if let Some((t, plan, dl)) = current.take() {
                    states.write(plan, t, &TaskState::fold(&dl, &entries))?;
                }
                entries.clear();
            }
            if current.is_none() {
                let due: Option<String> = r.get(3).map_err(sql)?;
                let dl = Deadline {
                    text: r.get(2).map_err(sql)?,
                    due: due.and_then(|d| d.parse().ok()),
                    ongoing: r.get(4).map_err(sql)?,
                    inferred: r.get(5).map_err(sql)?,
                };
                current = Some((task, r.get(1).map_err(sql)?, dl));
            }
            entries.push(recorded_at(r, 6).map_err(sql)?);
        }
        if let Some((t, plan, dl)) = current {
            states.write(plan, t, &TaskState::fold(&dl, &entries))?;
        }
        Ok(StateTable::AsOf)
    }

    /// Everything a report needs to assess tasks as of a day: the state
    /// then, the rules, and each plan's clock.
    pub(super) fn assessor(&self, as_of: NaiveDate) -> Result<Assessor> {
        let state = self.state_as_of(as_of)?;
        let rules = self.rules()?;
        let plans = self.plan_clocks(as_of).map_err(StoreError::sql("读取方案及其报送时间"))?;
        Ok(Assessor { as_of, rules, state, plans })
    }

    fn plan_clocks(&self, as_of: NaiveDate) -> rusqlite::Result<IdMap<PlanClock>> {
        let mut plans = IdMap::default();
        let mut stmt = self
            .conn
            .prepare("SELECT id, title, doc_no, government, COALESCE(issued, period_start), year FROM plans")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let clock = PlanClock {
                title: r.get(1)?,
                doc_no: r.get(2)?,
                government: r.get(3)?,
                year: r.get(5)?,
                start: day(r, 4)?,
                passed: Vec::new(),
            };
            plans.insert(r.get::<_, i64>(0)?, clock);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT plan_id, period, due FROM plan_schedule WHERE due < ?1 ORDER BY plan_id, due DESC")?;
        let mut rows = stmt.query([as_of.to_string()])?;
        while let Some(r) = rows.next()? {
            if let (Some(clock), Some(due)) = (plans.get_mut(&r.get::<_, i64>(0)?), day(r, 2)?) {
                clock.passed.push((format!(",{},", r.get_ref(1)?.as_str()?), due));
            }
        }
        Ok(plans)
    }

    /// One task's assessment as of a day, with the reasons for its light.
    pub fn assess_task(&self, task: crate::model::TaskId, as_of: NaiveDate) -> Result<Assessment> {
        let assessor = self.assessor(as_of)?;
        let sql = format!("SELECT {FACT_COLUMNS} FROM {} WHERE t.id = ?1", with_state(assessor.state));
        self.conn.query_row(&sql, [task.0], |r| Ok(assessor.assessment(&TaskFacts::read(r, 0)?))).map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NoSuchTask(task.0),
            e => StoreError::Sql { context: "评估任务".into(), source: e },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn assessor(passed: &[(&str, &str)]) -> Assessor {
        let clock = PlanClock {
            title: "方案".into(),
            doc_no: None,
            government: "林芝市".into(),
            year: Some(2023),
            start: Some(d("2023-03-01")),
            passed: passed.iter().map(|(p, due)| (format!(",{p},"), d(due))).collect(),
        };
        let mut plans = IdMap::default();
        plans.insert(1, clock);
        Assessor { as_of: d("2024-01-20"), rules: Rules::default(), state: StateTable::Current, plans }
    }

    fn facts(status: Status, reported: &str) -> TaskFacts<'_> {
        TaskFacts {
            core: Core {
                task_id: 1,
                plan_id: 1,
                ongoing: false,
                status,
                percent: None,
                due: Some(d("2024-06-30")),
                reported: reported.as_bytes(),
            },
            original_due: Some(d("2024-06-30")),
            extended: false,
            done_on: None,
            last_entry: None,
        }
    }

    #[test]
    fn missed_dates_are_those_after_the_last_one_reported() {
        // Latest first, as the store loads them.
        let a = assessor(&[("year", "2024-01-10"), ("q3", "2023-10-10"), ("h1", "2023-07-10")]);
        assert_eq!(a.missed(&facts(Status::InProgress, "").core), 3);
        assert_eq!(a.missed(&facts(Status::InProgress, ",h1,").core), 2);
        assert_eq!(a.missed(&facts(Status::InProgress, ",h1,q3,").core), 1);
        assert_eq!(a.missed(&facts(Status::InProgress, ",q3,").core), 1);
        assert_eq!(a.missed(&facts(Status::InProgress, ",h1,q3,year,").core), 0);
        assert_eq!(a.missed(&facts(Status::Done, "").core), 0, "a closed task owes nothing");
        let judged = a.judge(&facts(Status::InProgress, "").core);
        assert_eq!((judged.light, judged.days_left, judged.overdue()), (Light::Red, Some(162), false));
        assert_eq!(
            a.judge(&facts(Status::InProgress, ",h1,q3,year,").core).light,
            a.assessment(&facts(Status::InProgress, ",h1,q3,year,")).light
        );
    }
}
