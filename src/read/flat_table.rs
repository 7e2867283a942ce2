//! The flattened PDF table (2023年林芝市《政府工作报告》重点任务分解方案):
//! columns 序号 | 类别 | 工作任务 | 分管/联系市长 | 牵头部门负责人 | 牵头、协办部门.
//!
//! Extraction wrote each cell as a run of short lines, one column after the
//! other. A row therefore reads: number, category lines (the chapter column is
//! three characters wide, the heading column two), the task's sentences,
//! names, and the department cell. Merged cells are printed once and shared
//! by the rows below; a new page repeats the category and sometimes loses the
//! row number, which the sequence recovers; a number can be glued to the end
//! of the previous row ("…人民政府2 固定资产…").

use crate::deadline;
use crate::model::{Role, Task, UnitRef};
use crate::names::{expand_enumeration, split_outside_brackets};
use crate::read::lines::Line;
use crate::read::persons::{self, name_tokens, Roster};
use crate::read::{Diagnostic, DiagnosticKind, Found, PlanReader, Section};
use crate::text::{fold_punct, join_cjk, squeeze, squeeze_into, squeezed_width, width};
use regex::Regex;
use std::sync::LazyLock;

/// Reader for flattened PDF tables.
pub struct FlatTable;

/// Text lines of a task are about 17–20 characters wide; department lines at
/// most 12. A line at least this wide is task text.
const LONG_LINE: usize = 13;

static CHAPTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("valid regex"));
static TITLE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"市长|副市|常务|秘书长|负责人|主要负责").expect("valid regex"));

impl PlanReader for FlatTable {
    fn name(&self) -> &'static str {
        "flat_table"
    }

    fn read(&self, section: &Section<'_>, diags: &mut Vec<Diagnostic>) -> Found {
        let Some(header) = find_header(section.lines) else { return Found::default() };
        let rows = segment(&section.lines[header..], diags);
        if rows.is_empty() {
            return Found::default();
        }
        let cells: Vec<Cells> = rows.iter().map(|r| split_cells(r, diags)).collect();
        let roster = learn_roster(&cells);
        for name in roster.conflicts() {
            diags.push(Diagnostic::warning(
                rows[0].line,
                DiagnosticKind::UncertainPerson,
                format!("{name} 在表中既出现在分管/联系市长列，又出现在牵头部门负责人列"),
            ));
        }
        let tasks = build_tasks(&rows, cells, &roster, section, diags);
        let table = header..section.lines.len();
        Found { tasks, consumed: std::iter::once(table).collect(), ..Found::default() }
    }
}

