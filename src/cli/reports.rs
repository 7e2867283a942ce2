//! Report commands: `status`, `overdue`, `workload`, `chase` (催报) and
//! `bulletin` (通报). Each is computed "as of" a day (default today), so a
//! past day's picture can be reproduced.

use super::output::OutputArgs;
use super::tasks::single_plan;
use super::{parse_date, Context};
use clap::{Args, ValueEnum};
use duban::model::Period;
use duban::report::bulletin::{self, BulletinRow};
use duban::report::chase::ChaseRow;
use duban::report::overdue::OverdueRow;
use duban::report::render::{self, Format, RowWriter};
use duban::report::status::with_total;
use duban::store::{Grouping, Scope, Store, WorkloadBy, WorkloadSort};
use std::io::Write;

/// The scope and day every report takes.
#[derive(Debug, Clone, Args)]
pub struct ReportScope {
    /// 统计截至哪一天（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// 只看一个方案（编号、文号或标题中的文字）
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 只看一个政府的方案
    #[arg(long, value_name = "政府")]
    pub government: Option<String>,
    /// 只看某一年印发的方案
    #[arg(long, value_name = "年份", value_parser = super::parse_year)]
    pub year: Option<i32>,
}

impl ReportScope {
    fn resolve(&self, store: &Store, ctx: &Context) -> anyhow::Result<(chrono::NaiveDate, Scope)> {
        let plan = self.plan.as_deref().map(|q| single_plan(store, q)).transpose()?;
        let government = super::tasks::government(store, self.government.as_deref())?;
        let scope = Scope { plan, government, year: self.year };
        Ok((self.as_of.unwrap_or(ctx.today), scope))
    }
}

