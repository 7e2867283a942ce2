//! Keeping the evidence safe: an online backup that is consistent while
//! other clerks write, a check of the whole database, and the audit log.

use super::journal::recorded_entries;
use super::packed::MISPACKED_TASKS;
use super::{Result, Store, StoreError};
use crate::model::Deadline;
use crate::track::TaskState;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// What `duban check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub schema_version: u32,
    /// `PRAGMA integrity_check` lines other than "ok".
    pub integrity: Vec<String>,
    /// Rows that point at nothing (`PRAGMA foreign_key_check`).
    pub foreign_keys: Vec<String>,
    /// Tasks whose stored state does not follow from their journal, or
    /// whose facts as today's counts read them differ from the task and
    /// its state.
    pub state_mismatches: Vec<i64>,
    /// Tasks whose units or leaders as the task row keeps them differ from
    /// their link rows (reports that pass over every task read the former).
    pub link_mismatches: Vec<i64>,
    /// Where the journal's bounds (the latest day recorded and reported,
    /// which decide whether a report for a past day must read the journal
    /// back) differ from the journal itself.
    pub journal_bounds: Vec<String>,
    /// Aliases that still point at a merged-away department.
    pub stale_aliases: Vec<String>,
    /// Tasks that name no unit to answer for them (no lead, no responsible unit).
    pub tasks_without_lead: Vec<i64>,
}

impl CheckReport {
    /// Damage, as opposed to things a clerk should look at.
    pub fn is_damaged(&self) -> bool {
        !self.integrity.is_empty()
            || !self.foreign_keys.is_empty()
            || !self.state_mismatches.is_empty()
            || !self.link_mismatches.is_empty()
            || !self.journal_bounds.is_empty()
    }
}