/// The table starts at its header: 牵头部门 and 负责人 and 分管/联系 within a
/// few lines of each other.
fn find_header(lines: &[Line<'_>]) -> Option<usize> {
    let texts: Vec<(usize, &str)> =
        lines.iter().enumerate().filter(|(_, l)| !l.is_blank()).map(|(i, l)| (i, l.text())).collect();
    for (k, (i, raw)) in texts.iter().enumerate() {
        // Each test below needs one of these characters: most lines of a
        // long table are not squeezed at all.
        if !raw.contains(['分', '联', '序']) {
            continue;
        }
        let t = squeeze(raw);
        if !(t.contains("分管") || t.contains("联系市") || t.starts_with("序")) {
            continue;
        }
        let window = squeeze(&texts[k..(k + 12).min(texts.len())].iter().map(|(_, t)| *t).collect::<String>());
        if window.contains("牵头") && window.contains("负责人") && (window.contains("分管") || window.contains("联系"))
        {
            return Some(*i);
        }
    }
    None
}

/// One table row's lines, with its number.
#[derive(Debug, Clone)]
struct RawRow {
    number: u32,
    /// The number was missing at a page start and taken from the sequence.
    recovered: bool,
    line: usize,
    lines: Vec<(usize, String)>,
}

/// Cuts the table into rows at each number.
fn segment(lines: &[Line<'_>], diags: &mut Vec<Diagnostic>) -> Vec<RawRow> {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut expected = 1u32;
    for l in lines {
        let t = l.text();
        if t.is_empty() || l.is_furniture() {
            continue;
        }
        let started = !rows.is_empty();
        if let Some(n) = bare_number(t).filter(|n| (expected..expected + 3).contains(n)) {
            // A page start already opened this row without its number.
            if let Some(r) = rows.last_mut().filter(|r| r.recovered && r.number == n && r.lines.len() <= 12) {
                r.recovered = false;
                continue;
            }
            if n != expected {
                diags.push(Diagnostic::warning(
                    l.no,
                    DiagnosticKind::NumberGap,
                    format!("序号从 {} 跳到 {n}，缺少的序号没有任务", expected - 1),
                ));
            }
            rows.push(RawRow { number: n, recovered: false, line: l.no, lines: Vec::new() });
            expected = n + 1;
            continue;
        }
        if let Some(rest) = numbered(t, expected) {
            rows.push(RawRow {
                number: expected,
                recovered: false,
                line: l.no,
                lines: vec![(l.no, rest.trim().to_string())],
            });
            expected += 1;
            continue;
        }
        if !started {
            continue; // header and notes above the first row
        }
        if l.starts_page() && opens_row(t) {
            diags.push(Diagnostic::info(
                l.no,
                DiagnosticKind::RecoveredNumber,
                format!("换页处缺少序号，按顺序补为 {expected}"),
            ));
            rows.push(RawRow { number: expected, recovered: true, line: l.no, lines: vec![(l.no, t.to_string())] });
            expected += 1;
            continue;
        }
        if let Some((before, after)) = glued_number(t, expected) {
            if let Some(r) = rows.last_mut() {
                r.lines.push((l.no, before.to_string()));
            }
            let mut row = RawRow { number: expected, recovered: false, line: l.no, lines: Vec::new() };
            if !after.is_empty() {
                row.lines.push((l.no, after.to_string()));
            }
            rows.push(row);
            expected += 1;
            continue;
        }
        if let Some(r) = rows.last_mut() {
            r.lines.push((l.no, t.to_string()));
        }
    }
    rows
}

fn bare_number(t: &str) -> Option<u32> {
    (t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

/// "12 推进…" or "12\u{3000}推进…": the text after row number `n` and its
/// space, read without formatting the number (it is asked of every line).
fn numbered(t: &str, n: u32) -> Option<&str> {
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let same = digits > 0 && !t.starts_with('0') && t[..digits].parse::<u32>().is_ok_and(|d| d == n);
    let rest = &t[digits..];
    same.then(|| rest.strip_prefix(' ').or_else(|| rest.strip_prefix('\u{3000}'))).flatten()
}

/// A page that starts a new row shows the repeated category first.
fn opens_row(t: &str) -> bool {
    CHAPTER.is_match(t) || squeezed_width(t) <= 3
}

/// "…（区）人民政府2 固定资产投资增长…": the expected number glued to the end
/// of a department cell, followed by a space or the end of the line.
fn glued_number(t: &str, expected: u32) -> Option<(&str, &str)> {
    let num = expected.to_string();
    let mut search = 0;
    while let Some(pos) = t[search..].find(&num).map(|p| p + search) {
        let before = &t[..pos];
        let after = &t[pos + num.len()..];
        let prev_ok = before.chars().last().is_some_and(|c| crate::text::is_cjk(c) || c == '）' || c == ')');
        let next_ok = after.is_empty() || after.starts_with(' ');
        if prev_ok && next_ok {
            return Some((before.trim_end(), after.trim()));
        }
        search = pos + num.len();
    }
    None
}

/// A row's cells as read from its lines.
#[derive(Debug, Clone, Default)]
struct Cells {
    chapter: Option<String>,
    heading: Option<String>,
    text: String,
    text_line: usize,
    /// Names in printed order (leaders' column first).
    names: Vec<String>,
    /// Pairs (leader, head) seen on one line.
    shared: Vec<(String, String)>,
    /// Leader/head cells written as titles ("市长、各常务副市长、副市长").
    titled: Option<(Vec<String>, Vec<String>)>,
    departments: String,
}

fn split_cells(row: &RawRow, diags: &mut Vec<Diagnostic>) -> Cells {
    let lines = &row.lines;
    let mut cells = Cells { text_line: row.line, ..Cells::default() };
    // Category lines: at most three characters wide, before the text.
    let run = lines.iter().take_while(|(_, t)| squeezed_width(t) <= 3).count();
    let run_texts: Vec<String> = lines[..run].iter().map(|(_, t)| squeeze(t)).collect();
    let (chapter, heading) = split_categories(&run_texts);
    cells.chapter = chapter;
    cells.heading = heading;

    let mut i = run;
    // The text's lines and the names after it, as slices of the row.
    let mut text: Vec<&str> = Vec::new();
    let mut names_from_text: Option<&str> = None;
    if let Some((no, _)) = lines.get(i) {
        cells.text_line = *no;
    }
    while i < lines.len() {
        let t = &lines[i].1;
        if !text.is_empty() && persons::is_certain_name_line(t) {
            break;
        }
        if let Some(prev) = text.last() {
            let finished = prev.ends_with(['。', '！', '？', '；']);
            let prev_long = squeezed_width(prev) >= LONG_LINE;
            let continues = if finished { squeezed_width(t) >= LONG_LINE } else { prev_long };
            if !continues {
                break;
            }
        }
        let (body, names) = split_trailing_names(t);
        text.push(body);
        i += 1;
        if names.is_some() {
            names_from_text = names;
            break;
        }
    }
    cells.text = join_cjk(&text.concat());

    let mut name_lines: Vec<&str> = names_from_text.into_iter().collect();
    let mut titled = Vec::new();
    while i < lines.len() {
        let t = &lines[i].1;
        let narrow = squeezed_width(t) <= 5;
        if !titled.is_empty() || (narrow && TITLE_WORDS.is_match(t)) {
            if narrow {
                titled.push(squeeze(t));
                i += 1;
                continue;
            }
            break;
        }
        if name_tokens(t).is_some() {
            name_lines.push(t);
            i += 1;
        } else {
            break;
        }
    }
    for l in &name_lines {
        let toks = name_tokens(l).unwrap_or_default();
        if toks.len() == 2 {
            cells.shared.push((toks[0].clone(), toks[1].clone()));
        }
        cells.names.extend(toks);
    }
    if !titled.is_empty() {
        cells.titled = Some(split_titled(&titled.concat()));
    }
    for (_, t) in &lines[i..] {
        squeeze_into(&mut cells.departments, t);
    }
    if cells.text.is_empty() {
        diags.push(Diagnostic::error(
            row.line,
            DiagnosticKind::DamagedRow,
            format!("第 {} 项没有任务内容", row.number),
        ));
    }
    cells
}

/// Splits the short lines before the text into the chapter (类别 level 1,
/// three characters a line) and the heading (level 2, two a line).
///
/// A chapter line is full width, or shortened because the next line begins
/// with a character and its comma (a comma may not start a line). A chapter
/// without a comma ("八、政府自身建设") may end in one short line.
fn split_categories(run: &[String]) -> (Option<String>, Option<String>) {
    if run.is_empty() {
        return (None, None);
    }
    if !(CHAPTER.is_match(&run[0]) || width(&run[0]) == 3) {
        return (None, Some(run.concat()));
    }
    let mut k = 0;
    while k < run.len() {
        let w = width(&run[k]);
        let kinsoku = run.get(k + 1).is_some_and(|n| n.chars().nth(1).is_some_and(|c| "，、。；：".contains(c)));
        if w == 3 || (w < 3 && kinsoku) {
            k += 1;
        } else {
            break;
        }
    }
    let chapter_so_far: String = run[..k].concat();
    if k < run.len() && needs_tail(&chapter_so_far) {
        k += 1;
    }
    let chapter = run[..k].concat();
    let heading = run[k..].concat();
    (Some(chapter).filter(|c| !c.is_empty()), Some(heading).filter(|h| !h.is_empty()))
}

/// A chapter title is a couplet ("开足马力抓项目，全力以赴促投资") or a single
/// phrase; a single phrase, or a second half much shorter than the first, is
/// not finished.
fn needs_tail(chapter: &str) -> bool {
    let body = CHAPTER.replace(chapter, "");
    match body.split_once('，') {
        None => CHAPTER.is_match(chapter),
        Some((a, b)) => width(b) + 2 <= width(a),
    }
}

/// "…能力。 刘春祥" → ("…能力。", Some("刘春祥")): names printed on the text's
/// last line after the sentence.
fn split_trailing_names(t: &str) -> (&str, Option<&str>) {
    for (pos, c) in t.char_indices().rev() {
        if matches!(c, '。' | '！' | '？' | '；') {
            let end = pos + c.len_utf8();
            let rest = &t[end..];
            if rest.starts_with(char::is_whitespace) && name_tokens(rest).is_some() {
                return (&t[..end], Some(rest.trim()));
            }
            break;
        }
    }
    (t, None)
}

/// "市长、各常务副市长、副市长各县（区）、各部门负责人": leaders up to the
/// last 市长, the heads after it.
fn split_titled(s: &str) -> (Vec<String>, Vec<String>) {
    match s.rfind("市长") {
        Some(pos) => {
            let cut = pos + "市长".len();
            let leaders = s[..cut].split('、').filter(|x| !x.is_empty()).map(str::to_string).collect();
            let heads =
                Some(s[cut..].trim_start_matches('、').to_string()).filter(|h| !h.is_empty()).into_iter().collect();
            (leaders, heads)
        }
        None => (Vec::new(), vec![s.to_string()]),
    }
}

fn learn_roster(cells: &[Cells]) -> Roster {
    let shared: Vec<(String, String)> = cells.iter().flat_map(|c| c.shared.iter().cloned()).collect();
    let lists: Vec<&[String]> = cells.iter().map(|c| c.names.as_slice()).collect();
    Roster::learn(&shared, &lists)
}

/// Splits the department cell: leads first, joined by 、; a ， starts the
/// co-operating groups. The 市 prefix carries through the whole cell.
pub fn departments(cell: &str) -> Vec<UnitRef> {
    let cell = fold_punct(cell);
    let mut prefix = None;
    let mut out = Vec::new();
    for (g, group) in split_outside_brackets(&cell, &['，']).iter().enumerate() {
        let role = if g == 0 { Role::Lead } else { Role::Coop };
        for u in expand_enumeration(group, &mut prefix) {
            out.push(UnitRef { name: u.name, as_printed: u.as_printed, role });
        }
    }
    out
}

fn build_tasks(
    rows: &[RawRow],
    cells: Vec<Cells>,
    roster: &Roster,
    section: &Section<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Task> {
    let mut tasks: Vec<Task> = Vec::with_capacity(rows.len());
    let mut uncertain_reported: Vec<String> = Vec::new();
    let (mut chapter, mut heading): (Option<String>, Option<String>) = (None, None);
    for (row, c) in rows.iter().zip(cells) {
        if c.chapter.is_some() {
            (chapter, heading) = (c.chapter, c.heading);
        } else if c.heading.is_some() {
            heading = c.heading;
        }
        let (mut leaders, mut officers) = match c.titled {
            Some(titled) => titled,
            None => {
                let (l, o, uncertain) = roster.split(&c.names);
                for name in uncertain {
                    if !uncertain_reported.contains(&name) {
                        diags.push(Diagnostic::info(
                            row.line,
                            DiagnosticKind::UncertainPerson,
                            format!("{name} 只单独出现，未能从表中确定其所在列，按牵头部门负责人处理"),
                        ));
                        uncertain_reported.push(name);
                    }
                }
                (l, o)
            }
        };
        // An empty cell repeats the row above (merged cells in the PDF).
        let above = tasks.last();
        if leaders.is_empty() {
            leaders = above.map(|t| t.leaders.clone()).unwrap_or_default();
        }
        if officers.is_empty() {
            officers = above.map(|t| t.lead_officers.clone()).unwrap_or_default();
        }
        let mut units = departments(&c.departments);
        if units.is_empty() {
            units = above.map(|t| t.units.clone()).unwrap_or_default();
        }
        if units.is_empty() {
            diags.push(Diagnostic::warning(
                row.line,
                DiagnosticKind::NoUnits,
                format!("第 {} 项没有牵头、协办部门", row.number),
            ));
        }
        tasks.push(Task {
            seq: row.number.to_string(),
            category: chapter.iter().chain(heading.iter()).cloned().collect(),
            title: None,
            text: c.text,
            leaders,
            lead_officers: officers,
            units,
            deadline: deadline::inferred_end(&section.ctx, section.meta.period_end),
            line: c.text_line,
        });
    }
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn categories_split_by_column_width() {
        let one = s(&["一、开", "足马力", "抓项", "目，全", "力以赴", "促投资", "加强", "基础", "设施", "建设"]);
        assert_eq!(
            split_categories(&one),
            (Some("一、开足马力抓项目，全力以赴促投资".into()), Some("加强基础设施建设".into()))
        );
        let eight = s(&["八、政", "府自身", "建设", "加强", "法治", "政府", "建设"]);
        assert_eq!(split_categories(&eight), (Some("八、政府自身建设".into()), Some("加强法治政府建设".into())));
        assert_eq!(split_categories(&s(&["主要经", "济指标"])), (Some("主要经济指标".into()), None));
        assert_eq!(
            split_categories(&s(&["加快", "绿色", "工业", "和数", "字经", "济发", "展"])),
            (None, Some("加快绿色工业和数字经济发展".into()))
        );
        let five = s(&["五、厚", "植生态", "优势，", "谱写绿", "色发展", "新篇章", "强化", "生态"]);
        assert_eq!(split_categories(&five).0.as_deref(), Some("五、厚植生态优势，谱写绿色发展新篇章"));
    }

    #[test]
    fn glued_numbers() {
        assert_eq!(
            glued_number("（区）人民政府2 固定资产投资增长 16%以上。", 2),
            Some(("（区）人民政府", "固定资产投资增长 16%以上。"))
        );
        assert_eq!(glued_number("县（区）人民政府105", 105), Some(("县（区）人民政府", "")));
        // Found by the synthetic corpus: the cell's last line can be one character.
        assert_eq!(glued_number("府77", 77), Some(("府", "")));
        assert_eq!(glued_number("60平方公里以上，完成各类水利项目投资 3", 13), None);
        assert_eq!(glued_number("推动 G219 墨脱至", 219), None);
    }

    #[test]
    fn a_row_number_before_its_text() {
        assert_eq!(numbered("12 推进新型工业化", 12), Some("推进新型工业化"));
        assert_eq!(numbered("7\u{3000}推进", 7), Some("推进"));
        for (t, n) in [("12 推进", 13), ("112 推进", 12), ("012 推进", 12), ("12推进", 12), ("推进 12", 12), ("", 1)]
        {
            assert_eq!(numbered(t, n), None, "{t} as {n}");
        }
    }

    #[test]
    fn department_cells() {
        let units = departments("市发展改革委、人力资源社会保障局、农业农村局，市财政局，各县（区）人民政府");
        let got: Vec<(String, Role)> = units.into_iter().map(|u| (u.name, u.role)).collect();
        assert_eq!(
            got,
            [
                ("市发展改革委".to_string(), Role::Lead),
                ("市人力资源社会保障局".to_string(), Role::Lead),
                ("市农业农村局".to_string(), Role::Lead),
                ("市财政局".to_string(), Role::Coop),
                ("各县（区）人民政府".to_string(), Role::Coop),
            ]
        );
        let units = departments("市各委、办、局，各县（区）人民政府");
        assert_eq!(units[0].name, "市各委、办、局");
        assert_eq!(units.len(), 2);
    }

    #[test]
    fn titled_leader_cells() {
        assert_eq!(
            split_titled("市长、各常务副市长、副市长各县（区）、各部门负责人"),
            (s(&["市长", "各常务副市长", "副市长"]), s(&["各县（区）、各部门负责人"]))
        );
    }

    #[test]
    fn names_after_the_sentence() {
        assert_eq!(split_trailing_names("能力。 刘春祥"), ("能力。", Some("刘春祥")));
        assert_eq!(
            split_trailing_names("社会消费品零售总额增长 11%以上。 吴耿淡 马 冰"),
            ("社会消费品零售总额增长 11%以上。", Some("吴耿淡 马 冰"))
        );
        assert_eq!(
            split_trailing_names("复线前期研究论证。加快推进 G219 墨脱至"),
            ("复线前期研究论证。加快推进 G219 墨脱至", None)
        );
    }
}
