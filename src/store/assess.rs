//! Assessment "as of" a day: each task's status, deadline in force, time
//! elapsed (序时进度), missed reporting dates and warning light, computed in
//! SQL so reports over a whole province stay fast.
//!
//! The state after the journal comes from `task_state` when nothing was
//! recorded after the day; otherwise it is rebuilt from the entries visible
//! then (recorded and dated on or before the day) into a temporary table, so
//! a past day's report comes out as it did then.

use super::journal::{recorded_at, write_state};
use super::{Result, Stamp, Store, StoreError};
use crate::model::{Deadline, Status};
use crate::track::light::{self, Facts};
use crate::track::{Light, Reason, Rules, TaskState};
use chrono::NaiveDate;
use rusqlite::{params, Row};
use serde::Serialize;

/// Which table holds the state a report reads. Only these names are ever
/// spliced into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StateTable {
    Current,
    AsOf,
}

impl StateTable {
    fn name(self) -> &'static str {
        match self {
            StateTable::Current => "task_state",
            StateTable::AsOf => "temp.asof_state",
        }
    }
}

/// The assessment query. Reports append `SELECT … FROM assessed …`. Named
/// parameters: `:asof` and the rule thresholds (see [`rule_params`]).
///
/// Missed reporting dates are the plan's passed dates after the last one
/// the task reported. `passed` lists each plan's last three passed dates
/// once, so for nearly every task the count is a few string tests; only a
/// task silent through more than three dates falls back to counting them.
pub(super) fn assessed_cte(state: StateTable) -> String {
    format!(
        "WITH passed AS (
            SELECT plan_id, count(*) AS n,
                   max(CASE WHEN k = 1 THEN ',' || period || ',' END) AS p1,
                   max(CASE WHEN k = 2 THEN ',' || period || ',' END) AS p2,
                   max(CASE WHEN k = 3 THEN ',' || period || ',' END) AS p3
            FROM (SELECT plan_id, period, row_number() OVER (PARTITION BY plan_id ORDER BY due DESC) AS k
                  FROM plan_schedule WHERE due < :asof)
            GROUP BY plan_id
         ),
         facts AS (
            SELECT t.id AS task_id, t.plan_id, t.ongoing, t.due AS original_due,
                   COALESCE(st.status, CASE WHEN t.ongoing THEN 'ongoing' ELSE 'not_started' END) AS status,
                   st.percent, COALESCE(st.due, t.due) AS due, COALESCE(st.extended, 0) AS extended,
                   st.done_on, st.last_entry, st.last_reported_on, COALESCE(st.reported, '') AS reported,
                   COALESCE(p.issued, p.period_start) AS start,
                   COALESCE(ps.n, 0) AS passed_n, ps.p1, ps.p2, ps.p3
            FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN passed ps ON ps.plan_id = t.plan_id
                 LEFT JOIN {state} st ON st.task_id = t.id
         ),
         measured AS (
            SELECT f.*,
                   CASE WHEN f.ongoing = 0 AND f.due IS NOT NULL
                        THEN CAST(julianday(f.due) - julianday(:asof) AS INTEGER) END AS days_left,
                   CASE WHEN f.ongoing = 0 AND f.due IS NOT NULL AND f.start IS NOT NULL AND f.due > f.start
                        THEN min(100.0, max(0.0, (julianday(:asof) - julianday(f.start)) * 100.0
                                                 / (julianday(f.due) - julianday(f.start)))) END AS elapsed,
                   CASE WHEN f.status = 'done' OR f.passed_n = 0 THEN 0
                        WHEN instr(f.reported, f.p1) > 0 THEN 0
                        WHEN f.passed_n = 1 THEN 1
                        WHEN instr(f.reported, f.p2) > 0 THEN 1
                        WHEN f.passed_n = 2 THEN 2
                        WHEN instr(f.reported, f.p3) > 0 THEN 2
                        WHEN f.passed_n = 3 THEN 3
                        ELSE (SELECT count(*) FROM plan_schedule ps WHERE ps.plan_id = f.plan_id AND ps.due < :asof
                                AND ps.due > COALESCE((SELECT max(r.due) FROM plan_schedule r
                                                       WHERE r.plan_id = f.plan_id AND r.due < :asof
                                                         AND instr(f.reported, ',' || r.period || ',') > 0), ''))
                   END AS missed
            FROM facts f
         ),
         assessed AS (
            SELECT m.*, CASE
                WHEN m.status = 'done' THEN 'green'
                WHEN m.days_left < 0
                  OR (m.status <> 'not_started' AND m.percent IS NOT NULL AND m.elapsed - m.percent > :lag_red)
                  OR (m.missed > 0 AND m.missed >= :missed_red) THEN 'red'
                WHEN m.days_left <= :yellow_days
                  OR (m.status = 'not_started' AND m.elapsed >= :ns_elapsed)
                  OR (m.status <> 'not_started' AND m.percent IS NOT NULL AND m.elapsed - m.percent >= :lag_yellow)
                  OR m.status = 'lagging'
                  OR (m.missed > 0 AND m.missed >= :missed_yellow) THEN 'yellow'
                ELSE 'green' END AS light
            FROM measured m
         ) ",
        state = state.name()
    )
}

