//! Task lists over the assessment: overdue tasks, the 催报 list of missing
//! reports for a period, everything one department is involved in, and the
//! assessed tasks of a plan (for 通报 classes).

use super::assess::{with_state, Assessment, Assessor, IdMap, StateTable, TaskFacts, FACT_COLUMNS, FACT_WIDTH};
use super::packed::{unpack_ids, unpack_links};
use super::parts::Plans;
use super::summaries::{column, query_each, reporters, Scope, DEPARTMENT_NAMES, IS_REPORTER, PEOPLE_NAMES};
use super::{Result, Store, StoreError};
use crate::model::{DepartmentId, Role};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::mpsc::{Receiver, SyncSender};

/// A task with its assessment and what a list shows of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessedTask {
    pub id: i64,
    pub plan: String,
    pub doc_no: Option<String>,
    pub seq: String,
    pub title: Option<String>,
    pub text: String,
    /// The units that answer for the task (leads, else responsible units).
    pub reporters: String,
    pub leaders: String,
    pub assessment: Assessment,
    pub last_report: Option<LastReport>,
}

/// The latest entry of a task, as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastReport {
    pub reported_on: String,
    pub progress: Option<String>,
    pub problems: Option<String>,
    /// The evidence of a close-out.
    pub evidence: Option<String>,
}

impl LastReport {
    /// The note a list shows: the progress, or the close-out evidence.
    pub fn note(&self) -> String {
        let mut note = String::new();
        self.push_note(&mut note);
        note
    }

    /// Adds [`LastReport::note`] to `out`.
    pub fn push_note(&self, out: &mut String) {
        match (&self.progress, &self.evidence) {
            (Some(p), _) => out.push_str(p),
            (None, Some(e)) => {
                out.push_str("销号依据：");
                out.push_str(e);
            }
            (None, None) => {}
        }
    }
}

/// One missing report of the 催报 list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingReport {
    pub department: String,
    pub government: String,
    pub report_due: String,
    pub task: AssessedTask,
}

/// A task one department is involved in, with its role there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentTask {
    pub role: Role,
    pub task: AssessedTask,
}

/// Columns of the task behind each listed row, after [`FACT_COLUMNS`]
/// (its plan's title comes from the assessor's plans). A task's units and
/// leaders come packed ([`super::packed`]) and are named in Rust: looking
/// them up row by row took half a province's overdue list.
const TASK_COLUMNS: &str = "t.seq, t.title, t.text, t.links, t.leaders,
     j.reported_on, j.progress, j.problems, j.evidence";

/// [`FACT_COLUMNS`] and [`TASK_COLUMNS`].
fn listed_columns() -> String {
    format!("{FACT_COLUMNS}, {TASK_COLUMNS}")
}

/// What a list needs besides its rows: the assessor, and the name of every
/// unit and person (a province names a few thousand).
pub(super) struct Listing {
    assessor: Assessor,
    departments: IdMap<String>,
    people: IdMap<String>,
}

impl Listing {
    /// The tasks with their plan, state and last entry.
    fn from(&self) -> String {
        format!(
            "{} JOIN plans p ON p.id = t.plan_id LEFT JOIN journal j ON j.id = st.last_entry",
            with_state(self.assessor.state)
        )
    }

    /// Reads [`listed_columns`] starting at column `at`.
    fn task(&self, r: &rusqlite::Row<'_>, at: usize) -> Result<AssessedTask> {
        let facts = column(TaskFacts::read(r, at))?;
        let a = self.assessor.assessment(&facts);
        // The plan's title as the assessor read it, with every plan's, for
        // the report; not from each row (a seventh of reading a task).
        let (plan, doc_no) = match self.assessor.plan(facts.core.plan_id) {
            Some(p) => (p.title.clone(), p.doc_no.clone()),
            None => Default::default(),
        };
        let b = at + FACT_WIDTH;
        let text = |i: usize| column(r.get::<_, Option<String>>(b + i));
        let packed = |i: usize| column(r.get_ref(b + i).and_then(|v| Ok(v.as_bytes()?)));
        let mut links = Vec::new();
        unpack_links(packed(3)?, &mut links);
        let mut units: Vec<i64> = Vec::new();
        for id in reporters(&links) {
            if !units.contains(&id) {
                units.push(id);
            }
        }
        let mut leaders = Vec::new();
        unpack_ids(packed(4)?, &mut leaders);
        Ok(AssessedTask {
            id: a.task_id,
            plan,
            doc_no,
            seq: column(r.get(b))?,
            title: text(1)?,
            text: column(r.get(b + 2))?,
            reporters: named(units.into_iter(), &self.departments),
            leaders: named(leaders.into_iter(), &self.people),
            assessment: a,
            last_report: match text(5)? {
                Some(on) => {
                    Some(LastReport { reported_on: on, progress: text(6)?, problems: text(7)?, evidence: text(8)? })
                }
                None => None,
            },
        })
    }
}

