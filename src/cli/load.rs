//! `duban load`: progress spreadsheets sent back by departments — one, a
//! few, or a folder of them — loaded in one transaction. Any bad row —
//! unknown task, impossible date, unknown status — loads nothing and is
//! named with its sheet, row and reason.

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

/// 批量导入进展表（CSV，可为 Excel 另存的 GBK 或 UTF-8，或「Unicode 文本」；可多个，或一个文件夹）：全部导入或一条也不导入，逐行报告问题。
///
/// 表头按中文列名识别：编号 或 序号（可加 方案/文号）、状态、日期、期次、完成比例、进展情况、
/// 存在问题、下一步、填报单位、填报人、完成依据（销号）、新时限 和 延期原因（延期）。
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// 进展表 CSV 文件（可多个），或放着它们的文件夹：全部表一起导入，或一条也不导入
    #[arg(value_name = "文件", required = true)]
    pub files: Vec<PathBuf>,
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
    let files = sheet_files(&a.files, a.errors.as_deref())?;
    // Every file is read before the store is opened: one that cannot be
    // read as a sheet stops the command with nothing written.
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let mut unfilled = Vec::new();
        let (rows, errors) = read_sheet(&file, "load", a.errors.as_deref(), |bytes| {
            let sheet = sheet::read(bytes);
            unfilled = sheet.unfilled;
            (sheet.rows, sheet.errors)
        })?;
        read.push((file, rows, errors, unfilled));
    }
    let mut store = ctx.open_store()?;
    let plan = match &a.plan {
        Some(q) => Some(super::tasks::single_plan(&store, q)?),
        None => None,
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut loads = Vec::with_capacity(read.len());
    for (file, rows, mut errors, unfilled) in read {
        let source: Arc<str> = file.display().to_string().into();
        let mut unchanged = Vec::new();
        // Rows are moved into entries, so a million-row sheet's texts are
        // held once; and collected from the rows' own vector, which the
        // standard library reuses for the entries (they are no larger)
        // rather than holding both.
        let converted: Vec<Entry> = rows
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
        let first = entries.len();
        if entries.is_empty() {
            entries = converted;
        } else {
            entries.extend(converted);
        }
        let skipped = skipped_rows(&unfilled, &unchanged);
        loads.push(FileLoad { file, entries: first..entries.len(), skipped, errors });
    }
    if entries.is_empty() && loads.iter().all(|l| l.errors.is_empty()) {
        return say_loaded(&loads, None);
    }
    let mut report = |done: usize, total: usize| {
        if a.progress {
            eprintln!("已写入 {done}/{total} 条");
        }
    };
    // With problems already found, the rest is still checked against the
    // store, so the clerk gets every problem of every sheet at once.
    // (the ids, when written)
    let found = loads.iter().any(|l| !l.errors.is_empty());
    let outcome = if a.dry_run || found {
        store.check_all(&entries, &ctx.stamp()).map(|_| None)
    } else {
        store.append_all(&entries, &ctx.stamp(), &mut report).map(Some)
    };
    match outcome {
        Err(batch) => {
            for b in batch {
                // Each entry keeps its sheet row in its source.
                let at = b.index.wrapping_sub(1);
                let row = entries.get(at).and_then(|e| e.source.row()).unwrap_or(0);
                // A whole-batch error has no entry; it goes with the last sheet.
                let k = loads.iter().position(|l| l.entries.contains(&at)).unwrap_or(loads.len() - 1);
                loads[k].errors.push(SheetError { row, reason: b.error.to_string() });
            }
        }
        Ok(_) if found => {}
        Ok(ids) => return say_loaded(&loads, ids.as_deref()),
    }
    for l in &mut loads {
        l.errors.sort_by_key(|e| e.row);
    }
    match loads.as_slice() {
        [one] => Err(rejected(&one.file, &one.errors, "load", a.errors.as_deref())),
        _ => Err(rejected_sheets(&loads, a.errors.as_deref())),
    }
}

