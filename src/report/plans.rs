//! The plan list: what was imported, from where, and when it must be
//! reported on.

use crate::report::render::Tabular;
use crate::store::PlanRow;
use serde::Serialize;

/// One line of `duban plans`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanListRow {
    pub id: i64,
    pub government: String,
    pub title: String,
    pub doc_no: String,
    pub issued: String,
    pub tasks: u64,
    pub indicators: u64,
    pub schedule: String,
    pub source: String,
}

impl From<&PlanRow> for PlanListRow {
    fn from(p: &PlanRow) -> Self {
        PlanListRow {
            id: p.id,
            government: p.government.clone(),
            title: p.title.clone(),
            doc_no: p.doc_no.clone().unwrap_or_default(),
            issued: p.issued.clone().unwrap_or_default(),
            tasks: p.tasks,
            indicators: p.indicators,
            schedule: p.schedule.iter().map(|s| format!("{} {}", s.label, s.due)).collect::<Vec<_>>().join("；"),
            source: p.source_name.clone(),
        }
    }
}

impl Tabular for PlanListRow {
    fn headers() -> Vec<&'static str> {
        vec!["编号", "政府", "方案", "文号", "印发日期", "任务数", "指标数", "报送时间", "来源文件"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.government.clone(),
            self.title.clone(),
            self.doc_no.clone(),
            self.issued.clone(),
            self.tasks.to_string(),
            self.indicators.to_string(),
            self.schedule.clone(),
            self.source.clone(),
        ]
    }
}
