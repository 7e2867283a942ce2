//! Journal commands: `log` a report, `close` (销号), `extend` (延期),
//! `reopen`, `correct` an entry, and `history` of a task. Every entry is
//! appended; nothing is overwritten.

use super::error::UserError;
use super::output::OutputArgs;
use super::{parse_date, Context};
use clap::Args;
use duban::model::{Period, Status, TaskId};
use duban::report::journal::HistoryRow;
use duban::report::render::{self, Format};
use duban::track::{Entry, EntryKind};
use std::io::Write;

/// Who reported and when: shared by every journal command.
#[derive(Debug, Clone, Args)]
pub struct ReportedBy {
    /// 报送日期（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// 报送单位（任一写法）
    #[arg(long, value_name = "单位")]
    pub department: Option<String>,
    /// 报送人
    #[arg(long, value_name = "姓名")]
    pub reporter: Option<String>,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!("「{s}」不是状态，可用：未启动、推进中、滞后、长期坚持（已完成请用 close，延期请用 extend）")
    })
}

fn parse_percent(s: &str) -> Result<u8, String> {
    s.trim_end_matches(['%', '％'])
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| format!("完成比例「{s}」应为 0 到 100"))
}

/// 填报进展：记录一项任务某一期的进展。
#[derive(Debug, Args)]
pub struct LogArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    /// 状态：未启动、推进中（默认）、滞后、长期坚持
    #[arg(long, value_name = "状态", value_parser = parse_status)]
    pub status: Option<Status>,
    /// 完成比例（0–100）
    #[arg(long, value_name = "比例", value_parser = parse_percent)]
    pub percent: Option<u8>,
    /// 报送期次：上半年、前三季度、全年、一季度（方案通知规定的期次）
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    /// 进展情况
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub progress: Option<String>,
    /// 存在问题
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub problems: Option<String>,
    /// 下一步
    #[arg(long = "next", value_name = "文字", allow_hyphen_values = true)]
    pub next_steps: Option<String>,
    #[command(flatten)]
    pub by: ReportedBy,
}

/// 销号：任务已完成，写明完成日期和依据。
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    /// 完成依据（文件、验收、数据等）
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub evidence: String,
    /// 报送期次
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    /// 进展情况
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub progress: Option<String>,
    #[command(flatten)]
    pub by: ReportedBy,
}

/// 延期：记录批准的新时限和原因（原时限保留在案）。
#[derive(Debug, Args)]
pub struct ExtendArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    /// 新的完成时限
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub to: chrono::NaiveDate,
    /// 延期原因
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub by: ReportedBy,
}

/// 重新打开已销号的任务。
#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    /// 原因
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub reason: String,
    /// 重新打开后的状态
    #[arg(long, value_name = "状态", value_parser = parse_status, default_value = "推进中")]
    pub status: Status,
    #[command(flatten)]
    pub by: ReportedBy,
}

/// 更正一条进展记录：追加一条新记录取代它，原记录保留可查。
///
/// 没有写明的项（含报送日期、报送单位和报送人）沿用原记录。
#[derive(Debug, Args)]
pub struct CorrectArgs {
    /// 被更正的记录编号（见 duban history）
    #[arg(value_name = "记录编号", value_parser = super::parse_id)]
    pub entry: i64,
    /// 更正后的状态
    #[arg(long, value_name = "状态", value_parser = parse_status)]
    pub status: Option<Status>,
    /// 更正后的完成比例（0–100）
    #[arg(long, value_name = "比例", value_parser = parse_percent)]
    pub percent: Option<u8>,
    /// 更正后的报送期次
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    /// 更正后的进展情况
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub progress: Option<String>,
    /// 更正后的存在问题
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub problems: Option<String>,
    /// 更正后的下一步
    #[arg(long = "next", value_name = "文字", allow_hyphen_values = true)]
    pub next_steps: Option<String>,
    /// 更正后的完成依据（销号记录）
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub evidence: Option<String>,
    /// 更正后的新完成时限（延期记录）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub to: Option<chrono::NaiveDate>,
    /// 更正后的原因（延期、重新打开的记录）
    #[arg(long, value_name = "文字", allow_hyphen_values = true)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub by: ReportedBy,
}

/// 查看一项任务的全部进展记录（含被更正的记录）。
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn base(task: i64, kind: EntryKind, status: Status, by: &ReportedBy, ctx: &Context) -> Entry {
    let mut e = Entry::progress(TaskId(task), by.date.unwrap_or(ctx.today), status);
    e.kind = kind;
    e.department = by.department.clone();
    e.reporter = by.reporter.clone();
    e
}

