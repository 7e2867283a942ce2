//! Printable documents: `report` (a department's report) and `notice` (a
//! 督办单 for one task), as HTML with print CSS or as Markdown.

use super::{parse_date, Context};
use clap::{Args, ValueEnum};
use duban::model::TaskId;
use duban::report::print::department::DepartmentReport;
use duban::report::print::notice::Notice;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintFormat {
    /// 可打印的网页（浏览器打开后打印或另存为 PDF）
    Html,
    /// Markdown
    Md,
}

/// What every printed document takes: the day, the office that signs it,
/// the format and where it goes.
#[derive(Debug, Args)]
pub struct PrintOptions {
    /// 截至哪一天（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// 落款（默认：某某人民政府督查室）
    #[arg(long, value_name = "名称")]
    pub office: Option<String>,
    /// 输出格式
    #[arg(long, short = 'f', value_name = "格式", value_enum, default_value_t = PrintFormat::Html)]
    pub format: PrintFormat,
    /// 写入文件（默认输出到屏幕）
    #[arg(long, short = 'o', value_name = "文件")]
    pub output: Option<PathBuf>,
}

impl PrintOptions {
    /// The signature: the office given, else the government's 督查室.
    fn office(&self, government: &str) -> String {
        self.office.clone().unwrap_or_else(|| format!("{government}人民政府督查室"))
    }
}

/// 部门报告：某单位牵头、配合的全部任务，含状态、时限、亮灯和最新进展，以及它负责的指标完成情况，可打印后发给该单位。
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 单位（任一写法）
    #[arg(value_name = "单位")]
    pub department: String,
    /// 单位所属政府（同名单位在多个政府下时）
    #[arg(long, value_name = "政府")]
    pub government: Option<String>,
    /// 只含某一年印发的方案的任务和指标
    #[arg(long, value_name = "年份", value_parser = super::parse_year)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub print: PrintOptions,
}

pub fn report(a: ReportArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let government = super::tasks::government(&store, a.government.as_deref())?;
    let (_, id) = store.find_department(government.as_deref(), &a.department)?;
    let (name, government) = store.department(id)?;
    let as_of = a.print.as_of.unwrap_or(ctx.today);
    let tasks = store.department_tasks(as_of, id, a.year)?;
    let filter = duban::store::IndicatorFilter { plan: None, department: Some(id), year: a.year };
    let indicators = duban::report::indicators::report(&store, &filter, as_of)?;
    let report = DepartmentReport {
        department: &name,
        government: &government,
        as_of,
        year: a.year,
        office: a.print.office(&government),
        tasks: &tasks,
        indicators: &indicators,
    };
    let mut out = super::output::open(a.print.output.as_ref())?;
    match a.print.format {
        PrintFormat::Html => report.html(&mut out)?,
        PrintFormat::Md => report.markdown(&mut out)?,
    }
    out.flush()?;
    if let Some(p) = &a.print.output {
        eprintln!("已生成 {name} 的报告（{} 项任务、{} 行指标）：{}", tasks.len(), indicators.len(), p.display());
    }
    Ok(())
}

/// 督办单：为一项任务生成督办单，颜色随亮灯——红灯红色、黄灯黄色、绿灯蓝色（提示）。
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// 任务编号
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub task: i64,
    #[command(flatten)]
    pub print: PrintOptions,
}

pub fn notice(a: NoticeArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let record = store.task(TaskId(a.task))?;
    let as_of = a.print.as_of.unwrap_or(ctx.today);
    let task = store.assessed_task(as_of, TaskId(a.task))?;
    let notice = Notice { task: &task, as_of, office: a.print.office(&record.plan.government) };
    let mut out = super::output::open(a.print.output.as_ref())?;
    match a.print.format {
        PrintFormat::Html => notice.html(&mut out)?,
        PrintFormat::Md => notice.markdown(&mut out)?,
    }
    out.flush()?;
    if let Some(p) = &a.print.output {
        eprintln!("已生成任务 {} 的督办单（{}）：{}", a.task, task.assessment.light.label(), p.display());
    }
    Ok(())
}
