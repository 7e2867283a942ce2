//! 催报: for a reporting period, which answering units have not reported on
//! which tasks, grouped by unit, with the date the report was due.

use crate::report::render::Tabular;
use crate::report::tasks::shorten;
use crate::store::MissingReport;
use chrono::NaiveDate;
use serde::Serialize;

/// One line of `duban chase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseRow {
    pub department: String,
    pub government: String,
    pub report_due: String,
    /// Days since the report was due (0 or less: not yet due).
    pub days_late: i64,
    pub id: i64,
    pub plan: String,
    pub seq: String,
    pub task: String,
}

impl ChaseRow {
    pub fn new(m: &MissingReport, as_of: NaiveDate, width: usize) -> Self {
        let due: Option<NaiveDate> = m.report_due.parse().ok();
        ChaseRow {
            department: m.department.clone(),
            government: m.government.clone(),
            report_due: m.report_due.clone(),
            days_late: due.map(|d| (as_of - d).num_days()).unwrap_or(0),
            id: m.task.id,
            plan: m.task.doc_no.clone().unwrap_or_else(|| m.task.plan.clone()),
            seq: m.task.seq.clone(),
            task: shorten(m.task.title.as_deref().unwrap_or(&m.task.text), width),
        }
    }
}

impl Tabular for ChaseRow {
    fn headers() -> Vec<&'static str> {
        vec!["单位", "政府", "应报日期", "逾期天数", "编号", "方案", "序号", "任务"]
    }

    fn wide_column() -> Option<usize> {
        Some(7)
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.department.clone(),
            self.government.clone(),
            self.report_due.clone(),
            if self.days_late > 0 { self.days_late.to_string() } else { "未到期".to_string() },
            self.id.to_string(),
            self.plan.clone(),
            self.seq.clone(),
            self.task.clone(),
        ]
    }
}
