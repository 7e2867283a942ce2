//! Quantitative targets: `indicators` (target, figure, ratio, 序时进度 and
//! light per indicator and unit, with 小计 and 合计), `actual` (record one
//! figure) and `load-actuals` (a sheet of figures, all or nothing).

use super::error::UserError;
use super::load::{read_sheet, rejected};
use super::output::OutputArgs;
use super::tasks::single_plan;
use super::{parse_date, Context};
use clap::Args;
use duban::report::indicators;
use duban::report::render::{self, Format};
use duban::store::{IndicatorFilter, LineQuery, NewActual, Store};
use duban::track::figures::{self, FigureRow};
use duban::track::sheet::SheetError;
use std::io::Write;
use std::path::PathBuf;

/// 指标完成情况：每个指标按单位（行业部门、县区）列出目标、完成、完成比例、序时进度和亮灯，并有小计、合计。
///
/// 完成比例落后序时进度 10–30 个百分点为黄灯，超过 30 个百分点或期满未完成为红灯（阈值见 duban rules）。
///
/// 示例：
///   duban indicators --as-of 2020-05-08
///   duban indicators --department 巴宜区 --format csv -o 巴宜区指标.csv
#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// 只看一个方案（编号、文号或标题中的文字）
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 只看一个单位负责、参与或牵头的指标
    #[arg(long, value_name = "单位")]
    pub department: Option<String>,
    /// 单位所属政府（同名单位在多个政府下时）
    #[arg(long, value_name = "政府")]
    pub government: Option<String>,
    /// 统计截至哪一天（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// 只看某一年印发的方案的指标
    #[arg(long, value_name = "年份", value_parser = super::parse_year)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn indicators(a: IndicatorsArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let filter = filter(&store, a.plan.as_deref(), a.department.as_deref(), a.government.as_deref(), a.year)?;
    let as_of = a.as_of.unwrap_or(ctx.today);
    let rows = indicators::report(&store, &filter, as_of)?;
    let mut out = a.output.open()?;
    if a.output.format() == Format::Table {
        writeln!(out, "截至 {as_of} 的指标完成情况")?;
    }
    render::render(&rows, a.output.format(), &mut out)?;
    out.flush()?;
    Ok(())
}

/// The plan and department a clerk named, as ids, and the year.
pub fn filter(
    store: &Store,
    plan: Option<&str>,
    department: Option<&str>,
    government: Option<&str>,
    year: Option<i32>,
) -> anyhow::Result<IndicatorFilter> {
    let government = super::tasks::government(store, government)?;
    Ok(IndicatorFilter {
        plan: plan.map(|q| single_plan(store, q)).transpose()?,
        department: department.map(|d| store.find_department(government.as_deref(), d).map(|x| x.1)).transpose()?,
        year,
    })
}

/// 记录一个单位某项指标的完成数（截至某日的累计数）；只追加，不覆盖以前的记录。
///
/// 示例：
///   duban actual 转移就业人数 巴宜区 2500 --date 2020-06-30
///   duban actual 转移就业人数 住建局 300 --industry 2 --date 2020-06-30
#[derive(Debug, Args)]
pub struct ActualArgs {
    /// 指标名称，如 转移就业人数
    #[arg(value_name = "指标")]
    pub indicator: String,
    /// 单位（任一写法，县区可写 巴宜区）
    #[arg(value_name = "单位")]
    pub unit: String,
    /// 截至该日的累计完成数
    #[arg(value_name = "完成数", value_parser = parse_amount)]
    pub value: f64,
    /// 完成数截至的日期（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// 方案（编号、文号或标题中的文字）
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 单位在多个行业都有目标时：行业序号或名称中的文字
    #[arg(long, value_name = "行业")]
    pub industry: Option<String>,
    /// 单位在同一行业有多行目标时：类别中的文字
    #[arg(long, value_name = "类别")]
    pub category: Option<String>,
}

