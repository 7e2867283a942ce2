//! Task lists and the task export: one row per task for the screen, the
//! full record for CSV and JSON.

use crate::model::Role;
use crate::report::render::{self, csv, json, Format, Tabular};
use crate::store::{Store, StoreError, TaskFilter, TaskRecord};
use serde::Serialize;
use std::io;

/// One line of `duban tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskListRow {
    pub id: i64,
    pub plan: String,
    pub seq: String,
    pub text: String,
    pub leaders: String,
    pub lead: String,
    pub due: String,
    pub status: String,
    /// The warning light on the day the list is for.
    pub light: String,
}

impl TaskListRow {
    pub fn from_record(t: &TaskRecord, text_width: usize) -> Self {
        TaskListRow {
            id: t.id,
            plan: t.plan.doc_no.clone().unwrap_or_else(|| t.plan.title.clone()),
            seq: t.seq.clone(),
            text: shorten(t.title.as_deref().filter(|x| !x.is_empty()).unwrap_or(&t.text), text_width),
            leaders: t.leaders.join("、"),
            lead: reporting_units(t).join("、"),
            due: due_label(t),
            status: t.status.label().to_string(),
            light: String::new(),
        }
    }

    /// The row with status and light as assessed on a day.
    pub fn assessed(mut self, a: &crate::store::Assessment) -> Self {
        self.status = a.status.label().to_string();
        self.light = a.light.label().to_string();
        if a.extended {
            if let Some(d) = a.due {
                self.due = format!("{d}（延期）");
            }
        }
        self
    }
}

impl Tabular for TaskListRow {
    fn headers() -> Vec<&'static str> {
        vec!["编号", "方案", "序号", "任务", "分管/联系领导", "牵头单位", "完成时限", "状态", "亮灯"]
    }

    fn wide_column() -> Option<usize> {
        Some(3)
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.plan.clone(),
            self.seq.clone(),
            self.text.clone(),
            self.leaders.clone(),
            self.lead.clone(),
            self.due.clone(),
            self.status.clone(),
            self.light.clone(),
        ]
    }
}

/// The units that answer for a task: its leads, or, where the plan names no
/// lead, its responsible units.
pub fn reporting_units(t: &TaskRecord) -> Vec<String> {
    let of = |role: Role| -> Vec<String> {
        t.departments.iter().filter(|d| d.role == role).map(|d| d.name.clone()).collect()
    };
    let leads = of(Role::Lead);
    if leads.is_empty() {
        of(Role::Responsible)
    } else {
        leads
    }
}

/// "2023-12-31", "长期坚持", "2020-05-31，长期坚持", with "（推定）" when the
/// date was not printed.
pub fn due_label(t: &TaskRecord) -> String {
    let d = &t.deadline;
    let mut s = d.due.map(|x| x.to_string()).unwrap_or_default();
    if d.inferred && !s.is_empty() {
        s.push_str(" 推定");
    }
    if d.ongoing {
        if !s.is_empty() {
            s.push('，');
        }
        s.push_str("长期坚持");
    }
    s
}

/// Cuts a text to `width` characters with an ellipsis.
pub fn shorten(s: &str, width: usize) -> String {
    if fits(s, width) {
        s.to_string()
    } else {
        cut(s, width)
    }
}

/// As [`shorten`], keeping the text itself when it fits.
pub fn shortened(s: String, width: usize) -> String {
    if fits(&s, width) {
        s
    } else {
        cut(&s, width)
    }
}

/// Whether `s` has at most `width` characters. A text of no more bytes
/// has no more characters either, so a list written without a width (CSV,
/// JSON) counts none.
fn fits(s: &str, width: usize) -> bool {
    s.len() <= width || s.chars().count() <= width
}

fn cut(s: &str, width: usize) -> String {
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The CSV columns of the task export.
pub const EXPORT_HEADERS: [&str; 20] = [
    "编号",
    "方案",
    "文号",
    "印发日期",
    "序号",
    "类别",
    "标题",
    "任务内容",
    "分管/联系领导",
    "牵头部门负责人",
    "牵头单位",
    "配合单位",
    "负责落实单位",
    "责任单位",
    "时限原文",
    "截止日期",
    "长期坚持",
    "日期为推定",
    "状态",
    "来源行",
];

pub fn export_cells(t: &TaskRecord) -> Vec<String> {
    let of = |role: Role| {
        t.departments.iter().filter(|d| d.role == role).map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")
    };
    let yes_no = |b: bool| if b { "是" } else { "否" }.to_string();
    vec![
        t.id.to_string(),
        t.plan.title.clone(),
        t.plan.doc_no.clone().unwrap_or_default(),
        t.plan.issued.clone().unwrap_or_default(),
        t.seq.clone(),
        t.category.join(" / "),
        t.title.clone().unwrap_or_default(),
        t.text.clone(),
        t.leaders.join("、"),
        t.lead_officers.join("、"),
        of(Role::Lead),
        of(Role::Coop),
        of(Role::Implementing),
        of(Role::Responsible),
        t.deadline.text.clone().unwrap_or_default(),
        t.deadline.due.map(|d| d.to_string()).unwrap_or_default(),
        yes_no(t.deadline.ongoing),
        yes_no(t.deadline.inferred),
        t.status.label().to_string(),
        t.source_line.to_string(),
    ]
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The cause follows in the error chain, in Chinese where it is a file
    /// error a clerk can act on.
    #[error("写出失败")]
    Io(#[from] io::Error),
    /// Files that would be written over: sheets that went out before may
    /// have come back filled in under the same names.
    #[error("文件夹中已有同名的文件：{}", .0.join("、"))]
    WouldOverwrite(Vec<String>),
}

/// Streams every task matching `filter` as CSV or JSON (the JSON form is
/// the full record, one object per task).
pub fn export(
    store: &Store,
    filter: &TaskFilter,
    format: Format,
    encoding: csv::Encoding,
    out: &mut dyn io::Write,
) -> Result<u64, ExportError> {
    let mut n = 0u64;
    match format {
        Format::Json => {
            let mut w = json::ArrayWriter::new(out)?;
            store.for_each_task(filter, |t| {
                n += 1;
                w.item(&t).map_err(ExportError::from)
            })?;
            w.finish()?;
        }
        Format::Csv => {
            let mut w = csv::Writer::new(out, encoding)?;
            w.header(&EXPORT_HEADERS)?;
            store.for_each_task(filter, |t| {
                n += 1;
                w.row(&export_cells(&t)).map_err(ExportError::from)
            })?;
            w.finish()?;
        }
        Format::Table | Format::Markdown => {
            let rows: Vec<TaskListRow> = store.tasks(filter)?.iter().map(|t| TaskListRow::from_record(t, 60)).collect();
            n = rows.len() as u64;
            render::render(&rows, format, out)?;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width counts characters, not bytes: a Chinese text of six
    /// characters (18 bytes) fits in six.
    #[test]
    fn texts_are_cut_by_characters() {
        let text = "推进数字政府";
        for width in [6, 18, usize::MAX] {
            assert_eq!(shorten(text, width), text);
            assert_eq!(shortened(text.to_string(), width), text);
        }
        assert_eq!(shorten(text, 5), "推进数字…");
        assert_eq!(shortened(text.to_string(), 3), "推进…");
        assert_eq!(shortened("abc".to_string(), 2), "a…");
        assert_eq!(shorten("", 0), "");
    }
}