/// The names of `ids`, as a list prints them: 市财政局、市发展改革委.
fn named(ids: impl Iterator<Item = i64>, names: &IdMap<String>) -> String {
    let mut out = String::new();
    for id in ids {
        if let Some(name) = names.get(&id) {
            if !out.is_empty() {
                out.push('、');
            }
            out.push_str(name);
        }
    }
    out
}

/// The page cache a sorted list gets, in MiB (see [`Store::sorting`]).
const SORT_MIB: i64 = 32;

/// Where an overdue task comes in the list: its deadline in force (as
/// stored), plan and place in the plan.
type OverdueKey = (String, i64, i64);

/// An overdue task with its place in the list.
type OverdueRow = (OverdueKey, AssessedTask);

/// Each half's overdue tasks are handed to the list's thread this many at a
/// time, and at most this many batches wait: one row at a time, the
/// threads woke each other thousands of times a list; with only four
/// batches waiting, a half stopped whenever the other half's rows came
/// first for a while (with 16,384 rows waiting, about 12 MiB, the list of
/// 99,123 tasks came a sixth faster). Tests hand a few at a time and let
/// two batches wait, so that their lists fill batches and wait too.
const HANDED_ROWS: usize = if cfg!(test) { 8 } else { 256 };
const HANDED_BATCHES: usize = if cfg!(test) { 2 } else { 64 };

