//! Progress spreadsheets as departments send them back: a CSV (often saved
//! by Excel in GBK) with a task number or id, a status, a note and a date,
//! plus whatever other columns the office's template has. Columns are found
//! by their Chinese headers; every row that cannot be read is reported with
//! its row number, and nothing is loaded unless every row is good.

use crate::model::{iso_day, Period, Status};
use crate::read::decode;
use crate::report::render::csv::unguard;
use crate::track::EntryKind;
use chrono::NaiveDate;

/// One readable row of a progress sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The spreadsheet row as Excel numbers it (titles and header count).
    pub row: usize,
    pub task: TaskRef,
    /// The task's text as the row shows it (任务), to check against the
    /// task its number names: see [`names_the_task`].
    pub task_text: Option<String>,
    pub kind: EntryKind,
    pub status: Status,
    pub reported_on: Option<NaiveDate>,
    pub period: Option<Period>,
    pub percent: Option<u8>,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub department: Option<String>,
    pub reporter: Option<String>,
    pub evidence: Option<String>,
    pub new_due: Option<NaiveDate>,
    pub reason: Option<String>,
}

/// How a row names its task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskRef {
    /// duban's task id (编号).
    Id(i64),
    /// The number printed in the plan (序号), with the plan if the row says.
    Seq { plan: Option<String>, seq: String },
}

/// A row that cannot be read, or a sheet that cannot be read at all (row 0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {row} 行：{reason}")]
pub struct SheetError {
    pub row: usize,
    pub reason: String,
}

fn err(row: usize, reason: impl Into<String>) -> SheetError {
    SheetError { row, reason: reason.into() }
}

/// Which column holds what.
#[derive(Debug, Default)]
struct Columns {
    id: Option<usize>,
    seq: Option<usize>,
    plan: Option<usize>,
    text: Option<usize>,
    status: Option<usize>,
    date: Option<usize>,
    period: Option<usize>,
    percent: Option<usize>,
    progress: Option<usize>,
    problems: Option<usize>,
    next: Option<usize>,
    department: Option<usize>,
    reporter: Option<usize>,
    evidence: Option<usize>,
    new_due: Option<usize>,
    reason: Option<usize>,
}

impl Columns {
    fn from_header(h: &[String]) -> Columns {
        let find = |names: &[&str]| h.iter().position(|c| names.contains(&c.trim()));
        Columns {
            id: find(&["编号", "任务编号", "id", "ID", "任务ID"]),
            seq: find(&["序号", "任务序号"]),
            plan: find(&["方案", "文号", "方案文号"]),
            text: find(&["任务", "任务内容", "任务名称", "工作任务", "重点任务"]),
            status: find(&["状态", "进展状态", "完成状态"]),
            date: find(&["日期", "报送日期", "填报日期", "报告日期"]),
            period: find(&["期次", "报送期次", "报送时段", "时段"]),
            percent: find(&["完成比例", "完成进度", "进度", "百分比", "完成率"]),
            progress: find(&["进展情况", "进展", "工作进展", "备注"]),
            problems: find(&["存在问题", "问题"]),
            next: find(&["下一步", "下一步计划", "下步打算"]),
            department: find(&["填报单位", "报送单位", "单位"]),
            reporter: find(&["填报人", "报送人", "联系人"]),
            evidence: find(&["完成依据", "销号依据", "佐证材料"]),
            new_due: find(&["新时限", "延期至", "调整后时限"]),
            reason: find(&["延期原因", "原因", "说明"]),
        }
    }
}

/// A progress sheet as read.
#[derive(Debug, Default)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    pub errors: Vec<SheetError>,
    /// Rows that name a task and report nothing (no status, percentage or
    /// text): a template row the department left empty. They are skipped,
    /// and the clerk is told which.
    pub unfilled: Vec<usize>,
}

/// Reads a progress sheet: the readable rows, the errors of the others and
/// the rows left empty. A sheet that cannot be read at all gives its error.
pub fn read(bytes: &[u8]) -> Sheet {
    read_all(bytes).unwrap_or_else(|e| Sheet { errors: vec![e], ..Sheet::default() })
}

