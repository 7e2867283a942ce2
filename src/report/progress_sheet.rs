//! The progress sheet sent to departments (进展表): one row per task still
//! open, with its number and text, and empty columns under the headers
//! `duban load` reads back. A row the department leaves empty is skipped
//! when the sheet comes back, so one sheet can go to every unit.

use crate::model::Status;
use crate::report::render::csv;
use crate::report::tasks::{due_label, reporting_units, ExportError};
use crate::store::{Store, TaskFilter, TaskRecord};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

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
    store.for_each_task(filter, |t| {
        if t.status == Status::Done {
            return Ok(());
        }
        n += 1;
        w.row(&sheet_row(&t, prefill.period.as_deref(), prefill.unit.as_deref())).map_err(ExportError::from)
    })?;
    w.finish()?;
    Ok(n)
}

/// A sheet's row, one cell under each of [`HEADERS`].
type Row = [String; HEADERS.len()];

/// A unit by its government and name.
type Unit = (String, String);

/// One task's row, with the period and the reporting unit filled in.
fn sheet_row(t: &TaskRecord, period: Option<&str>, unit: Option<&str>) -> Row {
    let blank = String::new;
    [
        t.id.to_string(),
        t.plan.doc_no.clone().unwrap_or_else(|| t.plan.title.clone()),
        t.seq.clone(),
        t.text.clone(),
        reporting_units(t).join("、"),
        due_label(t),
        period.unwrap_or_default().to_string(),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
        unit.unwrap_or_default().to_string(),
        blank(),
        blank(),
    ]
}

/// What [`write_by_unit`] wrote, and the open tasks no unit answers for
/// (no lead and no responsible unit), which are in no sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitSheets {
    pub sheets: Vec<UnitSheet>,
    pub unanswered: Vec<i64>,
}

/// One unit's sheet written by [`write_by_unit`]: its file (named after
/// the unit) and its number of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSheet {
    pub path: PathBuf,
    pub rows: u64,
}

/// Writes one sheet per answering unit into the folder `dir` (made if
/// missing): the tasks matching `filter` that the unit leads, or is
/// responsible for where a task names no lead, with the unit filled in as
/// 填报单位. Sixty units need not be exported one by one. A task two units
/// lead goes to both. Each file is named after its unit, with the
/// government in front where two governments have a unit of that name;
/// none is written over.
pub fn write_by_unit(
    store: &Store,
    filter: &TaskFilter,
    period: Option<&str>,
    encoding: csv::Encoding,
    dir: &Path,
) -> Result<UnitSheets, ExportError> {
    let mut units: BTreeMap<Unit, Vec<Row>> = BTreeMap::new();
    let mut unanswered = Vec::new();
    store.for_each_task(filter, |t| {
        if t.status != Status::Done {
            let answering = reporting_units(&t);
            if answering.is_empty() {
                unanswered.push(t.id);
            }
            for unit in answering {
                let row = sheet_row(&t, period, Some(&unit));
                units.entry((t.plan.government.clone(), unit)).or_default().push(row);
            }
        }
        Ok::<(), ExportError>(())
    })?;
    let mut governments: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, unit) in units.keys() {
        *governments.entry(unit).or_default() += 1;
    }
    let named: Vec<(PathBuf, &Vec<Row>)> = units
        .iter()
        .map(|((government, unit), rows)| {
            let name = if governments[unit.as_str()] > 1 { format!("{government}-{unit}") } else { unit.clone() };
            (dir.join(format!("{}.csv", file_name(&name))), rows)
        })
        .collect();
    // Nothing is written over, and nothing is written if anything would be.
    let taken: Vec<String> =
        named.iter().filter(|(path, ..)| path.exists()).map(|(path, ..)| path.display().to_string()).collect();
    if !taken.is_empty() {
        return Err(ExportError::WouldOverwrite(taken));
    }
    std::fs::create_dir_all(dir)?;
    let mut sheets = Vec::new();
    for (path, rows) in named {
        let mut out = io::BufWriter::new(std::fs::File::create_new(&path)?);
        let mut w = csv::Writer::new(&mut out, encoding)?;
        w.header(&HEADERS)?;
        for row in rows {
            w.row(row)?;
        }
        w.finish()?;
        io::Write::flush(&mut out)?;
        sheets.push(UnitSheet { path, rows: rows.len() as u64 });
    }
    Ok(UnitSheets { sheets, unanswered })
}

/// A unit's name as a file name on any system: the characters Windows
/// forbids in one become ＿.
fn file_name(unit: &str) -> String {
    unit.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '＿' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_units_name_is_a_file_name_on_any_system() {
        assert_eq!(file_name("市（中、区）直各单位"), "市（中、区）直各单位");
        assert_eq!(file_name("市发改委/招商局"), "市发改委＿招商局");
        assert_eq!(file_name("a\\b:c*d?e\"f<g>h|i\tj"), "a＿b＿c＿d＿e＿f＿g＿h＿i＿j");
    }
}
