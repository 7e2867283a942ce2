//! Aggregate reports: status counts per plan, category or leader, and the
//! workload of each department or leader. One pass reads every task's
//! facts; lights are judged in Rust and counted in maps, so the cost is a
//! scan of the tasks and, for workloads, of their links in task order.

use super::assess::{with_state, Assessor, Core, IdMap, Judged, CORE_COLUMNS, CORE_WIDTH};
use super::parts::Plans;
use super::{Result, Store, StoreError};
use crate::model::{Role, Status};
use crate::track::Light;
use chrono::NaiveDate;
use rusqlite::ToSql;
use serde::Serialize;
use std::collections::HashMap;

/// What the status report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Plan,
    Category,
    Leader,
}

/// Narrows a report to one plan or one government.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub plan: Option<i64>,
    pub government: Option<String>,
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

/// Every task of the scope with what judging it needs and its judgement.
/// `extra` columns follow [`CORE_COLUMNS`], from column [`CORE_WIDTH`].
fn scan_tasks(
    store: &Store,
    assessor: &Assessor,
    scope: &Scope,
    plans: Plans,
    extra: &str,
    mut f: impl FnMut(&Core<'_>, Judged, &rusqlite::Row<'_>) -> Result<()>,
) -> Result<()> {
    let plan = if scope.plan.is_some() { " AND t.plan_id = :plan" } else { "" };
    let sql =
        format!("SELECT {CORE_COLUMNS}{extra} FROM {} WHERE true{plan}{}", with_state(assessor.state), plans.filter());
    let mut params = plans.params();
    if scope.plan.is_some() {
        params.push((":plan", &scope.plan));
    }
    query_each(store, &sql, &params, |r| {
        let facts = column(Core::read(r, 0))?;
        if assessor.in_government(facts.plan_id, scope.government.as_deref()) {
            let judged = assessor.judge(&facts);
            f(&facts, judged, r)?;
        }
        Ok(())
    })
}

/// The plan and judgement of every task of the scope, sorted by task id:
/// 24 bytes a task, where a hash map took over 80 MiB at a million.
struct Judgements(Vec<(i64, i64, Judged)>);

impl Judgements {
    fn of_scope(store: &Store, assessor: &Assessor, scope: &Scope, plans: Plans) -> Result<Judgements> {
        let mut all = Vec::new();
        scan_tasks(store, assessor, scope, plans, "", |f, j, _| {
            all.push((f.task_id, f.plan_id, j));
            Ok(())
        })?;
        all.sort_unstable_by_key(|(task, _, _)| *task);
        Ok(Judgements(all))
    }

    /// The first and last task id judged: where to look for their links.
    fn bounds(&self) -> Option<(i64, i64)> {
        Some((self.0.first()?.0, self.0.last()?.0))
    }

    /// The plan and judgement of a task, if it is in the scope.
    fn get(&self, task: i64) -> Option<(i64, &Judged)> {
        let i = self.0.binary_search_by_key(&task, |(t, _, _)| *t).ok()?;
        self.0.get(i).map(|(_, plan, j)| (*plan, j))
    }
}

/// Hands `each` the links of every judged task, from a query that returns
/// `task_id` and one value per link, ordered by task, and takes the judged
/// tasks' first and last id as `:first` and `:last`; one slice per task.
fn per_task<T>(
    store: &Store,
    sql: &str,
    judged: &Judgements,
    read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    mut each: impl FnMut(i64, (i64, &Judged), &[T]),
) -> Result<()> {
    let Some((first, last)) = judged.bounds() else { return Ok(()) };
    let mut current = None;
    let mut links = Vec::new();
    let mut each = |task: i64, links: &[T]| {
        if let Some(j) = judged.get(task) {
            each(task, j, links);
        }
    };
    query_each(store, sql, &[(":first", &first), (":last", &last)], |r| {
        let task: i64 = column(r.get(0))?;
        if current != Some(task) {
            if let Some(done) = current {
                each(done, &links);
            }
            links.clear();
            current = Some(task);
        }
        links.push(column(read(r))?);
        Ok::<(), StoreError>(())
    })?;
    if let Some(done) = current {
        each(done, &links);
    }
    Ok(())
}

/// A group's counts with where it first appears, which orders groups: its
/// first plan and task, and for a leader the place among the task's leaders.
struct Tally {
    first: (i64, i64, usize),
    counts: StatusCounts,
}

