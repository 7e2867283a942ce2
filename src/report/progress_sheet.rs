//! The progress sheet sent to departments (进展表): one row per task still
//! open, with its number and text, and empty columns under the headers
//! `duban load` reads back. A row the department leaves empty is skipped
//! when the sheet comes back, so one sheet can go to every unit.

use crate::model::Status;
use crate::report::render::csv;
use crate::report::tasks::{due_label, reporting_units, ExportError};
use crate::store::{Store, TaskFilter};
use std::io;

/// The columns, in the names [`crate::track::sheet`] recognises.
pub const HEADERS: [&str; 15] = [
    "编号",
    "方案",
    "序号",
    "任务",
    "牵头单位",
    "完成时限",
    "期次",
    "状态",
    "完成比例",
    "进展情况",
    "存在问题",
    "下一步",
    "填报单位",
    "填报人",
    "日期",
];

/// What the office fills in before sending the sheet out.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    /// The reporting period (上半年 …), the same on every row.
    pub period: Option<String>,
    /// The unit the sheet is for, as 填报单位.
    pub unit: Option<String>,
}

/// Writes the sheet for the tasks matching `filter`; closed (销号) tasks
/// are left out, since nothing more can be reported on them. Returns the
/// number of rows.
pub fn write(
    store: &Store,
    filter: &TaskFilter,
    prefill: &Prefill,
    encoding: csv::Encoding,
    out: &mut dyn io::Write,
) -> Result<u64, ExportError> {
    let mut w = csv::Writer::new(out, encoding)?;
    w.header(&HEADERS)?;
    let mut n = 0;
    let blank = String::new;
    store.for_each_task(filter, |t| {
        if t.status == Status::Done {
            return Ok(());
        }
        n += 1;
        let row = [
            t.id.to_string(),
            t.plan.doc_no.clone().unwrap_or_else(|| t.plan.title.clone()),
            t.seq.clone(),
            t.text.clone(),
            reporting_units(&t).join("、"),
            due_label(&t),
            prefill.period.clone().unwrap_or_default(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            prefill.unit.clone().unwrap_or_default(),
            blank(),
            blank(),
        ];
        w.row(&row).map_err(ExportError::from)
    })?;
    w.finish()?;
    Ok(n)
}
