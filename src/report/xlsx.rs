//! The workbook for leaders: one sheet per table (任务, 进展记录, 工作量, 指标),
//! frozen header rows, sensible column widths, long text wrapped. Sheets are
//! written row by row in constant-memory mode, so a province-size ledger
//! does not have to fit in memory.

use crate::report::indicators::{self, IndicatorRow};
use crate::report::journal::{export_cells as journal_cells, EXPORT_HEADERS as JOURNAL_HEADERS};
use crate::report::render::Tabular;
use crate::report::tasks::{export_cells as task_cells, ExportError, EXPORT_HEADERS as TASK_HEADERS};
use crate::store::{IndicatorFilter, Scope, Store, TaskFilter, Workload, WorkloadBy, WorkloadSort};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::IoError(io) => ExportError::Io(io),
            other => ExportError::Io(std::io::Error::other(other)),
        }
    }
}

/// How many rows each sheet got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SheetCounts {
    pub tasks: u64,
    pub entries: u64,
    pub departments: u64,
    pub indicators: u64,
}

/// Excel column width for a header: long text gets room and wraps.
fn width(header: &str) -> f64 {
    match header {
        "任务内容" => 60.0,
        "方案" | "进展情况" | "存在问题" | "下一步" | "完成依据" => 36.0,
        "类别" | "牵头单位" | "配合单位" | "负责落实单位" | "责任单位" | "原因" => 24.0,
        "标题" | "分管/联系领导" | "牵头部门负责人" | "时限原文" | "单位/领导" | "报送单位" | "来源" => {
            18.0
        }
        "文号" | "印发日期" | "截止日期" | "报送日期" | "新时限" | "录入时间" => 14.0,
        h => (h.chars().count() as f64 * 2.0 + 2.0).max(8.0),
    }
}

fn wraps(header: &str) -> bool {
    width(header) >= 24.0
}

/// Starts a constant-memory sheet: name, widths, header row, frozen panes.
fn sheet<'a>(wb: &'a mut Workbook, name: &str, headers: &[&str]) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap();
    for (c, h) in headers.iter().enumerate() {
        ws.set_column_width(c as u16, width(h))?;
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

fn row(ws: &mut Worksheet, r: u32, headers: &[&str], cells: &[String], wrap: &Format) -> Result<(), XlsxError> {
    for (c, (h, v)) in headers.iter().zip(cells).enumerate() {
        if v.is_empty() {
            continue;
        }
        if wraps(h) {
            ws.write_string_with_format(r, c as u16, v, wrap)?;
        } else {
            ws.write_string(r, c as u16, v)?;
        }
    }
    Ok(())
}

/// Writes the workbook: all tasks (current status), the whole journal, the
/// departments' workload and the indicators as of `as_of`.
pub fn write_workbook(store: &Store, as_of: NaiveDate, scope: &Scope, path: &Path) -> Result<SheetCounts, ExportError> {
    let mut wb = Workbook::new();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut counts = SheetCounts::default();

    let ws = sheet(&mut wb, "任务", &TASK_HEADERS)?;
    let filter = TaskFilter {
        plan: scope.plan,
        government: scope.government.clone(),
        year: scope.year,
        ..TaskFilter::default()
    };
    store.for_each_task(&filter, |t| {
        counts.tasks += 1;
        row(ws, counts.tasks as u32, &TASK_HEADERS, &task_cells(&t), &wrap).map_err(ExportError::from)
    })?;

    let ws = sheet(&mut wb, "进展记录", &JOURNAL_HEADERS)?;
    store.for_each_entry(scope.plan, |e| {
        counts.entries += 1;
        row(ws, counts.entries as u32, &JOURNAL_HEADERS, &journal_cells(&e), &wrap).map_err(ExportError::from)
    })?;

    let headers = Workload::headers();
    let ws = sheet(&mut wb, "工作量", &headers)?;
    for w in store.workload(as_of, WorkloadBy::Department, WorkloadSort::Overdue, scope)? {
        counts.departments += 1;
        row(ws, counts.departments as u32, &headers, &w.cells(), &wrap)?;
    }

    // Targets and figures as numbers, so leaders can sum them in Excel.
    let headers = IndicatorRow::headers();
    let ws = sheet(&mut wb, "指标", &headers)?;
    let filter = IndicatorFilter { plan: scope.plan, year: scope.year, department: None };
    for r in indicators::report(store, &filter, as_of)? {
        counts.indicators += 1;
        let at = counts.indicators as u32;
        row(ws, at, &headers, &r.cells(), &wrap)?;
        let target = headers.iter().position(|h| *h == "目标").unwrap_or(0) as u16;
        ws.write_number(at, target, r.target)?;
        if let Some(a) = r.actual {
            ws.write_number(at, target + 1, a)?;
        }
    }
    wb.save(path)?;
    Ok(counts)
}