/// What each sheet gave: its entries written (`ids`, in the batch's
/// order) or found loadable by a dry run (`None`). Of several sheets, those
/// that gave nothing (left unfilled) are named together.
fn say_loaded(loads: &[FileLoad], ids: Option<&[i64]>) -> anyhow::Result<()> {
    let mut empty = Vec::new();
    for l in loads {
        let n = l.entries.len();
        match ids {
            _ if n == 0 && loads.len() > 1 => empty.push(l.file.display().to_string()),
            _ if n == 0 => say!("{}：没有可导入的进展{}", l.file.display(), l.skipped)?,
            None => say!("{}：{n} 行均可导入（试运行，未写入）{}", l.file.display(), l.skipped)?,
            Some(ids) => {
                let written = entry_ids(&ids[l.entries.clone()]);
                say!("{}：已导入 {n} 条进展记录（{written}）{}", l.file.display(), l.skipped)?
            }
        }
    }
    if !empty.is_empty() {
        let named = super::output::first_few(&empty, 10);
        say!("{} 个表没有可导入的进展（未填写，或只写了与现在相同的状态）：{named}", empty.len())?;
    }
    if loads.len() > 1 {
        let n: usize = loads.iter().map(|l| l.entries.len()).sum();
        let verb = if ids.is_some() { "已导入" } else { "均可导入（试运行，未写入）" };
        say!("合计：{} 个表，{n} 条进展记录{verb}", loads.len())?;
    }
    Ok(())
}

/// One sheet of a load: its file, its entries' place in the batch, the
/// rows it skipped, and its problems.
struct FileLoad {
    file: PathBuf,
    entries: std::ops::Range<usize>,
    skipped: String,
    errors: Vec<SheetError>,
}

/// The sheets named: files, and the .csv and .txt files of folders (in
/// name order) other than problem lists, each once. `--errors` may not
/// name one of them.
fn sheet_files(named: &[PathBuf], errors_file: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    let errors_file = errors_file.and_then(|e| e.canonicalize().ok());
    let mut files = Vec::new();
    for path in named {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let listing = std::fs::read_dir(path).with_context(|| format!("无法读取文件夹 {}", path.display()))?;
        let mut found: Vec<PathBuf> = listing
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let ext = p.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
                p.is_file() && matches!(ext.as_deref(), Some("csv" | "txt"))
            })
            // A problem list an earlier load wrote there is not a sheet.
            .filter(|p| !is_problem_list(p))
            .collect();
        if found.is_empty() {
            return Err(UserError::new(format!("文件夹 {} 中没有 .csv 或 .txt 文件", path.display()))
                .hint("进展表要存为 CSV（Excel「另存为」CSV UTF-8）或「Unicode 文本」")
                .into());
        }
        found.sort();
        files.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    // Checked before any sheet is read: a file that cannot be read writes
    // the problem list too.
    if let Some(out) = &errors_file {
        if files.iter().any(|f| f.canonicalize().ok().as_ref() == Some(out)) {
            return Err(errors_over_a_sheet(out));
        }
    }
    Ok(files)
}

/// Whether a file is a problem list [`write_errors`] wrote (by its header).
fn is_problem_list(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else { return false };
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    text.starts_with(&format!("{PROBLEM_LIST}\r\n")) || text.starts_with(&format!("{SHEETS_PROBLEM_LIST}\r\n"))
}

/// The headers of the problem list, for one sheet and for several.
const PROBLEM_LIST: &str = "行号,问题";
const SHEETS_PROBLEM_LIST: &str = "表格,行号,问题";

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
        let rows: Vec<(Option<&Path>, &SheetError)> = errors.iter().map(|e| (None, e)).collect();
        if let Err(e) = write_errors(out, &[file], &rows) {
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
    let heading = format!("{}：有 {} 处问题，一条也没有导入", file.display(), errors.len());
    refused(heading, errors.iter().map(problem_line), errors.len(), command, errors_file)
}