impl Tally {
    fn new(group: String, plan: Option<String>) -> Tally {
        Tally { first: (i64::MAX, i64::MAX, 0), counts: StatusCounts { group, plan, ..StatusCounts::default() } }
    }

    /// Adds the same group's tally from another part of the tasks.
    fn merge(&mut self, other: Tally) {
        self.first = self.first.min(other.first);
        self.counts.add(&other.counts);
    }

    /// Counts a task, `at` its plan, id and the group's place on it.
    fn add(&mut self, at: (i64, i64, usize), j: &Judged) {
        self.first = self.first.min(at);
        let c = &mut self.counts;
        c.total += 1;
        match j.status {
            Status::NotStarted => c.not_started += 1,
            Status::InProgress => c.in_progress += 1,
            Status::Done => c.done += 1,
            Status::Lagging => c.lagging += 1,
            Status::Extended => c.extended += 1,
            Status::Ongoing => c.ongoing += 1,
        }
        match j.light {
            Light::Green => c.green += 1,
            Light::Yellow => c.yellow += 1,
            Light::Red => c.red += 1,
        }
        c.overdue += u64::from(j.overdue());
    }
}

/// Groups in the order they first appear.
fn in_order(tallies: impl IntoIterator<Item = Tally>) -> Vec<StatusCounts> {
    let mut all: Vec<Tally> = tallies.into_iter().collect();
    all.sort_by_key(|t| t.first);
    all.into_iter().map(|t| t.counts).collect()
}

impl Workload {
    /// Adds the same unit's load from another part of the tasks.
    fn merge(&mut self, o: Workload) {
        self.led += o.led;
        self.coop += o.coop;
        self.implementing += o.implementing;
        self.open += o.open;
        self.done += o.done;
        self.overdue += o.overdue;
        self.missing += o.missing;
        self.yellow += o.yellow;
        self.red += o.red;
    }

    /// Counts a task this unit or leader answers for.
    fn answer_for(&mut self, j: &Judged) {
        self.led += 1;
        self.open += u64::from(j.status != Status::Done);
        self.done += u64::from(j.status == Status::Done);
        self.overdue += u64::from(j.overdue());
        self.missing += u64::from(j.missed > 0);
        self.yellow += u64::from(j.light == Light::Yellow);
        self.red += u64::from(j.light == Light::Red);
    }
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
        let names = match by {
            WorkloadBy::Department => NameTable::Departments,
            WorkloadBy::Leader => NameTable::People,
        };
        self.name_loads(&mut loads, names)?;
        let mut out: Vec<(i64, Workload)> = loads.into_iter().collect();
        out.sort_by(|(a_id, a), (b_id, b)| sort.cmp(a, b).then(a_id.cmp(b_id)));
        Ok(out.into_iter().map(|(_, w)| w).collect())
    }

    /// Fills in each load's name and government from `table` (by id).
    fn name_loads(&self, loads: &mut IdMap<Workload>, table: NameTable) -> Result<()> {
        let sql = match table {
            NameTable::Departments => "SELECT name, government FROM departments WHERE id = ?1",
            NameTable::People => "SELECT name, government FROM people WHERE id = ?1",
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sql("读取名称"))?;
        for (id, w) in loads.iter_mut() {
            (w.name, w.government) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(StoreError::sql("读取名称"))?;
        }
        Ok(())
    }
}

/// Where a workload's names come from.
enum NameTable {
    Departments,
    People,
}

/// Status groups of one part of the tasks, keyed by plan and group name
/// (a plan's group by its id alone, a leader's by the name alone).
type Groups = HashMap<(i64, String), Tally>;

