//! The output options shared by every report: `--format` and `--output`.

use anyhow::Context;
use clap::{Args, ValueEnum};
use duban::report::render::Format;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// 终端表格
    Table,
    /// CSV（带 BOM 的 UTF-8，Excel 可直接打开）
    Csv,
    /// JSON
    Json,
    /// Markdown 表格
    Md,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// 输出格式
    #[arg(long, short = 'f', value_name = "格式", value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// 写入文件而不是屏幕
    #[arg(long, short = 'o', value_name = "文件")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    pub fn format(&self) -> Format {
        self.format.into()
    }

    /// Opens the destination: the file named by `--output`, else stdout.
    pub fn open(&self) -> anyhow::Result<Box<dyn Write>> {
        open(self.output.as_ref())
    }
}

/// A buffered writer to a file or stdout.
pub fn open(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).with_context(|| format!("无法创建输出文件 {}", p.display()))?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// A plan as messages name it: 《title》（文号，government）, the 文号 left
/// out when the plan has none.
pub fn plan_label(title: &str, doc_no: Option<&str>, government: &str) -> String {
    let doc_no = doc_no.map(|d| format!("{d}，")).unwrap_or_default();
    format!("《{title}》（{doc_no}{government}）")
}

/// The first `n` of `items` joined with 、, then 「等」 when there are more:
/// as much of a list as a message carries (it says the count beside it).
pub fn first_few<T: std::fmt::Display>(items: &[T], n: usize) -> String {
    let shown: Vec<String> = items.iter().take(n).map(T::to_string).collect();
    format!("{}{}", shown.join("、"), if items.len() > n { "等" } else { "" })
}