/// The problems of several sheets loaded together, each after its file.
fn rejected_sheets(loads: &[FileLoad], errors_file: Option<&Path>) -> anyhow::Error {
    let problems: Vec<(&Path, &SheetError)> =
        loads.iter().flat_map(|l| l.errors.iter().map(|e| (l.file.as_path(), e))).collect();
    if let Some(out) = errors_file {
        let sheets: Vec<&Path> = loads.iter().map(|l| l.file.as_path()).collect();
        let rows: Vec<(Option<&Path>, &SheetError)> = problems.iter().map(|(f, e)| (Some(*f), *e)).collect();
        if let Err(e) = write_errors(out, &sheets, &rows) {
            return e;
        }
    }
    let sheets = loads.iter().filter(|l| !l.errors.is_empty()).count();
    let heading = format!("{sheets} 个表中有 {} 处问题，一条也没有导入", problems.len());
    let lines = problems.iter().map(|(f, e)| format!("{} {}", f.display(), problem_line(e)));
    refused(heading, lines, problems.len(), "load", errors_file)
}

/// A problem as a line: its row first, unless it is the whole file's.
fn problem_line(e: &SheetError) -> String {
    if e.row == 0 {
        e.reason.clone()
    } else {
        e.to_string()
    }
}

/// The error that refuses a load: `heading`, the first [`LISTED`] of the
/// `total` problem lines, where the rest went, and how to check again.
fn refused(
    heading: String,
    lines: impl Iterator<Item = String>,
    total: usize,
    command: &str,
    errors_file: Option<&Path>,
) -> anyhow::Error {
    let mut lines: Vec<String> = lines.take(LISTED).collect();
    let unlisted = total.saturating_sub(LISTED);
    if unlisted > 0 {
        lines.push(format!("……另有 {unlisted} 处问题未列出"));
    }
    let mut message = format!("{heading}：\n  {}", lines.join("\n  "));
    if let Some(out) = errors_file {
        message.push_str(&format!("\n全部 {total} 处问题已写入 {}", out.display()));
    }
    let hint = match (unlisted > 0, errors_file) {
        (true, None) => {
            format!("加 --errors 问题.csv 可把全部问题写成表格；改正后重新导入，duban {command} --dry-run 只检查不写入")
        }
        _ => format!("改正表中这些行后重新导入；duban {command} --dry-run 只检查不写入"),
    };
    UserError::new(message).hint(hint).into()
}

/// Every problem as a CSV for Excel: its sheet when there are several,
/// row number and reason. Never over a sheet itself.
fn write_errors(out: &Path, sheets: &[&Path], problems: &[(Option<&Path>, &SheetError)]) -> anyhow::Result<()> {
    fn write(out: &Path, problems: &[(Option<&Path>, &SheetError)]) -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
        let mut csv = Writer::new(&mut file, Encoding::Utf8Bom)?;
        let named = problems.iter().any(|(sheet, _)| sheet.is_some());
        let header = if named { SHEETS_PROBLEM_LIST } else { PROBLEM_LIST };
        csv.header(&header.split(',').collect::<Vec<_>>())?;
        for (sheet, e) in problems {
            let row = if e.row == 0 { String::new() } else { e.row.to_string() };
            let mut cells = vec![row, e.reason.clone()];
            if let Some(sheet) = sheet {
                cells.insert(0, sheet.display().to_string());
            }
            csv.row(&cells)?;
        }
        csv.finish()?;
        file.flush()
    }
    let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
    if sheets.iter().any(|sheet| same(out, sheet)) {
        return Err(errors_over_a_sheet(out));
    }
    write(out, problems).with_context(|| format!("无法写入问题清单 {}", out.display()))
}

/// `--errors` naming a sheet: the list would be written over it.
fn errors_over_a_sheet(out: &Path) -> anyhow::Error {
    UserError::new(format!("问题清单不能写到表格本身：{}", out.display())).hint("给 --errors 另起一个文件名").into()
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
