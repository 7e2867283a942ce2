//! The indicator report: per indicator and unit its target, the figure
//! reported as of a day, the completion ratio, the time elapsed (序时进度)
//! and the light; then each industry's 小计 and the 合计, computed from the
//! rows above them so the totals always add up.

use crate::indicator::{percent, Amount, Breakdown};
use crate::report::render::Tabular;
use crate::store::{IndicatorFilter, IndicatorLineRow, Store, StoreError};
use crate::track::indicator::Pace;
use crate::track::{Light, Rules};
use chrono::NaiveDate;
use serde::Serialize;

/// What a report row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Unit,
    Subtotal,
    Total,
}

/// One row of the indicator report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    pub kind: RowKind,
    /// The target row's id, for `duban actual` (unit rows only).
    pub line_id: Option<i64>,
    pub plan: String,
    pub indicator: String,
    pub measure: String,
    pub breakdown: Breakdown,
    pub industry: Option<String>,
    pub category: Option<String>,
    /// The unit as printed ("巴宜区", "市场监管局、旅游发展局等").
    pub unit: String,
    /// The department that answers for the row.
    pub department: Option<String>,
    pub target: f64,
    pub actual: Option<f64>,
    /// Completion, rounded half up to a whole percent as offices print it.
    pub ratio: Option<i64>,
    /// Time elapsed in the plan's period, whole percent.
    pub elapsed: Option<i64>,
    pub light: Light,
    /// The date of the latest figure counted.
    pub actual_as_of: Option<String>,
}

impl Tabular for IndicatorRow {
    fn headers() -> Vec<&'static str> {
        vec![
            "编号",
            "方案",
            "指标",
            "分解",
            "行业",
            "类别",
            "单位",
            "负责单位",
            "目标",
            "完成",
            "完成比例",
            "序时进度",
            "亮灯",
            "数据截至",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let pct = |p: Option<i64>| p.map(|p| format!("{p}%")).unwrap_or_default();
        vec![
            self.line_id.map(|i| i.to_string()).unwrap_or_default(),
            self.plan.clone(),
            format!("{}（{}）", self.indicator, self.measure),
            self.breakdown.label().to_string(),
            self.industry.clone().unwrap_or_default(),
            self.category.clone().unwrap_or_default(),
            self.unit.clone(),
            self.department.clone().unwrap_or_default(),
            Amount(self.target).to_string(),
            self.actual.map(|a| Amount(a).to_string()).unwrap_or_else(|| "未报送".to_string()),
            pct(self.ratio),
            pct(self.elapsed),
            self.light.label().to_string(),
            self.actual_as_of.clone().unwrap_or_default(),
        ]
    }
}

/// The report for a filter: every total when nothing is filtered out, else
/// only the 小计 of the industries the department leads.
pub fn report(store: &Store, filter: &IndicatorFilter, as_of: NaiveDate) -> Result<Vec<IndicatorRow>, StoreError> {
    let lines = store.indicator_lines(as_of, filter)?;
    let rules = store.rules()?;
    Ok(match filter.department {
        None => rows(&lines, as_of, &rules, Totals::All),
        Some(d) => rows(&lines, as_of, &rules, Totals::LedBy(&store.department(d)?.0)),
    })
}

/// Sums a run of rows into a 小计 or 合计.
#[derive(Default)]
struct Sum {
    target: f64,
    actual: Option<f64>,
    latest: Option<String>,
}

impl Sum {
    fn add(&mut self, r: &IndicatorRow) {
        self.target += r.target;
        if let Some(a) = r.actual {
            self.actual = Some(self.actual.unwrap_or(0.0) + a);
        }
        self.latest = self.latest.clone().max(r.actual_as_of.clone());
    }
}

/// Which totals a report can honestly show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totals<'a> {
    /// Every row is there: each industry's 小计 and the 合计.
    All,
    /// Only one department's rows: the 小计 of the industries it leads (all
    /// of whose rows it sees), no 合计.
    LedBy(&'a str),
}

