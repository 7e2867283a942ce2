//! Chinese deadline phrases → dates. "5月底前，并长期坚持" is both a date and an
//! ongoing duty; "到2025年" is the end of 2025; "自印发之日起1个月内" counts from
//! the notice. Month-only phrases resolve in the plan year, which only the
//! notice knows, so the caller passes it in a [`DeadlineContext`].

use crate::model::Deadline;
use crate::text::{fold_punct, squeeze};
use chrono::{Datelike, Days, Months, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// What a phrase needs from its plan to become a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeadlineContext {
    /// The plan year: "6月底前" is June of this year.
    pub year: Option<i32>,
    /// The notice date: "自印发之日起1个月内" counts from it.
    pub issued: Option<NaiveDate>,
}

/// Why a phrase could not become a deadline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("无法识别的时限「{0}」")]
    Unrecognised(String),
    #[error("时限「{0}」中的日期不存在")]
    Impossible(String),
    #[error("时限「{0}」没有写年份，方案也未给出年度")]
    NoYear(String),
    #[error("时限「{0}」按印发日期计算，但未找到印发日期")]
    NoIssueDate(String),
}

const NUM: &str = r"\d{1,2}|[一二两三四五六七八九十]{1,3}";

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:自|从)?(?:本(?:方案|通知|意见|计划)?)?(?:印发|发布|下发|出台)之日起(\d{1,3}|[一二两三四五六七八九十]{1,3})个?(月|日|天|周|年|个?工作日)(?:内|之内|以内)?")
        .expect("valid regex")
});
static DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:(\d{{4}})年)?({NUM})月({NUM})[日号]")).expect("valid regex"));
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:(\d{{4}})年)?({NUM})月(上旬|中旬|下旬|底|末|份)?")).expect("valid regex")
});
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4})年)?(上半年|下半年|年底|年末|年内|前三季度|第?[一二三四1-4]季度)").expect("valid regex")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年(底|末)?").expect("valid regex"));
static ONGOING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"长期坚持|长期|持续推进|持续开展|常态化|每年|每季度|每月").expect("valid regex"));

/// Words around a date in prose that make it a target rather than a mention
/// ("到2025年", "6月底前", "力争2020年前").
static TARGET_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:到|至|力争|截至|截止|于|在|争取)$").expect("valid regex"));
static TARGET_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:前|之前|以前|内|底前|末前|完成)").expect("valid regex"));

/// A date found in a phrase, with where it stood. A date that does not exist
/// ("2月30日") or needs a year nobody gave is kept as an error so a cell
/// fails loudly while a stray mention in prose does not.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    due: Result<NaiveDate, DeadlineError>,
}

/// Parses a deadline cell ("12月底前，并长期坚持", "2025年1月-2026年12月").
/// Every date in it counts and the latest is the due date, so a range is due at
/// its end.
pub fn parse(phrase: &str, ctx: &DeadlineContext) -> Result<Deadline, DeadlineError> {
    let norm = normalise(phrase);
    let ongoing = ONGOING.is_match(&norm);
    let mut due = None;
    for f in find_dates(&norm, ctx, phrase) {
        let d = f.due?;
        due = due.max(Some(d));
    }
    if due.is_none() && !ongoing {
        return Err(DeadlineError::Unrecognised(phrase.trim().to_string()));
    }
    Ok(Deadline { text: Some(phrase.trim().to_string()), due, ongoing, inferred: false })
}

/// Finds a dated target inside a prose measure ("到 2021 年底，建成…").
/// Only dates marked as targets count; the latest wins and its phrase is kept
/// as printed. Returns `Ok(None)` when the measure names no target.
pub fn find_in(text: &str, ctx: &DeadlineContext) -> Result<Option<Deadline>, DeadlineError> {
    let norm = normalise(text);
    let mut best: Option<(NaiveDate, String)> = None;
    for f in find_dates(&norm, ctx, text) {
        if !is_target(&norm, &f) {
            continue;
        }
        let phrase = phrase_around(&norm, &f);
        let due = f.due.map_err(|e| with_text(e, &phrase))?;
        if best.as_ref().is_none_or(|(d, _)| due > *d) {
            best = Some((due, phrase));
        }
    }
    Ok(best.map(|(due, text)| Deadline { text: Some(text), due: Some(due), ongoing: false, inferred: false }))
}

/// The deadline of a task that prints none: the end of its plan's period or
/// year, marked inferred.
pub fn inferred_end(ctx: &DeadlineContext, period_end: Option<NaiveDate>) -> Deadline {
    let due = period_end.or_else(|| ctx.year.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)));
    Deadline { text: None, due, ongoing: false, inferred: due.is_some() }
}