pub fn actual(a: ActualArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let plan = a.plan.as_deref().map(|q| single_plan(&store, q)).transpose()?;
    let query = LineQuery {
        plan,
        indicator: a.indicator.clone(),
        unit: a.unit.clone(),
        industry: a.industry.clone(),
        category: a.category.clone(),
    };
    let (line, indicator) = store.find_indicator_line(&query)?;
    let as_of = a.date.unwrap_or(ctx.today);
    if as_of > ctx.today {
        return Err(UserError::new(format!("完成数的日期 {as_of} 晚于今天 {}", ctx.today)).into());
    }
    let new = NewActual { line, indicator, as_of, value: a.value, source: "cli".to_string() };
    let id = store.record_actual(&new, &ctx.stamp())?;
    say!(
        "已记录：{} {} 截至 {as_of} 完成 {}（记录编号 {id}）",
        a.unit,
        a.indicator,
        duban::indicator::Amount(a.value)
    )?;
    Ok(())
}

/// 批量导入指标完成数（CSV，可为 Excel 另存的 GBK 或 UTF-8，或「Unicode 文本」）：全部导入或一条也不导入，逐行报告问题。
///
/// 表头按中文列名识别：指标、单位、完成（必填），日期、行业、类别、方案（可选）。
///
/// 示例：
///   duban load-actuals 6月完成数.csv --plan 林政办发〔2020〕34号
#[derive(Debug, Args)]
pub struct LoadActualsArgs {
    /// 完成数表 CSV 文件
    #[arg(value_name = "文件")]
    pub file: PathBuf,
    /// 表中没有「方案」列时，指标所属的方案
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 只检查，不写入
    #[arg(long)]
    pub dry_run: bool,
    /// 有问题时，把全部问题（行号、问题）写成这个 CSV 文件，可用 Excel 打开
    #[arg(long, value_name = "文件")]
    pub errors: Option<PathBuf>,
}

fn parse_amount(s: &str) -> Result<f64, String> {
    duban::track::figures::parse_amount(s).ok_or_else(|| format!("完成数「{s}」不是非负数"))
}

pub fn load_actuals(a: LoadActualsArgs, ctx: &Context) -> anyhow::Result<()> {
    let (rows, mut errors) = read_sheet(&a.file, "load-actuals", a.errors.as_deref(), figures::read)?;
    let mut store = ctx.open_store()?;
    let plan = a.plan.as_deref().map(|q| single_plan(&store, q)).transpose()?;
    let source = a.file.display().to_string();
    let mut all = Vec::with_capacity(rows.len());
    for r in &rows {
        match figure(&store, r, plan, &source, ctx) {
            Ok(n) => all.push(n),
            Err(reason) => errors.push(SheetError { row: r.row, reason }),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(rejected(&a.file, &errors, "load-actuals", a.errors.as_deref()));
    }
    if a.dry_run {
        say!("{}：{} 行均可导入（试运行，未写入）", a.file.display(), all.len())?;
        return Ok(());
    }
    let ids = store.record_actuals(&all, &ctx.stamp())?;
    say!("{}：已导入 {} 个完成数", a.file.display(), ids.len())?;
    Ok(())
}

fn figure(store: &Store, r: &FigureRow, plan: Option<i64>, source: &str, ctx: &Context) -> Result<NewActual, String> {
    let plan = match &r.plan {
        Some(q) => Some(single_plan(store, q).map_err(|e| e.to_string())?),
        None => plan,
    };
    let query = LineQuery {
        plan,
        indicator: r.indicator.clone(),
        unit: r.unit.clone(),
        industry: r.industry.clone(),
        category: r.category.clone(),
    };
    let (line, indicator) = store.find_indicator_line(&query).map_err(|e| e.to_string())?;
    let as_of = r.as_of.unwrap_or(ctx.today);
    if as_of > ctx.today {
        return Err(format!("日期 {as_of} 晚于今天 {}", ctx.today));
    }
    Ok(NewActual { line, indicator, as_of, value: r.value, source: format!("csv:{source}:{}", r.row) })
}