/// Builds the report rows from the store's unit rows, inserting a 小计 after
/// each industry and a 合计 after each indicator's breakdown.
pub fn rows(lines: &[IndicatorLineRow], as_of: NaiveDate, rules: &Rules, totals: Totals<'_>) -> Vec<IndicatorRow> {
    let mut out = Vec::with_capacity(lines.len() * 5 / 4);
    let mut i = 0;
    while i < lines.len() {
        let group = |l: &IndicatorLineRow| (l.plan_id, l.indicator_id, l.breakdown);
        let end = i + lines[i..].iter().take_while(|l| group(l) == group(&lines[i])).count();
        let mut total = Sum::default();
        let mut sub = Sum::default();
        for k in i..end {
            let row = unit_row(&lines[k], as_of, rules);
            total.add(&row);
            sub.add(&row);
            out.push(row);
            let next_industry = lines.get(k + 1).filter(|_| k + 1 < end).map(|n| n.industry_seq.clone());
            if lines[k].industry_seq.is_some() && next_industry != Some(lines[k].industry_seq.clone()) {
                let sum = std::mem::take(&mut sub);
                let shown = match totals {
                    Totals::All => true,
                    Totals::LedBy(d) => lines[k].industry_lead.as_deref() == Some(d),
                };
                if shown {
                    out.push(sum_row(&lines[k], RowKind::Subtotal, sum, as_of, rules));
                }
            }
        }
        if totals == Totals::All {
            out.push(sum_row(&lines[i], RowKind::Total, total, as_of, rules));
        }
        i = end;
    }
    out
}

fn period(l: &IndicatorLineRow) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let d = |s: &Option<String>| s.as_deref().and_then(|s| s.parse().ok());
    (d(&l.period_start), d(&l.period_end))
}

fn measured(mut row: IndicatorRow, l: &IndicatorLineRow, as_of: NaiveDate, rules: &Rules) -> IndicatorRow {
    let pace = Pace::new(row.target, row.actual.unwrap_or(0.0), period(l), as_of);
    row.ratio = percent(row.actual.unwrap_or(0.0), row.target);
    row.elapsed = pace.elapsed.map(|e| (e + 0.5).floor() as i64);
    row.light = pace.light(rules);
    row
}

fn industry_label(l: &IndicatorLineRow) -> Option<String> {
    Some(format!("{} {}", l.industry_seq.as_deref()?, l.industry.as_deref().unwrap_or("")))
}

fn unit_row(l: &IndicatorLineRow, as_of: NaiveDate, rules: &Rules) -> IndicatorRow {
    let unit = match (&l.holder, l.by_lead) {
        (Some(h), false) => h.clone(),
        (Some(h), true) => format!("{h}（由牵头单位负责）"),
        (None, _) => "（未写单位，由牵头单位负责）".to_string(),
    };
    let row = IndicatorRow {
        kind: RowKind::Unit,
        line_id: Some(l.line_id),
        plan: l.doc_no.clone().unwrap_or_else(|| l.plan.clone()),
        indicator: l.indicator.clone(),
        measure: l.measure.clone(),
        breakdown: l.breakdown,
        industry: industry_label(l),
        category: l.category.clone(),
        unit,
        department: l.department.clone(),
        target: l.target,
        actual: l.actual,
        ratio: None,
        elapsed: None,
        light: Light::Green,
        actual_as_of: l.actual_as_of.clone(),
    };
    measured(row, l, as_of, rules)
}

fn sum_row(l: &IndicatorLineRow, kind: RowKind, s: Sum, as_of: NaiveDate, rules: &Rules) -> IndicatorRow {
    let (unit, industry, department) = match kind {
        RowKind::Subtotal => ("小计".to_string(), industry_label(l), l.industry_lead.clone()),
        _ => ("合计".to_string(), None, None),
    };
    let row = IndicatorRow {
        kind,
        line_id: None,
        plan: l.doc_no.clone().unwrap_or_else(|| l.plan.clone()),
        indicator: l.indicator.clone(),
        measure: l.measure.clone(),
        breakdown: l.breakdown,
        industry,
        category: None,
        unit,
        department,
        target: s.target,
        actual: s.actual,
        ratio: None,
        elapsed: None,
        light: Light::Green,
        actual_as_of: s.latest,
    };
    measured(row, l, as_of, rules)
}
