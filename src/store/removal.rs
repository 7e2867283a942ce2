//! Removing a plan imported by mistake (another government's plan from a
//! shared gazette, a wrong file). Only a plan nobody has recorded anything
//! against goes: progress entries and indicator figures are append-only,
//! so a plan with any of them stays, and the gazette can always give back
//! what a removal took. Departments and people stay too: their aliases may
//! be a clerk's work, and other plans may name them later.

use super::{audit, Result, Stamp, Store, StoreError};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// What a plan holds, and what has been recorded against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanHoldings {
    pub id: i64,
    pub title: String,
    pub doc_no: Option<String>,
    pub government: String,
    pub source_name: String,
    pub tasks: u64,
    pub indicators: u64,
    /// Progress entries on its tasks, corrections included.
    pub entries: u64,
    /// Indicator figures, those its gazette printed included.
    pub actuals: u64,
}

impl PlanHoldings {
    /// Refuses when anything has been recorded against the plan; else
    /// removing it loses nothing that importing its gazette again would
    /// not give back.
    pub fn ensure_removable(&self) -> Result<()> {
        if self.entries == 0 && self.actuals == 0 {
            return Ok(());
        }
        Err(StoreError::PlanHasRecords { plan: self.id, entries: self.entries, actuals: self.actuals })
    }
}

/// Reads what plan `id` holds, `None` when there is no such plan.
fn holdings(conn: &Connection, id: i64) -> Result<Option<PlanHoldings>> {
    conn.query_row(
        "SELECT p.title, p.doc_no, p.government, p.source_name,
                (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id),
                (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id),
                (SELECT count(*) FROM tasks t JOIN journal j ON j.task_id = t.id WHERE t.plan_id = p.id),
                (SELECT count(*) FROM indicators i JOIN indicator_actuals a ON a.indicator_id = i.id
                  WHERE i.plan_id = p.id)
         FROM plans p WHERE p.id = ?1",
        [id],
        |r| {
            Ok(PlanHoldings {
                id,
                title: r.get(0)?,
                doc_no: r.get(1)?,
                government: r.get(2)?,
                source_name: r.get(3)?,
                tasks: r.get(4)?,
                indicators: r.get(5)?,
                entries: r.get(6)?,
                actuals: r.get(7)?,
            })
        },
    )
    .optional()
    .map_err(StoreError::sql("读取方案"))
}

/// The rows a plan owns, children before parents (the foreign keys are
/// checked), each statement bound to the plan's id.
const DELETE_PLAN: [&str; 12] = [
    "DELETE FROM task_state WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
    "DELETE FROM task_facts WHERE plan_id = ?1",
    "DELETE FROM task_people WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
    "DELETE FROM task_departments WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ?1)",
    "DELETE FROM tasks WHERE plan_id = ?1",
    "DELETE FROM plan_schedule WHERE plan_id = ?1",
    "DELETE FROM indicator_targets WHERE line_id IN (SELECT id FROM indicator_lines WHERE plan_id = ?1)",
    "DELETE FROM indicator_line_departments WHERE line_id IN (SELECT id FROM indicator_lines WHERE plan_id = ?1)",
    "DELETE FROM indicator_lines WHERE plan_id = ?1",
    "DELETE FROM indicator_industries WHERE plan_id = ?1",
    "DELETE FROM indicators WHERE plan_id = ?1",
    "DELETE FROM plans WHERE id = ?1",
];

impl Store {
    /// What plan `id` holds and what has been recorded against it.
    pub fn plan_holdings(&self, id: i64) -> Result<PlanHoldings> {
        holdings(&self.conn, id)?.ok_or(StoreError::NoSuchPlan(id))
    }

    /// Removes plan `id` with its tasks and indicators, in one transaction
    /// recorded in the audit log; refused, with nothing written, when
    /// anything has been recorded against it.
    pub fn remove_plan(&mut self, id: i64, stamp: &Stamp) -> Result<PlanHoldings> {
        let tx = self.write("删除方案")?;
        // Read inside the transaction: a report logged a moment ago counts.
        let plan = holdings(&tx, id)?.ok_or(StoreError::NoSuchPlan(id))?;
        plan.ensure_removable()?;
        for sql in DELETE_PLAN {
            tx.execute(sql, [id]).map_err(StoreError::sql("删除方案"))?;
        }
        audit(&tx, stamp, "remove_plan", &plan.title, &serde_json::to_value(&plan).unwrap_or_default())?;
        tx.commit().map_err(StoreError::sql("提交删除方案"))?;
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, TaskId};
    use crate::store::SourceFile;
    use crate::track::Entry;
    use chrono::NaiveDate;

    fn stamp() -> Stamp {
        Stamp {
            on: NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
            at: "2024-01-10T09:00:00+08:00".into(),
            by: "测试".into(),
        }
    }

