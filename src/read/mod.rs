//! Readers: gazette text → plans and tasks, plus diagnostics for everything
//! half-understood. Readers never touch the store.
//!
//! [`read_gazette`] decodes the bytes, cuts the gazette into documents
//! ([`gazette`]), finds each plan a notice issues, and hands the plan's lines
//! to every reader ([`indicators`], [`flat_table`], [`markdown_table`],
//! [`prose`]). Only plans in which a reader finds tasks or indicators become
//! plans; a notice that issues no plan by name but attaches a target
//! decomposition table becomes a plan named by that table.

pub mod annotation;
pub mod decode;
pub mod flat_table;
pub mod gazette;
pub mod grid;
pub mod indicators;
pub mod lines;
pub mod markdown_table;
pub mod paragraphs;
pub mod period;
pub mod persons;
pub mod prose;

pub use period::plan_period;

use crate::deadline::DeadlineContext;
use crate::model::{Plan, PlanMeta, Task};
use chrono::Datelike;
use decode::{DecodeError, TextEncoding};
use gazette::Document;
use lines::Line;
use regex::Regex;
use serde::Serialize;
use std::fmt;
use std::sync::LazyLock;

/// How much a diagnostic matters: `Info` is a repair duban made and is sure
/// of; `Warning` is something it could not fully understand but stored as
/// best it could; `Error` is text it could not turn into a task or a value
/// at all (a damaged row, a date that does not exist). An import with errors
/// is refused unless the clerk chooses to skip them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// A task number missing from the text, recovered from the sequence.
    RecoveredNumber,
    /// Task numbers jump or repeat.
    NumberGap,
    /// A table row that could not be fully read.
    DamagedRow,
    /// A line inside a plan that no reader could place.
    UnplacedLine,
    /// A deadline phrase that is not understood.
    BadDeadline,
    /// A person whose column (leader or department head) is uncertain.
    UncertainPerson,
    /// A task without any responsible unit.
    NoUnits,
    /// An annotation bracket that never closes.
    UnclosedAnnotation,
    /// A notice issues a plan, but no tasks of it are in the file.
    NoTasks,
    /// A cell value inherited from the row above (merged cell).
    MergedCell,
    /// A name in an annotation that does not read as a unit.
    UncertainUnit,
    /// A plan states no period, so measures without a date get none.
    NoPeriod,
}

/// Something a reader could not fully understand, with its source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: usize,
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(line: usize, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { line, severity: Severity::Warning, kind, message: message.into() }
    }

    pub fn info(line: usize, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { line, severity: Severity::Info, kind, message: message.into() }
    }

    pub fn error(line: usize, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { line, severity: Severity::Error, kind, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        };
        write!(f, "第{}行 {}：{}", self.line, level, self.message)
    }
}

/// The lines of one plan and what the readers need to know about it.
pub struct Section<'a> {
    pub lines: &'a [Line<'a>],
    pub meta: &'a PlanMeta,
    pub ctx: DeadlineContext,
}

/// What a reader found: its tasks or indicators and the index range of the
/// section's lines it consumed, so the prose reader does not read a table
/// twice.
#[derive(Debug, Default)]
pub struct Found {
    pub tasks: Vec<Task>,
    pub indicators: crate::indicator::IndicatorSet,
    pub consumed: Vec<std::ops::Range<usize>>,
}

