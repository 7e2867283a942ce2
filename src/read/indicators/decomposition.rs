//! The target decomposition table (行业部门…目标任务分解表): per industry a
//! 序号, name, lead unit and its figures, then per row a 类别, 具体岗位,
//! responsible unit and that unit's figures, a 小计 per industry and a 合计.
//!
//! PDF extraction damages it: cells go missing so a row's figures shift left,
//! names are broken by spaces, an industry's name and lead continue on the
//! next page. Figures are always the last cells of a row, so they are read
//! from the right; the words before them are placed by what they say (a unit
//! name ends like one). Each industry's rows must add up to its 小计 and the
//! 小计 to the 合计: repairs that make them add up are reported as sure
//! (提示), sums that still differ as doubts (警告), with the line.

use super::arithmetic::{check_total, figures_text, finish};
use super::{name_and_measure, number};
use crate::indicator::{Amount, Breakdown, IndicatorSet, Industry, LineKind, TargetLine};
use crate::names::{ends_like_unit, expand_enumeration, is_collective, strip_trailing};
use crate::read::grid::Block;
use crate::read::{Diagnostic, DiagnosticKind};
use crate::text::{join_cjk, squeeze};

/// A header naming 目标任务 and 责任部门, over a row of figure headers.
pub(super) fn is_decomposition(b: &Block) -> bool {
    let h: Vec<String> = b.header.iter().map(|c| squeeze(c)).collect();
    !b.continuation
        && h.iter().any(|c| c.contains("目标任务"))
        && h.iter().any(|c| c.contains("责任部门") || c.contains("责任单位"))
        && b.rows.first().is_some_and(|(_, r)| r.iter().filter(|c| is_figure_header(c)).count() >= 2)
}

fn is_figure_header(c: &str) -> bool {
    let c = squeeze(c);
    c.ends_with("人数") || c.ends_with("人次") || c.contains("收入")
}

/// Where things belong in an undamaged row: 序号, 行业, 牵头单位, n industry
/// figures, 类别, 具体岗位, 单位名称, n unit figures.
struct Layout {
    n: usize,
    indicators: Vec<usize>,
    /// Column of the 类别 cell.
    category: usize,
    /// Column of the first unit figure.
    unit_figures: usize,
}

impl Layout {
    /// From the row of figure headers: the trailing run of them are the unit
    /// figures, and name the indicators.
    fn read(sub: &[String], set: &mut IndicatorSet) -> Option<Layout> {
        let end = sub.iter().rposition(|c| !c.is_empty())? + 1;
        let start = (0..end).rev().take_while(|&c| is_figure_header(&sub[c])).last()?;
        let named: Vec<(String, String)> = sub[start..end].iter().map(|c| name_and_measure(c)).collect();
        // "收入" alone is the income of what the sibling columns count:
        // 转移就业人数 makes it 转移就业收入.
        let subject = named.iter().find_map(|(n, _)| n.strip_suffix("人数").map(str::to_string)).unwrap_or_default();
        let indicators = named
            .into_iter()
            .map(|(name, measure)| {
                let name = if name.ends_with("收入") && !name.starts_with(&subject) {
                    format!("{subject}收入")
                } else {
                    name
                };
                set.indicator(&name, &measure)
            })
            .collect::<Vec<_>>();
        let n = indicators.len();
        (start >= 3 + n + 3).then_some(Layout { n, indicators, category: start - 3, unit_figures: start })
    }
}

/// A cell: empty, a number or words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell<'a> {
    Empty,
    Num(f64),
    Text(&'a str),
}

fn classify(row: &[String]) -> Vec<Cell<'_>> {
    row.iter()
        .map(|c| match number(c) {
            _ if c.trim().is_empty() => Cell::Empty,
            Some(v) => Cell::Num(v),
            None => Cell::Text(c.trim()),
        })
        .collect()
}

/// The industry being read and what has been found for it.
#[derive(Default)]
pub(super) struct Current {
    pub(super) industry: Option<usize>,
    pub(super) head: Vec<f64>,
    pub(super) head_line: usize,
    pub(super) subtotal: Option<(Vec<f64>, usize)>,
    /// Indices into the set's lines.
    pub(super) rows: Vec<usize>,
    /// Repairs made in the industry, reported once its sums are checked.
    pub(super) repairs: Vec<Diagnostic>,
}

