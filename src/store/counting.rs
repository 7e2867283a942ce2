//! Counting one part of the tasks (all of them, or one half of the plans;
//! see [`super::parts`]) for the status and workload reports: one scan of
//! the tasks' facts, with their packed units or leaders where a report
//! needs them ([`super::packed`]), judged and counted in Rust. The reports
//! add the parts up.

use super::assess::{Assessor, Core, IdMap, Judged, Judging};
use super::packed::{unpack_ids, unpack_links};
use super::parts::Plans;
use super::summaries::{
    column, query_each, reporters, Grouping, Scope, StatusCounts, Workload, WorkloadBy, PEOPLE_NAMES,
};
use super::{Result, Store};
use crate::model::{Role, Status};
use crate::track::Light;
use std::collections::HashMap;

/// What a scan reads after the judging columns ([`Judging::width`]).
#[derive(Clone, Copy)]
enum Extra {
    Nothing,
    Links,
    Leaders,
    /// The outermost category, from the task row.
    Category,
}

impl Extra {
    fn column(self) -> &'static str {
        match self {
            Extra::Nothing => "",
            Extra::Links => ", t.links",
            Extra::Leaders => ", t.leaders",
            Extra::Category => ", COALESCE(json_extract(t.category, '$[0]'), '（未分类）')",
        }
    }
}

/// Every task of the scope with what judging it needs, its judgement and
/// the [`Extra`] column it asked for as bytes (empty for none; the packed
/// ones are read without checking them as UTF-8, see [`super::packed`]).
fn scan_tasks(
    store: &Store,
    assessor: &Assessor,
    scope: &Scope,
    plans: Plans,
    extra: Extra,
    mut f: impl FnMut(&Core<'_>, Judged, &[u8]) -> Result<()>,
) -> Result<()> {
    let plan = if scope.plan.is_some() { " AND t.plan_id = :plan" } else { "" };
    let judging = Judging::of(assessor.state, matches!(extra, Extra::Category));
    let (columns, from) = judging.select(assessor.state);
    let sql = format!("SELECT {columns}{} FROM {from} WHERE true{plan}{}", extra.column(), plans.filter());
    let mut params = plans.params();
    if scope.plan.is_some() {
        params.push((":plan", &scope.plan));
    }
    let wanted = !matches!(extra, Extra::Nothing);
    query_each(store, &sql, &params, |r| {
        let facts = column(judging.read(r))?;
        if assessor.in_scope(facts.plan_id, scope) {
            let judged = assessor.judge(&facts);
            let bytes = if wanted { column(r.get_ref(judging.width()).and_then(|v| Ok(v.as_bytes()?)))? } else { &[] };
            f(&facts, judged, bytes)?;
        }
        Ok(())
    })
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
            scan_tasks(store, assessor, scope, plans, Extra::Nothing, |f, j, _| {
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
            scan_tasks(store, assessor, scope, plans, Extra::Category, |f, j, bytes| {
                let category = column(std::str::from_utf8(bytes).map_err(rusqlite::Error::Utf8Error))?;
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
            let names = store.names(PEOPLE_NAMES)?;
            let mut people = Vec::new();
            scan_tasks(store, assessor, scope, plans, Extra::Leaders, |f, j, packed| {
                unpack_ids(packed, &mut people);
                for (i, person) in people.iter().enumerate() {
                    let Some(name) = names.get(person) else { continue };
                    if !people[..i].contains(person) {
                        let tally = groups.entry((0, name.clone())).or_insert_with(|| Tally::new(name.clone(), None));
                        tally.add((f.plan_id, f.task_id, i), &j);
                    }
                }
                Ok(())
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
    let mut loads: IdMap<Workload> = IdMap::default();
    match by {
        WorkloadBy::Department => {
            let (mut links, mut seen) = (Vec::new(), Vec::new());
            scan_tasks(store, assessor, scope, plans, Extra::Links, |_, j, packed| {
                unpack_links(packed, &mut links);
                seen.clear();
                let mut once = |dept: i64, kind: u8| {
                    let new = !seen.contains(&(dept, kind));
                    seen.push((dept, kind));
                    new
                };
                for dept in reporters(&links) {
                    if once(dept, 0) {
                        loads.entry(dept).or_default().answer_for(&j);
                    }
                }
                for (dept, role) in &links {
                    match role {
                        Role::Coop if once(*dept, 1) => loads.entry(*dept).or_default().coop += 1,
                        Role::Implementing if once(*dept, 2) => loads.entry(*dept).or_default().implementing += 1,
                        _ => {}
                    }
                }
                Ok(())
            })?;
        }
        WorkloadBy::Leader => {
            let mut people = Vec::new();
            scan_tasks(store, assessor, scope, plans, Extra::Leaders, |_, j, packed| {
                unpack_ids(packed, &mut people);
                for (i, person) in people.iter().enumerate() {
                    if !people[..i].contains(person) {
                        loads.entry(*person).or_default().answer_for(&j);
                    }
                }
                Ok(())
            })?;
        }
    }
    Ok(loads)
}
