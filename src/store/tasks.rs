//! Task queries: the filtered list, one task in full, and a streaming walk
//! over many tasks for exports (rows are handed out one at a time, never
//! collected).

use super::{Result, Store, StoreError};
use crate::model::{Deadline, DepartmentId, Role, Status, TaskId};
use chrono::NaiveDate;
use rusqlite::{params, Row};
use serde::Serialize;

/// Which tasks to list. Every field narrows the list; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub plan: Option<i64>,
    pub department: Option<DepartmentId>,
    pub role: Option<Role>,
    pub leader: Option<String>,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    pub text: Option<String>,
    pub government: Option<String>,
    /// The plans issued in this year.
    pub year: Option<i32>,
}

/// The plan a task belongs to, as exported with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRef {
    #[serde(skip)]
    pub id: i64,
    pub title: String,
    pub doc_no: Option<String>,
    pub issued: Option<String>,
    pub issuer: Option<String>,
    pub source: String,
    #[serde(skip)]
    pub government: String,
}

/// A department a task names, with its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentLink {
    /// The canonical department.
    pub name: String,
    pub as_printed: String,
    pub role: Role,
}

/// A task with everything the store knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskRecord {
    pub id: i64,
    pub plan: PlanRef,
    pub seq: String,
    pub category: Vec<String>,
    pub title: Option<String>,
    pub text: String,
    pub leaders: Vec<String>,
    pub lead_officers: Vec<String>,
    pub departments: Vec<DepartmentLink>,
    pub deadline: Deadline,
    pub status: Status,
    pub source_line: i64,
}

const SELECT: &str = "SELECT t.id, p.id, p.title, p.doc_no, p.issued, p.issuer, p.source_name, p.government,
        t.seq, t.category, t.title, t.text, t.deadline_text, t.due, t.ongoing, t.inferred, t.source_line, st.status
     FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_state st ON st.task_id = t.id";

const WHERE: &str = " WHERE (?1 IS NULL OR t.plan_id = ?1)
       AND (?2 IS NULL OR EXISTS (SELECT 1 FROM task_departments td WHERE td.task_id = t.id
                                  AND td.department_id = ?2 AND (?3 IS NULL OR td.role = ?3)))
       AND (?3 IS NULL OR ?2 IS NOT NULL OR EXISTS (SELECT 1 FROM task_departments td WHERE td.task_id = t.id AND td.role = ?3))
       AND (?4 IS NULL OR EXISTS (SELECT 1 FROM task_people tp JOIN people pe ON pe.id = tp.person_id
                                  WHERE tp.task_id = t.id AND pe.name = ?4))
       AND (?5 IS NULL OR t.due < ?5)
       AND (?6 IS NULL OR t.due > ?6)
       AND (?7 IS NULL OR instr(t.text, ?7) > 0 OR instr(COALESCE(t.title, ''), ?7) > 0 OR instr(t.category, ?7) > 0)
       AND (?8 IS NULL OR p.government = ?8)
       AND (?9 IS NULL OR p.year = ?9)
     ORDER BY t.plan_id, t.ordinal";

fn base(r: &Row<'_>) -> rusqlite::Result<TaskRecord> {
    let category: String = r.get(9)?;
    let due: Option<String> = r.get(13)?;
    let deadline =
        Deadline { text: r.get(12)?, due: due.and_then(|d| d.parse().ok()), ongoing: r.get(14)?, inferred: r.get(15)? };
    Ok(TaskRecord {
        id: r.get(0)?,
        plan: PlanRef {
            id: r.get(1)?,
            title: r.get(2)?,
            doc_no: r.get(3)?,
            issued: r.get(4)?,
            issuer: r.get(5)?,
            source: r.get(6)?,
            government: r.get(7)?,
        },
        seq: r.get(8)?,
        category: serde_json::from_str(&category).unwrap_or_default(),
        title: r.get(10)?,
        text: r.get(11)?,
        leaders: Vec::new(),
        lead_officers: Vec::new(),
        departments: Vec::new(),
        status: r
            .get::<_, Option<String>>(17)?
            .and_then(|s| Status::parse(&s))
            .unwrap_or_else(|| Status::initial(&deadline)),
        deadline,
        source_line: r.get(16)?,
    })
}