fn width(output: &OutputArgs) -> usize {
    if output.format() == Format::Table {
        36
    } else {
        usize::MAX
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// 按方案
    Plan,
    /// 按类别（第一级）
    Category,
    /// 按分管/联系领导
    Leader,
}

/// 进展概况：各方案（或类别、领导）的任务状态、亮灯和完成率。
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// 分组方式
    #[arg(long, value_name = "分组", value_enum, default_value_t = GroupArg::Plan)]
    pub group: GroupArg,
    #[command(flatten)]
    pub scope: ReportScope,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn status(a: StatusArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let (as_of, scope) = a.scope.resolve(&store, ctx)?;
    let by = match a.group {
        GroupArg::Plan => Grouping::Plan,
        GroupArg::Category => Grouping::Category,
        GroupArg::Leader => Grouping::Leader,
    };
    let rows = with_total(store.status_summary(as_of, by, &scope)?);
    let mut out = a.output.open()?;
    if a.output.format() == Format::Table {
        writeln!(out, "截至 {as_of} 的任务进展")?;
    }
    render::render(&rows, a.output.format(), &mut out)?;
    nothing_in_scope(&mut out, rows.is_empty(), a.output.format())?;
    out.flush()?;
    Ok(())
}

/// Under an empty table, says why it is empty: a frame with no rows reads
/// like a fault.
fn nothing_in_scope(out: &mut dyn Write, empty: bool, format: Format) -> std::io::Result<()> {
    if empty && format == Format::Table {
        writeln!(out, "范围内没有任务（方案、政府、年度或日期选得太窄，或还没有导入方案）")?;
    }
    Ok(())
}

/// 逾期任务：截至某日超过完成时限（含延期后时限）仍未完成的任务。
#[derive(Debug, Args)]
pub struct OverdueArgs {
    #[command(flatten)]
    pub scope: ReportScope,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn overdue(a: OverdueArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let (as_of, scope) = a.scope.resolve(&store, ctx)?;
    let w = width(&a.output);
    let mut out = a.output.open()?;
    let mut rows = RowWriter::new(a.output.format(), &mut out)?;
    store.for_each_overdue(as_of, &scope, |t| rows.push(OverdueRow::new(t, w)).map_err(anyhow::Error::from))?;
    let count = rows.finish()?;
    if a.output.format() == Format::Table {
        // "0 项" for a year or plan without tasks would read as all on time.
        let tasks_in_scope =
            count > 0 || store.plans()?.iter().any(|p| p.tasks > 0 && scope.covers(p.id, &p.government, p.year));
        if tasks_in_scope {
            writeln!(out, "截至 {as_of}，逾期未完成 {count} 项")?;
        } else {
            nothing_in_scope(&mut out, true, Format::Table)?;
        }
    }
    out.flush()?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkloadByArg {
    /// 按单位
    Department,
    /// 按分管/联系领导
    Leader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Name,
    Led,
    Open,
    Overdue,
    Missing,
    Red,
}

/// 工作量：每个单位（或领导）牵头、配合、未完成、已完成、逾期、缺报的任务数。
#[derive(Debug, Args)]
pub struct WorkloadArgs {
    /// 按单位或按领导统计
    #[arg(long, value_name = "分组", value_enum, default_value_t = WorkloadByArg::Department)]
    pub group: WorkloadByArg,
    /// 排序：name 名称、led 牵头数、open 未完成、overdue 逾期、missing 缺报、red 红灯
    #[arg(long, value_name = "排序", value_enum, default_value_t = SortArg::Overdue)]
    pub sort: SortArg,
    #[command(flatten)]
    pub scope: ReportScope,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn workload(a: WorkloadArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let (as_of, scope) = a.scope.resolve(&store, ctx)?;
    let by = match a.group {
        WorkloadByArg::Department => WorkloadBy::Department,
        WorkloadByArg::Leader => WorkloadBy::Leader,
    };
    let sort = match a.sort {
        SortArg::Name => WorkloadSort::Name,
        SortArg::Led => WorkloadSort::Led,
        SortArg::Open => WorkloadSort::Open,
        SortArg::Overdue => WorkloadSort::Overdue,
        SortArg::Missing => WorkloadSort::Missing,
        SortArg::Red => WorkloadSort::Red,
    };
    let rows = store.workload(as_of, by, sort, &scope)?;
    let mut out = a.output.open()?;
    render::render(&rows, a.output.format(), &mut out)?;
    nothing_in_scope(&mut out, rows.is_empty(), a.output.format())?;
    out.flush()?;
    Ok(())
}

/// 催报清单：某一报送期次，哪些牵头单位哪些任务还没有报送，应报日期是哪天。
#[derive(Debug, Args)]
pub struct ChaseArgs {
    /// 报送期次：上半年、前三季度、全年、一季度（默认：最近一次已到应报日期的期次）
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    #[command(flatten)]
    pub scope: ReportScope,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The period named, or the one a clerk most likely means: the period whose
/// reporting date passed last (on or before `day`) among the plans in
/// scope, else the next one due. Says which it took.
fn period_or_latest(
    named: Option<&str>,
    store: &Store,
    scope: &Scope,
    day: chrono::NaiveDate,
) -> anyhow::Result<Period> {
    if let Some(p) = named {
        return Ok(Period::parse(p));
    }
    let mut dates: Vec<(chrono::NaiveDate, String)> = Vec::new();
    let mut plans = 0;
    for plan in store.plans()? {
        if !scope.covers(plan.id, &plan.government, plan.year) {
            continue;
        }
        plans += 1;
        dates.extend(plan.schedule.into_iter().filter_map(|s| Some((s.due.parse().ok()?, s.label))));
    }
    let passed = dates.iter().filter(|(due, _)| *due <= day).max();
    let chosen = passed.or_else(|| dates.iter().filter(|(due, _)| *due > day).min());
    let Some((due, label)) = chosen else {
        let error = if plans == 0 {
            super::error::UserError::new("范围内没有方案")
                .hint("方案、政府或年度选得太窄，或还没有导入方案；duban plans 列出全部方案")
        } else {
            super::error::UserError::new("方案没有规定报送时间，无法推定期次")
                .hint("用 --period 指明期次，如 --period 上半年")
        };
        return Err(error.into());
    };
    eprintln!("未指明期次，按「{label}」（应报日期 {due}）；其他期次请用 --period");
    Ok(Period::parse(label))
}

pub fn chase(a: ChaseArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let (as_of, scope) = a.scope.resolve(&store, ctx)?;
    let period = period_or_latest(a.period.as_deref(), &store, &scope, as_of)?;
    let w = width(&a.output);
    let rows: Vec<ChaseRow> =
        store.missing_reports(as_of, &period.code(), &scope)?.iter().map(|m| ChaseRow::new(m, as_of, w)).collect();
    let mut out = a.output.open()?;
    render::render(&rows, a.output.format(), &mut out)?;
    if a.output.format() == Format::Table {
        let units: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.department.as_str()).collect();
        writeln!(out, "{}：截至 {as_of}，{} 个单位共 {} 项任务未报送", period.label(), units.len(), rows.len())?;
    }
    out.flush()?;
    Ok(())
}

/// 通报：某一报送期次各任务的完成情况分类——已完成（含提前完成）、超进度、达进度、欠进度、未启动。
///
/// 默认按该期次的应报日期统计；序时进度按通知印发之日到完成时限计算。
#[derive(Debug, Args)]
pub struct BulletinArgs {
    /// 报送期次：上半年、前三季度、全年（默认：最近一次已到应报日期的期次）
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    /// 只列出汇总，不列出任务
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub scope: ReportScope,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn bulletin(a: BulletinArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let (as_of, scope) = a.scope.resolve(&store, ctx)?;
    let period = period_or_latest(a.period.as_deref(), &store, &scope, as_of)?;
    let rules = store.rules()?;
    let w = width(&a.output);
    let mut rows: Vec<BulletinRow> = Vec::new();
    for plan in store.plans()? {
        if !scope.covers(plan.id, &plan.government, plan.year) {
            continue;
        }
        let Some(due) = plan.schedule.iter().find(|s| s.period == period.code()) else { continue };
        let day = a.scope.as_of.or_else(|| due.due.parse().ok()).unwrap_or(as_of);
        let one = Scope { plan: Some(plan.id), ..Scope::default() };
        rows.extend(store.assessed_tasks(day, &one)?.iter().map(|t| BulletinRow::new(t, &period.code(), &rules, w)));
    }
    if rows.is_empty() {
        return Err(super::error::UserError::new(format!("没有方案规定「{}」这一报送期次", period.label()))
            .hint("用 duban plans 查看各方案的报送时间")
            .into());
    }
    let counts = bulletin::count(&rows);
    let mut out = a.output.open()?;
    match a.output.format() {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({ "period": period.label(), "counts": counts, "tasks": rows }),
            )?;
            writeln!(out)?;
        }
        f => {
            if f == Format::Table {
                writeln!(out, "{}通报（共 {} 项）", period.label(), rows.len())?;
            }
            render::render(&counts, f, &mut out)?;
            if !a.summary {
                rows.sort_by_key(|r| r.class);
                render::render(&rows, f, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
