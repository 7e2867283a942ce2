//! The query plans of the report queries: every table a report joins is
//! reached through an index or its primary key, so a report costs one pass
//! over the tasks however large the store grows. Reports run through
//! [`super::summaries::query_each`], which hands each query to [`record`].

use rusqlite::{Connection, ToSql};
use std::cell::RefCell;

thread_local! {
    static PLANS: RefCell<Vec<(String, Vec<String>)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps the `EXPLAIN QUERY PLAN` of a report query run on this thread.
pub(super) fn record(conn: &Connection, sql: &str, params: &[(&str, &dyn ToSql)]) {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
    let lines = stmt
        .query_map(params, |r| r.get::<_, String>(3))
        .expect("explain")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("explain");
    PLANS.with(|p| p.borrow_mut().push((sql.to_string(), lines)));
}

/// The plans recorded on this thread since the last call.
pub(super) fn take() -> Vec<(String, Vec<String>)> {
    PLANS.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DepartmentId, Status, TaskId};
    use crate::store::assess::ENTRIES_AS_OF;
    use crate::store::journal::RECORDED_ENTRIES;
    use crate::store::{Grouping, Scope, SourceFile, Stamp, Store, WorkloadBy, WorkloadSort};
    use crate::track::Entry;
    use chrono::NaiveDate;

    /// Tables (by their alias in the report SQL) that must never be read
    /// whole: the journal, the task state, plans, departments and people are
    /// always looked up by key. Tasks and their links are what a report
    /// walks, and CTEs are built once per query.
    const LOOKED_UP: &[&str] = &["j", "st", "p", "plans", "d", "departments", "pe", "people", "journal", "task_state"];

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let text = include_str!("../../data/gazettes/linzhi_2023_no1.txt");
        let (plans, _) = crate::read::read_text(text);
        let day = NaiveDate::from_ymd_opt(2023, 7, 4).unwrap();
        let stamp = Stamp { on: day, at: "2023-07-04T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        let e = Entry::progress(TaskId(7), day, Status::InProgress);
        s.append(&e, &stamp).unwrap();
        s
    }

    #[test]
    fn every_report_reaches_joined_tables_through_an_index() {
        let s = store();
        take();
        // Today's state and a past day's (rebuilt into the temporary table).
        for as_of in [NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(), NaiveDate::from_ymd_opt(2023, 7, 1).unwrap()] {
            let scope = Scope::default();
            for by in [Grouping::Plan, Grouping::Category, Grouping::Leader] {
                s.status_summary(as_of, by, &scope).unwrap();
            }
            for by in [WorkloadBy::Department, WorkloadBy::Leader] {
                s.workload(as_of, by, WorkloadSort::Name, &scope).unwrap();
            }
            s.overdue(as_of, &scope).unwrap();
            s.assessed_tasks(as_of, &scope).unwrap();
            s.assessed_task(as_of, TaskId(40)).unwrap();
            s.missing_reports(as_of, "h1", &scope).unwrap();
            s.department_tasks(as_of, DepartmentId(1), None).unwrap();
        }
        let plans = take();
        // Per day: one pass over the tasks for each status grouping and
        // each workload (units and leaders come packed); five lists.
        assert_eq!(plans.len(), 2 * 10, "every report query was seen");
        for (sql, lines) in &plans {
            let plan = lines.join("\n");
            // Today's counts read the narrow facts table alone, all of it.
            let alone = sql.contains("FROM task_facts t") && lines.len() == 1;
            assert!(alone || lines.iter().any(|l| l.contains(" USING ")), "no index used:\n{plan}\n{sql}");
            for l in lines.iter().filter(|l| l.starts_with("SCAN ")) {
                let table = l.split_whitespace().nth(1).unwrap_or("");
                assert!(!LOOKED_UP.contains(&table), "a full scan of {table}:\n{plan}\n{sql}");
            }
            // The journal is only ever reached through its key.
            for l in lines.iter().filter(|l| l.contains(" j ")) {
                assert!(l.contains("USING INTEGER PRIMARY KEY"), "{l}\n{plan}");
            }
        }
    }

    /// A task's entries, and every entry for a past day, come through the
    /// journal's index by task in the order they are folded in: no sort;
    /// the day each was recorded, from its source by key (migration 0011).
    #[test]
    fn the_journal_is_read_by_task_in_order_without_a_sort() {
        let s = store();
        let day = "2023-07-04";
        let cases: [(&str, &[&dyn ToSql], &str); 2] = [
            (RECORDED_ENTRIES, &[&7, &day], "SEARCH j USING INDEX journal_task (task_id=?)"),
            (ENTRIES_AS_OF, &[&day], "SCAN j USING INDEX journal_task"),
        ];
        for (sql, params, want) in cases {
            let mut stmt = s.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let lines = stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap();
            let lines = lines.collect::<rusqlite::Result<Vec<_>>>().unwrap();
            assert_eq!(lines[0], want, "{sql}");
            assert!(!lines.iter().any(|l| l.contains("TEMP B-TREE")), "{lines:?}\n{sql}");
            assert!(lines.contains(&"SEARCH s USING INTEGER PRIMARY KEY (rowid=?)".to_string()), "{lines:?}\n{sql}");
        }
    }

    /// Today's counts read `task_facts` alone; a past day's read the
    /// task-facts index and the rebuilt state, not the table of texts.
    /// Grouping by category reads each task's category from its row.
    #[test]
    fn a_scan_of_every_task_reads_narrow_facts_not_the_texts() {
        let s = store();
        for (as_of, want) in [((2023, 12, 31), "SCAN t"), ((2023, 7, 1), "SCAN t USING COVERING INDEX tasks_facts")] {
            take();
            let as_of = NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap();
            for by in [Grouping::Plan, Grouping::Category, Grouping::Leader] {
                s.status_summary(as_of, by, &Scope::default()).unwrap();
            }
            for by in [WorkloadBy::Department, WorkloadBy::Leader] {
                s.workload(as_of, by, WorkloadSort::Name, &Scope::default()).unwrap();
            }
            let plans = take();
            assert_eq!(plans.len(), 5, "one pass over the tasks for each report");
            let narrow: Vec<_> = plans.iter().filter(|(sql, _)| !sql.contains("t.category")).collect();
            assert_eq!(narrow.len(), 4);
            for (sql, lines) in narrow {
                assert_eq!(lines[0], want, "{as_of}: {sql}");
            }
        }
    }
}
