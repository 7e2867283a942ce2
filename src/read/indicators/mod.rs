//! Quantitative targets in markdown tables: a 目标任务分解表 that splits
//! numbers by industry and responsible unit (`decomposition`), and a
//! progress 统计表 of target, done and ratio per county (`statistics`).
//! Both feed one [`IndicatorSet`], so the same indicator (转移就业人数) is
//! tracked by unit and by county.

mod arithmetic;
mod decomposition;
mod statistics;

use crate::indicator::IndicatorSet;
use crate::read::grid;
use crate::read::lines::Line;
use crate::read::{Diagnostic, Found, PlanReader, Section};
use crate::text::{join_cjk, squeeze};

/// Reader for target decomposition and progress statistics tables.
pub struct Indicators;

impl PlanReader for Indicators {
    fn name(&self) -> &'static str {
        "indicators"
    }

    fn read(&self, section: &Section<'_>, diags: &mut Vec<Diagnostic>) -> Found {
        let (indicators, consumed) = read_lines(section.lines, diags);
        Found { indicators, consumed, ..Found::default() }
    }
}

/// Reads every indicator table among `lines`: the set and the index ranges
/// of the tables' lines.
pub fn read_lines(lines: &[Line<'_>], diags: &mut Vec<Diagnostic>) -> (IndicatorSet, Vec<std::ops::Range<usize>>) {
    let mut set = IndicatorSet::default();
    let mut consumed = Vec::new();
    let blocks = grid::blocks(lines);
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        let mut end = i + 1;
        while end < blocks.len() && blocks[end].continuation {
            end += 1;
        }
        let table = &blocks[i..end];
        let read = if decomposition::is_decomposition(b) {
            let title = title_before(lines, b.range.start);
            decomposition::read(table, &mut set, diags);
            if set.title.is_none() {
                set.title = title;
            }
            true
        } else if statistics::is_statistics(b) {
            let after = &lines[table.last().map_or(b.range.end, |t| t.range.end)..];
            statistics::read(b, after, &mut set, diags);
            true
        } else {
            false
        };
        if read {
            consumed.extend(table.iter().map(|t| t.range.clone()));
        }
        i = end;
    }
    (set, consumed)
}

/// The table's title: the nearest line above it that names a table (…表).
fn title_before(lines: &[Line<'_>], start: usize) -> Option<String> {
    lines[..start]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
        .take(4)
        .map(|l| squeeze(l.text()))
        .find(|t| t.ends_with('表') && t.chars().count() <= 60)
}

/// A number as printed in a cell ("8772", "1,100", "12.5"); `None` for text.
fn number(cell: &str) -> Option<f64> {
    let t: String = cell.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse().ok()
}

/// An indicator's name and unit of measure from a column header:
/// "转移就业收入(万元)" → (转移就业收入, 万元); "转移就业人次" → 人次.
fn name_and_measure(header: &str) -> (String, String) {
    let h = join_cjk(&crate::text::fold_punct(header));
    let (name, measure) = match h.find('（') {
        Some(open) => {
            let inner = h[open..].trim_matches(['（', '）']).to_string();
            (h[..open].to_string(), inner)
        }
        None if h.ends_with("人次") => (h.clone(), "人次".to_string()),
        None if h.ends_with("人数") => (h.clone(), "人".to_string()),
        None => (h.clone(), String::new()),
    };
    (name.trim_start_matches("预计").to_string(), measure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_indicators() {
        assert_eq!(name_and_measure("转移就业收入(万元)"), ("转移就业收入".into(), "万元".into()));
        assert_eq!(name_and_measure("建档立卡贫困户 就业人数"), ("建档立卡贫困户就业人数".into(), "人".into()));
        assert_eq!(name_and_measure("转移就业人次"), ("转移就业人次".into(), "人次".into()));
        assert_eq!(name_and_measure("预计收入（万元）"), ("收入".into(), "万元".into()));
    }

    #[test]
    fn numbers_and_text() {
        assert_eq!(number("8772"), Some(8772.0));
        assert_eq!(number("1,100"), Some(1100.0));
        assert_eq!(number("46%"), None);
        assert_eq!(number("建筑施工"), None);
    }
}
