//! Reading indicator targets with the latest figure visible as of a day: a
//! figure counts when its date and the day it was recorded are both on or
//! before that day, so a past report comes out as it did then.

use super::{Result, Store, StoreError};
use crate::indicator::{Breakdown, LineKind};
use crate::model::DepartmentId;
use chrono::NaiveDate;
use rusqlite::{named_params, Row};
use serde::Serialize;

/// Which target rows to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorFilter {
    pub plan: Option<i64>,
    /// Rows the department answers for, is named on, or leads the industry of.
    pub department: Option<DepartmentId>,
    /// The plans issued in this year.
    pub year: Option<i32>,
}

/// One unit row's target for one indicator, with the figure as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLineRow {
    pub line_id: i64,
    pub plan_id: i64,
    pub plan: String,
    pub doc_no: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub indicator_id: i64,
    pub indicator: String,
    pub measure: String,
    pub breakdown: Breakdown,
    pub industry_seq: Option<String>,
    pub industry: Option<String>,
    pub industry_lead: Option<String>,
    pub category: Option<String>,
    pub post: Option<String>,
    pub holder: Option<String>,
    /// The department that answers for the row.
    pub department: Option<String>,
    /// No unit was printed; the industry's lead answers.
    pub by_lead: bool,
    pub target: f64,
    pub actual: Option<f64>,
    pub actual_as_of: Option<String>,
    pub source_line: i64,
}

const SELECT: &str = "SELECT l.id, l.plan_id, p.title, p.doc_no, p.period_start, p.period_end, i.id, i.name, i.measure,
        l.breakdown, n.seq, n.name, ld.name, l.category, l.post, l.holder, d.name, l.by_lead, t.target,
        (SELECT a.value FROM indicator_actuals a WHERE a.line_id = l.id AND a.indicator_id = i.id
           AND a.as_of <= :asof AND a.recorded_on <= :asof ORDER BY a.as_of DESC, a.id DESC LIMIT 1),
        (SELECT a.as_of FROM indicator_actuals a WHERE a.line_id = l.id AND a.indicator_id = i.id
           AND a.as_of <= :asof AND a.recorded_on <= :asof ORDER BY a.as_of DESC, a.id DESC LIMIT 1),
        l.source_line
     FROM indicator_lines l
     JOIN plans p ON p.id = l.plan_id
     JOIN indicator_targets t ON t.line_id = l.id
     JOIN indicators i ON i.id = t.indicator_id
     LEFT JOIN indicator_industries n ON n.id = l.industry_id
     LEFT JOIN departments ld ON ld.id = (SELECT COALESCE(x.merged_into, x.id) FROM departments x WHERE x.id = n.lead_id)
     LEFT JOIN departments d ON d.id = (SELECT COALESCE(x.merged_into, x.id) FROM departments x WHERE x.id = l.department_id)
     WHERE l.kind = :kind AND (:plan IS NULL OR l.plan_id = :plan) AND (:year IS NULL OR p.year = :year)
       AND (:dept IS NULL OR d.id = :dept OR ld.id = :dept
            OR EXISTS (SELECT 1 FROM indicator_line_departments ud JOIN departments x ON x.id = ud.department_id
                       WHERE ud.line_id = l.id AND COALESCE(x.merged_into, x.id) = :dept))
     ORDER BY l.plan_id, i.ordinal, l.breakdown DESC, l.ordinal";

fn line_row(r: &Row<'_>) -> rusqlite::Result<IndicatorLineRow> {
    let breakdown: String = r.get(9)?;
    Ok(IndicatorLineRow {
        line_id: r.get(0)?,
        plan_id: r.get(1)?,
        plan: r.get(2)?,
        doc_no: r.get(3)?,
        period_start: r.get(4)?,
        period_end: r.get(5)?,
        indicator_id: r.get(6)?,
        indicator: r.get(7)?,
        measure: r.get(8)?,
        breakdown: Breakdown::parse(&breakdown).unwrap_or(Breakdown::Industry),
        industry_seq: r.get(10)?,
        industry: r.get(11)?,
        industry_lead: r.get(12)?,
        category: r.get(13)?,
        post: r.get(14)?,
        holder: r.get(15)?,
        department: r.get(16)?,
        by_lead: r.get(17)?,
        target: r.get(18)?,
        actual: r.get(19)?,
        actual_as_of: r.get(20)?,
        source_line: r.get(21)?,
    })
}

impl Store {
    /// Every unit row's target per indicator (county rows after industry
    /// rows), with the latest figure visible as of `as_of`.
    pub fn indicator_lines(&self, as_of: NaiveDate, filter: &IndicatorFilter) -> Result<Vec<IndicatorLineRow>> {
        self.indicator_rows(as_of, filter, LineKind::Unit)
    }

    /// The 小计 and 合计 rows as the source printed them, for checking.
    pub fn printed_totals(&self, as_of: NaiveDate, filter: &IndicatorFilter) -> Result<Vec<IndicatorLineRow>> {
        let mut rows = self.indicator_rows(as_of, filter, LineKind::Subtotal)?;
        rows.extend(self.indicator_rows(as_of, filter, LineKind::Total)?);
        Ok(rows)
    }

    fn indicator_rows(&self, as_of: NaiveDate, f: &IndicatorFilter, kind: LineKind) -> Result<Vec<IndicatorLineRow>> {
        let mut stmt = self.conn.prepare_cached(SELECT).map_err(StoreError::sql("读取指标"))?;
        let rows = stmt
            .query_map(
                named_params! {
                    ":asof": as_of.to_string(), ":kind": kind.code(), ":plan": f.plan, ":year": f.year,
                    ":dept": f.department.map(|d| d.0)
                },
                line_row,
            )
            .map_err(StoreError::sql("读取指标"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("读取指标"))
    }
}
