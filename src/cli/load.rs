//! `duban load`: a progress spreadsheet sent back by departments, loaded in
//! one transaction. Any bad row — unknown task, impossible date, unknown
//! status — loads nothing and is named with its row and reason.

use super::error::UserError;
use super::Context;
use anyhow::Context as _;
use clap::Args;
use duban::model::TaskId;
use duban::report::render::csv::{Encoding, Writer};
use duban::report::tasks::shortened;
use duban::store::Store;
use duban::track::sheet::{self, SheetError, SheetRow, TaskRef};
use duban::track::{Entry, EntrySource};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// 批量导入进展表（CSV，可为 Excel 另存的 GBK 或 UTF-8，或「Unicode 文本」）：全部导入或一条也不导入，逐行报告问题。
///
/// 表头按中文列名识别：编号 或 序号（可加 方案/文号）、状态、日期、期次、完成比例、进展情况、
/// 存在问题、下一步、填报单位、填报人、完成依据（销号）、新时限 和 延期原因（延期）。
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// 进展表 CSV 文件
    #[arg(value_name = "文件")]
    pub file: PathBuf,
    /// 表中只有序号时，任务所属的方案（编号、文号或标题中的文字）
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 只检查，不写入
    #[arg(long)]
    pub dry_run: bool,
    /// 在标准错误输出上报告写入进度
    #[arg(long)]
    pub progress: bool,
    /// 有问题时，把全部问题（行号、问题）写成这个 CSV 文件，可用 Excel 打开、退回填报单位
    #[arg(long, value_name = "文件")]
    pub errors: Option<PathBuf>,
}

pub fn run(a: LoadArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut unfilled = Vec::new();
    let (rows, mut errors) = read_sheet(&a.file, "load", a.errors.as_deref(), |bytes| {
        let sheet = sheet::read(bytes);
        unfilled = sheet.unfilled;
        (sheet.rows, sheet.errors)
    })?;
    let mut store = ctx.open_store()?;
    let plan = match &a.plan {
        Some(q) => Some(super::tasks::single_plan(&store, q)?),
        None => None,
    };
    let source: Arc<str> = a.file.display().to_string().into();
    let mut unchanged = Vec::new();
    // Rows are moved into entries, so a million-row sheet's texts are held
    // once; and collected from the rows' own vector, which the standard
    // library reuses for the entries (they are no larger) rather than
    // holding both.
    let entries: Vec<Entry> = rows
        .into_iter()
        .filter_map(|r| {
            let row = r.row;
            match entry(&store, r, plan, &source, ctx) {
                Ok(e) if says_nothing_new(&store, &e) => unchanged.push(row),
                Ok(e) => return Some(e),
                Err(reason) => errors.push(SheetError { row, reason }),
            }
            None
        })
        .collect();
    let skipped = skipped_rows(&unfilled, &unchanged);
    if entries.is_empty() && errors.is_empty() {
        say!("{}：没有可导入的进展{skipped}", a.file.display())?;
        return Ok(());
    }
    let mut report = |done: usize, total: usize| {
        if a.progress {
            eprintln!("已写入 {done}/{total} 条");
        }
    };
    // With problems already found, the rest is still checked against the
    // store, so the clerk gets every problem of the sheet at once.
    // (rows checked, the ids when written)
    let outcome = if a.dry_run || !errors.is_empty() {
        store.check_all(&entries, &ctx.stamp()).map(|n| (n, None))
    } else {
        store.append_all(&entries, &ctx.stamp(), &mut report).map(|ids| (ids.len(), Some(ids)))
    };
    match outcome {
        Err(batch) => errors.extend(batch.iter().map(|b| SheetError {
            // Each entry keeps its sheet row in its source.
            row: entries.get(b.index.wrapping_sub(1)).and_then(|e| e.source.row()).unwrap_or(0),
            reason: b.error.to_string(),
        })),
        Ok(_) if !errors.is_empty() => {}
        Ok((n, None)) => say!("{}：{n} 行均可导入（试运行，未写入）{skipped}", a.file.display())?,
        Ok((n, Some(ids))) => say!("{}：已导入 {n} 条进展记录（{}）{skipped}", a.file.display(), entry_ids(&ids))?,
    }
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by_key(|e| e.row);
    Err(rejected(&a.file, &errors, "load", a.errors.as_deref()))
}

