//! Indicator progress sheets (完成数报表): one row per unit and indicator
//! with the figure done by a date, as departments send them back. Columns are
//! found by their Chinese headers, like the task progress sheet; every row
//! that cannot be read is reported, and nothing is recorded unless all are
//! good.

use crate::track::sheet::{each_record, SheetError};
use chrono::NaiveDate;

/// One readable row.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The spreadsheet row as Excel numbers it (titles and header count).
    pub row: usize,
    pub indicator: String,
    pub unit: String,
    pub value: f64,
    pub as_of: Option<NaiveDate>,
    pub industry: Option<String>,
    pub category: Option<String>,
    pub plan: Option<String>,
}

struct Columns {
    indicator: usize,
    unit: usize,
    value: usize,
    date: Option<usize>,
    industry: Option<usize>,
    category: Option<usize>,
    plan: Option<usize>,
}

fn err(row: usize, reason: impl Into<String>) -> SheetError {
    SheetError { row, reason: reason.into() }
}

impl Columns {
    fn from_header(h: &[String]) -> Result<Columns, SheetError> {
        let find = |names: &[&str]| h.iter().position(|c| names.contains(&c.trim()));
        let need = |names: &[&str]| find(names).ok_or_else(|| err(1, format!("表头中没有「{}」列", names[0])));
        Ok(Columns {
            indicator: need(&["指标", "指标名称"])?,
            unit: need(&["单位", "责任单位", "县(区)", "县（区）", "单位名称"])?,
            value: need(&["完成", "完成数", "完成人数", "完成值", "实际完成"])?,
            date: find(&["日期", "截至", "截止日期", "统计日期"]),
            industry: find(&["行业", "行业序号"]),
            category: find(&["类别"]),
            plan: find(&["方案", "文号"]),
        })
    }
}

/// Reads a sheet: the readable rows and the errors of the others. A sheet
/// that cannot be read at all gives no rows and its error.
pub fn read(bytes: &[u8]) -> (Vec<FigureRow>, Vec<SheetError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let read = each_record(
        bytes,
        |h| Columns::from_header(h).is_ok(),
        |h| Columns::from_header(&h),
        |cols, r| match r.and_then(|(row, cells)| parse_row(row, cells, cols)) {
            Ok(f) => good.push(f),
            Err(e) => bad.push(e),
        },
    );
    match read {
        Ok(_) => (good, bad),
        Err(e) => (Vec::new(), vec![e]),
    }
}

fn parse_row(row: usize, cells: &[&str], c: &Columns) -> Result<FigureRow, SheetError> {
    let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
    let text = |i: Option<usize>| get(i).map(str::to_string);
    let indicator = text(Some(c.indicator)).ok_or_else(|| err(row, "「指标」一栏为空"))?;
    let unit = text(Some(c.unit)).ok_or_else(|| err(row, "「单位」一栏为空"))?;
    let raw = get(Some(c.value)).ok_or_else(|| err(row, "「完成」一栏为空"))?;
    let value = parse_amount(raw).ok_or_else(|| err(row, format!("「完成」一栏的「{raw}」不是非负数")))?;
    let as_of = match get(c.date) {
        None => None,
        Some(d) => Some(
            crate::track::sheet::parse_date(d).ok_or_else(|| err(row, format!("「日期」一栏的「{d}」不是有效日期")))?,
        ),
    };
    Ok(FigureRow {
        row,
        indicator,
        unit,
        value,
        as_of,
        industry: text(c.industry),
        category: text(c.category),
        plan: text(c.plan),
    })
}

/// A figure as sheets and clerks write it: 2500, 2,500 or 2，500; never
/// negative, never NaN or infinite.
pub fn parse_amount(s: &str) -> Option<f64> {
    s.trim().replace([',', '，'], "").parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_names_bad_ones() {
        let csv = "指标,单位,完成,日期\n转移就业人数,巴宜区,2500,2020-06-30\n转移就业人数,米林县,很多,2020-06-30\n转移就业人次,朗县,10,2020-02-30\n";
        let (rows, errors) = read(csv.as_bytes());
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].unit.as_str(), rows[0].value), ("巴宜区", 2500.0));
        let errs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            ["第 3 行：「完成」一栏的「很多」不是非负数", "第 4 行：「日期」一栏的「2020-02-30」不是有效日期"]
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let (_, errors) = read("指标,单位\n转移就业人数,巴宜区\n".as_bytes());
        assert_eq!(errors[0].to_string(), "第 1 行：表头中没有「完成」列");
    }
}
