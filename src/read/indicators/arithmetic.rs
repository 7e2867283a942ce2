//! The arithmetic a decomposition table must satisfy: each industry's rows
//! add up to its 小计 (or, without one, to the industry's own figures), and
//! the 小计 to the 合计. Repairs in an industry that then adds up are
//! confirmed by it; sums that still differ are doubts, named with the row
//! that explains them when one does.

use super::decomposition::Current;
use crate::indicator::{Amount, Breakdown, IndicatorSet, LineKind, TargetLine};
use crate::read::{Diagnostic, DiagnosticKind};

pub(super) fn figures_text(f: &[f64]) -> String {
    f.iter().map(|v| Amount(*v).to_string()).collect::<Vec<_>>().join("/")
}

/// Closes the industry being read: its 小计 line, and the check that its
/// rows add up.
pub(super) fn finish(cur: &mut Current, set: &mut IndicatorSet, diags: &mut Vec<Diagnostic>) {
    let Some(industry) = cur.industry else { return };
    let cur = std::mem::take(cur);
    let (subtotal, sub_line) = cur.subtotal.clone().unwrap_or((cur.head.clone(), cur.head_line));
    let ind = set.industries[industry].clone();
    if subtotal != cur.head {
        diags.push(Diagnostic::warning(
            sub_line,
            DiagnosticKind::DamagedRow,
            format!(
                "第 {} 项的小计 {} 与行业目标 {} 不一致",
                ind.seq,
                figures_text(&subtotal),
                figures_text(&cur.head)
            ),
        ));
    }
    // A damaged table can leave an industry without rows, or rows and 小计
    // of different widths: then there is nothing to add up.
    let Some(&first) = cur.rows.first() else {
        diags.extend(cur.repairs);
        return;
    };
    let width = set.lines[first].targets.len();
    if subtotal.len() != width || cur.rows.iter().any(|&i| set.lines[i].targets.len() != width) {
        diags.extend(cur.repairs);
        diags.push(Diagnostic::warning(
            sub_line,
            DiagnosticKind::DamagedRow,
            format!("第 {} 项各行的数字列数不一，无法核对小计", ind.seq),
        ));
        return;
    }
    let indicators: Vec<usize> = set.lines[first].targets.iter().map(|t| t.0).collect();
    let figs = |i: usize| -> Vec<f64> { set.lines[i].targets.iter().map(|t| t.1).collect() };
    let sums: Vec<f64> = (0..indicators.len()).map(|k| cur.rows.iter().map(|&i| figs(i)[k]).sum()).collect();
    let diff: Vec<f64> = sums.iter().zip(&subtotal).map(|(s, t)| s - t).collect();
    let mut checks = Vec::new();
    if diff.iter().all(|d| d.abs() < 1e-6) {
        let what = if cur.subtotal.is_some() { "小计" } else { "行业目标" };
        let note = format!("；第 {} 项各行之和等于{what} {}", ind.seq, figures_text(&subtotal));
        diags.extend(cur.repairs.into_iter().map(|mut d| {
            if d.severity == crate::read::Severity::Info && d.kind == DiagnosticKind::DamagedRow {
                d.message.push_str(&note);
            }
            d
        }));
    } else {
        diags.extend(cur.repairs);
        // One row whose figures are exactly the surplus was left out of the 小计.
        let matches =
            |i: usize| figs(i).iter().zip(&diff).filter(|(f, d)| d.abs() > 1e-6 && (*f - *d).abs() < 1e-6).count();
        let extra = cur.rows.iter().copied().filter(|&i| matches(i) >= 2).max_by_key(|&i| matches(i));
        let mut rest = diff.clone();
        if let Some(i) = extra {
            let l = &set.lines[i];
            let f = figs(i);
            let agree: Vec<&str> = (0..f.len())
                .filter(|&k| (f[k] - diff[k]).abs() < 1e-6 && diff[k].abs() > 1e-6)
                .map(|k| set.indicators[indicators[k]].name.as_str())
                .collect();
            checks.push(Diagnostic::warning(
                l.line,
                DiagnosticKind::DamagedRow,
                format!(
                    "「{}」这一行（{}）没有计入第 {} 项的小计：不计这一行，{}与小计相符。按印刷数存储，报表的合计按各行实际相加",
                    l.holder.as_deref().filter(|h| !h.contains("按职责")).or(l.category.as_deref()).unwrap_or(""),
                    figures_text(&f),
                    ind.seq,
                    agree.join("、")
                ),
            ));
            rest = diff
                .iter()
                .zip(&f)
                .map(|(d, x)| if (d - x).abs() < 1e-6 || d.abs() < 1e-6 { 0.0 } else { d - x })
                .collect();
        }
        for (k, d) in rest.iter().enumerate() {
            if d.abs() > 1e-6 {
                let s = subtotal[k] + d;
                checks.push(Diagnostic::warning(
                    sub_line,
                    DiagnosticKind::DamagedRow,
                    format!(
                        "第 {} 项「{}」的{}：各行之和为 {}{}，小计印为 {}，相差 {}，表内数字无法判断哪一格有误，按印刷数存储",
                        ind.seq,
                        ind.name,
                        set.indicators[indicators[k]].name,
                        Amount(s),
                        if extra.is_some() { "（不计上述一行）" } else { "" },
                        Amount(subtotal[k]),
                        Amount(*d)
                    ),
                ));
            }
        }
    }
    diags.extend(checks);
    set.lines.push(TargetLine {
        breakdown: Breakdown::Industry,
        kind: LineKind::Subtotal,
        industry: Some(industry),
        category: None,
        post: None,
        holder: None,
        units: Vec::new(),
        targets: indicators.into_iter().zip(subtotal).collect(),
        line: sub_line,
    });
}

/// The 合计 must equal the sum of the 小计.
pub(super) fn check_total(
    line: usize,
    total: &[f64],
    indicators: &[usize],
    set: &IndicatorSet,
    diags: &mut Vec<Diagnostic>,
) {
    for (k, &ix) in indicators.iter().enumerate() {
        let sum: f64 = set
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Subtotal && l.breakdown == Breakdown::Industry)
            .filter_map(|l| l.targets.iter().find(|t| t.0 == ix).map(|t| t.1))
            .sum();
        let Some(&printed) = total.get(k) else { break };
        if (sum - printed).abs() > 1e-6 {
            diags.push(Diagnostic::warning(
                line,
                DiagnosticKind::DamagedRow,
                format!("合计的{}印为 {}，各项小计之和为 {}", set.indicators[ix].name, Amount(printed), Amount(sum)),
            ));
        }
    }
}

#[cfg(test)]
mod fuzz_regressions {
    /// Found by the `gazette` fuzz target: a decomposition table whose
    /// industry has no rows left once the damaged ones are set aside.
    #[test]
    fn an_industry_without_rows_is_not_added_up() {
        let bytes = include_bytes!("../../../tests/fixtures/fuzz/gazette-indicator-industry-without-rows.txt");
        let _ = crate::read::read_gazette(bytes);
    }
}
