//! `duban export`: spreadsheets and JSON for leaders and other tools.

use super::output;
use super::tasks::FilterArgs;
use super::Context;
use clap::{Args, Subcommand, ValueEnum};
use duban::report::render::{csv::Encoding, Format};
use duban::report::tasks;
use std::io::Write;
use std::path::PathBuf;

/// 导出台账：任务清单为 CSV（Excel 可直接打开）或 JSON。
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 导出任务清单（每项任务一行/一个对象）
    Tasks(ExportTasksArgs),
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

#[derive(Debug, Args)]
pub struct ExportTasksArgs {
    /// 导出格式
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// 写入文件（默认输出到屏幕）
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV 的编码
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(args: ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.what {
        ExportWhat::Tasks(a) => export_tasks(a, ctx),
    }
}

fn export_tasks(args: ExportTasksArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let filter = args.filter.resolve(&store)?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    };
    let encoding = match args.encoding {
        EncodingArg::Utf8 => Encoding::Utf8Bom,
        EncodingArg::Gb18030 => Encoding::Gb18030,
    };
    let mut out = output::open(args.output.as_ref())?;
    let n = tasks::export(&store, &filter, format, encoding, &mut out)?;
    out.flush()?;
    if let Some(p) = &args.output {
        eprintln!("已导出 {n} 项任务到 {}", p.display());
    }
    Ok(())
}