/// One non-empty row of a sheet: its spreadsheet row number and its cells,
/// trimmed and with the formula guard undone; or why the CSV reader could
/// not read it.
pub type Record<'c> = Result<(usize, &'c [&'c str]), SheetError>;

/// How far down a sheet its header may sit: offices put a title
/// (进展情况表) and a line such as 填报单位：… above it.
const HEADER_SEARCH: usize = 10;

/// Decodes a sheet (UTF-8, GBK …), finds its header and hands `row` each
/// row below it, one at a time: a million-row sheet is never held as cells
/// (that took 500 MB, and on a virtual machine touching fresh memory is
/// slow). The header is the first of the first ten rows that `is_header`
/// accepts, and the rows above it are titles; when none is accepted, the
/// first row is the header, and `header` says what it lacks. What `header`
/// makes of it is given to every row and returned.
pub fn each_record<H>(
    bytes: &[u8],
    is_header: impl Fn(&[String]) -> bool,
    header: impl FnOnce(Vec<String>) -> Result<H, SheetError>,
    mut row: impl FnMut(&H, Record<'_>),
) -> Result<H, SheetError> {
    let (text, _) = decode::decode(bytes).map_err(|e| err(0, e.to_string()))?;
    let mut rows = Rows {
        rdr: csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .delimiter(delimiter(&text))
            .from_reader(text.as_bytes()),
        lines: LineCounter::new(text.as_bytes()),
        rec: csv::StringRecord::new(),
        read: 0,
    };
    // The first rows, kept until the header is found among them.
    let mut first: Vec<Result<(usize, Vec<String>), SheetError>> = Vec::new();
    let mut at = 0;
    while first.len() < HEADER_SEARCH {
        match rows.next() {
            None => break,
            Some(Err(e)) => first.push(Err(e)),
            Some(Ok(n)) => {
                let cells: Vec<String> = rows.cells().into_iter().map(str::to_string).collect();
                let found = is_header(&cells);
                first.push(Ok((n, cells)));
                if found {
                    at = first.len() - 1;
                    break;
                }
            }
        }
    }
    let mut first = first.into_iter().skip(at);
    let names = match first.next() {
        Some(Ok((_, cells))) => cells.into_iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect(),
        Some(Err(e)) => return Err(err(1, format!("无法读取表头：{}", e.reason))),
        None => Vec::new(),
    };
    let made = header(names)?;
    for kept in first {
        match kept {
            Ok((n, cells)) => row(&made, Ok((n, &cells.iter().map(String::as_str).collect::<Vec<_>>()))),
            Err(e) => row(&made, Err(e)),
        }
    }
    while let Some(next) = rows.next() {
        match next {
            Ok(n) => row(&made, Ok((n, &rows.cells()))),
            Err(e) => row(&made, Err(e)),
        }
    }
    Ok(made)
}

/// The CSV reader over a decoded sheet, one record at a time.
struct Rows<'t> {
    rdr: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
    /// One record reused for every row: its buffers are allocated once.
    rec: csv::StringRecord,
    /// Records read, blank ones included.
    read: usize,
}

impl Rows<'_> {
    /// The spreadsheet row number of the next record with anything in it
    /// (then in [`Rows::cells`]), the error of one that cannot be read, or
    /// `None` at the end.
    fn next(&mut self) -> Option<Result<usize, SheetError>> {
        loop {
            self.read += 1;
            match self.rdr.read_record(&mut self.rec) {
                Ok(false) => return None,
                Ok(true) if self.rec.iter().all(|c| unguard(c.trim()).is_empty()) => {}
                Ok(true) => {
                    let n = self.rec.position().map_or(self.read, |p| self.lines.line_at(p.byte() as usize));
                    return Some(Ok(n));
                }
                Err(e) => return Some(Err(err(self.read, format!("无法读取：{e}")))),
            }
        }
    }

    /// The cells of the record [`Rows::next`] read.
    fn cells(&self) -> Vec<&str> {
        self.rec.iter().map(|c| unguard(c.trim())).collect()
    }
}

/// Commas, or tabs for a sheet Excel saved as "Unicode text" (UTF-16,
/// tab-separated): whichever the first lines hold more of.
fn delimiter(text: &str) -> u8 {
    let head = text.lines().take(HEADER_SEARCH + 1);
    let (tabs, commas) = head.fold((0, 0), |(t, c), l| (t + l.matches('\t').count(), c + l.matches(',').count()));
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// Spreadsheet row numbers from byte offsets. The csv reader's own line
/// count lags by one after a CRLF, the line ending Excel writes, so every
/// row of an Excel sheet was named one too early; and a line break inside
/// a quoted cell is no new row in Excel, while a blank line is one.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter { text, offset: 0, line: 1 }
    }

    /// The line of the record starting at `byte` (or at the line breaks
    /// before it); records come in order, so the text is counted once.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.max(self.offset);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let end = start.min(self.text.len());
        let mut quoted = false;
        for &b in &self.text[self.offset..end] {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => self.line += 1,
                _ => {}
            }
        }
        self.offset = end;
        self.line
    }
}