/// One input format. `read` returns an empty [`Found`] when the section holds
/// nothing in its format.
pub trait PlanReader {
    fn name(&self) -> &'static str;
    fn read(&self, section: &Section<'_>, diags: &mut Vec<Diagnostic>) -> Found;
}

/// The result of reading one file.
#[derive(Debug)]
pub struct Gazette {
    pub plans: Vec<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    pub encoding: TextEncoding,
}

/// Decodes and reads a whole gazette file.
pub fn read_gazette(bytes: &[u8]) -> Result<Gazette, DecodeError> {
    let (text, encoding) = decode::decode(bytes)?;
    let (plans, diagnostics) = read_text(&text);
    Ok(Gazette { plans, diagnostics, encoding })
}

/// Reads decoded gazette text: every plan with tasks, and the diagnostics.
/// A gazette's notices are read side by side ([`crate::parallel`]): each
/// one's plans depend on its own lines only.
pub fn read_text(text: &str) -> (Vec<Plan>, Vec<Diagnostic>) {
    let lines = lines::split_lines(text);
    let docs = gazette::split(&lines);
    let mut plans = Vec::new();
    let mut diags = Vec::new();
    for (mut found, mut noted) in crate::parallel::map(&docs, |doc| read_document(&lines, doc)) {
        plans.append(&mut found);
        diags.append(&mut noted);
    }
    diags.sort_by_key(|d| d.line);
    (plans, diags)
}

/// The plans one notice issues, and what was noted reading them.
fn read_document(lines: &[Line<'_>], doc: &Document) -> (Vec<Plan>, Vec<Diagnostic>) {
    let mut plans = Vec::new();
    let mut diags = Vec::new();
    let sections = plan_sections(lines, doc);
    if sections.is_empty() {
        plans.extend(indicator_plan(lines, doc, &mut diags));
    }
    for (meta, range) in sections {
        plans.extend(read_plan(&lines[range], meta, &mut diags));
    }
    (plans, diags)
}

/// The readers in the order they run: tables first, so the prose reader
/// never reads a table's cells as paragraphs.
fn readers() -> [&'static dyn PlanReader; 4] {
    [&indicators::Indicators, &flat_table::FlatTable, &markdown_table::MarkdownTable, &prose::Prose]
}

/// A notice that names no plan ("关于进一步做好农牧民转移就业工作的通知") may
/// still attach a target decomposition table: its numbers are the plan,
/// named by the table's title.
fn indicator_plan(lines: &[Line<'_>], doc: &Document, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    doc.notice_title.as_ref()?;
    let body = &lines[doc.body_start.min(doc.end)..doc.end];
    let mut found = Vec::new();
    let (set, _) = indicators::read_lines(body, &mut found);
    let title = set.title.clone().filter(|_| !set.is_empty())?;
    diags.append(&mut found);
    let notice_line = lines.get(doc.start).map_or(1, |l| l.no);
    Some(Plan {
        meta: meta_for(doc, &title, notice_line),
        format: "indicators".to_string(),
        tasks: Vec::new(),
        indicators: set,
    })
}

/// Runs every reader over a plan's lines; the prose reader skips what a table
/// reader consumed.
fn read_plan(lines: &[Line<'_>], mut meta: PlanMeta, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let ctx = DeadlineContext { year: meta.year.or(meta.issued.map(|d| d.year())), issued: meta.issued };
    if meta.period_end.is_none() {
        if let Some(p) = period::body_period(lines, &ctx) {
            meta.period_start = p.start;
            meta.period_end = Some(p.end);
        }
    }
    let mut tasks = Vec::new();
    let mut indicators = crate::indicator::IndicatorSet::default();
    let mut formats = Vec::new();
    let mut consumed: Vec<std::ops::Range<usize>> = Vec::new();
    let mut plan_diags = Vec::new();
    for reader in readers() {
        let visible = mask(lines, &consumed);
        let section = Section { lines: &visible, meta: &meta, ctx };
        let found = reader.read(&section, &mut plan_diags);
        if !found.tasks.is_empty() || !found.indicators.is_empty() {
            formats.push(reader.name());
            tasks.extend(found.tasks);
        }
        if !found.indicators.is_empty() {
            indicators = found.indicators;
        }
        consumed.extend(found.consumed);
    }
    diags.append(&mut plan_diags);
    if tasks.is_empty() && indicators.is_empty() {
        if meta.doc_no.is_some() && is_plan_title(&meta.title) {
            diags.push(Diagnostic::info(
                meta.line,
                DiagnosticKind::NoTasks,
                format!("通知印发《{}》，但在文件中没有找到它的任务（附件缺失或不含责任分工）", meta.title),
            ));
        }
        return None;
    }
    tasks.sort_by_key(|t| t.line);
    Some(Plan { meta, format: formats.join("+"), tasks, indicators })
}

/// Lines consumed by an earlier reader are blanked, keeping numbering.
fn mask<'a>(lines: &[Line<'a>], consumed: &[std::ops::Range<usize>]) -> Vec<Line<'a>> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| if consumed.iter().any(|r| r.contains(&i)) { Line { no: l.no, raw: "" } } else { *l })
        .collect()
}

static PLAN_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"方案|清单|细化表|分解表|计划|举措|实施意见|工作要点|任务").expect("valid regex"));

fn is_plan_title(t: &str) -> bool {
    PLAN_WORD.is_match(t)
}