/// The ids a load wrote, as its result names them: 记录编号 7, or 7–12.
fn entry_ids(ids: &[i64]) -> String {
    match (ids.first(), ids.last()) {
        (Some(first), Some(last)) if first != last => format!("记录编号 {first}–{last}"),
        (Some(id), _) => format!("记录编号 {id}"),
        (None, _) => "没有新记录".to_string(),
    }
}

/// Reads a spreadsheet file and parses it with `parse`. A file that cannot
/// be read, or whose header is not understood, is refused before the store
/// is opened; row problems are returned to be reported with the rest.
pub(super) fn read_sheet<R>(
    file: &Path,
    command: &str,
    errors_file: Option<&Path>,
    parse: impl FnOnce(&[u8]) -> (Vec<R>, Vec<SheetError>),
) -> anyhow::Result<(Vec<R>, Vec<SheetError>)> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取文件 {}", file.display()))?;
    let (rows, errors) = parse(&bytes);
    if errors.iter().any(|e| e.row <= 1) {
        return Err(rejected(file, &errors, command, errors_file));
    }
    Ok((rows, errors))
}

/// How many problems the message lists; a wrong sheet can have thousands,
/// and the rest go to `--errors`.
const LISTED: usize = 50;

/// A sheet's problems, by row, and how to check it again: the first
/// [`LISTED`] on the terminal, every one in the `--errors` file if asked.
/// A file that cannot be read as a sheet at all (row 0: its encoding; row
/// 1: its header) is one problem, said in one line with what to do.
pub(super) fn rejected(file: &Path, errors: &[SheetError], command: &str, errors_file: Option<&Path>) -> anyhow::Error {
    if let Some(out) = errors_file {
        if let Err(e) = write_errors(out, file, errors) {
            return e;
        }
    }
    if let [only] = errors {
        let said = match only.row {
            0 => Some((
                only.reason.clone(),
                format!("duban {command} 读 CSV（UTF-8 或 GBK）或 Excel 的「Unicode 文本」；Excel 工作簿（.xlsx）请先「另存为」CSV UTF-8（逗号分隔）"),
            )),
            1 => Some((only.to_string(), format!("表头（前十行中的一行）要写明各列的中文列名，见 duban {command} --help"))),
            _ => None,
        };
        if let Some((problem, hint)) = said {
            return UserError::new(format!("{}：{problem}，一条也没有导入", file.display())).hint(hint).into();
        }
    }
    let line = |e: &SheetError| if e.row == 0 { e.reason.clone() } else { e.to_string() };
    let mut lines: Vec<String> = errors.iter().take(LISTED).map(line).collect();
    let unlisted = errors.len().saturating_sub(LISTED);
    if unlisted > 0 {
        lines.push(format!("……另有 {unlisted} 处问题未列出"));
    }
    let mut message =
        format!("{}：有 {} 处问题，一条也没有导入：\n  {}", file.display(), errors.len(), lines.join("\n  "));
    if let Some(out) = errors_file {
        message.push_str(&format!("\n全部 {} 处问题已写入 {}", errors.len(), out.display()));
    }
    let hint = match (unlisted > 0, errors_file) {
        (true, None) => {
            format!("加 --errors 问题.csv 可把全部问题写成表格；改正后重新导入，duban {command} --dry-run 只检查不写入")
        }
        _ => format!("改正表中这些行后重新导入；duban {command} --dry-run 只检查不写入"),
    };
    UserError::new(message).hint(hint).into()
}

/// Every problem as a CSV for Excel: row number and reason. Never over
/// the sheet itself.
fn write_errors(out: &Path, sheet: &Path, errors: &[SheetError]) -> anyhow::Result<()> {
    fn write(out: &Path, errors: &[SheetError]) -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
        let mut csv = Writer::new(&mut file, Encoding::Utf8Bom)?;
        csv.header(&["行号", "问题"])?;
        for e in errors {
            let row = if e.row == 0 { String::new() } else { e.row.to_string() };
            csv.row(&[row, e.reason.clone()])?;
        }
        csv.finish()?;
        file.flush()
    }
    let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
    if same(out, sheet) {
        return Err(UserError::new(format!("问题清单不能写到表格本身：{}", out.display()))
            .hint("给 --errors 另起一个文件名")
            .into());
    }
    write(out, errors).with_context(|| format!("无法写入问题清单 {}", out.display()))
}

