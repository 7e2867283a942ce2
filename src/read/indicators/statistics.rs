//! The progress statistics table (农牧民培训和就业进展情况统计表): per county
//! a 目标任务, a 完成 figure and a printed 完成比例 for each indicator, a 合计
//! row, and a note under the table giving the date the figures stand at
//! ("截止时间为2020年5月8日"). The targets are the plan's county targets; the
//! figures are the actuals as of that date.

use super::{name_and_measure, number};
use crate::indicator::{percent, Amount, Breakdown, Figure, IndicatorSet, LineKind, TargetLine};
use crate::read::grid::Block;
use crate::read::lines::Line;
use crate::read::{Diagnostic, DiagnosticKind};
use crate::text::{join_cjk, squeeze};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// A header that opens with 县(区) and a first row of 目标任务 / 完成比例.
pub(super) fn is_statistics(b: &Block) -> bool {
    let first = b.header.first().map(|h| crate::text::fold_punct(&squeeze(h))).unwrap_or_default();
    first.starts_with("县（区）")
        && b.rows.first().is_some_and(|(_, r)| r.iter().any(|c| c == "目标任务") && r.iter().any(|c| c == "完成比例"))
}

/// One indicator's three columns.
struct Group {
    indicator: usize,
    target: usize,
}

static AS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"截[止至](?:时间|日期)?[为到至]?(\d{4})年(\d{1,2})月(\d{1,2})日").expect("valid regex")
});

pub(super) fn read(b: &Block, after: &[Line<'_>], set: &mut IndicatorSet, diags: &mut Vec<Diagnostic>) {
    let Some((sub_line, sub)) = b.rows.first() else { return };
    let groups: Vec<Group> = (1..b.header.len())
        .filter(|&c| !b.header[c].is_empty() && sub.get(c).is_some_and(|s| s == "目标任务"))
        .filter(|&c| sub.get(c + 2).is_some_and(|s| s.contains("比例")))
        .map(|c| {
            let (name, measure) = name_and_measure(&b.header[c]);
            Group { indicator: set.indicator(&name, &measure), target: c }
        })
        .collect();
    set.figures_as_of = after.iter().take(6).find_map(|l| {
        let text = squeeze(l.text());
        let c = AS_OF.captures(&text)?;
        NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    });
    if set.figures_as_of.is_none() {
        diags.push(Diagnostic::warning(
            *sub_line,
            DiagnosticKind::NoPeriod,
            "统计表下没有写截止时间，完成数按通知印发日期记录",
        ));
    }
    let mut sums = vec![(0.0, 0.0); groups.len()];
    for (line, row) in &b.rows[1..] {
        let name = join_cjk(row.first().map_or("", String::as_str));
        if name.is_empty() {
            continue;
        }
        let total = matches!(name.as_str(), "合计" | "总计");
        let index = set.lines.len();
        let mut targets = Vec::new();
        for (g, sum) in groups.iter().zip(sums.iter_mut()) {
            let cell = |k: usize| row.get(g.target + k).map_or("", String::as_str);
            let Some(target) = number(cell(0)) else {
                if !cell(0).is_empty() {
                    diags.push(Diagnostic::error(
                        *line,
                        DiagnosticKind::DamagedRow,
                        format!("{name}：目标「{}」不是数字", cell(0)),
                    ));
                }
                continue;
            };
            targets.push((g.indicator, target));
            let done = number(cell(1));
            let printed = Some(cell(2).to_string()).filter(|s| !s.is_empty());
            if let Some(done) = done {
                check_ratio(*line, &name, &set.indicators[g.indicator].name, done, target, printed.as_deref(), diags);
                set.figures.push(Figure { line: index, indicator: g.indicator, value: done, printed_ratio: printed });
            }
            if total {
                check_total(*line, &set.indicators[g.indicator].name, *sum, (target, done.unwrap_or(0.0)), diags);
            } else {
                sum.0 += target;
                sum.1 += done.unwrap_or(0.0);
            }
        }
        let units = if total { Vec::new() } else { vec![county_unit(&name)] };
        set.lines.push(TargetLine {
            breakdown: Breakdown::County,
            kind: if total { LineKind::Total } else { LineKind::Unit },
            industry: None,
            category: None,
            post: None,
            holder: (!total).then(|| name.clone()),
            units,
            targets,
            line: *line,
        });
    }
}

/// A county row's unit: 巴宜区 is 巴宜区人民政府; 市直 is the city's own units.
pub fn county_unit(name: &str) -> String {
    if name == "市直" {
        "市直各单位".to_string()
    } else if name.ends_with('县') || name.ends_with('区') {
        format!("{name}人民政府")
    } else {
        name.to_string()
    }
}

fn check_ratio(
    line: usize,
    county: &str,
    indicator: &str,
    done: f64,
    target: f64,
    printed: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(printed) = printed else { return };
    let computed = percent(done, target);
    let shown = printed.trim_end_matches(['%', '％']).trim().parse::<i64>().ok();
    if shown != computed {
        diags.push(Diagnostic::warning(
            line,
            DiagnosticKind::DamagedRow,
            format!(
                "{county} {indicator}：印的完成比例为 {printed}，{} ÷ {} 四舍五入为 {}%",
                Amount(done),
                Amount(target),
                computed.unwrap_or(0)
            ),
        ));
    }
}

fn check_total(line: usize, indicator: &str, sum: (f64, f64), printed: (f64, f64), diags: &mut Vec<Diagnostic>) {
    for (what, s, p) in [("目标", sum.0, printed.0), ("完成数", sum.1, printed.1)] {
        if (s - p).abs() > 1e-6 {
            diags.push(Diagnostic::warning(
                line,
                DiagnosticKind::DamagedRow,
                format!("合计 {indicator} 的{what}印为 {}，各县（区）之和为 {}", Amount(p), Amount(s)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_rows_are_governments() {
        assert_eq!(county_unit("巴宜区"), "巴宜区人民政府");
        assert_eq!(county_unit("工布江达县"), "工布江达县人民政府");
        assert_eq!(county_unit("市直"), "市直各单位");
    }
}