pub(super) fn read(table: &[Block], set: &mut IndicatorSet, diags: &mut Vec<Diagnostic>) {
    let Some(layout) = table.first().and_then(|b| b.rows.first()).and_then(|(_, sub)| Layout::read(sub, set)) else {
        return;
    };
    let mut cur = Current::default();
    for (k, block) in table.iter().enumerate() {
        let rows = if k == 0 { &block.rows[1..] } else { &block.rows[..] };
        for (i, (line, row)) in rows.iter().enumerate() {
            let cells = classify(row);
            if cells.iter().all(|c| *c == Cell::Empty) {
                continue;
            }
            let page_start = k > 0 && i == 0;
            read_row(*line, &cells, page_start, &layout, &mut cur, set, diags);
        }
    }
    finish(&mut cur, set, diags);
}

fn read_row(
    line: usize,
    cells: &[Cell<'_>],
    page_start: bool,
    layout: &Layout,
    cur: &mut Current,
    set: &mut IndicatorSet,
    diags: &mut Vec<Diagnostic>,
) {
    let label = cells.iter().find_map(|c| match c {
        Cell::Text(t) if matches!(squeeze(t).as_str(), "小计" | "合计" | "总计") => Some(squeeze(t)),
        _ => None,
    });
    let nums: Vec<f64> = cells.iter().filter_map(|c| if let Cell::Num(v) = c { Some(*v) } else { None }).collect();
    if let Some(label) = label {
        let figures = match nums.len() {
            n if n == layout.n => nums,
            n if n == 2 * layout.n => {
                if nums[..layout.n] != nums[layout.n..] {
                    diags.push(Diagnostic::warning(
                        line,
                        DiagnosticKind::DamagedRow,
                        format!("{label}行左右两组数不一致，按左边一组读取"),
                    ));
                }
                nums[..layout.n].to_vec()
            }
            _ => {
                diags.push(Diagnostic::error(
                    line,
                    DiagnosticKind::DamagedRow,
                    format!("{label}行有 {} 个数，应为 {} 个", nums.len(), layout.n),
                ));
                return;
            }
        };
        if label == "小计" {
            cur.subtotal = Some((figures, line));
        } else {
            finish(cur, set, diags);
            check_total(line, &figures, &layout.indicators, set, diags);
            set.lines.push(TargetLine {
                breakdown: Breakdown::Industry,
                kind: LineKind::Total,
                industry: None,
                category: None,
                post: None,
                holder: None,
                units: Vec::new(),
                targets: layout.indicators.iter().copied().zip(figures).collect(),
                line,
            });
        }
        return;
    }
    let first = cells.first().copied().unwrap_or(Cell::Empty);
    let unit_start = match first {
        Cell::Num(seq) => {
            finish(cur, set, diags);
            let head: Vec<f64> = (3..3 + layout.n)
                .filter_map(|c| if let Some(Cell::Num(v)) = cells.get(c) { Some(*v) } else { None })
                .collect();
            if head.len() != layout.n {
                diags.push(Diagnostic::error(line, DiagnosticKind::DamagedRow, "行业的目标数不全，无法读取这一行业"));
                return;
            }
            set.industries.push(Industry {
                seq: Amount(seq).to_string(),
                name: joined(cells.get(1)),
                lead: Some(joined(cells.get(2))).filter(|s| !s.is_empty()),
                line,
            });
            *cur = Current { industry: Some(set.industries.len() - 1), head, head_line: line, ..Current::default() };
            3 + layout.n
        }
        // A row whose first cell holds words was pushed left as a whole.
        Cell::Text(_) => 0,
        Cell::Empty => {
            continue_industry(line, cells, cur, set);
            3
        }
    };
    read_unit(line, cells, unit_start, page_start, layout, cur, set, diags);
}

fn joined(c: Option<&Cell<'_>>) -> String {
    match c {
        Some(Cell::Text(t)) => join_cjk(t),
        _ => String::new(),
    }
}

/// Fragments in the 行业 / 牵头单位 cells of a row without 序号: the rest of
/// the industry's name and lead unit, broken over a page.
fn continue_industry(line: usize, cells: &[Cell<'_>], cur: &mut Current, set: &mut IndicatorSet) {
    let (name, lead) = (joined(cells.get(1)), joined(cells.get(2)));
    if name.is_empty() && lead.is_empty() {
        return;
    }
    let Some(ind) = cur.industry.map(|i| &mut set.industries[i]) else { return };
    // Extraction may repeat the last character before a page break at the
    // top of the next page: "…项目施工" + "工带动就业".
    let overlap = (1..=2).rev().find(|&k| {
        let tail: String = ind.name.chars().rev().take(k).collect::<Vec<_>>().into_iter().rev().collect();
        k < name.chars().count() && name.starts_with(&tail)
    });
    let rest: String = name.chars().skip(overlap.unwrap_or(0)).collect();
    ind.name.push_str(&rest);
    if !lead.is_empty() {
        ind.lead = Some(format!("{}{lead}", ind.lead.clone().unwrap_or_default()));
    }
    cur.repairs.push(Diagnostic::info(
        line,
        DiagnosticKind::MergedCell,
        format!(
            "换页处的「{name}」「{lead}」接续第 {} 项{}：行业为「{}」，牵头单位为「{}」",
            ind.seq,
            if overlap.is_some() { "（换页重复的首字只算一次）" } else { "" },
            ind.name,
            ind.lead.as_deref().unwrap_or("")
        ),
    ));
}

/// What the cells from `start` on say about one unit's targets.
#[allow(clippy::too_many_arguments)]
fn read_unit(
    line: usize,
    cells: &[Cell<'_>],
    start: usize,
    page_start: bool,
    layout: &Layout,
    cur: &mut Current,
    set: &mut IndicatorSet,
    diags: &mut Vec<Diagnostic>,
) {
    let part: Vec<(usize, Cell<'_>)> = cells.iter().copied().enumerate().skip(start).collect();
    let nums: Vec<(usize, f64)> =
        part.iter().filter_map(|&(c, x)| if let Cell::Num(v) = x { Some((c, v)) } else { None }).collect();
    let mut texts: Vec<(usize, &str)> =
        part.iter().filter_map(|&(c, x)| if let Cell::Text(t) = x { Some((c, t)) } else { None }).collect();
    if nums.is_empty() && texts.is_empty() {
        return;
    }
    let Some(industry) = cur.industry else {
        diags.push(Diagnostic::error(line, DiagnosticKind::DamagedRow, "这一行在第一个行业之前，不属于任何行业"));
        return;
    };
    if nums.len() != layout.n || texts.last().is_some_and(|t| t.0 > nums[0].0) {
        diags.push(Diagnostic::error(
            line,
            DiagnosticKind::DamagedRow,
            format!("这一行有 {} 个数，应在行末有 {} 个（人数、人次、收入），无法判断各格含义", nums.len(), layout.n),
        ));
        return;
    }
    // With all three cells present the last is the unit, whatever it ends
    // with (市发改委铁路科).
    let full = texts.len() == 3;
    let holder_raw = texts.last().filter(|t| full || names_unit(t.1)).map(|t| t.1);
    if holder_raw.is_some() {
        texts.pop();
    }
    let (mut category, post) = match texts.as_slice() {
        [] => (None, None),
        [(c, t)] if *c <= layout.category => (Some(join_cjk(t)), None),
        [(_, t)] => (None, Some(join_cjk(t))),
        [(_, a), (_, b)] => (Some(join_cjk(a)), Some(join_cjk(b))),
        _ => {
            diags.push(Diagnostic::error(
                line,
                DiagnosticKind::DamagedRow,
                "这一行的文字多于类别、具体岗位、单位名称三格",
            ));
            return;
        }
    };
    let previous = cur.rows.last().map(|&i| set.lines[i].category.clone().unwrap_or_default());
    if let (Some(c), Some(prev), true) = (&category, &previous, page_start) {
        let whole = format!("{prev}{c}");
        if set.lines.iter().any(|l| l.category.as_deref() == Some(whole.as_str())) {
            cur.repairs.push(Diagnostic::info(
                line,
                DiagnosticKind::MergedCell,
                format!("换页处的类别「{c}」接续上一行的「{prev}」（表中另有类别「{whole}」），两行都属「{whole}」"),
            ));
            if let Some(&last) = cur.rows.last() {
                set.lines[last].category = Some(whole.clone());
            }
            category = Some(whole);
        }
    }
    if category.is_none() {
        if let Some(prev) = previous.filter(|p| !p.is_empty()) {
            cur.repairs.push(Diagnostic::info(
                line,
                DiagnosticKind::MergedCell,
                format!("类别一格为空，沿用上一行「{prev}」（合并单元格）"),
            ));
            category = Some(prev);
        }
    }
    let holder = holder_raw.map(join_cjk);
    let units = units_of(line, holder_raw, &set.industries[industry], cur, category.as_deref());
    let shift = layout.unit_figures as isize - nums[0].0 as isize;
    if shift != 0 {
        cur.repairs.push(Diagnostic::info(
            line,
            DiagnosticKind::DamagedRow,
            format!(
                "这一行错位（数字左移 {shift} 列），按行末 {} 个数还原为：类别「{}」、具体岗位「{}」、单位「{}」，{}",
                layout.n,
                category.as_deref().unwrap_or("（空）"),
                post.as_deref().unwrap_or("（空）"),
                holder.as_deref().unwrap_or("（空）"),
                figures_text(&nums.iter().map(|n| n.1).collect::<Vec<_>>())
            ),
        ));
    }
    cur.rows.push(set.lines.len());
    set.lines.push(TargetLine {
        breakdown: Breakdown::Industry,
        kind: LineKind::Unit,
        industry: Some(industry),
        category,
        post,
        holder,
        units,
        targets: layout.indicators.iter().copied().zip(nums.iter().map(|n| n.1)).collect(),
        line,
    });
}

/// Whether a cell names the responsible unit(s): "国资委、工商联等" does,
/// "种养殖等" (a kind of post) does not; "按职责分工负责" stands where a
/// unit would.
fn names_unit(t: &str) -> bool {
    let j = join_cjk(t);
    j.contains("按职责") || ends_like_unit(&strip_trailing(&j)) && !j.starts_with('含') && !j.starts_with("包含")
}

/// The units of a row, with the repairs and doubts about them.
fn units_of(line: usize, raw: Option<&str>, ind: &Industry, cur: &mut Current, category: Option<&str>) -> Vec<String> {
    let lead = ind.lead.as_deref().unwrap_or("牵头单位");
    let what = category.unwrap_or("这一行");
    let Some(raw) = raw else {
        cur.repairs.push(Diagnostic::warning(
            line,
            DiagnosticKind::NoUnits,
            format!("「{what}」没有写责任单位，不沿用上一行的单位，由第 {} 项牵头单位{lead}负责（附件备注：请各牵头部门自行分解任务到各责任单位）", ind.seq),
        ));
        return Vec::new();
    };
    let holder = join_cjk(raw);
    if holder != squeeze(raw) || raw.contains(char::is_whitespace) {
        cur.repairs.push(Diagnostic::info(
            line,
            DiagnosticKind::MergedCell,
            format!("单位名称「{raw}」中的空格是排版换行，读作「{holder}」"),
        ));
    }
    if holder.contains("按职责") {
        cur.repairs.push(Diagnostic::warning(
            line,
            DiagnosticKind::NoUnits,
            format!("「{what}」写的是「{holder}」，没有具体单位，由第 {} 项牵头单位{lead}负责", ind.seq),
        ));
        return Vec::new();
    }
    if is_collective(&holder) {
        return vec![strip_trailing(&holder)];
    }
    expand_enumeration(&holder, &mut None).into_iter().map(|u| u.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_cells_are_told_from_posts() {
        for unit in
            ["国资委、工商联等", "市发改委受 援办", "卫建委、民 政局、残联 等", "按职责分工负责", "教育局（体育局）"]
        {
            assert!(names_unit(unit), "{unit}");
        }
        for post in ["种养殖等", "建筑施工", "货物接洽、运输、配送", "含中介、代 办、律师事 务所等", "外卖配送"]
        {
            assert!(!names_unit(post), "{post}");
        }
    }

    #[test]
    fn figure_headers_name_the_indicators() {
        let sub: Vec<String> = [
            "",
            "行业",
            "牵头单位",
            "转移就业人数",
            "转移就业人次",
            "",
            "收入合计（万元）",
            "具体岗位",
            "单位名称",
            "转移就业人数",
            "转移就业人次",
            "预计收入（万元）",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut set = IndicatorSet::default();
        let layout = Layout::read(&sub, &mut set).unwrap();
        assert_eq!((layout.n, layout.category, layout.unit_figures), (3, 6, 9));
        let names: Vec<&str> = set.indicators.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["转移就业人数", "转移就业人次", "转移就业收入"]);
    }
}
