//! A scan of every task shared between two cores. The counting reports are
//! sums over tasks, so the tasks of each half of the plans can be counted on
//! their own connection and the halves added: at a million tasks a status
//! report is then one half-scan long instead of a whole one. Halves are
//! plans, not task ids, so each still reads the narrow index of task facts
//! (by plan) rather than the table with the texts.
//!
//! Only a file store's current state is shared this way: an in-memory
//! store cannot be opened twice, and a past day's state is rebuilt into a
//! temporary table only this connection sees. Each half reads its own
//! snapshot, so a report running while a sheet is loaded may count one half
//! before the load and the other after it, as it may already read the rules
//! and the tasks a moment apart.

use super::assess::{Assessor, StateTable};
use super::{Result, Scope, Store, StoreError};
use rusqlite::{Connection, OpenFlags, ToSql};
use std::path::Path;
use std::time::Duration;

/// From how many tasks (by the highest task id) a scan is shared: below
/// it, a second connection costs more than the half-scan it saves.
pub(super) const SHARE_FROM: i64 = 50_000;

/// The plans (by id) whose tasks a scan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Plans {
    All,
    /// From the first id to the second, both included.
    Range(i64, i64),
}

impl Plans {
    /// SQL narrowing the tasks `t` to these plans, as `AND …`; nothing for
    /// all.
    pub(super) fn filter(self) -> &'static str {
        match self {
            Plans::All => "",
            Plans::Range(..) => " AND t.plan_id BETWEEN :plan_lo AND :plan_hi",
        }
    }

    /// The parameters [`Plans::filter`] names.
    pub(super) fn params(&self) -> Vec<(&'static str, &dyn ToSql)> {
        match self {
            Plans::All => Vec::new(),
            Plans::Range(lo, hi) => vec![(":plan_lo", lo as &dyn ToSql), (":plan_hi", hi as &dyn ToSql)],
        }
    }
}

impl Store {
    /// Runs `part` over every task of the scope: on this connection alone,
    /// or, for a large file store, over the lower half of the plans here
    /// and the upper half on a second, read-only connection in another
    /// thread. The caller adds up the parts.
    pub(super) fn in_parts<T: Send>(
        &self,
        assessor: &Assessor,
        scope: &Scope,
        part: impl Fn(&Store, Plans) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let Some((path, first_upper)) = self.split(assessor, scope)? else {
            return Ok(vec![part(self, Plans::All)?]);
        };
        std::thread::scope(|s| {
            let upper = s.spawn(|| part(&Store::reader(path)?, Plans::Range(first_upper, i64::MAX)));
            let lower = part(self, Plans::Range(i64::MIN, first_upper - 1));
            let upper = upper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok(vec![lower?, upper?])
        })
    }

