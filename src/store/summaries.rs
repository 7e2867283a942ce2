//! Aggregate reports, computed in SQL over the assessment: status counts
//! per plan, category or leader, and the workload of each department or
//! leader.

use super::assess::{assessed_cte, rule_params};
use super::{Result, Store, StoreError};
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
    fn order_by(self) -> &'static str {
        match self {
            WorkloadSort::Name => "name",
            WorkloadSort::Led => "led DESC, name",
            WorkloadSort::Open => "open DESC, name",
            WorkloadSort::Overdue => "overdue DESC, open DESC, name",
            WorkloadSort::Missing => "missing DESC, name",
            WorkloadSort::Red => "red DESC, yellow DESC, name",
        }
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
/// Row by row, so a list looks up only its own tasks' links by key.
pub(super) const IS_REPORTER: &str = "(td.role = 'lead' OR (td.role = 'responsible'
       AND NOT EXISTS (SELECT 1 FROM task_departments l WHERE l.task_id = td.task_id AND l.role = 'lead')))
     AND NOT EXISTS (SELECT 1 FROM task_departments e WHERE e.task_id = td.task_id
       AND e.department_id = td.department_id AND e.role = td.role AND e.position < td.position)";

/// The units that answer for each task, for reports that group by unit.
fn reporters_cte() -> String {
    format!(
        ", reporters AS (SELECT DISTINCT td.task_id, td.department_id FROM task_departments td WHERE {IS_REPORTER}) "
    )
}

/// Runs a report query with the assessment's parameters plus `extra`.
pub(super) fn query_rows<T>(
    store: &Store,
    sql: &str,
    as_of: NaiveDate,
    extra: &[(&str, &dyn ToSql)],
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    query_each(store, sql, as_of, extra, map, |row| {
        out.push(row);
        Ok::<(), StoreError>(())
    })?;
    Ok(out)
}

/// As [`query_rows`], handing each row to `f` as it is read.
pub(super) fn query_each<T, E: From<StoreError>>(
    store: &Store,
    sql: &str,
    as_of: NaiveDate,
    extra: &[(&str, &dyn ToSql)],
    mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    mut f: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let rules = store.rules()?;
    let rp = rule_params(as_of, &rules);
    let mut params: Vec<(&str, &dyn ToSql)> = rp.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect();
    params.extend_from_slice(extra);
    #[cfg(test)]
    super::query_plans::record(&store.conn, sql, params.as_slice());
    let mut stmt = store.conn.prepare(sql).map_err(StoreError::sql("生成报表"))?;
    let mut rows = stmt.query(params.as_slice()).map_err(StoreError::sql("生成报表"))?;
    while let Some(r) = rows.next().map_err(StoreError::sql("生成报表"))? {
        f(map(r).map_err(StoreError::sql("生成报表"))?)?;
    }
    Ok(())
}

const SCOPE: &str = "(:plan IS NULL OR a.plan_id = :plan)
     AND (:gov IS NULL OR a.plan_id IN (SELECT id FROM plans WHERE government = :gov))";

const COUNTS: &str = "count(*), sum(a.status = 'not_started'), sum(a.status = 'in_progress'), sum(a.status = 'done'),
     sum(a.status = 'lagging'), sum(a.status = 'extended'), sum(a.status = 'ongoing'),
     sum(a.light = 'green'), sum(a.light = 'yellow'), sum(a.light = 'red'),
     sum(a.status <> 'done' AND a.days_left < 0)";

fn counts(r: &rusqlite::Row<'_>, group: String, plan: Option<String>) -> rusqlite::Result<StatusCounts> {
    let n = |i: usize| r.get::<_, Option<u64>>(i).map(|v| v.unwrap_or(0));
    Ok(StatusCounts {
        group,
        plan,
        total: n(2)?,
        not_started: n(3)?,
        in_progress: n(4)?,
        done: n(5)?,
        lagging: n(6)?,
        extended: n(7)?,
        ongoing: n(8)?,
        green: n(9)?,
        yellow: n(10)?,
        red: n(11)?,
        overdue: n(12)?,
    })
}