    /// The four 拉萨 plans and the two 林芝 ones (one of indicators, with
    /// the figures its gazette printed).
    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        for (name, text) in [
            ("lasa_2024.txt", include_str!("../../data/gazettes/lasa_2024.txt")),
            ("linzhi_2020_no3.txt", include_str!("../../data/gazettes/linzhi_2020_no3.txt")),
        ] {
            let (plans, _) = crate::read::read_text(text);
            s.import(&[(&SourceFile { name: name.into(), sha256: name.into() }, &plans[..])], &stamp(), &mut |_, _| {})
                .unwrap();
        }
        s
    }

    fn count(s: &Store, table: &str) -> i64 {
        s.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    /// Every table a plan writes rows into, as `(table, rows)`.
    fn tables(s: &Store) -> Vec<(&'static str, i64)> {
        [
            "plans",
            "plan_schedule",
            "tasks",
            "task_facts",
            "task_people",
            "task_departments",
            "indicators",
            "indicator_industries",
            "indicator_lines",
            "indicator_line_departments",
            "indicator_targets",
            "indicator_actuals",
        ]
        .into_iter()
        .map(|t| (t, count(s, t)))
        .collect()
    }

    #[test]
    fn a_plan_nothing_was_recorded_against_goes_with_everything_it_owns() {
        let mut s = store();
        let tasks_before = count(&s, "tasks");
        let gone = s.remove_plan(2, &stamp()).unwrap();
        assert_eq!(
            (gone.title.as_str(), gone.doc_no.as_deref(), gone.government.as_str(), gone.tasks, gone.indicators),
            ("拉萨市空气质量持续改善行动计划实施方案", Some("拉政办发〔2024〕34号"), "拉萨市", 29, 0)
        );
        assert_eq!(count(&s, "tasks"), tasks_before - 29);
        assert!(matches!(s.plan_holdings(2), Err(StoreError::NoSuchPlan(2))));
        let left: i64 = s
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM task_facts WHERE plan_id = 2) + (SELECT count(*) FROM plan_schedule
                  WHERE plan_id = 2) + (SELECT count(*) FROM task_departments d LEFT JOIN tasks t ON t.id = d.task_id
                  WHERE t.id IS NULL) + (SELECT count(*) FROM task_people p LEFT JOIN tasks t ON t.id = p.task_id
                  WHERE t.id IS NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        let report = s.check().unwrap();
        assert!(!report.is_damaged(), "{report:?}");
        let audit = s.audit_log(1).unwrap();
        assert_eq!((audit[0].action.as_str(), audit[0].subject.as_str()), ("remove_plan", gone.title.as_str()));
        // The other plans are as they were: plan 1 still lists its tasks.
        assert_eq!(s.plan_holdings(1).unwrap().tasks, 32);
    }

    #[test]
    fn a_plan_with_entries_or_figures_stays_whole() {
        let mut s = store();
        let mut e = Entry::progress(TaskId(1), NaiveDate::from_ymd_opt(2024, 1, 9).unwrap(), Status::InProgress);
        e.progress = Some("已启动".into());
        s.append_all(&[e], &stamp(), &mut |_, _| {}).unwrap();
        let before = tables(&s);

        let refused = s.remove_plan(1, &stamp()).unwrap_err();
        assert!(matches!(refused, StoreError::PlanHasRecords { plan: 1, entries: 1, actuals: 0 }), "{refused:?}");
        assert_eq!(refused.to_string(), "方案 1 已有 1 条进展记录，不能删除");

        // The indicator plan came with the figures its gazette printed.
        let indicators = s.find_plans("林政办发〔2020〕34号").unwrap()[0];
        let held = s.plan_holdings(indicators).unwrap();
        assert!(held.indicators == 6 && held.actuals > 0 && held.ensure_removable().is_err(), "{held:?}");
        let refused = s.remove_plan(indicators, &stamp()).unwrap_err();
        assert_eq!(refused.to_string(), format!("方案 {indicators} 已有 {} 条指标完成数，不能删除", held.actuals));

        assert_eq!(tables(&s), before, "nothing written");
        assert!(matches!(s.remove_plan(99, &stamp()), Err(StoreError::NoSuchPlan(99))));
    }

    /// An indicator plan with no figures (here its gazette's are taken out
    /// behind the append-only trigger's back) goes with its industries,
    /// lines, their units and targets.
    #[test]
    fn an_indicator_plan_without_figures_goes_with_its_lines_and_targets() {
        let mut s = store();
        s.conn
            .execute_batch("DROP TRIGGER indicator_actuals_append_only_delete; DELETE FROM indicator_actuals;")
            .unwrap();
        let id = s.find_plans("林政办发〔2020〕34号").unwrap()[0];
        let gone = s.remove_plan(id, &stamp()).unwrap();
        assert_eq!((gone.tasks, gone.indicators), (0, 6));
        let left: Vec<(&str, i64)> = tables(&s).into_iter().filter(|(t, _)| t.starts_with("indicator")).collect();
        assert!(left.iter().all(|(_, n)| *n == 0), "{left:?}");
        assert!(!s.check().unwrap().is_damaged());
    }
}
