//! Task lists for leaders: the overdue list and the assessed task list, one
//! row per task with its light and latest report.

use crate::report::render::{lent_cells, number_cell, Tabular};
use crate::report::tasks::shortened;
use crate::store::AssessedTask;
use serde::Serialize;
use std::io;

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
    pub status: &'static str,
    pub last_report: String,
}

/// "2023-10-04 推进中：…" or "未报送".
pub fn last_report_label(t: &AssessedTask, width: usize) -> String {
    match &t.last_report {
        Some(r) => {
            let mut label = r.reported_on.trim_start().to_string();
            label.push(' ');
            r.push_note(&mut label);
            label.truncate(label.trim_end().len());
            shortened(label, width)
        }
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
    /// The row of a task, which it takes apart: a province's list has
    /// 700,000 rows, and each text is moved rather than copied.
    pub fn new(t: AssessedTask, width: usize) -> Self {
        OverdueRow {
            due: due_label(&t),
            last_report: last_report_label(&t, width),
            days_overdue: -t.assessment.days_left.unwrap_or(0),
            status: t.assessment.status.label(),
            id: t.id,
            plan: t.doc_no.unwrap_or(t.plan),
            seq: t.seq,
            task: shortened(t.title.unwrap_or(t.text), width),
            lead: t.reporters,
            leaders: t.leaders,
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
        lent_cells(self)
    }

    fn each_cell(&self, cell: &mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        number_cell(self.id, cell)?;
        for text in [&self.plan, &self.seq, &self.task, &self.lead, &self.leaders, &self.due] {
            cell(text)?;
        }
        number_cell(self.days_overdue, cell)?;
        cell(self.status)?;
        cell(&self.last_report)
    }
}