/// The most rows a sheet reserves room for before it reads them.
const RESERVED_ROWS: usize = 1 << 20;

fn read_all(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let names_tasks = |h: &[String]| {
        let c = Columns::from_header(h);
        (c.id.is_some() || c.seq.is_some()) && c.status.is_some()
    };
    let columns = |header: Vec<String>| {
        let cols = Columns::from_header(&header);
        if cols.id.is_none() && cols.seq.is_none() {
            return Err(err(1, "表头中没有「编号」或「序号」列，无法确定任务"));
        }
        if cols.status.is_none() {
            return Err(err(1, "表头中没有「状态」列"));
        }
        Ok((cols, header.len()))
    };
    // Room for a row a line, reserved at once: grown by doubling, a
    // million-row sheet's rows were copied into fresh memory again and again.
    // (A filled row takes at least 8 bytes; past a million rows, it grows.)
    let lines = memchr::memchr_iter(b'\n', bytes).count().min(bytes.len() / 8).min(RESERVED_ROWS);
    let mut sheet = Sheet { rows: Vec::with_capacity(lines), ..Sheet::default() };
    each_record(bytes, names_tasks, columns, |(cols, width), record| {
        match record.and_then(|(row, cells)| parse_row(row, cells, cols, *width).map(|r| (row, r))) {
            Ok((_, Some(r))) => sheet.rows.push(r),
            Ok((row, None)) => sheet.unfilled.push(row),
            Err(e) => sheet.errors.push(e),
        }
    })?;
    Ok(sheet)
}

/// A row as a report, or `None` when it names a task and reports nothing.
fn parse_row(row: usize, cells: &[&str], c: &Columns, width: usize) -> Result<Option<SheetRow>, SheetError> {
    if cells.len() > width {
        return Err(err(row, format!("有 {} 个单元格，多于表头的 {width} 列", cells.len())));
    }
    let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
    let task = match (get(c.id), get(c.seq)) {
        (Some(id), _) => TaskRef::Id(id.parse().map_err(|_| err(row, format!("编号「{id}」不是数字")))?),
        (None, Some(seq)) => TaskRef::Seq { plan: get(c.plan).map(str::to_string), seq: seq.to_string() },
        (None, None) => return Err(err(row, "没有填写任务编号或序号")),
    };
    // 期次, 日期, 填报单位 and 填报人 may come filled in by a template.
    let reported = [c.status, c.percent, c.progress, c.problems, c.next, c.evidence, c.new_due, c.reason];
    if reported.into_iter().all(|i| get(i).is_none()) {
        return Ok(None);
    }
    let status_text = get(c.status).ok_or_else(|| err(row, "没有填写状态"))?;
    let status = Status::parse(status_text).ok_or_else(|| {
        err(row, format!("状态「{status_text}」无法识别（可用：未启动、推进中、已完成、滞后、已延期、长期坚持）"))
    })?;
    let date = |i: Option<usize>, what: &str| -> Result<Option<NaiveDate>, SheetError> {
        get(i).map(|d| parse_date(d).ok_or_else(|| err(row, format!("{what}「{d}」不是有效日期")))).transpose()
    };
    let (reported_on, new_due) = (date(c.date, "日期")?, date(c.new_due, "新时限")?);
    let percent = get(c.percent)
        .map(|p| {
            let n = p.trim_end_matches(['%', '％']).trim();
            n.parse::<f64>()
                .ok()
                .filter(|v| (0.0..=100.0).contains(v))
                .map(|v| v.round() as u8)
                .ok_or_else(|| err(row, format!("完成比例「{p}」应为 0 到 100 之间的数")))
        })
        .transpose()?;
    let period = get(c.period).map(Period::parse);
    let kind = match status {
        Status::Done => EntryKind::Close,
        Status::Extended => EntryKind::Extend,
        _ => EntryKind::Progress,
    };
    let text = |i: Option<usize>| get(i).map(str::to_string);
    Ok(Some(SheetRow {
        row,
        task,
        task_text: text(c.text),
        kind,
        status,
        reported_on,
        period,
        percent,
        progress: text(c.progress),
        problems: text(c.problems),
        next_steps: text(c.next),
        department: text(c.department),
        reporter: text(c.reporter),
        evidence: text(c.evidence),
        new_due,
        reason: text(c.reason),
    }))
}

