//! The status report: per plan, category or leader, how many tasks stand
//! where and under which light, and the completion rate.

use crate::report::render::Tabular;
use crate::store::StatusCounts;
use serde::Serialize;

/// One line of `duban status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    #[serde(flatten)]
    pub counts: StatusCounts,
    /// Done over closable tasks, percent (None when all are 长期坚持).
    pub completion_rate: Option<f64>,
}

impl From<StatusCounts> for StatusRow {
    fn from(counts: StatusCounts) -> Self {
        StatusRow { completion_rate: counts.completion_rate(), counts }
    }
}

/// Adds a 合计 line summing every group.
pub fn with_total(rows: Vec<StatusCounts>) -> Vec<StatusRow> {
    let mut total = StatusCounts { group: "合计".into(), ..StatusCounts::default() };
    for r in &rows {
        total.add(r);
    }
    let many = rows.len() > 1;
    let mut out: Vec<StatusRow> = rows.into_iter().map(StatusRow::from).collect();
    if many {
        out.push(total.into());
    }
    out
}

/// A percentage for tables: "62.5%".
pub fn percent(p: Option<f64>) -> String {
    p.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".to_string())
}

impl Tabular for StatusRow {
    fn headers() -> Vec<&'static str> {
        vec![
            "分组",
            "所属方案",
            "任务数",
            "未启动",
            "推进中",
            "已完成",
            "滞后",
            "已延期",
            "长期坚持",
            "逾期",
            "绿灯",
            "黄灯",
            "红灯",
            "完成率",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let c = &self.counts;
        vec![
            c.group.clone(),
            c.plan.clone().unwrap_or_default(),
            c.total.to_string(),
            c.not_started.to_string(),
            c.in_progress.to_string(),
            c.done.to_string(),
            c.lagging.to_string(),
            c.extended.to_string(),
            c.ongoing.to_string(),
            c.overdue.to_string(),
            c.green.to_string(),
            c.yellow.to_string(),
            c.red.to_string(),
            percent(self.completion_rate),
        ]
    }
}