    /// Where to split a scan, if it is worth sharing: the store's file and
    /// the first plan of the upper half, the plan of the middle task id (a
    /// plan's tasks are numbered together when it is imported).
    pub(super) fn split(&self, assessor: &Assessor, scope: &Scope) -> Result<Option<(&Path, i64)>> {
        let Some(path) = self.path.as_deref() else { return Ok(None) };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if scope.plan.is_some() || assessor.state != StateTable::Current || cores < 2 {
            return Ok(None);
        }
        let middle: Option<(i64, i64)> = self
            .conn
            .query_row(
                "WITH ids AS (SELECT (SELECT min(id) FROM tasks) AS first, (SELECT max(id) FROM tasks) AS last)
                 SELECT last, (SELECT plan_id FROM tasks WHERE id >= (first + last) / 2 ORDER BY id LIMIT 1) FROM ids",
                [],
                |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get(1)?)),
            )
            .map_err(StoreError::sql("统计任务数"))?;
        Ok(middle.filter(|(last, _)| *last >= self.share_from).map(|(_, plan)| (path, plan)))
    }

    /// A second connection to the store's file that only reads: the schema
    /// is already current, as this process opened the store first.
    pub(super) fn reader(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::NotADatabase { path: path.to_path_buf(), reason: e.to_string() })?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(StoreError::sql("打开只读连接"))?;
        Ok(Store { conn, path: None, share_from: SHARE_FROM })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AssessedTask, Grouping, StatusCounts, Workload, WorkloadBy, WorkloadSort};
    use chrono::NaiveDate;

    /// Status counts, workloads and overdue lists.
    type Reports = (Vec<Vec<StatusCounts>>, Vec<Vec<Workload>>, Vec<Vec<AssessedTask>>);

    /// Every counting report and the overdue list, for the whole store and
    /// for one government.
    fn reports(s: &Store) -> Reports {
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let scopes = [
            Scope::default(),
            Scope { government: Some("林芝市".into()), ..Scope::default() },
            Scope { year: Some(2024), ..Scope::default() },
        ];
        let mut status = Vec::new();
        let mut loads = Vec::new();
        let mut overdue = Vec::new();
        for scope in &scopes {
            overdue.push(s.overdue(as_of, scope).unwrap());
            for by in [Grouping::Plan, Grouping::Category, Grouping::Leader] {
                status.push(s.status_summary(as_of, by, scope).unwrap());
            }
            for by in [WorkloadBy::Department, WorkloadBy::Leader] {
                loads.push(s.workload(as_of, by, WorkloadSort::Name, scope).unwrap());
            }
        }
        (status, loads, overdue)
    }

    #[test]
    fn two_connections_count_what_one_counts() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("duban.db")).unwrap();
        crate::store::summaries::tests::fill(&mut s);
        let assessor = s.assessor(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()).unwrap();
        let whole = Scope::default();

        s.share_from = i64::MAX;
        assert!(s.split(&assessor, &whole).unwrap().is_none(), "a small store is scanned once");
        let once = reports(&s);

        s.share_from = 1;
        let (_, upper) = s.split(&assessor, &whole).unwrap().expect("shared");
        let below: i64 =
            s.conn.query_row("SELECT count(*) FROM tasks WHERE plan_id < ?1", [upper], |r| r.get(0)).unwrap();
        assert!(below > 0 && below < 216, "both halves hold tasks: {below} of 216 below plan {upper}");
        crate::store::query_plans::take();
        assert_eq!(reports(&s), once);
        // This thread's half still reads only its range of plans. (The
        // overdue lists read both halves on threads of their own, which this
        // thread's record does not see.)
        let plans = crate::store::query_plans::take();
        let halves: Vec<_> = plans.iter().filter(|(sql, _)| sql.contains("t.plan_id BETWEEN")).collect();
        assert_eq!(halves.len(), 15, "every count scanned its half");
        // (By category reads the task's category from the task rows.)
        let scans = halves.iter().filter(|(sql, _)| sql.contains("FROM task_facts t"));
        assert_eq!(scans.clone().count(), 12);
        for (sql, lines) in scans {
            assert_eq!(lines, &["SEARCH t USING PRIMARY KEY (plan_id>? AND plan_id<?)"], "{sql}");
        }
        assert!(once.0[0].iter().map(|c| c.total).sum::<u64>() == 216 && once.1[0].len() > 20);
        // By plan, category and leader, for all, for 林芝市 and for 2024: the
        // plans of 2024 are 拉萨's four, of 100 tasks and no leaders (a task
        // counts once per leader).
        let total = |groups: &Vec<StatusCounts>| groups.iter().map(|c| c.total).sum::<u64>();
        assert_eq!(once.0.iter().map(total).collect::<Vec<_>>(), [216, 216, 154, 116, 116, 154, 100, 100, 0]);
        // 林芝市's plan is of 2023: the two scopes split the overdue list.
        assert!(!once.2[2].is_empty() && once.2[1].len() + once.2[2].len() == once.2[0].len());
        // The overdue list merges tasks of both halves, in deadline order.
        let overdue = &once.2[0];
        let plans: std::collections::HashSet<&str> = overdue.iter().map(|t| t.plan.as_str()).collect();
        assert!(overdue.len() > 100 && plans.len() > 2, "{} overdue in {} plans", overdue.len(), plans.len());
        assert!(overdue.windows(2).all(|w| w[0].assessment.due <= w[1].assessment.due));

        // A plan, or a past day (rebuilt in this connection only), is one scan.
        let one_plan = Scope { plan: Some(upper), ..Scope::default() };
        assert!(s.split(&assessor, &one_plan).unwrap().is_none());
        let past = s.assessor(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()).unwrap();
        assert!(s.split(&past, &whole).unwrap().is_none());
    }

    /// A list that stops taking tasks (output closed, a write failed) gets
    /// its own error back at once, and both halves' threads end.
    #[test]
    fn a_split_list_that_stops_taking_tasks_ends_with_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("duban.db")).unwrap();
        crate::store::summaries::tests::fill(&mut s);
        s.share_from = 1;
        let day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let whole = s.overdue(day, &Scope::default()).unwrap();
        assert!(whole.len() > 50, "enough rows to fill the batches: {}", whole.len());
        let mut taken = Vec::new();
        let stopped = s.for_each_overdue(day, &Scope::default(), |t| {
            if taken.len() == 20 {
                return Err(StoreError::NoSuchTask(-1));
            }
            taken.push(t);
            Ok(())
        });
        assert!(matches!(stopped, Err(StoreError::NoSuchTask(-1))), "{stopped:?}");
        assert_eq!(taken, whole[..20]);
    }
}
