//! 通报: for a reporting period, tasks counted the way offices publish them
//! in their half-year and year-end bulletins — 已完成（含提前完成）, 超进度,
//! 达进度, 欠进度, 未启动 — comparing reported completion with the time
//! elapsed (序时进度) on the period's reporting date.

use crate::model::Status;
use crate::report::render::Tabular;
use crate::report::tasks::shorten;
use crate::store::{AssessedTask, Assessment};
use crate::track::Rules;
use serde::Serialize;

/// A bulletin class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Done,
    Ahead,
    OnPace,
    Behind,
    NotStarted,
}

impl Class {
    pub const ALL: [Class; 5] = [Class::Done, Class::Ahead, Class::OnPace, Class::Behind, Class::NotStarted];

    pub fn label(self) -> &'static str {
        match self {
            Class::Done => "已完成（含提前完成）",
            Class::Ahead => "超进度",
            Class::OnPace => "达进度",
            Class::Behind => "欠进度",
            Class::NotStarted => "未启动",
        }
    }
}

/// The class of one task for `period`. A 长期坚持 task is on pace when it
/// reported for the period and did not say it is behind; a task in progress
/// is compared with 序时进度 when it reported a percentage.
pub fn classify(a: &Assessment, period: &str, rules: &Rules) -> Class {
    match a.status {
        Status::Done => Class::Done,
        Status::NotStarted => Class::NotStarted,
        Status::Lagging => Class::Behind,
        Status::Ongoing if a.reported.iter().any(|p| p == period) => Class::OnPace,
        Status::Ongoing if a.last_entry.is_none() => Class::NotStarted,
        Status::Ongoing => Class::Behind,
        Status::InProgress | Status::Extended => match (a.percent, a.elapsed) {
            (Some(p), Some(e)) if f64::from(p) - e >= rules.ahead_points => Class::Ahead,
            (Some(p), Some(e)) if e - f64::from(p) >= rules.lag_yellow_points => Class::Behind,
            _ => Class::OnPace,
        },
    }
}

/// One task of the bulletin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulletinRow {
    pub class: Class,
    pub class_label: &'static str,
    pub id: i64,
    pub plan: String,
    pub seq: String,
    pub task: String,
    pub lead: String,
    pub percent: Option<u8>,
    /// 序时进度 on the reporting date, percent.
    pub expected: Option<f64>,
}

impl BulletinRow {
    pub fn new(t: &AssessedTask, period: &str, rules: &Rules, width: usize) -> Self {
        let class = classify(&t.assessment, period, rules);
        BulletinRow {
            class,
            class_label: class.label(),
            id: t.id,
            plan: t.doc_no.clone().unwrap_or_else(|| t.plan.clone()),
            seq: t.seq.clone(),
            task: shorten(t.title.as_deref().unwrap_or(&t.text), width),
            lead: t.reporters.clone(),
            percent: t.assessment.percent,
            expected: t.assessment.elapsed,
        }
    }
}

impl Tabular for BulletinRow {
    fn headers() -> Vec<&'static str> {
        vec!["类别", "编号", "方案", "序号", "任务", "牵头单位", "完成比例", "序时进度"]
    }

    fn wide_column() -> Option<usize> {
        Some(4)
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.class_label.to_string(),
            self.id.to_string(),
            self.plan.clone(),
            self.seq.clone(),
            self.task.clone(),
            self.lead.clone(),
            self.percent.map(|p| format!("{p}%")).unwrap_or_default(),
            self.expected.map(|e| format!("{e:.0}%")).unwrap_or_default(),
        ]
    }
}

/// The bulletin's summary line: how many tasks in each class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCount {
    pub class: Class,
    pub label: &'static str,
    pub count: usize,
}

impl Tabular for ClassCount {
    fn headers() -> Vec<&'static str> {
        vec!["类别", "任务数"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.label.to_string(), self.count.to_string()]
    }
}

/// Counts per class, every class listed even when empty.
pub fn count(rows: &[BulletinRow]) -> Vec<ClassCount> {
    Class::ALL
        .into_iter()
        .map(|class| ClassCount {
            class,
            label: class.label(),
            count: rows.iter().filter(|r| r.class == class).count(),
        })
        .collect()
}