fn normalise(s: &str) -> String {
    squeeze(&fold_punct(s))
}

/// Errors name the phrase, not the whole paragraph it came from.
fn with_text(e: DeadlineError, phrase: &str) -> DeadlineError {
    let p = phrase.to_string();
    match e {
        DeadlineError::Unrecognised(_) => DeadlineError::Unrecognised(p),
        DeadlineError::Impossible(_) => DeadlineError::Impossible(p),
        DeadlineError::NoYear(_) => DeadlineError::NoYear(p),
        DeadlineError::NoIssueDate(_) => DeadlineError::NoIssueDate(p),
    }
}

fn is_target(norm: &str, f: &Found) -> bool {
    let before = &norm[..f.start];
    let after = &norm[f.end..];
    let matched = &norm[f.start..f.end];
    matched.contains("之日起")
        || TARGET_BEFORE.is_match(before)
        || TARGET_AFTER.is_match(after)
        || matched.ends_with('底')
        || matched.ends_with('末')
}

/// The printed phrase for a prose target: the marker before it, the date and
/// a following 前/底前.
fn phrase_around(norm: &str, f: &Found) -> String {
    let before = TARGET_BEFORE.find(&norm[..f.start]).map(|m| m.as_str()).unwrap_or("");
    let after = TARGET_AFTER.find(&norm[f.end..]).map(|m| m.as_str()).unwrap_or("");
    let after = if after == "完成" { "" } else { after };
    format!("{before}{}{after}", &norm[f.start..f.end])
}

/// A Chinese-numeral month inside a word ("统一月报") is not a date: it must
/// follow a year, a marker or a non-ideograph.
fn stands_alone(norm: &str, start: usize, month: &str) -> bool {
    if month.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    match norm[..start].chars().last() {
        None => true,
        Some(c) => !crate::text::is_cjk(c) || "年到至于在止取前".contains(c),
    }
}

/// Runs the patterns from the most to the least specific, blanking each match
/// so "2019年6月底" is not also read as "2019年".
fn find_dates(norm: &str, ctx: &DeadlineContext, original: &str) -> Vec<Found> {
    let orig = original.trim();
    let unrecognised = || DeadlineError::Unrecognised(orig.to_string());
    let impossible = || DeadlineError::Impossible(orig.to_string());
    let year_of = |printed: Option<regex::Match<'_>>| -> Result<i32, DeadlineError> {
        match printed {
            Some(y) => y.as_str().parse().map_err(|_| unrecognised()),
            None => ctx.year.ok_or_else(|| DeadlineError::NoYear(orig.to_string())),
        }
    };
    let mut masked = norm.to_string();
    let mut found = Vec::new();
    let mut push = |masked: &mut String, m: regex::Match<'_>, due: Result<NaiveDate, DeadlineError>| {
        found.push(Found { start: m.start(), end: m.end(), due });
        blank(masked, m.start(), m.end());
    };

    for caps in RELATIVE.captures_iter(norm) {
        let due = (|| {
            let n = cn_number(&caps[1]).ok_or_else(unrecognised)?;
            let issued = ctx.issued.ok_or_else(|| DeadlineError::NoIssueDate(orig.to_string()))?;
            add_span(issued, n, &caps[2]).ok_or_else(impossible)
        })();
        push(&mut masked, caps.get_match(), due);
    }
    let snapshot = masked.clone();
    for caps in DAY.captures_iter(&snapshot) {
        let m = caps.get_match();
        if !stands_alone(&snapshot, m.start(), &caps[2]) {
            continue;
        }
        let due = (|| {
            let year = year_of(caps.get(1))?;
            let month = cn_number(&caps[2]).ok_or_else(unrecognised)?;
            let day = cn_number(&caps[3]).ok_or_else(unrecognised)?;
            NaiveDate::from_ymd_opt(year, month, day).ok_or_else(impossible)
        })();
        push(&mut masked, m, due);
    }
    let snapshot = masked.clone();
    for caps in MONTH.captures_iter(&snapshot) {
        let m = caps.get_match();
        if !stands_alone(&snapshot, m.start(), &caps[2]) {
            continue;
        }
        let due = (|| {
            let year = year_of(caps.get(1))?;
            let month = cn_number(&caps[2]).ok_or_else(unrecognised)?;
            let last = month_end(year, month).ok_or_else(impossible)?;
            match caps.get(3).map(|m| m.as_str()) {
                Some("上旬") => last.with_day(10),
                Some("中旬") => last.with_day(20),
                _ => Some(last),
            }
            .ok_or_else(impossible)
        })();
        push(&mut masked, m, due);
    }
    let snapshot = masked.clone();
    for caps in PART.captures_iter(&snapshot) {
        let m = caps.get_match();
        // "2021年底" is the year pattern's; here 年底 would lose its year.
        if caps[2].starts_with('年') && snapshot[..m.start()].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (month, day) = match &caps[2] {
            "上半年" | "第二季度" | "二季度" | "第2季度" | "2季度" => (6, 30),
            "前三季度" | "第三季度" | "三季度" | "第3季度" | "3季度" => (9, 30),
            "第一季度" | "一季度" | "第1季度" | "1季度" => (3, 31),
            _ => (12, 31),
        };
        let due = year_of(caps.get(1)).and_then(|y| NaiveDate::from_ymd_opt(y, month, day).ok_or_else(impossible));
        push(&mut masked, m, due);
    }
    let snapshot = masked.clone();
    for caps in YEAR.captures_iter(&snapshot) {
        let due = year_of(caps.get(1)).and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(impossible));
        push(&mut masked, caps.get_match(), due);
    }
    found.sort_by_key(|f| f.start);
    found
}

