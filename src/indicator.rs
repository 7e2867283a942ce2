//! Quantitative targets (指标) as plans decompose them: a number per
//! industry and responsible unit (目标任务分解表) or per county (统计表), and
//! the figures reported against them. Values as read, before the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A quantity a plan sets targets for: 转移就业人数 counted in 人.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    /// 计量单位: 人, 人次, 万元.
    pub measure: String,
}

/// Which way a table splits the targets: by industry and responsible unit,
/// or by county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Breakdown {
    Industry,
    County,
}

impl Breakdown {
    pub fn code(self) -> &'static str {
        match self {
            Breakdown::Industry => "industry",
            Breakdown::County => "county",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Breakdown::Industry => "行业部门",
            Breakdown::County => "县（区）",
        }
    }

    pub fn parse(s: &str) -> Option<Breakdown> {
        [Breakdown::Industry, Breakdown::County].into_iter().find(|b| b.code() == s || b.label() == s)
    }
}

/// What a printed row is: one unit's targets, an industry's 小计 or the 合计.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Unit,
    Subtotal,
    Total,
}

impl LineKind {
    pub fn code(self) -> &'static str {
        match self {
            LineKind::Unit => "unit",
            LineKind::Subtotal => "subtotal",
            LineKind::Total => "total",
        }
    }

    pub fn parse(s: &str) -> Option<LineKind> {
        [LineKind::Unit, LineKind::Subtotal, LineKind::Total].into_iter().find(|k| k.code() == s)
    }
}

/// An industry (行业) of a decomposition table and the unit that leads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Industry {
    /// 序号 as printed.
    pub seq: String,
    pub name: String,
    /// 牵头单位, full name after repairs.
    pub lead: Option<String>,
    pub line: usize,
}

/// One printed row of targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetLine {
    pub breakdown: Breakdown,
    pub kind: LineKind,
    /// Index into [`IndicatorSet::industries`].
    pub industry: Option<usize>,
    /// 类别 (项目类别 or county name for county rows).
    pub category: Option<String>,
    /// 具体岗位.
    pub post: Option<String>,
    /// The unit cell as printed, spaces of line breaks removed.
    pub holder: Option<String>,
    /// The units named in the cell, first one answering; empty when the row
    /// names none (then the industry's lead unit answers).
    pub units: Vec<String>,
    /// (index into [`IndicatorSet::indicators`], target).
    pub targets: Vec<(usize, f64)>,
    pub line: usize,
}

/// A reported figure: how much of a line's target was done by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Index into [`IndicatorSet::lines`].
    pub line: usize,
    pub indicator: usize,
    pub value: f64,
    /// The completion ratio as the source printed it ("46%"), kept as evidence.
    pub printed_ratio: Option<String>,
}

/// Everything numeric a plan decomposes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSet {
    /// The decomposition table's own title, used as the plan's title when the
    /// notice issues no plan by name.
    pub title: Option<String>,
    pub indicators: Vec<Indicator>,
    pub industries: Vec<Industry>,
    pub lines: Vec<TargetLine>,
    pub figures: Vec<Figure>,
    /// The date the figures stand at (截止时间).
    pub figures_as_of: Option<NaiveDate>,
}

impl IndicatorSet {
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty()
    }

    /// The index of an indicator, added if new.
    pub fn indicator(&mut self, name: &str, measure: &str) -> usize {
        match self.indicators.iter().position(|i| i.name == name) {
            Some(i) => i,
            None => {
                self.indicators.push(Indicator { name: name.to_string(), measure: measure.to_string() });
                self.indicators.len() - 1
            }
        }
    }

    /// How many unit rows carry targets.
    pub fn target_lines(&self) -> usize {
        self.lines.iter().filter(|l| l.kind == LineKind::Unit).count()
    }
}

/// A number as a gazette prints it: integers without a decimal point.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Amount(pub f64);

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            let s = format!("{:.2}", self.0);
            f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
        }
    }
}

/// Completion in percent, rounded half up to a whole percent as offices print
/// it (2066/4450 = 46.4% → 46%, 1277/6700 = 19.06% → 19%); `None` without a
/// target.
pub fn percent(actual: f64, target: f64) -> Option<i64> {
    (target > 0.0).then(|| (actual * 100.0 / target + 0.5 + 1e-9).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_round_half_up_like_the_seed() {
        assert_eq!(percent(2066.0, 4450.0), Some(46));
        assert_eq!(percent(158.0, 135.0), Some(117));
        assert_eq!(percent(1283.0, 13400.0), Some(10));
        assert_eq!(percent(62.0, 125.0), Some(50));
        assert_eq!(percent(1.0, 0.0), None);
    }

    #[test]
    fn amounts_print_like_the_gazette() {
        assert_eq!(Amount(8772.0).to_string(), "8772");
        assert_eq!(Amount(1.5).to_string(), "1.5");
    }
}