/// Where each plan of a document starts and ends, with its metadata. A
/// notice that issues no plan yields none; text before the first notice is
/// treated as a plan only when it opens with a plan title (a file holding just
/// a plan).
fn plan_sections(lines: &[Line<'_>], doc: &Document) -> Vec<(PlanMeta, std::ops::Range<usize>)> {
    let body = doc.body_start.min(doc.end)..doc.end;
    if doc.notice_title.is_none() {
        return standalone_title(lines, doc)
            .map(|(idx, title)| vec![(meta_for(doc, &title, lines[idx].no), idx..doc.end)])
            .unwrap_or_default();
    }
    let mut found: Vec<(usize, String)> = doc
        .plan_titles
        .iter()
        .map(|t| match find_title(lines, body.clone(), t) {
            Some(i) => (i, t.clone()),
            // A forwarded plan ("转发商务厅关于…实施意见的通知") carries its own
            // title, worded differently, at the head of the attachment.
            None if doc.plan_titles.len() == 1 => {
                title_line(lines, body.clone(), 3).unwrap_or_else(|| (body.start, t.clone()))
            }
            None => (body.start, t.clone()),
        })
        .collect();
    found.sort_by_key(|f| f.0);
    let notice_line = lines.get(doc.start).map_or(1, |l| l.no);
    (0..found.len())
        .map(|k| {
            let start = if k == 0 { body.start.min(found[k].0) } else { found[k].0 };
            let end = found.get(k + 1).map_or(doc.end, |f| f.0.max(start));
            (meta_for(doc, &found[k].1, notice_line), start..end)
        })
        .collect()
}

/// Finds a plan's own title in the body, allowing it to be broken over up to
/// three lines.
fn find_title(lines: &[Line<'_>], body: std::ops::Range<usize>, title: &str) -> Option<usize> {
    let key = gazette::title_key(title);
    let short: String = key.chars().take(12).collect();
    for i in body.clone() {
        if lines[i].is_blank() {
            continue;
        }
        let mut joined = String::new();
        for l in lines[i..body.end.min(i + 6)].iter().filter(|l| !l.is_blank()).take(3) {
            joined.push_str(&gazette::title_key(l.text()));
            if joined.contains(&key)
                || (joined.starts_with(&short) && key.starts_with(&joined) && joined.len() * 2 > key.len())
            {
                return Some(i);
            }
        }
    }
    None
}

/// A file without any notice that opens with a plan title ("…任务分解方案").
fn standalone_title(lines: &[Line<'_>], doc: &Document) -> Option<(usize, String)> {
    title_line(lines, doc.start..doc.end, 12)
}

/// The first line among the first `within` non-blank lines of `range` that
/// reads as a plan title: short, naming a plan, not a sentence.
fn title_line(lines: &[Line<'_>], range: std::ops::Range<usize>, within: usize) -> Option<(usize, String)> {
    let mut seen = 0;
    for i in range {
        let l = &lines[i];
        if l.is_blank() {
            continue;
        }
        seen += 1;
        if seen > within {
            return None;
        }
        let t = crate::text::squeeze(l.text().trim_start_matches('#'));
        if t.chars().count() <= 60 && !t.contains("……") && is_plan_title(&t) && !t.ends_with('。') {
            return Some((i, t));
        }
    }
    None
}

fn meta_for(doc: &Document, title: &str, line: usize) -> PlanMeta {
    let title = crate::text::join_cjk(title);
    let (year, period_start, period_end) = plan_period(&title, doc.issued);
    let government = doc.government.clone().or_else(|| government_in(&title)).unwrap_or_else(|| "未注明".to_string());
    PlanMeta {
        title,
        doc_no: doc.doc_no.clone(),
        issuer: doc.issuer.clone(),
        government,
        issued: doc.issued,
        year,
        period_start,
        period_end,
        schedule: doc.schedule.clone(),
        line,
    }
}

static GOV_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(西藏自治区|[\p{Han}&&[^年的于关]]{2,3}?市)").expect("valid regex"));

fn government_in(title: &str) -> Option<String> {
    GOV_IN_TITLE.captures(title).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_from_title() {
        assert_eq!(government_in("2023年林芝市《政府工作报告》重点任务分解方案").as_deref(), Some("林芝市"));
        assert_eq!(government_in("西藏自治区2019—2020年农牧民培训").as_deref(), Some("西藏自治区"));
    }
}
