//! Aggregate reports: status counts per plan, category or leader, and the
//! workload of each department or leader, added up from the parts
//! [`super::counting`] counts, and the query helpers every report shares.

use super::assess::IdMap;
use super::counting::{in_order, loads, tally, Groups};
use super::{Result, Store, StoreError};
use crate::model::Role;
use chrono::NaiveDate;
use rusqlite::ToSql;
use serde::Serialize;

/// What the status report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Plan,
    Category,
    Leader,
}

/// Narrows a report to one plan, one government, the plans of one year,
/// or several of these at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub plan: Option<i64>,
    pub government: Option<String>,
    /// The plans issued in this year (an office's store holds every year's).
    pub year: Option<i32>,
}

impl Scope {
    /// Whether a plan, by its id, government and year, is in the scope.
    pub fn covers(&self, plan: i64, government: &str, year: Option<i32>) -> bool {
        self.plan.is_none_or(|p| p == plan)
            && self.government.as_deref().is_none_or(|g| g == government)
            && self.year.is_none_or(|y| year == Some(y))
    }
}

/// Counts of one group of the status report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub group: String,
    /// The plan the group belongs to (for category groups).
    pub plan: Option<String>,
    pub total: u64,
    pub not_started: u64,
    pub in_progress: u64,
    pub done: u64,
    pub lagging: u64,
    pub extended: u64,
    pub ongoing: u64,
    pub green: u64,
    pub yellow: u64,
    pub red: u64,
    /// Tasks past their deadline in force and not done.
    pub overdue: u64,
}

impl StatusCounts {
    /// Adds another group's counts to these.
    pub fn add(&mut self, o: &StatusCounts) {
        self.total += o.total;
        self.not_started += o.not_started;
        self.in_progress += o.in_progress;
        self.done += o.done;
        self.lagging += o.lagging;
        self.extended += o.extended;
        self.ongoing += o.ongoing;
        self.green += o.green;
        self.yellow += o.yellow;
        self.red += o.red;
        self.overdue += o.overdue;
    }

    /// Done over the tasks that can be done (长期坚持 never is), percent.
    pub fn completion_rate(&self) -> Option<f64> {
        let closable = self.total - self.ongoing;
        (closable > 0).then(|| self.done as f64 * 100.0 / closable as f64)
    }
}

/// What the workload report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadBy {
    Department,
    Leader,
}

/// How to order the workload report; each maps to one fixed column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadSort {
    Name,
    Led,
    Open,
    Overdue,
    Missing,
    Red,
}

impl WorkloadSort {
    /// Orders two rows as this sort wants them; the name settles ties.
    fn cmp(self, a: &Workload, b: &Workload) -> std::cmp::Ordering {
        let desc = |f: fn(&Workload) -> u64| f(b).cmp(&f(a));
        let by = match self {
            WorkloadSort::Name => std::cmp::Ordering::Equal,
            WorkloadSort::Led => desc(|w| w.led),
            WorkloadSort::Open => desc(|w| w.open),
            WorkloadSort::Overdue => desc(|w| w.overdue).then(desc(|w| w.open)),
            WorkloadSort::Missing => desc(|w| w.missing),
            WorkloadSort::Red => desc(|w| w.red).then(desc(|w| w.yellow)),
        };
        by.then_with(|| a.name.cmp(&b.name))
    }
}

/// One department's (or leader's) load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Workload {
    pub name: String,
    pub government: String,
    /// Tasks it answers for: as 牵头单位, or as 责任单位 where no lead is named.
    pub led: u64,
    pub coop: u64,
    pub implementing: u64,
    /// Of the tasks it answers for: not done.
    pub open: u64,
    pub done: u64,
    pub overdue: u64,
    /// Tasks it answers for whose last reporting date passed without a report.
    pub missing: u64,
    pub yellow: u64,
    pub red: u64,
}

/// Whether the link `td` (a `task_departments` row) names a unit that
/// answers for its task: a lead, or a responsible unit where the task names
/// no lead; a unit printed twice in the same role counts at its first place.
/// Row by row, so 催报 looks up only its own tasks' links by key.
/// [`reporters`] is the same rule over one task's links in memory, for the
/// counts and the other lists.
pub(super) const IS_REPORTER: &str = "(td.role = 'lead' OR (td.role = 'responsible'
       AND NOT EXISTS (SELECT 1 FROM task_departments l WHERE l.task_id = td.task_id AND l.role = 'lead')))
     AND NOT EXISTS (SELECT 1 FROM task_departments e WHERE e.task_id = td.task_id
       AND e.department_id = td.department_id AND e.role = td.role AND e.position < td.position)";

/// The units that answer for a task, given its links in print order: its
/// leads, else its responsible units; each unit once.
pub(super) fn reporters(links: &[(i64, Role)]) -> impl Iterator<Item = i64> + '_ {
    let answering = if links.iter().any(|(_, r)| *r == Role::Lead) { Role::Lead } else { Role::Responsible };
    links.iter().filter(move |(_, r)| *r == answering).map(|(d, _)| *d)
}

