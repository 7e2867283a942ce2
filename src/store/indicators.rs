//! Indicators in the store: writing a plan's targets (inside the import's
//! transaction), finding the row a clerk means by indicator and unit, and
//! appending reported figures, which like the journal are never changed.

use super::{departments, Result, Stamp, Store, StoreError};
use crate::indicator::{IndicatorSet, LineKind};
use crate::model::DepartmentId;
use crate::names::aliases;
use chrono::NaiveDate;
use rusqlite::{params, Transaction};

/// A figure to record: `value` done of `indicator` on `line` by `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActual {
    pub line: i64,
    pub indicator: i64,
    pub as_of: NaiveDate,
    pub value: f64,
    /// `cli` or `csv:<file>:<row>`.
    pub source: String,
}

/// Which target row a clerk means: an indicator and a unit, narrowed by
/// industry (序号 or words of its name) and 类别 when the unit has several.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineQuery {
    pub plan: Option<i64>,
    pub indicator: String,
    pub unit: String,
    pub industry: Option<String>,
    pub category: Option<String>,
}

/// Writes a plan's indicators, industries, target rows and the figures the
/// gazette printed. Gazette figures count as recorded on their own date: the
/// statistics system the table was taken from held them then.
pub(super) fn insert(
    tx: &Transaction<'_>,
    plan_id: i64,
    government: &str,
    set: &IndicatorSet,
    fallback_date: Option<NaiveDate>,
    source: &str,
    stamp: &Stamp,
) -> Result<()> {
    let mut indicator_ids = Vec::with_capacity(set.indicators.len());
    for (ordinal, i) in set.indicators.iter().enumerate() {
        tx.execute(
            "INSERT INTO indicators (plan_id, ordinal, name, measure) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, ordinal as i64, i.name, i.measure],
        )
        .map_err(StoreError::sql(format!("写入指标「{}」", i.name)))?;
        indicator_ids.push(tx.last_insert_rowid());
    }
    let mut industries = Vec::with_capacity(set.industries.len());
    for ind in &set.industries {
        let lead = match &ind.lead {
            Some(l) => Some(departments::resolve(tx, government, l, &stamp.at)?.0),
            None => None,
        };
        tx.execute(
            "INSERT INTO indicator_industries (plan_id, seq, name, lead_id, lead_as_printed, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![plan_id, ind.seq, ind.name, lead, ind.lead, ind.line as i64],
        )
        .map_err(StoreError::sql(format!("写入行业「{}」", ind.name)))?;
        industries.push((tx.last_insert_rowid(), lead));
    }
    let mut line_ids = Vec::with_capacity(set.lines.len());
    for (ordinal, l) in set.lines.iter().enumerate() {
        let mut units = Vec::with_capacity(l.units.len());
        for u in &l.units {
            units.push(departments::resolve(tx, government, u, &stamp.at)?.0);
        }
        if let (Some(holder), Some(&id)) = (&l.holder, units.first()) {
            // A county row prints 巴宜区 for 巴宜区人民政府: find it by both.
            if l.units.len() == 1 && holder != &l.units[0] {
                departments::add_import_alias(tx, government, &aliases::key(holder), holder, DepartmentId(id))?;
            }
        }
        let industry = l.industry.map(|i| industries[i]);
        let by_lead = l.kind == LineKind::Unit && units.is_empty() && industry.is_some_and(|i| i.1.is_some());
        let answer = units.first().copied().or(if by_lead { industry.and_then(|i| i.1) } else { None });
        tx.execute(
            "INSERT INTO indicator_lines (plan_id, ordinal, breakdown, kind, industry_id, category, post, holder, department_id, by_lead, source_line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                plan_id,
                ordinal as i64,
                l.breakdown.code(),
                l.kind.code(),
                industry.map(|i| i.0),
                l.category,
                l.post,
                l.holder,
                answer,
                by_lead,
                l.line as i64
            ],
        )
        .map_err(StoreError::sql("写入指标目标行"))?;
        let line_id = tx.last_insert_rowid();
        for (pos, (dept, printed)) in units.iter().zip(&l.units).enumerate() {
            tx.execute(
                "INSERT INTO indicator_line_departments (line_id, department_id, as_printed, position) VALUES (?1, ?2, ?3, ?4)",
                params![line_id, dept, printed, pos as i64],
            )
            .map_err(StoreError::sql("写入指标的责任单位"))?;
        }
        for (indicator, target) in &l.targets {
            tx.execute(
                "INSERT INTO indicator_targets (line_id, indicator_id, target) VALUES (?1, ?2, ?3)",
                params![line_id, indicator_ids[*indicator], target],
            )
            .map_err(StoreError::sql("写入指标目标"))?;
        }
        line_ids.push(line_id);
    }
    let Some(date) = set.figures_as_of.or(fallback_date) else { return Ok(()) };
    for f in &set.figures {
        let line = set.lines[f.line].line;
        tx.execute(
            "INSERT INTO indicator_actuals (line_id, indicator_id, as_of, value, printed_ratio, recorded_on, recorded_at, recorded_by, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?6, ?7, ?8)",
            params![
                line_ids[f.line],
                indicator_ids[f.indicator],
                date.to_string(),
                f.value,
                f.printed_ratio,
                stamp.at,
                stamp.by,
                format!("gazette:{source}:{line}")
            ],
        )
        .map_err(StoreError::sql("写入统计表的完成数"))?;
    }
    Ok(())
}