impl Store {
    /// Status counts and lights per plan, category or leader, as of a day.
    pub fn status_summary(&self, as_of: NaiveDate, by: Grouping, scope: &Scope) -> Result<Vec<StatusCounts>> {
        let table = self.state_as_of(as_of)?;
        let (key, plan, from, group) = match by {
            Grouping::Plan => ("p.title", "p.doc_no", "assessed a JOIN plans p ON p.id = a.plan_id", "a.plan_id"),
            Grouping::Category => (
                "COALESCE(json_extract(t.category, '$[0]'), '（未分类）')",
                "p.title",
                "assessed a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = a.plan_id",
                "a.plan_id, 1",
            ),
            Grouping::Leader => (
                "pe.name",
                "NULL",
                "assessed a JOIN task_people tp ON tp.task_id = a.task_id AND tp.role = 'leader'
                 JOIN people pe ON pe.id = tp.person_id",
                "pe.name",
            ),
        };
        let sql = format!(
            "{cte} SELECT {key}, {plan}, {COUNTS} FROM {from} WHERE {SCOPE} GROUP BY {group} ORDER BY min(a.plan_id), min(a.task_id)",
            cte = assessed_cte(table)
        );
        query_rows(self, &sql, as_of, &[(":plan", &scope.plan), (":gov", &scope.government)], |r| {
            counts(r, r.get(0)?, r.get(1)?)
        })
    }

    /// Each department's (or leader's) tasks as of a day.
    pub fn workload(
        &self,
        as_of: NaiveDate,
        by: WorkloadBy,
        sort: WorkloadSort,
        scope: &Scope,
    ) -> Result<Vec<Workload>> {
        let table = self.state_as_of(as_of)?;
        let body = match by {
            WorkloadBy::Department => format!(
                "{reporters}, links AS (
                    SELECT rp.department_id, rp.task_id, 'led' AS role FROM reporters rp
                    UNION ALL
                    SELECT td.department_id, td.task_id, td.role FROM task_departments td WHERE td.role IN ('coop', 'implementing')
                 )
                 SELECT d.name AS name, d.government AS government,
                        count(DISTINCT CASE WHEN l.role = 'led' THEN a.task_id END) AS led,
                        count(DISTINCT CASE WHEN l.role = 'coop' THEN a.task_id END) AS coop,
                        count(DISTINCT CASE WHEN l.role = 'implementing' THEN a.task_id END) AS implementing,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.status <> 'done' THEN a.task_id END) AS open,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.status = 'done' THEN a.task_id END) AS done,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.status <> 'done' AND a.days_left < 0 THEN a.task_id END) AS overdue,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.missed > 0 THEN a.task_id END) AS missing,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.light = 'yellow' THEN a.task_id END) AS yellow,
                        count(DISTINCT CASE WHEN l.role = 'led' AND a.light = 'red' THEN a.task_id END) AS red
                 FROM links l JOIN assessed a ON a.task_id = l.task_id
                 JOIN departments d ON d.id = l.department_id
                 WHERE {SCOPE} GROUP BY d.id",
                reporters = reporters_cte()
            ),
            WorkloadBy::Leader => format!(
                "SELECT pe.name AS name, pe.government AS government,
                        count(DISTINCT a.task_id) AS led, 0 AS coop, 0 AS implementing,
                        count(DISTINCT CASE WHEN a.status <> 'done' THEN a.task_id END) AS open,
                        count(DISTINCT CASE WHEN a.status = 'done' THEN a.task_id END) AS done,
                        count(DISTINCT CASE WHEN a.status <> 'done' AND a.days_left < 0 THEN a.task_id END) AS overdue,
                        count(DISTINCT CASE WHEN a.missed > 0 THEN a.task_id END) AS missing,
                        count(DISTINCT CASE WHEN a.light = 'yellow' THEN a.task_id END) AS yellow,
                        count(DISTINCT CASE WHEN a.light = 'red' THEN a.task_id END) AS red
                 FROM task_people tp JOIN people pe ON pe.id = tp.person_id
                 JOIN assessed a ON a.task_id = tp.task_id
                 WHERE tp.role = 'leader' AND {SCOPE} GROUP BY pe.id"
            ),
        };
        let sql = format!("{cte}{body} ORDER BY {order}", cte = assessed_cte(table), order = sort.order_by());
        query_rows(self, &sql, as_of, &[(":plan", &scope.plan), (":gov", &scope.government)], |r| {
            Ok(Workload {
                name: r.get(0)?,
                government: r.get(1)?,
                led: r.get(2)?,
                coop: r.get(3)?,
                implementing: r.get(4)?,
                open: r.get(5)?,
                done: r.get(6)?,
                overdue: r.get(7)?,
                missing: r.get(8)?,
                yellow: r.get(9)?,
                red: r.get(10)?,
            })
        })
    }
}