/// Every unit's name by id, for [`Store::names`].
pub(super) const DEPARTMENT_NAMES: &str = "SELECT id, name FROM departments";

/// Every person's name by id, for [`Store::names`].
pub(super) const PEOPLE_NAMES: &str = "SELECT id, name FROM people";

/// Runs a report query with named parameters, handing each row to `f` as
/// it is read. Every report query passes here, so the query-plan test sees
/// them all.
pub(super) fn query_each<E: From<StoreError>>(
    store: &Store,
    sql: &str,
    params: &[(&str, &dyn ToSql)],
    mut f: impl FnMut(&rusqlite::Row<'_>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    #[cfg(test)]
    super::query_plans::record(&store.conn, sql, params);
    let mut stmt = store.conn.prepare(sql).map_err(StoreError::sql("生成报表"))?;
    let mut rows = stmt.query(params).map_err(StoreError::sql("生成报表"))?;
    while let Some(r) = rows.next().map_err(StoreError::sql("生成报表"))? {
        f(r)?;
    }
    Ok(())
}

/// Maps a column read error to the report's error.
pub(super) fn column<T>(v: rusqlite::Result<T>) -> Result<T> {
    v.map_err(StoreError::sql("生成报表"))
}

impl Store {
    /// Status counts and lights per plan, category or leader, as of a day.
    pub fn status_summary(&self, as_of: NaiveDate, by: Grouping, scope: &Scope) -> Result<Vec<StatusCounts>> {
        let assessor = self.assessor(as_of)?;
        let parts = self.in_parts(&assessor, scope, |store, ids| tally(store, &assessor, by, scope, ids))?;
        let mut groups = Groups::default();
        for part in parts {
            for (key, t) in part {
                match groups.get_mut(&key) {
                    Some(group) => group.merge(t),
                    None => {
                        groups.insert(key, t);
                    }
                }
            }
        }
        Ok(in_order(groups.into_values()))
    }

    /// Each department's (or leader's) tasks as of a day.
    pub fn workload(
        &self,
        as_of: NaiveDate,
        by: WorkloadBy,
        sort: WorkloadSort,
        scope: &Scope,
    ) -> Result<Vec<Workload>> {
        let assessor = self.assessor(as_of)?;
        let parts = self.in_parts(&assessor, scope, |store, ids| loads(store, &assessor, by, scope, ids))?;
        let mut loads: IdMap<Workload> = IdMap::default();
        for part in parts {
            for (id, w) in part {
                loads.entry(id).or_default().merge(w);
            }
        }
        self.name_loads(&mut loads, by)?;
        let mut out: Vec<(i64, Workload)> = loads.into_iter().collect();
        out.sort_by(|(a_id, a), (b_id, b)| sort.cmp(a, b).then(a_id.cmp(b_id)));
        Ok(out.into_iter().map(|(_, w)| w).collect())
    }

    /// Every name of a table by id, from [`DEPARTMENT_NAMES`] or
    /// [`PEOPLE_NAMES`]: a province names a few thousand, and a scan over a
    /// million tasks looks them up in memory.
    pub(super) fn names(&self, sql: &str) -> Result<IdMap<String>> {
        let mut stmt = self.conn.prepare(sql).map_err(StoreError::sql("读取名称"))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(StoreError::sql("读取名称"))?;
        rows.collect::<rusqlite::Result<IdMap<String>>>().map_err(StoreError::sql("读取名称"))
    }

    /// Fills in each load's name and government, from the units or the
    /// people by id.
    fn name_loads(&self, loads: &mut IdMap<Workload>, by: WorkloadBy) -> Result<()> {
        let sql = match by {
            WorkloadBy::Department => "SELECT name, government FROM departments WHERE id = ?1",
            WorkloadBy::Leader => "SELECT name, government FROM people WHERE id = ?1",
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sql("读取名称"))?;
        for (id, w) in loads.iter_mut() {
            (w.name, w.government) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(StoreError::sql("读取名称"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Period, Status, TaskId};
    use crate::store::{SourceFile, Stamp};
    use crate::track::Light;
    use crate::track::{Entry, EntryKind};
    use std::collections::HashMap;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 拉萨 2024 (units named 责任单位 where no lead is) and 林芝 2023 (with a
    /// reporting schedule), with a spread of reports: some on time with a
    /// share done, some closed, some extended, most silent.
    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        fill(&mut s);
        s
    }

    /// Imports 拉萨 2024 and 林芝 2023 into `s` and reports on them.
    pub(in crate::store) fn fill(s: &mut Store) {
        let stamp = Stamp { on: day("2024-12-20"), at: "2024-12-20T09:00:00+08:00".into(), by: "测试".into() };
        let files = [
            ("lasa_2024.txt", include_str!("../../data/gazettes/lasa_2024.txt")),
            ("linzhi_2023_no1.txt", include_str!("../../data/gazettes/linzhi_2023_no1.txt")),
        ];
        let batch: Vec<_> = files
            .iter()
            .map(|(name, text)| {
                (SourceFile { name: name.to_string(), sha256: name.to_string() }, crate::read::read_text(text).0)
            })
            .collect();
        let batch: Vec<_> = batch.iter().map(|(source, plans)| (source, plans.as_slice())).collect();
        s.import(&batch, &stamp, &mut |_, _| {}).unwrap();
        for id in (1..=60_i64).chain(101..=140) {
            let mut e = Entry::progress(TaskId(id), day("2024-07-03"), Status::InProgress);
            e.period = (id <= 60).then_some(Period::H1);
            e.percent = Some((id * 7 % 100) as u8);
            match id % 5 {
                0 => {
                    e.kind = EntryKind::Close;
                    e.status = Status::Done;
                    e.evidence = Some("验收".into());
                }
                1 => e.status = Status::Lagging,
                2 => {
                    e.kind = EntryKind::Extend;
                    e.status = Status::Extended;
                    e.new_due = Some(day("2030-12-31"));
                    e.reason = Some("资金未到位".into());
                }
                _ => {}
            }
            s.append(&e, &stamp).unwrap();
        }
    }

    /// Whether a list's 「甲、乙」 names the unit (whose own name may hold a 、).
    fn names(list: &str, unit: &str) -> bool {
        format!("、{list}、").contains(&format!("、{unit}、"))
    }

    /// The counting reports walk the tasks and their links in one pass; the
    /// lists assess each task on its own and name its units from its ids;
    /// 催报 applies the reporter rule in SQL. All three must agree.
    #[test]
    fn counts_agree_with_the_assessed_list() {
        let s = store();
        let as_of = day("2026-01-31");
        let scope = Scope::default();
        let tasks = s.assessed_tasks(as_of, &scope).unwrap();
        assert_eq!(tasks.len(), 100 + 116);
        let lights = |l: Light| tasks.iter().filter(|t| t.assessment.light == l).count() as u64;
        let spread = [Light::Red, Light::Yellow, Light::Green].map(lights);
        assert!(spread.iter().all(|n| *n > 0), "{spread:?}");

        let plans = s.status_summary(as_of, Grouping::Plan, &scope).unwrap();
        let sum = |f: fn(&StatusCounts) -> u64| plans.iter().map(f).sum::<u64>();
        assert_eq!(sum(|c| c.total), tasks.len() as u64);
        assert_eq!(sum(|c| c.red), lights(Light::Red));
        assert_eq!(sum(|c| c.yellow), lights(Light::Yellow));
        let done = tasks.iter().filter(|t| t.assessment.status == Status::Done).count() as u64;
        assert_eq!((sum(|c| c.done), done), (20, 20));
        let overdue = tasks
            .iter()
            .filter(|t| t.assessment.status != Status::Done && t.assessment.days_left.is_some_and(|d| d < 0))
            .count();
        assert_eq!(sum(|c| c.overdue), overdue as u64);
        assert_eq!(s.overdue(as_of, &scope).unwrap().len(), overdue);

        let loads = s.workload(as_of, WorkloadBy::Department, WorkloadSort::Led, &scope).unwrap();
        assert!(loads.len() > 20, "{}", loads.len());
        let government: HashMap<String, String> =
            s.plans().unwrap().into_iter().map(|p| (p.title, p.government)).collect();
        for w in &loads {
            let led: Vec<_> =
                tasks.iter().filter(|t| government[&t.plan] == w.government && names(&t.reporters, &w.name)).collect();
            let red = led.iter().filter(|t| t.assessment.light == Light::Red).count() as u64;
            let missing = led.iter().filter(|t| t.assessment.missed_reports > 0).count() as u64;
            assert_eq!((w.led, w.red, w.missing), (led.len() as u64, red, missing), "{}", w.name);
        }
        assert!(loads.windows(2).all(|p| p[0].led >= p[1].led), "sorted by tasks led");

        // 催报 finds each owing task's units with the reporter rule in SQL:
        // the tasks of the plan that set 上半年, not reported for it and not
        // closed by its date, once per unit that answers for them.
        let plan = s.plans().unwrap().into_iter().find(|p| p.schedule.iter().any(|d| d.period == "h1")).unwrap();
        let due: NaiveDate = plan.schedule.iter().find(|d| d.period == "h1").unwrap().due.parse().unwrap();
        let units = s.departments(Some(&plan.government)).unwrap();
        let mut chased: Vec<(String, i64)> =
            s.missing_reports(as_of, "h1", &scope).unwrap().into_iter().map(|m| (m.department, m.task.id)).collect();
        let mut owed: Vec<(String, i64)> = tasks
            .iter()
            .filter(|t| t.plan == plan.title && !t.assessment.reported.iter().any(|p| p == "h1"))
            .filter(|t| t.assessment.done_on.is_none_or(|d| d > due))
            .flat_map(|t| units.iter().filter(|u| names(&t.reporters, &u.name)).map(|u| (u.name.clone(), t.id)))
            .collect();
        chased.sort();
        owed.sort();
        assert!(chased.len() > 100, "{}", chased.len());
        assert_eq!(chased, owed);
    }
}
