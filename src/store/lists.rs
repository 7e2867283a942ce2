//! Task lists over the assessment: overdue tasks, the 催报 list of missing
//! reports for a period, everything one department is involved in, and the
//! assessed tasks of a plan (for 通报 classes).

use super::assess::{assessed_cte, assessment, Assessment, ASSESSED_COLUMNS, ASSESSED_WIDTH};
use super::summaries::{query_each, query_rows, Scope, IS_REPORTER};
use super::{Result, Store, StoreError};
use crate::model::{DepartmentId, Role};
use crate::track::Rules;
use chrono::NaiveDate;
use serde::Serialize;

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
        match (&self.progress, &self.evidence) {
            (Some(p), _) => p.clone(),
            (None, Some(e)) => format!("销号依据：{e}"),
            (None, None) => String::new(),
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

/// The columns of an assessed task after [`ASSESSED_COLUMNS`].
/// Columns of the task behind each listed row. Written out with
/// [`IS_REPORTER`] spliced in (see [`task_columns`]).
const TASK_COLUMNS: &str = "p.title, p.doc_no, t.seq, t.title, t.text,
     (SELECT group_concat(d.name, '、') FROM task_departments td JOIN departments d ON d.id = td.department_id
       WHERE td.task_id = a.task_id AND IS_REPORTER),
     (SELECT group_concat(pe.name, '、') FROM task_people tp JOIN people pe ON pe.id = tp.person_id
       WHERE tp.task_id = a.task_id AND tp.role = 'leader'),
     j.reported_on, j.progress, j.problems, j.evidence";

/// [`TASK_COLUMNS`] with the reporter test in place.
fn task_columns() -> String {
    TASK_COLUMNS.replace("IS_REPORTER", IS_REPORTER)
}

const TASK_JOINS: &str = "JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = a.plan_id
     LEFT JOIN journal j ON j.id = a.last_entry";

fn assessed_task(r: &rusqlite::Row<'_>, at: usize, as_of: NaiveDate, rules: &Rules) -> rusqlite::Result<AssessedTask> {
    let a = assessment(r, at, as_of, rules)?;
    let b = at + ASSESSED_WIDTH;
    let last_on: Option<String> = r.get(b + 7)?;
    Ok(AssessedTask {
        id: a.task_id,
        plan: r.get(b)?,
        doc_no: r.get(b + 1)?,
        seq: r.get(b + 2)?,
        title: r.get(b + 3)?,
        text: r.get(b + 4)?,
        reporters: r.get::<_, Option<String>>(b + 5)?.unwrap_or_default(),
        leaders: r.get::<_, Option<String>>(b + 6)?.unwrap_or_default(),
        assessment: a,
        last_report: match last_on {
            Some(on) => Some(LastReport {
                reported_on: on,
                progress: r.get(b + 8)?,
                problems: r.get(b + 9)?,
                evidence: r.get(b + 10)?,
            }),
            None => None,
        },
    })
}

const SCOPE: &str = "(:plan IS NULL OR a.plan_id = :plan)
     AND (:gov IS NULL OR p.government = :gov)";

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
    pub fn for_each_overdue<E: From<StoreError>>(
        &self,
        as_of: NaiveDate,
        scope: &Scope,
        f: impl FnMut(AssessedTask) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let table = self.state_as_of(as_of)?;
        let rules = self.rules()?;
        let sql = format!(
            "{cte} SELECT {ASSESSED_COLUMNS}, {columns} FROM assessed a {TASK_JOINS}
             WHERE a.status <> 'done' AND a.days_left < 0 AND {SCOPE}
             ORDER BY a.days_left, a.plan_id, t.ordinal",
            cte = assessed_cte(table),
            columns = task_columns()
        );
        let extra: [(&str, &dyn rusqlite::ToSql); 2] = [(":plan", &scope.plan), (":gov", &scope.government)];
        query_each(self, &sql, as_of, &extra, |r| assessed_task(r, 0, as_of, &rules), f)
    }

    /// Every task of the scope, assessed, in plan order.
    pub fn assessed_tasks(&self, as_of: NaiveDate, scope: &Scope) -> Result<Vec<AssessedTask>> {
        self.assessed_where(as_of, SCOPE, &[(":plan", &scope.plan), (":gov", &scope.government)])
    }

    /// One task, assessed, with what a 督办单 shows of it.
    pub fn assessed_task(&self, as_of: NaiveDate, task: crate::model::TaskId) -> Result<AssessedTask> {
        self.assessed_where(as_of, "a.task_id = :task", &[(":task", &task.0)])?
            .pop()
            .ok_or(StoreError::NoSuchTask(task.0))
    }

    fn assessed_where(
        &self,
        as_of: NaiveDate,
        condition: &str,
        params: &[(&str, &dyn rusqlite::ToSql)],
    ) -> Result<Vec<AssessedTask>> {
        let table = self.state_as_of(as_of)?;
        let rules = self.rules()?;
        let sql = format!(
            "{cte} SELECT {ASSESSED_COLUMNS}, {columns} FROM assessed a {TASK_JOINS}
             WHERE {condition} ORDER BY a.plan_id, t.ordinal",
            cte = assessed_cte(table),
            columns = task_columns()
        );
        query_rows(self, &sql, as_of, params, |r| assessed_task(r, 0, as_of, &rules))
    }

    /// 催报: for a reporting period, the tasks whose answering units have not
    /// reported, grouped by unit, with the date the report was due. Tasks
    /// closed out by that date owe nothing.
    pub fn missing_reports(&self, as_of: NaiveDate, period: &str, scope: &Scope) -> Result<Vec<MissingReport>> {
        let table = self.state_as_of(as_of)?;
        let rules = self.rules()?;
        let sql = format!(
            "{cte} SELECT d.name, d.government, ps.due, {ASSESSED_COLUMNS}, {columns}
             FROM assessed a {TASK_JOINS}
             JOIN plan_schedule ps ON ps.plan_id = a.plan_id AND ps.period = :period
             JOIN task_departments td ON td.task_id = a.task_id AND {IS_REPORTER}
             JOIN departments d ON d.id = td.department_id
             WHERE instr(a.reported, ',' || :period || ',') = 0
               AND NOT (a.status = 'done' AND a.done_on <= ps.due)
               AND {SCOPE}
             ORDER BY d.government, d.name, a.plan_id, t.ordinal",
            cte = assessed_cte(table),
            columns = task_columns()
        );
        query_rows(
            self,
            &sql,
            as_of,
            &[(":plan", &scope.plan), (":gov", &scope.government), (":period", &period)],
            |r| {
                Ok(MissingReport {
                    department: r.get(0)?,
                    government: r.get(1)?,
                    report_due: r.get(2)?,
                    task: assessed_task(r, 3, as_of, &rules)?,
                })
            },
        )
    }

    /// Everything one department leads, co-operates on or is responsible
    /// for, leads first.
    pub fn department_tasks(&self, as_of: NaiveDate, department: DepartmentId) -> Result<Vec<DepartmentTask>> {
        let table = self.state_as_of(as_of)?;
        let rules = self.rules()?;
        let sql = format!(
            "{cte}, roles AS (
                SELECT task_id, min(CASE role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 WHEN 'coop' THEN 2 ELSE 3 END) AS rank
                FROM task_departments WHERE department_id = :dept GROUP BY task_id
             )
             SELECT ro.rank, {ASSESSED_COLUMNS}, {columns} FROM roles ro JOIN assessed a ON a.task_id = ro.task_id {TASK_JOINS}
             ORDER BY ro.rank, a.plan_id, t.ordinal",
            cte = assessed_cte(table),
            columns = task_columns()
        );
        query_rows(self, &sql, as_of, &[(":dept", &department.0)], |r| {
            let rank: i64 = r.get(0)?;
            let role = match rank {
                0 => Role::Lead,
                1 => Role::Responsible,
                2 => Role::Coop,
                _ => Role::Implementing,
            };
            Ok(DepartmentTask { role, task: assessed_task(r, 1, as_of, &rules)? })
        })
    }

    /// The name and government of a department.
    pub fn department(&self, id: DepartmentId) -> Result<(String, String)> {
        self.conn
            .query_row("SELECT name, government FROM departments WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(StoreError::sql("读取部门"))
    }
}
