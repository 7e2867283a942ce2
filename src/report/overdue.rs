//! Task lists for leaders: the overdue list and the assessed task list, one
//! row per task with its light and latest report.

use crate::report::render::Tabular;
use crate::report::tasks::shorten;
use crate::store::AssessedTask;
use serde::Serialize;

/// One line of `duban overdue`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    pub id: i64,
    pub plan: String,
    pub seq: String,
    pub task: String,
    pub lead: String,
    pub leaders: String,
    pub due: String,
    pub days_overdue: i64,
    pub status: String,
    pub last_report: String,
}

/// "2023-10-04 推进中：…" or "未报送".
pub fn last_report_label(t: &AssessedTask, width: usize) -> String {
    match &t.last_report {
        Some(r) => shorten(format!("{} {}", r.reported_on, r.note()).trim(), width),
        None => "未报送".to_string(),
    }
}

/// The deadline as a list shows it: the one in force, and the original when
/// it was extended.
pub fn due_label(t: &AssessedTask) -> String {
    let a = &t.assessment;
    match (a.due, a.original_due, a.extended) {
        (Some(d), Some(o), true) if d != o => format!("{d}（原定 {o}）"),
        (Some(d), _, _) => d.to_string(),
        (None, _, _) => "长期坚持".to_string(),
    }
}

impl OverdueRow {
    pub fn new(t: &AssessedTask, width: usize) -> Self {
        OverdueRow {
            id: t.id,
            plan: t.doc_no.clone().unwrap_or_else(|| t.plan.clone()),
            seq: t.seq.clone(),
            task: shorten(t.title.as_deref().unwrap_or(&t.text), width),
            lead: t.reporters.clone(),
            leaders: t.leaders.clone(),
            due: due_label(t),
            days_overdue: -t.assessment.days_left.unwrap_or(0),
            status: t.assessment.status.label().to_string(),
            last_report: last_report_label(t, width),
        }
    }
}

impl Tabular for OverdueRow {
    fn headers() -> Vec<&'static str> {
        vec!["编号", "方案", "序号", "任务", "牵头单位", "分管/联系领导", "完成时限", "逾期天数", "状态", "最近报送"]
    }

    fn wide_column() -> Option<usize> {
        Some(3)
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.plan.clone(),
            self.seq.clone(),
            self.task.clone(),
            self.lead.clone(),
            self.leaders.clone(),
            self.due.clone(),
            self.days_overdue.to_string(),
            self.status.clone(),
            self.last_report.clone(),
        ]
    }
}