/// The status groups of the scope's tasks in `plans`.
fn tally(store: &Store, assessor: &Assessor, by: Grouping, scope: &Scope, plans: Plans) -> Result<Groups> {
    let label = |plan: i64| assessor.plan(plan).map(|p| (p.title.clone(), p.doc_no.clone())).unwrap_or_default();
    let mut groups = Groups::default();
    match by {
        Grouping::Plan => {
            let mut tallies: IdMap<Tally> = IdMap::default();
            scan_tasks(store, assessor, scope, plans, "", |f, j, _| {
                let tally = tallies.entry(f.plan_id).or_insert_with(|| {
                    let (title, doc_no) = label(f.plan_id);
                    Tally::new(title, doc_no)
                });
                tally.add((f.plan_id, f.task_id, 0), &j);
                Ok(())
            })?;
            groups.extend(tallies.into_iter().map(|(plan, t)| ((plan, String::new()), t)));
        }
        Grouping::Category => {
            let mut tallies: IdMap<HashMap<String, Tally>> = IdMap::default();
            let first = ", COALESCE(json_extract(t.category, '$[0]'), '（未分类）')";
            scan_tasks(store, assessor, scope, plans, first, |f, j, r| {
                let category = column(r.get_ref(CORE_WIDTH).and_then(|v| Ok(v.as_str()?)))?;
                let plan = tallies.entry(f.plan_id).or_default();
                if !plan.contains_key(category) {
                    plan.insert(category.to_string(), Tally::new(category.to_string(), Some(label(f.plan_id).0)));
                }
                if let Some(t) = plan.get_mut(category) {
                    t.add((f.plan_id, f.task_id, 0), &j);
                }
                Ok(())
            })?;
            for (plan, categories) in tallies {
                groups.extend(categories.into_iter().map(|(name, t)| ((plan, name), t)));
            }
        }
        Grouping::Leader => {
            let judged = Judgements::of_scope(store, assessor, scope, plans)?;
            let read = |r: &rusqlite::Row<'_>| Ok((r.get::<_, i64>(1)?, r.get::<_, String>(2)?));
            per_task(store, LEADERS, &judged, read, |task, (plan, j), people| {
                for (i, (person, name)) in people.iter().enumerate() {
                    if people[..i].iter().all(|(p, _)| p != person) {
                        let tally = groups.entry((0, name.clone())).or_insert_with(|| Tally::new(name.clone(), None));
                        tally.add((plan, task, i), j);
                    }
                }
            })?;
        }
    }
    Ok(groups)
}

/// The load of each department or leader (by id, not yet named) from the
/// scope's tasks in `plans`.
fn loads(store: &Store, assessor: &Assessor, by: WorkloadBy, scope: &Scope, plans: Plans) -> Result<IdMap<Workload>> {
    let judged = Judgements::of_scope(store, assessor, scope, plans)?;
    let mut loads: IdMap<Workload> = IdMap::default();
    match by {
        WorkloadBy::Department => {
            let sql = "SELECT task_id, department_id, role FROM task_departments
                       WHERE task_id BETWEEN :first AND :last ORDER BY task_id, position";
            let read = |r: &rusqlite::Row<'_>| {
                let role = r.get_ref(2)?.as_str()?;
                Ok((r.get::<_, i64>(1)?, Role::parse(role).unwrap_or(Role::Coop)))
            };
            per_task(store, sql, &judged, read, |_, (_, j), links| {
                let mut seen: Vec<(i64, u8)> = Vec::with_capacity(links.len());
                let mut once = |dept: i64, kind: u8| {
                    let new = !seen.contains(&(dept, kind));
                    seen.push((dept, kind));
                    new
                };
                for dept in reporters(links) {
                    if once(dept, 0) {
                        loads.entry(dept).or_default().answer_for(j);
                    }
                }
                for (dept, role) in links {
                    match role {
                        Role::Coop if once(*dept, 1) => loads.entry(*dept).or_default().coop += 1,
                        Role::Implementing if once(*dept, 2) => loads.entry(*dept).or_default().implementing += 1,
                        _ => {}
                    }
                }
            })?;
        }
        WorkloadBy::Leader => {
            let read = |r: &rusqlite::Row<'_>| r.get::<_, i64>(1);
            per_task(store, LEADERS, &judged, read, |_, (_, j), people| {
                for (i, person) in people.iter().enumerate() {
                    if !people[..i].contains(person) {
                        loads.entry(*person).or_default().answer_for(j);
                    }
                }
            })?;
        }
    }
    Ok(loads)
}

/// Each judged task's leaders in print order (see [`per_task`]).
const LEADERS: &str =
    "SELECT tp.task_id, tp.person_id, pe.name FROM task_people tp JOIN people pe ON pe.id = tp.person_id
     WHERE tp.role = 'leader' AND tp.task_id BETWEEN :first AND :last ORDER BY tp.task_id, tp.position";

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Period, TaskId};
    use crate::store::{SourceFile, Stamp};
    use crate::track::{Entry, EntryKind};

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