fn insert_actual(tx: &Transaction<'_>, a: &NewActual, stamp: &Stamp) -> Result<i64> {
    if !a.value.is_finite() || a.value < 0.0 {
        return Err(StoreError::BadActual(a.value.to_string()));
    }
    tx.execute(
        "INSERT INTO indicator_actuals (line_id, indicator_id, as_of, value, recorded_on, recorded_at, recorded_by, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![a.line, a.indicator, a.as_of.to_string(), a.value, stamp.on.to_string(), stamp.at, stamp.by, a.source],
    )
    .map_err(StoreError::sql("记录指标完成数"))?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Records one figure and returns its id.
    pub fn record_actual(&mut self, a: &NewActual, stamp: &Stamp) -> Result<i64> {
        let tx = self.write("记录指标完成数")?;
        let id = insert_actual(&tx, a, stamp)?;
        tx.commit().map_err(StoreError::sql("提交指标完成数"))?;
        Ok(id)
    }

    /// Records a whole sheet in one transaction: every figure, or none.
    pub fn record_actuals(&mut self, all: &[NewActual], stamp: &Stamp) -> Result<Vec<i64>> {
        let tx = self.write("批量记录指标完成数")?;
        let ids = all.iter().map(|a| insert_actual(&tx, a, stamp)).collect::<Result<Vec<_>>>()?;
        tx.commit().map_err(StoreError::sql("提交指标完成数"))?;
        Ok(ids)
    }

    /// The target row (and indicator) a clerk means.
    pub fn find_indicator_line(&self, q: &LineQuery) -> Result<(i64, i64)> {
        let indicators: Vec<(i64, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT i.id, i.plan_id, p.government FROM indicators i JOIN plans p ON p.id = i.plan_id
                 WHERE (?1 IS NULL OR i.plan_id = ?1) AND i.name = ?2 ORDER BY i.id",
            )
            .and_then(|mut s| {
                s.query_map(params![q.plan, q.indicator.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
            })
            .map_err(StoreError::sql("查找指标"))?;
        let (indicator, plan, government) = match indicators.as_slice() {
            [] => return Err(StoreError::NoSuchIndicator(q.indicator.clone())),
            [one] => one.clone(),
            _ => return Err(StoreError::AmbiguousIndicator(q.indicator.clone(), indicators.len())),
        };
        let (_, dept) = super::departments::find(&self.conn, Some(&government), &q.unit)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.id, COALESCE(n.seq || ' ' || n.name, '县（区）'), COALESCE(l.category, ''), COALESCE(n.seq, ''), COALESCE(n.name, '')
                 FROM indicator_lines l JOIN indicator_targets t ON t.line_id = l.id AND t.indicator_id = ?2
                 LEFT JOIN indicator_industries n ON n.id = l.industry_id
                 LEFT JOIN departments d ON d.id = l.department_id
                 WHERE l.plan_id = ?1 AND l.kind = 'unit' AND COALESCE(d.merged_into, d.id) = ?3
                 ORDER BY l.ordinal",
            )
            .map_err(StoreError::sql("查找指标目标行"))?;
        let rows: Vec<(i64, String, String, String, String)> = stmt
            .query_map(params![plan, indicator, dept.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .and_then(|rows| rows.collect())
            .map_err(StoreError::sql("查找指标目标行"))?;
        let wanted: Vec<&(i64, String, String, String, String)> = rows
            .iter()
            .filter(|r| q.industry.as_deref().is_none_or(|w| r.3 == w.trim() || r.4.contains(w.trim())))
            .filter(|r| q.category.as_deref().is_none_or(|w| r.2.contains(w.trim())))
            .collect();
        match wanted.as_slice() {
            [] => Err(StoreError::NoIndicatorTarget { indicator: q.indicator.clone(), unit: q.unit.clone() }),
            [one] => Ok((one.0, indicator)),
            many => Err(StoreError::AmbiguousIndicatorLine {
                unit: q.unit.clone(),
                choices: many.iter().map(|r| format!("行业 {}，类别 {}", r.1, r.2)).collect::<Vec<_>>().join("；"),
            }),
        }
    }
}
