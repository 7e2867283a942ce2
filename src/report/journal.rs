//! The journal as tables: a task's history for the screen, and every
//! column of every entry for the journal export.

use crate::report::render::Tabular;
use crate::store::JournalRow;
use serde::Serialize;

/// One entry of `duban history`: the columns a clerk reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct HistoryRow(pub JournalRow);

impl From<&JournalRow> for HistoryRow {
    fn from(entry: &JournalRow) -> Self {
        HistoryRow(entry.clone())
    }
}

fn period_label(code: &Option<String>) -> String {
    code.as_deref().map(|p| crate::model::Period::parse(p).label().to_string()).unwrap_or_default()
}

fn correction(e: &JournalRow) -> String {
    match (e.supersedes, e.superseded_by) {
        (_, Some(by)) => format!("已被 {by} 更正"),
        (Some(old), None) => format!("更正 {old}"),
        (None, None) => String::new(),
    }
}

/// The notes of an entry in one cell: progress, problems, next steps,
/// evidence, the new deadline and the reason, each labelled.
fn notes(e: &JournalRow) -> String {
    let mut parts = Vec::new();
    let mut add = |label: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{label}{v}"));
        }
    };
    add("", &e.progress);
    add("问题：", &e.problems);
    add("下一步：", &e.next_steps);
    add("依据：", &e.evidence);
    add("新时限：", &e.new_due);
    add("原因：", &e.reason);
    parts.join("；")
}

impl Tabular for HistoryRow {
    fn headers() -> Vec<&'static str> {
        vec!["记录", "类型", "报送日期", "期次", "状态", "完成比例", "内容", "报送单位/人", "更正", "录入"]
    }

    fn wide_column() -> Option<usize> {
        Some(6)
    }

    fn cells(&self) -> Vec<String> {
        let e = &self.0;
        let who = [e.department.as_deref(), e.reporter.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        vec![
            e.id.to_string(),
            e.kind.label().to_string(),
            e.reported_on.clone(),
            period_label(&e.period),
            e.status.label().to_string(),
            e.percent.map(|p| format!("{p}%")).unwrap_or_default(),
            notes(e),
            who,
            correction(e),
            format!("{} {}", e.recorded_at.get(..10).unwrap_or(&e.recorded_at), e.recorded_by),
        ]
    }
}

/// The CSV columns of the journal export.
pub const EXPORT_HEADERS: [&str; 20] = [
    "记录编号",
    "任务编号",
    "类型",
    "报送日期",
    "期次",
    "状态",
    "完成比例",
    "进展情况",
    "存在问题",
    "下一步",
    "完成依据",
    "新时限",
    "原因",
    "报送单位",
    "报送人",
    "更正记录",
    "被更正为",
    "录入时间",
    "录入人",
    "来源",
];

/// Every column of an entry, for the journal export.
pub fn export_cells(e: &JournalRow) -> Vec<String> {
    let t = |s: &Option<String>| s.clone().unwrap_or_default();
    let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        e.id.to_string(),
        e.task_id.to_string(),
        e.kind.label().to_string(),
        e.reported_on.clone(),
        period_label(&e.period),
        e.status.label().to_string(),
        e.percent.map(|p| p.to_string()).unwrap_or_default(),
        t(&e.progress),
        t(&e.problems),
        t(&e.next_steps),
        t(&e.evidence),
        t(&e.new_due),
        t(&e.reason),
        t(&e.department),
        t(&e.reporter),
        n(e.supersedes),
        n(e.superseded_by),
        e.recorded_at.clone(),
        e.recorded_by.clone(),
        e.source.clone(),
    ]
}

/// Streams the journal (optionally of one plan) as CSV or JSON.
pub fn export(
    store: &crate::store::Store,
    plan: Option<i64>,
    format: crate::report::render::Format,
    encoding: crate::report::render::csv::Encoding,
    out: &mut dyn std::io::Write,
) -> Result<u64, crate::report::tasks::ExportError> {
    use crate::report::render::{csv, json, Format};
    use crate::report::tasks::ExportError;
    let mut n = 0u64;
    match format {
        Format::Json => {
            let mut w = json::ArrayWriter::new(out)?;
            store.for_each_entry(plan, |e| {
                n += 1;
                w.item(&e).map_err(ExportError::from)
            })?;
            w.finish()?;
        }
        _ => {
            let mut w = csv::Writer::new(out, encoding)?;
            w.header(&EXPORT_HEADERS)?;
            store.for_each_entry(plan, |e| {
                n += 1;
                w.row(&export_cells(&e)).map_err(ExportError::from)
            })?;
            w.finish()?;
        }
    }
    Ok(n)
}
