//! The span a plan covers. Measures that print no date of their own are due
//! at its end, so it matters where it is stated: in the title
//! ("（2019—2021年）", "2023年…"), or, for plans whose title names no year, in
//! the body: an explicit span ("实施期限为2024年至2025年", "试点实施阶段（2025 年
//! 1 月-2026 年 12 月）") or the target of the plan's goals section ("一、主要目标
//! 到2025年，…").

use crate::deadline::{self, DeadlineContext};
use crate::read::lines::Line;
use crate::text::{fold_punct, squeeze};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*(?:年)?\s*[—\-－–~至]\s*(\d{4})\s*年").expect("valid regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*年").expect("valid regex"));

/// The plan year and span from its title: "（2019—2021年）" is a span, "2023年…"
/// an annual plan; a plan with neither is dated by its notice.
pub fn plan_period(title: &str, issued: Option<NaiveDate>) -> (Option<i32>, Option<NaiveDate>, Option<NaiveDate>) {
    if let Some(c) = YEAR_RANGE.captures(title) {
        let (a, b): (i32, i32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        if a > 1900 && b >= a {
            return (
                issued.map(|d| d.year()).filter(|y| (a..=b).contains(y)).or(Some(a)),
                NaiveDate::from_ymd_opt(a, 1, 1),
                NaiveDate::from_ymd_opt(b, 12, 31),
            );
        }
    }
    if let Some(c) = YEAR.captures(title) {
        let y: i32 = c[1].parse().unwrap_or(0);
        if y > 1900 {
            return (Some(y), NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31));
        }
    }
    (issued.map(|d| d.year()), None, None)
}

/// A span stated in a plan's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyPeriod {
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
    /// 1-based source line of the statement.
    pub line: usize,
}

/// "实施期限为2024年至2025年", "试点实施阶段（2025年1月-2026年12月）": a span
/// word, then two dates joined by a range mark.
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:实施期限|实施周期|执行期限|实施期|实施阶段|试点期)(?:为|是|：)?（?(\d{4}年(?:\d{1,2}月)?)[至到—\-－–~](\d{4}年(?:\d{1,2}月)?底?)")
        .expect("valid regex")
});
/// A numbered heading of the goals section ("一、主要目标", "（二）工作目标。").
static GOALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(?:主要|工作|总体)?目标")
        .expect("valid regex")
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d{1,2}[.．、])").expect("valid regex")
});

/// The span a plan's body states, when its title states none. An explicit
/// span wins over the goals section's latest dated target.
pub fn body_period(lines: &[Line<'_>], ctx: &DeadlineContext) -> Option<BodyPeriod> {
    let mut goal: Option<BodyPeriod> = None;
    let mut in_goals = false;
    for l in lines {
        let t = squeeze(&fold_punct(&crate::text::strip_emphasis(l.text().trim_start_matches('#'))));
        if t.is_empty() {
            continue;
        }
        if let Some(c) = SPAN.captures(&t) {
            let end = deadline::parse(&c[2], ctx).ok().and_then(|d| d.due);
            let start = deadline::parse(&c[1], ctx).ok().and_then(|d| d.due).and_then(|d| first_of_span(&c[1], d));
            if let Some(end) = end {
                return Some(BodyPeriod { start, end, line: l.no });
            }
        }
        if NUMBERED.is_match(&t) {
            in_goals = GOALS.is_match(&t);
        }
        if in_goals {
            let due = deadline::find_in(&t, ctx).ok().flatten().and_then(|d| d.due);
            // `None` orders first: the first target, then any later one.
            if let Some(end) = due.filter(|e| goal.map(|g| g.end) < Some(*e)) {
                goal = Some(BodyPeriod { start: None, end, line: l.no });
            }
        }
    }
    goal
}

/// The first day of a span's opening date: "2024年" opens on 1 January,
/// "2025年1月" on the first of the month.
fn first_of_span(printed: &str, due: NaiveDate) -> Option<NaiveDate> {
    if printed.contains('月') {
        due.with_day(1)
    } else {
        NaiveDate::from_ymd_opt(due.year(), 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::lines::split_lines;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn plan_periods() {
        let (y, s, e) = plan_period("林芝市职业技能提升行动实施方案（2019—2021年）", d(2020, 1, 16));
        assert_eq!((y, s, e), (Some(2020), d(2019, 1, 1), d(2021, 12, 31)));
        let (y, _, e) = plan_period("2023年林芝市《政府工作报告》重点任务分解方案", None);
        assert_eq!((y, e), (Some(2023), d(2023, 12, 31)));
        assert_eq!(plan_period("关于推进养老服务高质量发展的具体举措", d(2024, 12, 31)), (Some(2024), None, None));
    }

    fn period(text: &str) -> Option<(Option<NaiveDate>, Option<NaiveDate>, usize)> {
        let ctx = DeadlineContext { year: Some(2024), issued: d(2024, 12, 30) };
        body_period(&split_lines(text), &ctx).map(|p| (p.start, Some(p.end), p.line))
    }

    #[test]
    fn stated_spans() {
        assert_eq!(
            period("五、工作安排\n\n（二）试点实施阶段（2025 年 1 月-2026 年 12 月）。市人民医院作为牵头医院，2025 年带动…"),
            Some((d(2025, 1, 1), d(2026, 12, 31), 3))
        );
        assert_eq!(
            period("（一）实施范围。拉萨市全域…“无废城市”建设实施基准年为2021年，现状值为2023年，实施期限为2024年至2025年。"),
            Some((d(2024, 1, 1), d(2025, 12, 31), 1))
        );
    }

    #[test]
    fn goals_section_target() {
        let text = "一、主要目标\n\n到2025年，全市PM_{2.5}年均浓度不超过11.5微克/立方米。\n\n二、主要任务\n\n到2027年底全市水泥行业完成超低排放改造。";
        assert_eq!(
            period(text),
            Some((None, d(2025, 12, 31), 3)),
            "a task's own target outside the goals is not the plan's"
        );
        assert_eq!(period("一、总体要求\n\n坚持以人民为中心。\n\n二、主要任务\n\n1. 优化城乡养老服务设施布局。"), None);
    }
}