/// The values of the named parameters of [`assessed_cte`].
pub(super) fn rule_params(as_of: NaiveDate, r: &Rules) -> [(&'static str, rusqlite::types::Value); 7] {
    use rusqlite::types::Value;
    [
        (":asof", Value::Text(as_of.to_string())),
        (":yellow_days", Value::Real(r.deadline_yellow_days)),
        (":lag_yellow", Value::Real(r.lag_yellow_points)),
        (":lag_red", Value::Real(r.lag_red_points)),
        (":ns_elapsed", Value::Real(r.not_started_yellow_elapsed)),
        (":missed_yellow", Value::Real(r.missed_reports_yellow)),
        (":missed_red", Value::Real(r.missed_reports_red)),
    ]
}

/// One task as assessed on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub task_id: i64,
    pub status: Status,
    pub percent: Option<u8>,
    /// The deadline in force (after extensions).
    pub due: Option<NaiveDate>,
    pub original_due: Option<NaiveDate>,
    pub extended: bool,
    pub done_on: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// 序时进度: share of the task's time elapsed, percent.
    pub elapsed: Option<f64>,
    pub missed_reports: u32,
    pub light: Light,
    pub reasons: Vec<Reason>,
    pub last_entry: Option<i64>,
    /// Schedule periods (codes) with a report.
    pub reported: Vec<String>,
}

/// The columns of `assessed` read by [`assessment`], in this order.
pub(super) const ASSESSED_COLUMNS: &str =
    "a.task_id, a.status, a.percent, a.due, a.original_due, a.extended, a.done_on,
     a.days_left, a.elapsed, a.missed, a.light, a.last_entry, a.ongoing, a.start, a.reported";

/// How many columns [`ASSESSED_COLUMNS`] holds.
pub(super) const ASSESSED_WIDTH: usize = 15;

/// Reads [`ASSESSED_COLUMNS`] starting at column `at`, and explains the light.
pub(super) fn assessment(r: &Row<'_>, at: usize, as_of: NaiveDate, rules: &Rules) -> rusqlite::Result<Assessment> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(at + i)?.and_then(|d| d.parse().ok()))
    };
    let status: String = r.get(at + 1)?;
    let status = Status::parse(&status).unwrap_or(Status::NotStarted);
    let light_code: String = r.get(at + 10)?;
    let percent: Option<u8> = r.get(at + 2)?;
    let due = date(3)?;
    let missed: u32 = r.get(at + 9)?;
    let facts = Facts { status, ongoing: r.get(at + 12)?, due, start: date(13)?, percent, missed_reports: missed };
    let (_, reasons) = light::assess(&facts, as_of, rules);
    Ok(Assessment {
        task_id: r.get(at)?,
        status,
        percent,
        due,
        original_due: date(4)?,
        extended: r.get(at + 5)?,
        done_on: date(6)?,
        days_left: r.get(at + 7)?,
        elapsed: r.get(at + 8)?,
        missed_reports: missed,
        light: Light::parse(&light_code).unwrap_or(Light::Green),
        reasons,
        last_entry: r.get(at + 11)?,
        reported: r.get::<_, String>(at + 14)?.split(',').filter(|p| !p.is_empty()).map(str::to_string).collect(),
    })
}

impl Store {
    /// The office's warning rules.
    pub fn rules(&self) -> Result<Rules> {
        let mut rules = Rules::default();
        let mut stmt =
            self.conn.prepare("SELECT key, value FROM warning_rules").map_err(StoreError::sql("读取预警规则"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))
            .map_err(StoreError::sql("读取预警规则"))?;
        for row in rows {
            let (k, v) = row.map_err(StoreError::sql("读取预警规则"))?;
            rules.set(&k, v);
        }
        Ok(rules)
    }