/// Whether a row's task text (`cell`) belongs to the task with `title` and
/// `text`. A sheet sorted in Excel on some columns only puts one task's
/// number beside another's text and report; the text gives it away. A
/// clerk may shorten the text (「川藏铁路」), add to it, or find it cut
/// short with an ellipsis, so either containing the other will do, spaces
/// and the ellipsis aside.
pub fn names_the_task(cell: &str, title: Option<&str>, text: &str) -> bool {
    let plain = |s: &str| -> String {
        s.trim_end_matches(['…', '.', '。']).chars().filter(|c| !c.is_whitespace()).collect()
    };
    let cell = plain(cell);
    cell.is_empty()
        || [title.unwrap_or_default(), text]
            .into_iter()
            .map(plain)
            .any(|t| !t.is_empty() && (t.contains(cell.as_str()) || cell.contains(t.as_str())))
}

/// Dates as clerks type them and spreadsheets hold them: 2023-07-05,
/// 2023/7/5, 2023.7.5, 2023年7月5日, 2023/7/5 0:00, or Excel's serial 45112.
/// The command line reads its dates here too.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // 2023-07-05, what duban's own sheets hold, without the rewriting below.
    if let Some(day) = iso_day(s.as_bytes()) {
        return Some(day);
    }
    if let Some(day) = excel_serial(s) {
        return Some(day);
    }
    let t: String = s.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let t = t.split_whitespace().next().unwrap_or("");
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A date cell formatted as a number in Excel is saved to CSV as its serial
/// number, days since 1899-12-30: 45110 is 2023-07-03. Five digits cover
/// 1927–2173, and nothing else in a date column looks like that.
fn excel_serial(s: &str) -> Option<NaiveDate> {
    let n: i64 = s.parse().ok().filter(|n| (10_000..=99_999).contains(n))?;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_task_text_may_be_shortened_or_added_to_but_not_another_tasks() {
        let (title, text) = (Some("推进川藏铁路建设。"), "推进川藏铁路建设。全力配合做好川藏铁路林芝段征地拆迁工作。");
        for same in [
            "推进川藏铁路建设。",
            "川藏铁路",
            "推进川藏铁路建设。全力配合做好…",
            "推进 川藏铁路 建设",
            "推进川藏铁路建设。（牵头：发改委）",
            "",
        ] {
            assert!(names_the_task(same, title, text), "{same}");
        }
        for other in ["地区生产总值增长8.5%以上。", "川藏公路"] {
            assert!(!names_the_task(other, title, text), "{other}");
        }
        assert!(names_the_task("征地拆迁", None, text));
    }

    #[test]
    fn rows_are_numbered_as_the_spreadsheet_numbers_them_whatever_the_line_ending() {
        for text in [
            "编号,状态\n2,推进中\n3,快好了\n\n4,慢了\n",
            "编号,状态\r\n2,推进中\r\n3,快好了\r\n\r\n4,慢了\r\n",
            "进展情况表,\r\n填报单位：市发改委,\r\n编号,状态\r\n2,推进中\r\n3,快好了\r\n\r\n4,慢了",
            // A cell with line breaks, and a quote inside it, is one row.
            "编号,状态,进展情况\r\n2,推进中,\"征地，\r\n待\"\"协调\"\"\r\n\"\r\n3,快好了,x\r\n\r\n4,慢了,\"a\nb\"",
        ] {
            let Sheet { rows, errors, .. } = read(text.as_bytes());
            let title_rows = if text.starts_with("进展") { 2 } else { 0 };
            assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2 + title_rows], "{text:?}");
            let got: Vec<usize> = errors.iter().map(|e| e.row).collect();
            assert_eq!(got, [3 + title_rows, 5 + title_rows], "{text:?}");
        }
    }

    #[test]
    fn a_sheet_saved_as_unicode_text_is_tab_separated_utf16() {
        let text = "编号\t状态\t进展情况\t完成比例\r\n7\t推进中\t征地，拆迁\t40\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let Sheet { rows, errors, .. } = read(&bytes);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((rows[0].progress.as_deref(), rows[0].percent), (Some("征地，拆迁"), Some(40)));
    }

    #[test]
    fn blank_lines_reserve_no_room_for_rows() {
        // A sheet's rows are reserved for up front, by its lines: a file of
        // a few rows and a million blank lines must not reserve a million.
        let mut text = "编号,状态\n7,推进中\n".to_string();
        text.push_str(&"\n".repeat(1_000_000));
        text.push_str("8,已完成\n");
        let Sheet { rows, errors, .. } = read(text.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            rows.iter().map(|r| (r.row, &r.task)).collect::<Vec<_>>(),
            [(2, &TaskRef::Id(7)), (1_000_003, &TaskRef::Id(8))]
        );
        assert!(rows.capacity() <= text.len() / 8, "room for {} rows", rows.capacity());
    }

    #[test]
    fn a_title_above_the_header_is_skipped() {
        let text = "2023年上半年重点任务进展情况表,,\n填报单位：市发改委,,填报日期：2023年7月3日\n编号,状态,进展情况\n7,推进中,开工\n";
        let Sheet { rows, errors, .. } = read(text.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((rows[0].row, &rows[0].task, rows[0].progress.as_deref()), (4, &TaskRef::Id(7), Some("开工")));
        // Without a header in the first rows, the first row is named.
        let Sheet { errors, .. } = read("进展情况表\n7,推进中\n".as_bytes());
        assert_eq!(errors[0].to_string(), "第 1 行：表头中没有「编号」或「序号」列，无法确定任务");
    }

    #[test]
    fn a_date_excel_saved_as_a_serial_number_is_a_date() {
        assert_eq!(parse_date("45110"), NaiveDate::from_ymd_opt(2023, 7, 3));
        assert_eq!(parse_date(" 45291 "), NaiveDate::from_ymd_opt(2023, 12, 31));
        assert_eq!(parse_date("2023"), None, "a year alone is not a day");
        assert_eq!(parse_date("4511"), None);
    }

    #[test]
    fn dates_as_clerks_type_them() {
        let day = NaiveDate::from_ymd_opt(2023, 7, 5);
        for text in
            ["2023-07-05", " 2023-07-05 ", "2023-7-5", "2023/7/5", "2023.07.05", "2023年7月5日", "2023/7/5 0:00"]
        {
            assert_eq!(parse_date(text), day, "{text}");
        }
        for text in ["2023-02-30", "2023-13-01", "2023-07-0x", "07-05-2023"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn reads_a_sheet_with_chinese_headers_in_gbk() {
        let text = "编号,状态,完成比例,进展情况,日期,期次\n7,推进中,40%,\"完成征地，\n开工准备\",2023/7/3,上半年\n12,已完成,,\"'=已竣工\",2023年7月4日,\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let Sheet { rows, errors, .. } = read(&gbk);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].task, TaskRef::Id(7));
        assert_eq!(
            (rows[0].status, rows[0].percent, rows[0].period.clone()),
            (Status::InProgress, Some(40), Some(Period::H1))
        );
        assert_eq!(rows[0].progress.as_deref(), Some("完成征地，\n开工准备"));
        assert_eq!(rows[1].row, 3, "rows are numbered as Excel shows them: a cell's line break is no new row");
        assert_eq!((rows[1].kind, rows[1].progress.as_deref()), (EntryKind::Close, Some("=已竣工")));
        assert_eq!(rows[1].reported_on, NaiveDate::from_ymd_opt(2023, 7, 4));
    }

    #[test]
    fn every_bad_row_is_named() {
        let text =
            "序号,状态,日期\n1,推进中,2023-02-30\n2,搞定了,2023-07-01\n,推进中,2023-07-01\n3,滞后,2023-07-01,多余\n";
        let Sheet { rows, errors, .. } = read(text.as_bytes());
        assert!(rows.is_empty());
        let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.reason.as_str())).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], (2, "日期「2023-02-30」不是有效日期"));
        assert!(got[1].1.starts_with("状态「搞定了」无法识别"));
        assert_eq!(got[2], (4, "没有填写任务编号或序号"));
        assert_eq!(got[3], (5, "有 4 个单元格，多于表头的 3 列"));
    }

    #[test]
    fn a_template_row_left_empty_is_counted_not_refused() {
        let text = "编号,任务,期次,填报单位,状态,进展情况\n1,任务一,上半年,市发改委,,\n2,任务二,上半年,,推进中,开工\n3,任务三,上半年,,,资金到位\n";
        let Sheet { rows, errors, unfilled } = read(text.as_bytes());
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [3]);
        assert_eq!(unfilled, [2]);
        assert_eq!(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(), ["第 4 行：没有填写状态"]);
    }

    #[test]
    fn sheets_without_the_needed_columns() {
        assert_eq!(read("名称,说明\n甲,乙\n".as_bytes()).errors[0].row, 1);
        let Sheet { rows, errors, .. } = read(b"");
        assert!(rows.is_empty() && errors[0].row == 0);
    }
}