fn blank(s: &mut String, start: usize, end: usize) {
    let filler = "\u{0}".repeat(end - start);
    s.replace_range(start..end, &filler);
}

/// Last day of a month; `None` for months that do not exist ("13月").
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn add_span(from: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    match unit {
        "月" => from.checked_add_months(Months::new(n)),
        "年" => from.checked_add_months(Months::new(n.checked_mul(12)?)),
        "周" => from.checked_add_days(Days::new(u64::from(n) * 7)),
        // Working days: count calendar weeks generously (5 working days a week).
        u if u.contains("工作日") => from.checked_add_days(Days::new(u64::from(n) * 7 / 5 + 1)),
        _ => from.checked_add_days(Days::new(u64::from(n))),
    }
}

/// "12" or "十二" → 12. Handles the numerals that appear in months, days and
/// short spans (up to 99).
pub fn cn_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or((c == '两').then_some(2));
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [d] => digit(*d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn ctx2020() -> DeadlineContext {
        DeadlineContext { year: Some(2020), issued: d(2020, 6, 2) }
    }

    #[test]
    fn cells_of_the_seed_tables() {
        let c = ctx2020();
        let cases = [
            ("长期坚持", None, true),
            ("5月底前，并长期坚持", d(2020, 5, 31), true),
            ("12月底前，并长期坚持", d(2020, 12, 31), true),
            ("6月底前", d(2020, 6, 30), false),
            ("9月底前，并长期坚持", d(2020, 9, 30), true),
            ("2月底前", d(2020, 2, 29), false),
        ];
        for (text, due, ongoing) in cases {
            let got = parse(text, &c).unwrap();
            assert_eq!((got.due, got.ongoing, got.text.as_deref()), (due, ongoing, Some(text)), "{text}");
        }
    }

    #[test]
    fn common_relatives() {
        let c = ctx2020();
        let cases = [
            ("7月5日前", d(2020, 7, 5)),
            ("上半年", d(2020, 6, 30)),
            ("年底前", d(2020, 12, 31)),
            ("一季度", d(2020, 3, 31)),
            ("第三季度", d(2020, 9, 30)),
            ("前三季度", d(2020, 9, 30)),
            ("3月上旬", d(2020, 3, 10)),
            ("3月中旬", d(2020, 3, 20)),
            ("4月下旬", d(2020, 4, 30)),
            ("到2025年", d(2025, 12, 31)),
            ("到 2021 年底", d(2021, 12, 31)),
            ("2019年6月底前", d(2019, 6, 30)),
            ("力争2020年前", d(2020, 12, 31)),
            ("十二月底前", d(2020, 12, 31)),
            ("2025 年 1 月-2026 年 12 月", d(2026, 12, 31)),
            ("3—6月", d(2020, 6, 30)),
            ("自印发之日起1个月内", d(2020, 7, 2)),
            ("自印发之日起三个月内", d(2020, 9, 2)),
            ("１２月２０日前", d(2020, 12, 20)),
        ];
        for (text, due) in cases {
            assert_eq!(parse(text, &c).unwrap().due, due, "{text}");
        }
    }

    #[test]
    fn impossible_and_unknown_phrases_are_errors() {
        let c = ctx2020();
        assert!(matches!(parse("2月30日前", &c), Err(DeadlineError::Impossible(_))));
        assert!(matches!(parse("13月底前", &c), Err(DeadlineError::Impossible(_))));
        assert!(matches!(parse("尽快", &c), Err(DeadlineError::Unrecognised(_))));
        let no_year = DeadlineContext::default();
        assert!(matches!(parse("6月底前", &no_year), Err(DeadlineError::NoYear(_))));
        assert!(matches!(parse("自印发之日起1个月内", &no_year), Err(DeadlineError::NoIssueDate(_))));
    }

    #[test]
    fn prose_targets_are_found_and_mentions_ignored() {
        let c = DeadlineContext { year: Some(2019), issued: d(2019, 6, 4) };
        let got = find_in("到 2021 年底，建成技工学校1家、市县（区）两级公共实训基地8个", &c).unwrap().unwrap();
        assert_eq!((got.due, got.text.as_deref()), (d(2021, 12, 31), Some("到2021年底")));
        let got = find_in("原则上于2019年6月底前完成。由本地", &c).unwrap().unwrap();
        assert_eq!((got.due, got.text.as_deref()), (d(2019, 6, 30), Some("于2019年6月底前")));
        let got = find_in("力争2020年前，每个县(区)成立劳务市场主体", &c).unwrap().unwrap();
        assert_eq!((got.due, got.text.as_deref()), (d(2020, 12, 31), Some("力争2020年前")));
        let got = find_in("本行动方案自印发之日起1个月内，各地（市）要制定具体措施", &c).unwrap().unwrap();
        assert_eq!(got.due, d(2019, 7, 4));
        assert_eq!(find_in("对2018年以来创建工作开展情况逐年分类建立档案", &c).unwrap(), None);
        assert_eq!(find_in("在劳动合同签订之日起1个月内开展岗前培训", &c).unwrap(), None);
    }

    #[test]
    fn inferred_end_of_plan_year() {
        let got = inferred_end(&ctx2020(), None);
        assert_eq!((got.due, got.inferred, got.text), (d(2020, 12, 31), true, None));
        let got = inferred_end(&DeadlineContext::default(), d(2021, 12, 31));
        assert_eq!(got.due, d(2021, 12, 31));
    }

    #[test]
    fn chinese_numerals() {
        for (s, n) in [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("两", 2), ("12", 12)]
        {
            assert_eq!(cn_number(s), Some(n), "{s}");
        }
        assert_eq!(cn_number("百"), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn ctx() -> DeadlineContext {
        DeadlineContext { year: Some(2024), issued: NaiveDate::from_ymd_opt(2024, 2, 29) }
    }

    proptest! {
        #[test]
        fn any_text_parses_or_errs_without_panicking(s in "\\PC{0,60}") {
            let _ = parse(&s, &ctx());
            let _ = find_in(&s, &ctx());
        }

        #[test]
        fn month_end_phrases_are_the_last_day(m in 1u32..=12, spaced in any::<bool>()) {
            let phrase = if spaced { format!("{m} 月底前") } else { format!("{m}月底前") };
            let d = parse(&phrase, &ctx()).unwrap();
            prop_assert_eq!(d.due, month_end(2024, m));
            prop_assert_eq!(d.text.as_deref(), Some(phrase.as_str()));
        }

        #[test]
        fn day_phrases_are_that_day_or_refused(m in 1u32..=13, day in 1u32..=31) {
            let got = parse(&format!("{m}月{day}日前"), &ctx());
            match NaiveDate::from_ymd_opt(2024, m, day) {
                Some(date) => prop_assert_eq!(got.unwrap().due, Some(date)),
                None => prop_assert!(matches!(got, Err(DeadlineError::Impossible(_)))),
            }
        }

        #[test]
        fn ongoing_is_kept_alongside_a_date(m in 1u32..=12) {
            let d = parse(&format!("{m}月底前，并长期坚持"), &ctx()).unwrap();
            prop_assert!(d.ongoing);
            prop_assert_eq!(d.due, month_end(2024, m));
        }

        #[test]
        fn a_prose_target_is_the_latest_and_its_phrase_is_in_the_text(a in 2020i32..2035, b in 2020i32..2035) {
            let text = format!("到{a}年，完成第一阶段；到{b}年底，全面建成。");
            let d = find_in(&text, &ctx()).unwrap().unwrap();
            prop_assert_eq!(d.due, NaiveDate::from_ymd_opt(a.max(b), 12, 31));
            prop_assert!(text.contains(d.text.as_deref().unwrap()));
        }
    }
}
