//! Counting one part of the tasks (all of them, or one half of the plans;
//! see [`super::parts`]) for the status and workload reports: one scan of
//! the tasks' facts, judged in Rust, and for workloads and leaders one scan
//! of their links in task order. The reports add the parts up.

use super::assess::{with_state, Assessor, Core, IdMap, Judged, CORE_COLUMNS, CORE_WIDTH};
use super::parts::Plans;
use super::summaries::{column, query_each, reporters, Grouping, Scope, StatusCounts, Workload, WorkloadBy};
use super::{Result, Store, StoreError};
use crate::model::{Role, Status};
use crate::track::Light;
use std::collections::HashMap;

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
pub(super) struct Tally {
    first: (i64, i64, usize),
    counts: StatusCounts,
}

impl Tally {
    fn new(group: String, plan: Option<String>) -> Tally {
        Tally { first: (i64::MAX, i64::MAX, 0), counts: StatusCounts { group, plan, ..StatusCounts::default() } }
    }

    /// Adds the same group's tally from another part of the tasks.
    pub(super) fn merge(&mut self, other: Tally) {
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
pub(super) fn in_order(tallies: impl IntoIterator<Item = Tally>) -> Vec<StatusCounts> {
    let mut all: Vec<Tally> = tallies.into_iter().collect();
    all.sort_by_key(|t| t.first);
    all.into_iter().map(|t| t.counts).collect()
}

impl Workload {
    /// Adds the same unit's load from another part of the tasks.
    pub(super) fn merge(&mut self, o: Workload) {
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

/// Status groups of one part of the tasks, keyed by plan and group name
/// (a plan's group by its id alone, a leader's by the name alone).
pub(super) type Groups = HashMap<(i64, String), Tally>;

/// The status groups of the scope's tasks in `plans`.
pub(super) fn tally(store: &Store, assessor: &Assessor, by: Grouping, scope: &Scope, plans: Plans) -> Result<Groups> {
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
pub(super) fn loads(
    store: &Store,
    assessor: &Assessor,
    by: WorkloadBy,
    scope: &Scope,
    plans: Plans,
) -> Result<IdMap<Workload>> {
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
