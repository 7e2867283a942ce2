//! `duban export`: spreadsheets and JSON for leaders and other tools — the
//! task ledger, the progress journal, the workload, an .xlsx workbook with
//! all three — and the progress sheet sent to units to fill in.

use super::output;
use super::tasks::{single_plan, FilterArgs};
use super::{parse_date, Context};
use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use duban::report::render::{self, csv::Encoding, Format};
use duban::report::{indicators, journal, progress_sheet, tasks, xlsx};
use duban::store::{Scope, WorkloadBy, WorkloadSort};
use std::io::Write;
use std::path::PathBuf;

/// 导出台账：任务、进展记录、工作量、指标为 CSV（Excel 可直接打开）或 JSON，或全部导出为 .xlsx 工作簿；以及发给各单位填报的进展表。
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 任务清单（每项任务一行/一个对象）
    Tasks(ExportTasksArgs),
    /// 进展记录（全部记录，含被更正的）
    Journal(ExportJournalArgs),
    /// 各单位工作量
    Workload(ExportWorkloadArgs),
    /// 指标完成情况（目标、完成、完成比例、序时进度、亮灯，含小计、合计）
    Indicators(ExportIndicatorsArgs),
    /// Excel 工作簿：任务、进展记录、工作量、指标各一张表
    Xlsx(ExportXlsxArgs),
    /// 进展表（发给各单位填报，填好后用 duban load 导入；未填的行导入时跳过）
    Sheet(ExportSheetArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// 带 BOM 的 UTF-8（Excel 2016 及以后版本）
    Utf8,
    /// GB18030（兼容 GBK，适合旧版 Excel、WPS）
    Gb18030,
}

impl From<EncodingArg> for Encoding {
    fn from(e: EncodingArg) -> Encoding {
        match e {
            EncodingArg::Utf8 => Encoding::Utf8Bom,
            EncodingArg::Gb18030 => Encoding::Gb18030,
        }
    }
}

/// Where and how a CSV/JSON export is written.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// 导出格式
    #[arg(long, short = 'f', value_name = "格式", value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// 写入文件（默认输出到屏幕）
    #[arg(long, short = 'o', value_name = "文件")]
    pub output: Option<PathBuf>,
    /// CSV 的编码
    #[arg(long, value_name = "编码", value_enum, default_value_t = EncodingArg::Utf8)]
    pub encoding: EncodingArg,
}

impl FileArgs {
    fn format(&self) -> Format {
        match self.format {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
        }
    }

    fn encoding(&self) -> Encoding {
        self.encoding.into()
    }

