//! `duban import`: read gazettes, show what was found, store it in one
//! transaction.

use super::error::UserError;
use super::Context;
use anyhow::Context as _;
use clap::Args;
use duban::model::Plan;
use duban::read::decode::DecodeError;
use duban::read::{self, Diagnostic, Severity};
use duban::store::{ImportOutcome, ImportSummary, SourceFile};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;

/// 导入公报文本：找出其中的任务分解方案，逐项写入数据库（同一文件再次导入不会重复）。
///
/// 文件可以是 UTF-8、GB18030/GBK 或 UTF-16（带或不带 BOM）文本。读不懂的内容会连同行号列出。
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 公报文本文件（可多个）
    #[arg(required = true, value_name = "文件")]
    pub files: Vec<PathBuf>,
    /// 只显示将导入的内容，不写数据库
    #[arg(long)]
    pub dry_run: bool,
    /// 以 JSON 输出导入结果
    #[arg(long)]
    pub json: bool,
    /// 跳过无法读取的内容（损坏的表格行、不存在的日期），导入其余任务
    #[arg(long)]
    pub skip_errors: bool,
    /// 在标准错误输出上报告写入进度（大批量导入时）
    #[arg(long)]
    pub progress: bool,
}

/// One file as read.
struct ReadFile {
    source: SourceFile,
    encoding: &'static str,
    plans: Vec<Plan>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    dry_run: bool,
    plans: Vec<JsonPlan<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    source: &'a str,
    title: &'a str,
    doc_no: Option<&'a str>,
    government: &'a str,
    format: &'a str,
    tasks: usize,
    indicators: usize,
    target_lines: usize,
    outcome: Option<ImportOutcome>,
    /// How the file differs from the plan already stored, which is kept.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    differences: &'a [String],
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    source: &'a str,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

pub fn run(args: ImportArgs, ctx: &Context) -> anyhow::Result<()> {
    // Every file is read before the database is opened: bad input never
    // touches it. The files are read side by side, and reported in order.
    let mut files = Vec::with_capacity(args.files.len());
    let mut problems = Vec::new();
    let mut hints: Vec<String> = Vec::new();
    for (path, read) in args.files.iter().zip(duban::parallel::map(&args.files, read_file)) {
        match read {
            Ok(f) if f.plans.is_empty() => {
                problems.push(format!("{}：没有找到带任务的方案", path.display()));
                files.push(f);
            }
            Ok(f) => files.push(f),
            Err(e) => {
                problems.push(super::error::describe(&e));
                for hint in super::error::hints(&e) {
                    if !hints.contains(&hint) {
                        hints.push(hint);
                    }
                }
            }
        }
    }
    let errors = files.iter().flat_map(|f| &f.diagnostics).filter(|d| d.severity == Severity::Error).count();
    if errors > 0 && !args.skip_errors {
        problems.push(format!("有 {errors} 处内容无法读取（见上方标为「错误」的行）"));
    }
    let mut out = std::io::stdout().lock();
    if !problems.is_empty() {
        print_diagnostics(&mut out, &files)?;
        let mut err = UserError::new(format!("没有导入任何内容：\n  {}", problems.join("\n  ")));
        for hint in hints {
            err = err.hint(hint);
        }
        if problems.iter().any(|p| p.contains("没有找到带任务的方案")) {
            err = err
                .hint("duban 读取通知印发的任务分解方案、实施方案等；请确认文件是公报文本，诊断信息列出了读不懂的行");
        }
        if errors > 0 && !args.skip_errors {
            err = err.hint("修正原文后重新导入；或加 --skip-errors 跳过这些内容，导入其余任务");
        }
        return Err(err.into());
    }
    let summaries = if args.dry_run {
        None
    } else {
        let mut store = ctx.create_store()?;
        let batch: Vec<(&SourceFile, &[Plan])> = files.iter().map(|f| (&f.source, f.plans.as_slice())).collect();
        let mut report = |done: usize, total: usize| {
            if args.progress {
                eprintln!("已写入 {done}/{total} 个方案");
            }
        };
        Some(store.import(&batch, &ctx.stamp(), &mut report).context("写入数据库失败，数据库未改动")?)
    };
    if args.json {
        write_json(&mut out, &files, summaries.as_deref(), args.dry_run)?;
    } else {
        write_human(&mut out, &files, summaries.as_deref(), args.dry_run)?;
    }
    Ok(())
}

fn read_file(path: &PathBuf) -> anyhow::Result<ReadFile> {
    let bytes = std::fs::read(path).with_context(|| format!("无法读取文件 {}", path.display()))?;
    let gazette = read::read_gazette(&bytes).map_err(|e| {
        let refused = UserError::new(format!("{}：{e}", path.display()));
        match e {
            // A PDF or a Word file, most likely: the gazette as published.
            DecodeError::Binary { .. } | DecodeError::UnknownEncoding => refused.hint(
                "duban 读公报的文字（UTF-8、GBK 或 UTF-16 的文本文件）；PDF 请先转成文本（如 pdftotext 公报.pdf），Word 文件请「另存为」纯文本",
            ),
            DecodeError::Empty => refused,
        }
    })?;
    Ok(ReadFile {
        source: SourceFile { name: path.display().to_string(), sha256: hex(&Sha256::digest(&bytes)) },
        encoding: gazette.encoding.label(),
        plans: gazette.plans,
        diagnostics: gazette.diagnostics,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_human(
    out: &mut dyn Write,
    files: &[ReadFile],
    summaries: Option<&[ImportSummary]>,
    dry_run: bool,
) -> anyhow::Result<()> {
    let mut imported = (0usize, 0usize);
    let mut differing: Vec<i64> = Vec::new();
    for f in files {
        writeln!(out, "{}（{}）：找到 {} 个方案", f.source.name, f.encoding, f.plans.len())?;
        for (k, p) in f.plans.iter().enumerate() {
            let label = super::output::plan_label(&p.meta.title, p.meta.doc_no.as_deref(), &p.meta.government);
            let summary = summaries.and_then(|s| s.iter().filter(|x| x.source == f.source.name).nth(k));
            let verdict = match summary {
                _ if dry_run => "将导入".to_string(),
                Some(s) if s.outcome == ImportOutcome::AlreadyPresent => {
                    format!("已存在（方案编号 {}），未重复导入", s.plan_id)
                }
                Some(s) => {
                    imported.0 += 1;
                    imported.1 += s.tasks;
                    format!("已导入（方案编号 {}）", s.plan_id)
                }
                None => String::new(),
            };
            let numbers = if p.indicators.is_empty() {
                String::new()
            } else {
                format!("，{} 项指标、{} 行分解目标", p.indicators.indicators.len(), p.indicators.target_lines())
            };
            writeln!(out, "  {verdict}{label}：{} 项任务{numbers}", p.tasks.len())?;
            if let (Some(d), false) = (p.indicators.figures_as_of, p.indicators.figures.is_empty()) {
                writeln!(out, "    完成数：{} 个（截至 {d}）", p.indicators.figures.len())?;
            }
            for r in &p.meta.schedule {
                writeln!(out, "    报送：{} {} 前", r.period.label(), r.due)?;
            }
            if let Some(s) = summary.filter(|s| !s.differences.is_empty()) {
                differing.push(s.plan_id);
                writeln!(out, "    与库中的这个方案不同（库中保持原样）：{}", s.differences.join("；"))?;
            }
        }
    }
    print_diagnostics(out, files)?;
    if dry_run {
        writeln!(out, "（试运行，未写入数据库）")?;
    } else {
        writeln!(out, "合计：新导入 {} 个方案、{} 项任务。", imported.0, imported.1)?;
    }
    if let [first, ..] = differing.as_slice() {
        writeln!(
            out,
            "注意：{} 个方案已导入过，但这次读到的内容与库中不同；库中的任务和进展记录保持原样。\n\
             如这是修订后的方案：时限的变动用 duban extend 逐项记录；已导入的任务内容不会被改写。\n\
             还没有人报送的方案（编号 {}），也可以先删除（duban plans remove {first} --yes），再导入修订后的文件。",
            differing.len(),
            super::output::first_few(&differing, 5)
        )?;
    }
    Ok(())
}

fn print_diagnostics(out: &mut dyn Write, files: &[ReadFile]) -> anyhow::Result<()> {
    let all: Vec<(&str, &Diagnostic)> =
        files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f.source.name.as_str(), d))).collect();
    if all.is_empty() {
        return Ok(());
    }
    let count = |s: Severity| all.iter().filter(|(_, d)| d.severity == s).count();
    writeln!(
        out,
        "诊断（{} 条，其中错误 {} 条、警告 {} 条）：",
        all.len(),
        count(Severity::Error),
        count(Severity::Warning)
    )?;
    for (src, d) in all {
        writeln!(out, "  {src} {d}")?;
    }
    Ok(())
}

fn write_json(
    out: &mut dyn Write,
    files: &[ReadFile],
    summaries: Option<&[ImportSummary]>,
    dry_run: bool,
) -> anyhow::Result<()> {
    let mut plans = Vec::new();
    for f in files {
        for (k, p) in f.plans.iter().enumerate() {
            let summary = summaries.and_then(|s| s.iter().filter(|x| x.source == f.source.name).nth(k));
            plans.push(JsonPlan {
                source: &f.source.name,
                title: &p.meta.title,
                doc_no: p.meta.doc_no.as_deref(),
                government: &p.meta.government,
                format: &p.format,
                tasks: p.tasks.len(),
                indicators: p.indicators.indicators.len(),
                target_lines: p.indicators.target_lines(),
                outcome: summary.map(|s| s.outcome),
                differences: summary.map_or(&[], |s| &s.differences),
            });
        }
    }
    let diagnostics = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| JsonDiagnostic { source: &f.source.name, diagnostic: d }))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &JsonReport { dry_run, plans, diagnostics })?;
    writeln!(out)?;
    Ok(())
}