    /// The rules with their descriptions, for `duban rules`.
    pub fn rule_table(&self) -> Result<Vec<(String, f64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value, description FROM warning_rules ORDER BY rowid")
            .map_err(StoreError::sql("读取预警规则"))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(StoreError::sql("读取预警规则"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取预警规则"))
    }

    /// Changes one rule; the change is audited.
    pub fn set_rule(&mut self, key: &str, value: f64, stamp: &Stamp) -> Result<()> {
        if !Rules::KEYS.contains(&key) {
            return Err(StoreError::NoSuchRule(key.to_string(), Rules::KEYS.join("、")));
        }
        let tx = self.write("修改预警规则")?;
        tx.execute("UPDATE warning_rules SET value = ?2 WHERE key = ?1", params![key, value])
            .map_err(StoreError::sql("修改预警规则"))?;
        super::audit(&tx, stamp, "rule", key, &serde_json::json!({ "value": value }))?;
        tx.commit().map_err(StoreError::sql("提交预警规则"))?;
        Ok(())
    }

    /// Makes the state as of `as_of` readable and says where it is.
    pub(super) fn state_as_of(&self, as_of: NaiveDate) -> Result<StateTable> {
        let day = as_of.to_string();
        let later: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM journal WHERE recorded_on > ?1)
                     OR EXISTS (SELECT 1 FROM journal WHERE reported_on > ?1)",
                [&day],
                |r| r.get(0),
            )
            .map_err(StoreError::sql("检查进展记录日期"))?;
        if !later {
            return Ok(StateTable::Current);
        }
        self.conn
            .execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS asof_state (
                     task_id INTEGER PRIMARY KEY, status TEXT NOT NULL, percent INTEGER, due TEXT,
                     extended INTEGER NOT NULL DEFAULT 0, done_on TEXT, last_entry INTEGER, last_reported_on TEXT,
                     reported TEXT NOT NULL DEFAULT '');
                 DELETE FROM temp.asof_state;",
            )
            .map_err(StoreError::sql("准备历史状态"))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT j.task_id, t.deadline_text, t.due, t.ongoing, t.inferred,
                        j.id, j.kind, j.reported_on, j.period, j.status, j.percent, j.new_due, j.supersedes
                 FROM journal j JOIN tasks t ON t.id = j.task_id
                 WHERE j.recorded_on <= ?1 AND j.reported_on <= ?1 ORDER BY j.task_id, j.id",
            )
            .map_err(StoreError::sql("重建历史状态"))?;
        let mut rows = stmt.query([&day]).map_err(StoreError::sql("重建历史状态"))?;
        let mut current: Option<(i64, Deadline)> = None;
        let mut entries = Vec::new();
        while let Some(r) = rows.next().map_err(StoreError::sql("重建历史状态"))? {
            let task: i64 = r.get(0).map_err(StoreError::sql("重建历史状态"))?;
            if current.as_ref().is_some_and(|(t, _)| *t != task) {
                if let Some((t, dl)) = current.take() {
                    write_state(&self.conn, "temp.asof_state", t, &TaskState::fold(&dl, &entries))?;
                }
                entries.clear();
            }
            if current.is_none() {
                let due: Option<String> = r.get(2).map_err(StoreError::sql("重建历史状态"))?;
                let dl = Deadline {
                    text: r.get(1).map_err(StoreError::sql("重建历史状态"))?,
                    due: due.and_then(|d| d.parse().ok()),
                    ongoing: r.get(3).map_err(StoreError::sql("重建历史状态"))?,
                    inferred: r.get(4).map_err(StoreError::sql("重建历史状态"))?,
                };
                current = Some((task, dl));
            }
            entries.push(recorded_at(r, 5).map_err(StoreError::sql("重建历史状态"))?);
        }
        if let Some((t, dl)) = current {
            write_state(&self.conn, "temp.asof_state", t, &TaskState::fold(&dl, &entries))?;
        }
        Ok(StateTable::AsOf)
    }

    /// One task's assessment as of a day, with the reasons for its light.
    pub fn assess_task(&self, task: crate::model::TaskId, as_of: NaiveDate) -> Result<Assessment> {
        let rules = self.rules()?;
        let table = self.state_as_of(as_of)?;
        let sql = format!("{} SELECT {ASSESSED_COLUMNS} FROM assessed a WHERE a.task_id = :task", assessed_cte(table));
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sql("评估任务"))?;
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        let rp = rule_params(as_of, &rules);
        for (k, v) in &rp {
            params.push((k, v));
        }
        params.push((":task", &task.0));
        stmt.query_row(params.as_slice(), |r| assessment(r, 0, as_of, &rules)).map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NoSuchTask(task.0),
            e => StoreError::Sql { context: "评估任务".into(), source: e },
        })
    }
}