/// Why a thread listing half of the plans stopped.
enum Stop {
    Store(StoreError),
    /// The list stopped taking tasks (an error, or output closed).
    Gone,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

/// Lists one half of the overdue tasks on its own connection, handing
/// them over in batches; what was listed goes first, then the error if
/// any. When the list stops taking them, there is nobody left to tell.
fn list_half(
    path: &std::path::Path,
    sql: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
    keyed: &(dyn Fn(&rusqlite::Row<'_>) -> Result<OverdueRow> + Sync),
    tx: SyncSender<Result<Vec<OverdueRow>>>,
) {
    let mut batch = Vec::with_capacity(HANDED_ROWS);
    let mut list = || -> std::result::Result<(), Stop> {
        let reader = Store::reader(path)?;
        reader.sorting(SORT_MIB / 2)?;
        query_each(&reader, sql, params, |r| {
            batch.push(keyed(r)?);
            if batch.len() == HANDED_ROWS {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(HANDED_ROWS));
                tx.send(Ok(full)).map_err(|_| Stop::Gone)?;
            }
            Ok(())
        })
    };
    let stopped = list();
    if !matches!(stopped, Err(Stop::Gone)) && !batch.is_empty() {
        let _ = tx.send(Ok(batch));
    }
    if let Err(Stop::Store(e)) = stopped {
        let _ = tx.send(Err(e));
    }
}

/// The rows [`list_half`] hands over, one at a time, ending at an error.
fn handed_over(rx: Receiver<Result<Vec<OverdueRow>>>) -> impl Iterator<Item = Result<OverdueRow>> {
    rx.into_iter().flat_map(|handed| {
        let (rows, stopped) = match handed {
            Ok(rows) => (rows, None),
            Err(e) => (Vec::new(), Some(Err(e))),
        };
        rows.into_iter().map(Ok).chain(stopped)
    })
}

const SCOPE: &str = "(:plan IS NULL OR t.plan_id = :plan)
     AND (:gov IS NULL OR p.government = :gov) AND (:year IS NULL OR p.year = :year)";

impl Store {
    /// Every task past its deadline in force and not done, most overdue first.
    pub fn overdue(&self, as_of: NaiveDate, scope: &Scope) -> Result<Vec<AssessedTask>> {
        let mut out = Vec::new();
        self.for_each_overdue(as_of, scope, |t| {
            out.push(t);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// As [`Store::overdue`], one task at a time, for lists of any length.
    /// A province's list (700,000 tasks at a million) is found and sorted
    /// in two halves of the plans at once, each on its own read-only
    /// connection and thread, and the two sorted streams merged here, where
    /// `f` formats and writes: neither half waits while rows are written.
    pub fn for_each_overdue<E: From<StoreError>>(
        &self,
        as_of: NaiveDate,
        scope: &Scope,
        mut f: impl FnMut(AssessedTask) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let listing = self.listing(as_of)?;
        let split = self.split(&listing.assessor, scope)?;
        // One query for both ways, narrowed to a range of plans when split.
        let narrowed = split.map_or(Plans::All, |_| Plans::Range(i64::MIN, i64::MAX));
        let sql = format!(
            "SELECT COALESCE(st.due, t.due), t.plan_id, t.ordinal, {columns} FROM {from}
             WHERE t.ongoing = 0 AND COALESCE(st.status, '') <> 'done' AND COALESCE(st.due, t.due) < :asof AND {SCOPE}{}
             ORDER BY COALESCE(st.due, t.due), t.plan_id, t.ordinal",
            narrowed.filter(),
            columns = listed_columns(),
            from = listing.from()
        );
        let day = as_of.to_string();
        let params = || -> Vec<(&str, &dyn rusqlite::ToSql)> {
            vec![(":asof", &day), (":plan", &scope.plan), (":gov", &scope.government), (":year", &scope.year)]
        };
        let Some((path, first_upper)) = split else {
            self.sorting(SORT_MIB)?;
            return query_each(self, &sql, &params(), |r| f(listing.task(r, 3)?));
        };
        let keyed = |r: &rusqlite::Row<'_>| -> Result<OverdueRow> {
            let key = (column(r.get(0))?, column(r.get(1))?, column(r.get(2))?);
            Ok((key, listing.task(r, 3)?))
        };
        std::thread::scope(|s| {
            let half = |range: Plans| {
                let (tx, rx) = std::sync::mpsc::sync_channel(HANDED_BATCHES);
                let (sql, params, keyed) = (&sql, &params, &keyed);
                s.spawn(move || {
                    let mut half_params = params();
                    half_params.extend(range.params());
                    list_half(path, sql, &half_params, keyed, tx)
                });
                handed_over(rx).peekable()
            };
            let mut lower = half(Plans::Range(i64::MIN, first_upper - 1));
            let mut upper = half(Plans::Range(first_upper, i64::MAX));
            loop {
                // The first in the list; an error as soon as it comes.
                let take_upper = match (lower.peek(), upper.peek()) {
                    (None, None) => return Ok(()),
                    (Some(Err(_)), _) | (Some(_), None) => false,
                    (_, Some(Err(_))) | (None, Some(_)) => true,
                    (Some(Ok((a, _))), Some(Ok((b, _)))) => b < a,
                };
                if let Some(next) = if take_upper { upper.next() } else { lower.next() } {
                    f(next?.1)?;
                }
            }
        })
    }

    /// Every task of the scope, assessed, in plan order.
    pub fn assessed_tasks(&self, as_of: NaiveDate, scope: &Scope) -> Result<Vec<AssessedTask>> {
        self.assessed_where(
            as_of,
            SCOPE,
            &[(":plan", &scope.plan), (":gov", &scope.government), (":year", &scope.year)],
        )
    }

    /// One task, assessed, with what a 督办单 shows of it.
    pub fn assessed_task(&self, as_of: NaiveDate, task: crate::model::TaskId) -> Result<AssessedTask> {
        self.assessed_where(as_of, "t.id = :task", &[(":task", &task.0)])?.pop().ok_or(StoreError::NoSuchTask(task.0))
    }

    fn assessed_where(
        &self,
        as_of: NaiveDate,
        condition: &str,
        params: &[(&str, &dyn rusqlite::ToSql)],
    ) -> Result<Vec<AssessedTask>> {
        let listing = self.listing(as_of)?;
        let sql = format!(
            "SELECT {columns} FROM {from} WHERE {condition} ORDER BY t.plan_id, t.ordinal",
            columns = listed_columns(),
            from = listing.from()
        );
        let mut out = Vec::new();
        query_each(self, &sql, params, |r| {
            out.push(listing.task(r, 0)?);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// 催报: for a reporting period, the tasks whose answering units have not
    /// reported, grouped by unit, with the date the report was due. Tasks
    /// closed out by that date owe nothing. The CROSS JOINs keep the tasks
    /// in the outer loop, so only tasks that owe a report have their units
    /// sorted out (driven by the units, 催报 took five times as long); for
    /// today the narrow `task_facts` goes first, so only those tasks have
    /// their wide rows read (in the shell at a million tasks, all reported,
    /// 0.12 s instead of 0.32 s).
    pub fn missing_reports(&self, as_of: NaiveDate, period: &str, scope: &Scope) -> Result<Vec<MissingReport>> {
        let listing = self.listing(as_of)?;
        self.sorting(SORT_MIB)?;
        let (facts, reported, same_task) = match listing.assessor.state {
            StateTable::Current => ("task_facts f CROSS JOIN ", "f.state_reported", "t.id = f.task_id AND "),
            StateTable::AsOf => ("", "st.reported", ""),
        };
        let sql = format!(
            "SELECT d.name, d.government, ps.due, {columns}
             FROM {facts}{from}
             JOIN plan_schedule ps ON ps.plan_id = t.plan_id AND ps.period = :period
             CROSS JOIN task_departments td ON td.task_id = t.id AND {IS_REPORTER}
             JOIN departments d ON d.id = td.department_id
             WHERE {same_task}instr(COALESCE({reported}, ''), ',' || :period || ',') = 0
               AND NOT (COALESCE(st.status, '') = 'done' AND st.done_on <= ps.due)
               AND {SCOPE}
             ORDER BY d.government, d.name, t.plan_id, t.ordinal",
            columns = listed_columns(),
            from = listing.from()
        );
        let params: [(&str, &dyn rusqlite::ToSql); 4] =
            [(":plan", &scope.plan), (":gov", &scope.government), (":year", &scope.year), (":period", &period)];
        let mut out = Vec::new();
        query_each(self, &sql, &params, |r| {
            out.push(MissingReport {
                department: column(r.get(0))?,
                government: column(r.get(1))?,
                report_due: column(r.get(2))?,
                task: listing.task(r, 3)?,
            });
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// Everything one department leads, co-operates on or is responsible
    /// for, leads first; of the plans of one year, if given.
    pub fn department_tasks(
        &self,
        as_of: NaiveDate,
        department: DepartmentId,
        year: Option<i32>,
    ) -> Result<Vec<DepartmentTask>> {
        let listing = self.listing(as_of)?;
        let sql = format!(
            "WITH roles AS (
                SELECT task_id, min(CASE role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 WHEN 'coop' THEN 2 ELSE 3 END) AS rank
                FROM task_departments WHERE department_id = :dept GROUP BY task_id
             )
             SELECT ro.rank, {columns} FROM roles ro JOIN {from}
             WHERE t.id = ro.task_id AND (:year IS NULL OR p.year = :year)
             ORDER BY ro.rank, t.plan_id, t.ordinal",
            columns = listed_columns(),
            from = listing.from()
        );
        let mut out = Vec::new();
        query_each(self, &sql, &[(":dept", &department.0), (":year", &year)], |r| {
            let role = match column(r.get::<_, i64>(0))? {
                0 => Role::Lead,
                1 => Role::Responsible,
                2 => Role::Coop,
                _ => Role::Implementing,
            };
            out.push(DepartmentTask { role, task: listing.task(r, 1)? });
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// The assessor and the names a list prints.
    fn listing(&self, as_of: NaiveDate) -> Result<Listing> {
        Ok(Listing {
            assessor: self.assessor(as_of)?,
            departments: self.names(DEPARTMENT_NAMES)?,
            people: self.names(PEOPLE_NAMES)?,
        })
    }

    /// The name and government of a department.
    pub fn department(&self, id: DepartmentId) -> Result<(String, String)> {
        self.conn
            .query_row("SELECT name, government FROM departments WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(StoreError::sql("读取部门"))
    }
}