/// A row that only repeats a task's current status, with no period,
/// percentage or text: what reloading an exported 台账 gives. Recording it
/// would add an entry that can never be removed and make the task look
/// reported on.
fn says_nothing_new(store: &Store, e: &Entry) -> bool {
    let texts = [&e.progress, &e.problems, &e.next_steps, &e.evidence, &e.reason];
    e.period.is_none()
        && e.percent.is_none()
        && e.new_due.is_none()
        && texts.iter().all(|t| t.is_none())
        && store.task_state(e.task).is_ok_and(|s| s.status == e.status)
}

/// What a load skipped, as a sentence to follow its result.
fn skipped_rows(unfilled: &[usize], unchanged: &[usize]) -> String {
    let rows = |rows: &[usize]| {
        let shown: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
        format!("第 {} 行{}", shown.join("、"), if rows.len() > 10 { "等" } else { "" })
    };
    let mut parts = Vec::new();
    if !unfilled.is_empty() {
        parts.push(format!("{} 行未填写（{}）", unfilled.len(), rows(unfilled)));
    }
    if !unchanged.is_empty() {
        parts.push(format!(
            "{} 行只写了与现在相同的状态，没有期次、比例或进展（{}）",
            unchanged.len(),
            rows(unchanged)
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("；{}，未导入", parts.join("，"))
    }
}

/// A sheet row as a journal entry. Whether its task exists and accepts it
/// is checked when the batch is written.
fn entry(store: &Store, r: SheetRow, plan: Option<i64>, source: &Arc<str>, ctx: &Context) -> Result<Entry, String> {
    let task = match &r.task {
        TaskRef::Id(id) => TaskId(*id),
        TaskRef::Seq { plan: row_plan, seq } => {
            let plan = match (row_plan, plan) {
                (Some(q), _) => Some(super::tasks::single_plan(store, q).map_err(|e| e.to_string())?),
                (None, p) => p,
            };
            store.find_task(plan, seq).map_err(|e| e.to_string())?.ok_or_else(|| {
                format!("找不到序号为「{seq}」的任务（序号在多个方案中出现时，请用 --plan 或「方案」列指明）")
            })?
        }
    };
    check_task_text(store, &r, task)?;
    let mut e = Entry::progress(task, r.reported_on.unwrap_or(ctx.today), r.status);
    e.kind = r.kind;
    e.period = r.period;
    e.percent = r.percent;
    e.progress = r.progress;
    e.problems = r.problems;
    e.next_steps = r.next_steps;
    e.department = r.department;
    e.reporter = r.reporter;
    e.evidence = r.evidence;
    e.new_due = r.new_due;
    e.reason = r.reason;
    e.source = EntrySource::Sheet { file: Arc::clone(source), row: r.row };
    Ok(e)
}

/// Refuses a row whose 任务 text is another task's than the one it numbers
/// (see [`sheet::names_the_task`]). A task that does not exist is left to
/// the batch, which names it.
fn check_task_text(store: &Store, r: &SheetRow, task: TaskId) -> Result<(), String> {
    let Some(shown) = &r.task_text else { return Ok(()) };
    let Some((title, text)) = store.task_texts(task).map_err(|e| e.to_string())? else { return Ok(()) };
    if sheet::names_the_task(shown, title.as_deref(), &text) {
        return Ok(());
    }
    let short = |s: &str| shortened(s.to_string(), 20);
    let named = match &r.task {
        TaskRef::Id(id) => format!("编号 {id} 的任务"),
        TaskRef::Seq { seq, .. } => format!("序号 {seq}（编号 {}）的任务", task.0),
    };
    Err(format!(
        "「任务」一栏是「{}」，而{named}是「{}」：这一行可能错位（如在 Excel 中只对部分列排了序），请核对；「任务」一栏只用于核对，确认无误也可删去这一栏",
        short(shown),
        short(title.as_deref().unwrap_or(&text))
    ))
}