fn record(e: &Entry, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let id = store.append(e, &ctx.stamp())?;
    let state = store.task_state(e.task)?;
    let due = state.due.map(|d| format!("，完成时限 {d}")).unwrap_or_default();
    say!("已记录（记录编号 {id}）：任务 {} {}，当前状态：{}{due}", e.task, e.kind.label(), state.status.label())?;
    Ok(())
}

pub fn log(a: LogArgs, ctx: &Context) -> anyhow::Result<()> {
    // An entry is never removed and counts as the period's report, so a
    // `log` that says nothing is refused rather than recorded.
    let said = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    if a.status.is_none() && a.percent.is_none() && ![&a.progress, &a.problems, &a.next_steps].into_iter().any(said) {
        return Err(UserError::new(format!("任务 {} 没有要记录的内容", a.task))
            .hint("写明 --progress 进展情况，或 --percent、--status、--problems、--next 中的一项")
            .into());
    }
    let mut e = base(a.task, EntryKind::Progress, a.status.unwrap_or(Status::InProgress), &a.by, ctx);
    e.percent = a.percent;
    e.period = a.period.as_deref().map(Period::parse);
    e.progress = a.progress;
    e.problems = a.problems;
    e.next_steps = a.next_steps;
    record(&e, ctx)
}

pub fn close(a: CloseArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut e = base(a.task, EntryKind::Close, Status::Done, &a.by, ctx);
    e.evidence = Some(a.evidence);
    e.period = a.period.as_deref().map(Period::parse);
    e.progress = a.progress;
    e.percent = Some(100);
    record(&e, ctx)
}

pub fn extend(a: ExtendArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut e = base(a.task, EntryKind::Extend, Status::Extended, &a.by, ctx);
    e.new_due = Some(a.to);
    e.reason = Some(a.reason);
    record(&e, ctx)
}

pub fn reopen(a: ReopenArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut e = base(a.task, EntryKind::Reopen, a.status, &a.by, ctx);
    e.reason = Some(a.reason);
    record(&e, ctx)
}

pub fn correct(a: CorrectArgs, ctx: &Context) -> anyhow::Result<()> {
    let texts =
        [&a.period, &a.progress, &a.problems, &a.next_steps, &a.evidence, &a.reason, &a.by.department, &a.by.reporter];
    let changed = a.status.is_some()
        || a.percent.is_some()
        || a.to.is_some()
        || a.by.date.is_some()
        || texts.iter().any(|t| t.is_some());
    if !changed {
        // The correction would copy the entry as it is, for ever.
        return Err(UserError::new(format!("没有写明要更正记录 {} 的哪一项", a.entry))
            .hint("例如 --percent 80、--progress 文字、--date 2023-07-03；duban history 查看原记录")
            .into());
    }
    let old = ctx.open_store()?.entry(a.entry)?;
    let by = ReportedBy {
        date: a.by.date.or_else(|| old.reported_on.parse().ok()),
        department: a.by.department.or(old.department),
        reporter: a.by.reporter.or(old.reporter),
    };
    let mut e = base(old.task_id, old.kind, a.status.unwrap_or(old.status), &by, ctx);
    e.percent = a.percent.or(old.percent);
    e.period = a.period.or(old.period).as_deref().map(Period::parse);
    e.progress = a.progress.or(old.progress);
    e.problems = a.problems.or(old.problems);
    e.next_steps = a.next_steps.or(old.next_steps);
    e.evidence = a.evidence.or(old.evidence);
    e.new_due = a.to.or_else(|| old.new_due.and_then(|d| d.parse().ok()));
    e.reason = a.reason.or(old.reason);
    e.supersedes = Some(a.entry);
    record(&e, ctx)
}

pub fn history(a: HistoryArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let rows: Vec<HistoryRow> = store.history(TaskId(a.task))?.iter().map(HistoryRow::from).collect();
    let mut out = a.output.open()?;
    if rows.is_empty() && a.output.format() == Format::Table {
        // An empty frame of columns would leave the clerk guessing.
        writeln!(out, "任务 {} 还没有进展记录", a.task)?;
    } else {
        render::render(&rows, a.output.format(), &mut out)?;
        if a.output.format() == Format::Table {
            writeln!(out, "共 {} 条记录", rows.len())?;
        }
    }
    out.flush()?;
    Ok(())
}