impl Store {
    /// Walks the tasks matching `filter` in plan order, handing each one to
    /// `f` complete with people and departments. Nothing is collected.
    pub fn for_each_task<E>(
        &self,
        filter: &TaskFilter,
        mut f: impl FnMut(TaskRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E>
    where
        E: From<StoreError>,
    {
        let sql = format!("{SELECT}{WHERE}");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sql("查询任务"))?;
        let mut rows = stmt
            .query(params![
                filter.plan,
                filter.department.map(|d| d.0),
                filter.role.map(|r| r.code()),
                filter.leader,
                filter.due_before.map(|d| d.to_string()),
                filter.due_after.map(|d| d.to_string()),
                filter.text,
                filter.government,
                filter.year,
            ])
            .map_err(StoreError::sql("查询任务"))?;
        while let Some(row) = rows.next().map_err(StoreError::sql("读取任务"))? {
            let mut t = base(row).map_err(StoreError::sql("读取任务"))?;
            self.fill(&mut t)?;
            f(t)?;
        }
        Ok(())
    }

    /// The names of leaders and lead-department heads that contain `query`,
    /// the name itself first if there is one; at most `limit`.
    pub fn people_named_like(&self, query: &str, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT name FROM people WHERE instr(name, ?1) > 0
                 ORDER BY name = ?1 DESC, length(name), name LIMIT ?2",
            )
            .map_err(StoreError::sql("查找领导"))?;
        let names =
            stmt.query_map(params![query.trim(), limit as i64], |r| r.get(0)).map_err(StoreError::sql("查找领导"))?;
        names.collect::<rusqlite::Result<Vec<String>>>().map_err(StoreError::sql("查找领导"))
    }

    /// The tasks matching `filter`, collected.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskRecord>> {
        let mut out = Vec::new();
        self.for_each_task(filter, |t| {
            out.push(t);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// One task in full.
    pub fn task(&self, id: TaskId) -> Result<TaskRecord> {
        let sql = format!("{SELECT} WHERE t.id = ?1");
        let mut t = self.conn.query_row(&sql, [id.0], base).map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NoSuchTask(id.0),
            e => StoreError::Sql { context: "读取任务".into(), source: e },
        })?;
        self.fill(&mut t)?;
        Ok(t)
    }

    /// Adds the people and departments of a task.
    fn fill(&self, t: &mut TaskRecord) -> Result<()> {
        let mut people = self
            .conn
            .prepare_cached(
                "SELECT tp.role, pe.name FROM task_people tp JOIN people pe ON pe.id = tp.person_id
                 WHERE tp.task_id = ?1 ORDER BY tp.role, tp.position",
            )
            .map_err(StoreError::sql("读取责任人"))?;
        let rows = people
            .query_map([t.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(StoreError::sql("读取责任人"))?;
        for row in rows {
            let (role, name) = row.map_err(StoreError::sql("读取责任人"))?;
            if role == "leader" {
                t.leaders.push(name);
            } else {
                t.lead_officers.push(name);
            }
        }
        let mut depts = self
            .conn
            .prepare_cached(
                "SELECT d.name, td.as_printed, td.role FROM task_departments td
                 JOIN departments d ON d.id = td.department_id
                 WHERE td.task_id = ?1 ORDER BY td.position",
            )
            .map_err(StoreError::sql("读取任务的部门"))?;
        let rows = depts
            .query_map([t.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .map_err(StoreError::sql("读取任务的部门"))?;
        for row in rows {
            let (name, as_printed, role) = row.map_err(StoreError::sql("读取任务的部门"))?;
            let role = Role::parse(&role).unwrap_or(Role::Responsible);
            t.departments.push(DepartmentLink { name, as_printed, role });
        }
        Ok(())
    }
}