/// Tasks whose row in `task_facts` (migrations 0007, 0012) is missing or
/// differs from the task and its state, and rows there of no task.
fn facts_differing_from_state() -> String {
    let judged = super::facts::judged_sql("t.ongoing", "st.status", "st.percent", "COALESCE(st.due, t.due)");
    format!(
        "SELECT t.id FROM tasks t
           LEFT JOIN task_facts f ON f.plan_id = t.plan_id AND f.task_id = t.id
           LEFT JOIN task_state st ON st.task_id = t.id
          WHERE f.task_id IS NULL OR f.judged IS NOT {judged}
             OR f.links IS NOT t.links OR f.leaders IS NOT t.leaders OR f.state_reported IS NOT st.reported
         UNION
         SELECT f.task_id FROM task_facts f LEFT JOIN tasks t ON t.id = f.task_id
          WHERE t.id IS NULL OR t.plan_id <> f.plan_id"
    )
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

impl Store {
    /// Copies the database to `dest` while others may be writing: `VACUUM
    /// INTO` reads one consistent snapshot and never blocks writers in WAL
    /// mode. Refuses to overwrite an existing file.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::BackupExists(dest.to_path_buf()));
        }
        let target = dest.to_string_lossy().into_owned();
        self.conn.execute("VACUUM INTO ?1", [target]).map_err(StoreError::sql(format!("备份到 {}", dest.display())))?;
        Ok(())
    }

    /// Checks integrity, references, derived state and naming.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport { schema_version: self.schema_version()?, ..CheckReport::default() };
        let column = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql).map_err(StoreError::sql("检查数据库"))?;
            let rows = stmt
                .query_map([], |r| {
                    let n = r.as_ref().column_count();
                    let mut parts = Vec::with_capacity(n);
                    for i in 0..n {
                        parts.push(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => "NULL".to_string(),
                            rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                            rusqlite::types::ValueRef::Real(v) => v.to_string(),
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            rusqlite::types::ValueRef::Blob(_) => "<blob>".to_string(),
                        });
                    }
                    Ok(parts.join(" "))
                })
                .map_err(StoreError::sql("检查数据库"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("检查数据库"))
        };
        report.integrity = column("PRAGMA integrity_check")?.into_iter().filter(|l| l != "ok").collect();
        report.foreign_keys = column("PRAGMA foreign_key_check")?;
        report.stale_aliases = column(
            "SELECT a.government || ' ' || a.alias FROM department_aliases a JOIN departments d ON d.id = a.department_id
             WHERE d.merged_into IS NOT NULL",
        )?;
        let ids = |sql: &str| -> Result<Vec<i64>> { Ok(column(sql)?.iter().filter_map(|s| s.parse().ok()).collect()) };
        report.tasks_without_lead = ids("SELECT t.id FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM task_departments td
             WHERE td.task_id = t.id AND td.role IN ('lead', 'responsible')) ORDER BY t.id")?;
        report.state_mismatches = self.state_mismatches()?;
        report.state_mismatches.extend(ids(&facts_differing_from_state())?);
        report.state_mismatches.sort_unstable();
        report.state_mismatches.dedup();
        report.link_mismatches = ids(MISPACKED_TASKS)?;
        report.journal_bounds = self.journal_bounds_problems()?;
        Ok(report)
    }

    /// Compares the journal's bounds (migration 0009) with its latest days.
    fn journal_bounds_problems(&self) -> Result<Vec<String>> {
        let sql = |e| StoreError::sql("检查进展记录日期范围")(e);
        let kept: Option<(String, String)> = self
            .conn
            .query_row("SELECT last_recorded, last_reported FROM journal_bounds", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(sql)?;
        let found: (String, String) = self
            .conn
            .query_row(
                "SELECT COALESCE(max(s.recorded_on), ''), COALESCE(max(j.reported_on), '')
                 FROM journal j JOIN journal_sources s ON s.id = j.source_id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(sql)?;
        let Some(kept) = kept else {
            return Ok(vec!["缺少进展记录日期范围".into()]);
        };
        let shown = |d: &str| if d.is_empty() { "无".to_string() } else { d.to_string() };
        let mut problems = Vec::new();
        for (what, kept, found) in [("录入", &kept.0, &found.0), ("报告", &kept.1, &found.1)] {
            if kept != found {
                problems.push(format!("最晚{what}日期记为 {}，进展记录中为 {}", shown(kept), shown(found)));
            }
        }
        Ok(problems)
    }

    /// Refolds every task that has entries and compares with `task_state`.
    fn state_mismatches(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT t.id, t.deadline_text, t.due, t.ongoing, t.inferred,
                        st.status, st.percent, st.due, st.extended, st.done_on, st.last_entry, st.last_reported_on, st.reported
                 FROM tasks t LEFT JOIN task_state st ON st.task_id = t.id
                 WHERE EXISTS (SELECT 1 FROM journal j WHERE j.task_id = t.id) OR st.task_id IS NOT NULL",
            )
            .map_err(StoreError::sql("检查任务状态"))?;
        type Stored = (
            Option<String>,
            Option<u8>,
            Option<String>,
            Option<bool>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows = stmt
            .query_map([], |r| {
                let due: Option<String> = r.get(2)?;
                let deadline = Deadline {
                    text: r.get(1)?,
                    due: due.and_then(|d| d.parse().ok()),
                    ongoing: r.get(3)?,
                    inferred: r.get(4)?,
                };
                let stored: Stored =
                    (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?);
                Ok((r.get::<_, i64>(0)?, deadline, stored))
            })
            .map_err(StoreError::sql("检查任务状态"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(StoreError::sql("检查任务状态"))?;
        let mut bad = Vec::new();
        for (task, deadline, stored) in rows {
            let s = TaskState::fold(&deadline, &recorded_entries(&self.conn, task, None)?);
            let want: Stored = (
                Some(s.status.code().to_string()),
                s.percent,
                s.due.map(|d| d.to_string()),
                Some(s.extended),
                s.done_on.map(|d| d.to_string()),
                s.last_entry,
                s.last_reported_on.map(|d| d.to_string()),
                Some(s.reported.as_stored().to_string()),
            );
            if stored != want {
                bad.push(task);
            }
        }
        Ok(bad)
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?1")
            .map_err(StoreError::sql("读取审计记录"))?;
        let rows = stmt
            .query_map(params![limit as i64], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                    detail: r.get(5)?,
                })
            })
            .map_err(StoreError::sql("读取审计记录"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取审计记录"))
    }
}