    fn done(&self, n: u64, what: &str) {
        if let Some(p) = &self.output {
            eprintln!("已导出 {n} 条{what}到 {}", p.display());
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportTasksArgs {
    #[command(flatten)]
    pub file: FileArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct ExportJournalArgs {
    #[command(flatten)]
    pub file: FileArgs,
    /// 只导出一个方案的记录
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
}

/// The day an export is computed for, and the plan it is limited to.
#[derive(Debug, Args)]
pub struct AsOfPlan {
    /// 截至哪一天（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// 只导出一个方案
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportWorkloadArgs {
    #[command(flatten)]
    pub file: FileArgs,
    #[command(flatten)]
    pub scope: AsOfPlan,
}

#[derive(Debug, Args)]
pub struct ExportIndicatorsArgs {
    #[command(flatten)]
    pub file: FileArgs,
    #[command(flatten)]
    pub scope: AsOfPlan,
    /// 只导出一个单位负责、参与或牵头的指标
    #[arg(long, value_name = "单位")]
    pub department: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportXlsxArgs {
    /// 工作簿文件（.xlsx）
    #[arg(long, short = 'o', value_name = "文件")]
    pub output: PathBuf,
    #[command(flatten)]
    pub scope: AsOfPlan,
}

/// 示例：duban export sheet --department 市发展改革委 --period 上半年 -o 发改委进展表.csv
///       duban export sheet --by-unit --period 上半年 -o 上半年进展表
#[derive(Debug, Args)]
pub struct ExportSheetArgs {
    /// 写入文件（默认输出到屏幕）；用 --by-unit 时为文件夹
    #[arg(long, short = 'o', value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 按牵头单位分别导出：-o 给出文件夹，每个牵头单位（没有牵头单位的任务按责任单位）一个文件，填报单位已填好
    #[arg(long, requires = "output", conflicts_with = "department")]
    pub by_unit: bool,
    /// CSV 的编码
    #[arg(long, value_name = "编码", value_enum, default_value_t = EncodingArg::Utf8)]
    pub encoding: EncodingArg,
    /// 预先填好的报送期次（上半年、前三季度、全年……）
    #[arg(long, value_name = "期次")]
    pub period: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(args: ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    match args.what {
        ExportWhat::Tasks(a) => {
            let filter = a.filter.resolve(&store)?;
            let mut out = output::open(a.file.output.as_ref())?;
            let n = tasks::export(&store, &filter, a.file.format(), a.file.encoding(), &mut out)?;
            out.flush()?;
            a.file.done(n, "任务");
        }
        ExportWhat::Journal(a) => {
            let plan = a.plan.as_deref().map(|q| single_plan(&store, q)).transpose()?;
            let mut out = output::open(a.file.output.as_ref())?;
            let n = journal::export(&store, plan, a.file.format(), a.file.encoding(), &mut out)?;
            out.flush()?;
            a.file.done(n, "进展记录");
        }
        ExportWhat::Workload(a) => {
            let plan = a.scope.plan.as_deref().map(|q| single_plan(&store, q)).transpose()?;
            let rows = store.workload(
                a.scope.as_of.unwrap_or(ctx.today),
                WorkloadBy::Department,
                WorkloadSort::Name,
                &Scope { plan, ..Scope::default() },
            )?;
            write_rows(&rows, &a.file)?;
            a.file.done(rows.len() as u64, "单位工作量");
        }
        ExportWhat::Indicators(a) => {
            let filter =
                super::indicators::filter(&store, a.scope.plan.as_deref(), a.department.as_deref(), None, None)?;
            let rows = indicators::report(&store, &filter, a.scope.as_of.unwrap_or(ctx.today))?;
            write_rows(&rows, &a.file)?;
            a.file.done(rows.len() as u64, "指标行");
        }
        ExportWhat::Sheet(a) => {
            let filter = a.filter.resolve(&store)?;
            if let Some(p) = &a.period {
                // A period no plan set would make every filled-in row fail on loading.
                let code = duban::model::Period::parse(p).code();
                if !store.plans()?.iter().any(|plan| plan.schedule.iter().any(|s| s.period == code)) {
                    return Err(super::error::UserError::new(format!("没有方案规定「{p}」这一报送期次"))
                        .hint("用 duban plans 查看各方案的报送时间")
                        .into());
                }
            }
            match (&a.output, a.by_unit) {
                (Some(dir), true) => {
                    let written = by_unit(&store, &filter, &a, dir)?;
                    let rows: u64 = written.sheets.iter().map(|s| s.rows).sum();
                    eprintln!(
                        "已按牵头单位导出 {} 个进展表到 {}（共 {rows} 行，一项任务有几个牵头单位就在几个表中）；填好后逐个用 duban load 导入",
                        written.sheets.len(),
                        dir.display()
                    );
                    if !written.unanswered.is_empty() {
                        eprintln!(
                            "提示：{} 项任务（编号 {}）没有牵头或责任单位，不在任何表中；duban check 会列出它们",
                            written.unanswered.len(),
                            output::first_few(&written.unanswered, 10)
                        );
                    }
                }
                _ => {
                    let unit = match filter.department {
                        Some(id) => Some(store.department_name(id)?),
                        None => None,
                    };
                    let prefill = progress_sheet::Prefill { period: a.period.clone(), unit };
                    let mut out = output::open(a.output.as_ref())?;
                    let n = progress_sheet::write(&store, &filter, &prefill, a.encoding.into(), &mut out)?;
                    out.flush()?;
                    if let Some(p) = &a.output {
                        eprintln!("已导出进展表 {}：{n} 项未销号的任务；填好后用 duban load 导入", p.display());
                    }
                }
            }
            if a.period.is_none() {
                // A report without a period counts for none, and 催报 would
                // still list the unit that sent it.
                eprintln!(
                    "提示：没有指定 --period，表中「期次」一栏是空的；填报单位不写期次的进展不计入任何一期的报送，催报仍会列出。要按期收集，请加 --period（如 --period 上半年）"
                );
            }
        }
        ExportWhat::Xlsx(a) => {
            let plan = a.scope.plan.as_deref().map(|q| single_plan(&store, q)).transpose()?;
            let scope = Scope { plan, ..Scope::default() };
            let c = xlsx::write_workbook(&store, a.scope.as_of.unwrap_or(ctx.today), &scope, &a.output)?;
            eprintln!(
                "已导出 {}：任务 {} 项、进展记录 {} 条、单位 {} 个、指标 {} 行",
                a.output.display(),
                c.tasks,
                c.entries,
                c.departments,
                c.indicators
            );
        }
    }
    Ok(())
}

/// Rows of a report as CSV (in the chosen encoding) or JSON.
fn write_rows<T: render::Tabular>(rows: &[T], file: &FileArgs) -> anyhow::Result<()> {
    let mut out = output::open(file.output.as_ref())?;
    if file.format() == Format::Csv {
        let mut w = render::csv::Writer::new(&mut out, file.encoding())?;
        w.header(&T::headers())?;
        for r in rows {
            w.row(&r.cells())?;
        }
        w.finish()?;
    } else {
        render::render(rows, Format::Json, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// Every unit's sheet into `dir`, or why not: files already there of the
/// same names, which may be sheets that came back filled in, stop it
/// before anything is written.
fn by_unit(
    store: &duban::store::Store,
    filter: &duban::store::TaskFilter,
    a: &ExportSheetArgs,
    dir: &std::path::Path,
) -> anyhow::Result<progress_sheet::UnitSheets> {
    match progress_sheet::write_by_unit(store, filter, a.period.as_deref(), a.encoding.into(), dir) {
        Err(tasks::ExportError::WouldOverwrite(files)) => Err(super::error::UserError::new(format!(
            "文件夹 {} 中已有同名的进展表，一个也没有写：{}（共 {} 个）",
            dir.display(),
            output::first_few(&files, 5),
            files.len()
        ))
        .hint("它们可能是已填好交回的表：换一个文件夹（如 -o 上半年进展表2），或先把这些文件移走")
        .into()),
        written => written.with_context(|| format!("无法写出进展表到文件夹 {}", dir.display())),
    }
}
