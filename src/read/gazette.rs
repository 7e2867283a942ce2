//! A gazette holds many documents: notices with their 文号, the plans they
//! issue, appointments, regulations, reports. This module cuts the text into
//! documents and reads each notice's metadata (title, 文号, issuer, date,
//! the plans it issues and the reporting dates it sets).

use crate::model::{Period, ReportingDate};
use crate::read::lines::Line;
use crate::text::{fold_punct, squeeze};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// One document of a gazette.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The notice title ("林芝市人民政府关于印发…的通知"); `None` for text before
    /// the first notice.
    pub notice_title: Option<String>,
    pub doc_no: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<NaiveDate>,
    pub government: Option<String>,
    /// Titles of the plans the notice issues (《…》 or the words after 印发).
    pub plan_titles: Vec<String>,
    /// The reporting dates the notice sets, resolved in the notice's year.
    pub schedule: Vec<ReportingDate>,
    /// Index (into the line slice) of the first line of the document.
    pub start: usize,
    /// Index of the first line after the notice's signature date: where an
    /// attached plan begins.
    pub body_start: usize,
    /// Index one past the last line.
    pub end: usize,
}

static DOC_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}]{1,10}〔\s*\d{4}\s*〕\s*\d{1,4}\s*号$").expect("valid regex"));
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$").expect("valid regex"));
static ISSUES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:印发|转发)(.+?)的通知$").expect("valid regex"));
static ISSUER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:中共)?\p{Han}{2,12}?(?:人民政府|自治区|办公厅|办公室|局|厅|委员会)").expect("valid regex")
});
static TITLE_ISSUER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Han}{4,30}?)(?:关于|转发|印发)").expect("valid regex"));
static GOVERNMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:中共)?(\p{Han}{2,8}?(?:自治区|省|市))").expect("valid regex"));

/// Cuts a gazette into documents at each notice. Text before the first
/// notice is a document of its own with no notice.
pub fn split(lines: &[Line<'_>]) -> Vec<Document> {
    let mut starts: Vec<(usize, usize, String)> = Vec::new(); // (title start, doc_no index, doc_no)
    for (i, l) in lines.iter().enumerate() {
        let t = l.text();
        if t.chars().count() <= 24 && DOC_NO.is_match(t) {
            let title_start = title_start(lines, i);
            // A notice cannot start inside the previous one's title lines.
            let title_start = starts.last().map_or(title_start, |&(_, prev_no, _)| title_start.max(prev_no + 1));
            starts.push((title_start, i, squeeze(t)));
        }
    }
    let mut docs = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().map_or(lines.len(), |s| s.0);
    if first > 0 {
        docs.push(Document { start: 0, body_start: 0, end: first, ..Document::default() });
    }
    for (k, (title_start, no_idx, doc_no)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        docs.push(notice(lines, *title_start, *no_idx, doc_no.clone(), end));
    }
    docs
}

/// Walks back from a 文号 line over the title lines: short lines without
/// sentence-ending punctuation, at most four.
fn title_start(lines: &[Line<'_>], doc_no_idx: usize) -> usize {
    let mut i = doc_no_idx;
    while i > 0 && lines[i - 1].is_blank() {
        i -= 1;
    }
    let mut start = i;
    let mut taken = 0;
    while start > 0 && taken < 4 {
        let l = &lines[start - 1];
        let t = l.text();
        if l.is_blank() || t.chars().count() > 60 || t.ends_with(['。', '！', '；', '：', ':']) || DATE_LINE.is_match(t)
        {
            break;
        }
        start -= 1;
        taken += 1;
        // A title opens with its issuer ("林芝市人民政府关于…"); the issuer
        // may stand on a line of its own above "关于…的通知".
        if t.starts_with('#') || ISSUER_START.is_match(&squeeze(t)) {
            break;
        }
    }
    start.min(doc_no_idx)
}

fn notice(lines: &[Line<'_>], start: usize, no_idx: usize, doc_no: String, end: usize) -> Document {
    let title: String = lines[start..no_idx].iter().map(|l| squeeze(l.text().trim_start_matches('#'))).collect();
    let (issued, date_idx) = lines[no_idx + 1..end]
        .iter()
        .enumerate()
        .find_map(|(k, l)| parse_date_line(l.text()).map(|d| (d, no_idx + 1 + k)))
        .map_or((None, None), |(d, i)| (Some(d), Some(i)));
    let issuer = date_idx
        .and_then(|di| {
            lines[no_idx + 1..di]
                .iter()
                .rev()
                .find(|l| !l.is_blank())
                .map(|l| l.text().to_string())
                .filter(|t| t.chars().count() <= 40 && !t.ends_with('。'))
        })
        // Without a signature (the autonomous region's gazette prints none), the
        // issuer is the body the title opens with.
        .or_else(|| TITLE_ISSUER.captures(&title).map(|c| c[1].to_string()));
    let government = GOVERNMENT
        .captures(issuer.as_deref().map(squeeze).as_deref().unwrap_or(&title))
        .or_else(|| GOVERNMENT.captures(&title))
        .map(|c| c[1].to_string());
    let body_start = date_idx.map_or(no_idx + 1, |i| i + 1);
    let notice_text: String = lines[no_idx + 1..body_start].iter().map(|l| l.text()).collect::<Vec<_>>().join("\n");
    let schedule = issued.map(|d| schedule(&notice_text, d)).unwrap_or_default();
    Document {
        plan_titles: plan_titles(&title),
        notice_title: Some(title),
        doc_no: Some(doc_no),
        issuer,
        issued,
        government,
        schedule,
        start,
        body_start,
        end,
    }
}

/// "2023年 2月 18日" on a line of its own: a signature date.
pub fn parse_date_line(t: &str) -> Option<NaiveDate> {
    let c = DATE_LINE.captures(t.trim())?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// The plans a notice issues: each top-level 《…》 when the object of 印发 is a
/// list of them, else the whole object ("2023年林芝市《政府工作报告》重点任务分解方案").
pub fn plan_titles(notice_title: &str) -> Vec<String> {
    let t = squeeze(notice_title);
    let Some(c) = ISSUES.captures(&t) else { return Vec::new() };
    let object = c[1].trim();
    if object.starts_with('《') && object.ends_with('》') {
        let mut titles = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for ch in object.chars() {
            match ch {
                '《' => {
                    if depth > 0 {
                        cur.push(ch);
                    }
                    depth += 1;
                }
                '》' => {
                    depth -= 1;
                    if depth == 0 {
                        titles.push(std::mem::take(&mut cur));
                    } else {
                        cur.push(ch);
                    }
                }
                _ if depth > 0 => cur.push(ch),
                _ => {}
            }
        }
        titles.retain(|t| !t.is_empty());
        titles
    } else {
        vec![object.to_string()]
    }
}

/// The title key used to find a plan's own title line in the body: brackets,
/// quotes and spaces do not count ("《政府工作报告》" vs "<政府工作报告>").
pub fn title_key(s: &str) -> String {
    squeeze(&fold_punct(s))
        .chars()
        .filter(|c| !matches!(c, '《' | '》' | '<' | '>' | '〈' | '〉' | '“' | '”' | '"' | '#' | '（' | '）'))
        .collect()
}

static PERIOD_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第一季度|一季度|上半年|前三季度|全年").expect("valid regex"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{1,2})月(\d{1,2})日").expect("valid regex"));

/// Reads the reporting schedule a notice sets: "分别于7月5日、10月5日和12月20日前，
/// 将…上半年、前三季度和全年工作任务完成情况上报". Periods and dates are paired
/// in the order printed; the year is the notice's.
pub fn schedule(notice_text: &str, issued: NaiveDate) -> Vec<ReportingDate> {
    use chrono::Datelike;
    let flat = squeeze(&fold_punct(notice_text));
    for sentence in flat.split('。') {
        let periods: Vec<Period> = PERIOD_WORD.find_iter(sentence).map(|m| Period::parse(m.as_str())).collect();
        let dates: Vec<NaiveDate> = MONTH_DAY
            .captures_iter(sentence)
            .filter_map(|c| NaiveDate::from_ymd_opt(issued.year(), c[1].parse().ok()?, c[2].parse().ok()?))
            .collect();
        if periods.len() >= 2 && periods.len() == dates.len() {
            return periods.into_iter().zip(dates).map(|(period, due)| ReportingDate { period, due }).collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::lines::split_lines;

    const NOTICE: &str = "前文。\n 林芝市人民政府关于印发 2023年林芝市\n《政府工作报告》重点任务分解方案的通知\n\n林政发〔2023〕11 号\n\n各县（区）人民政府，市各委、办、局：\n\n三、加强督导，狠抓落实。各牵头部门要定期梳理汇总，分别于 7月 5日、10月 5日\n\n和 12月 20日前，将《方案》上半年、前三季\n\n度和全年工作任务完成情况上报市政府督查室。\n\n林芝市人民政府\n\n2023年 2月 18日\n 附件\n\n2023年林芝市《政府工作报告》重点任务\n分解方案\n";

    #[test]
    fn reads_a_notice() {
        let lines = split_lines(NOTICE);
        let docs = split(&lines);
        assert_eq!(docs.len(), 2);
        let d = &docs[1];
        assert_eq!(
            d.notice_title.as_deref(),
            Some("林芝市人民政府关于印发2023年林芝市《政府工作报告》重点任务分解方案的通知")
        );
        assert_eq!(d.doc_no.as_deref(), Some("林政发〔2023〕11号"));
        assert_eq!(d.issuer.as_deref(), Some("林芝市人民政府"));
        assert_eq!(d.issued, NaiveDate::from_ymd_opt(2023, 2, 18));
        assert_eq!(d.government.as_deref(), Some("林芝市"));
        assert_eq!(d.plan_titles, ["2023年林芝市《政府工作报告》重点任务分解方案"]);
        let sched: Vec<(String, String)> =
            d.schedule.iter().map(|r| (r.period.label().to_string(), r.due.to_string())).collect();
        assert_eq!(
            sched,
            [
                ("上半年".into(), "2023-07-05".into()),
                ("前三季度".into(), "2023-10-05".into()),
                ("全年".into(), "2023-12-20".into())
            ]
        );
        assert_eq!(lines[d.body_start].raw, " 附件");
    }

    #[test]
    fn unsigned_notice_is_issued_by_its_title() {
        let text = "西藏自治区人民政府办公厅转发商务厅关于 扩大进口促进对外贸易平衡发展实施意见的通知\n\n藏政办发〔2019〕10号\n\n各地（市）行署（人民政府），自治区各委、办、厅、局：\n\n商务厅《关于扩大进口促进对外贸易平衡发展的实施意见》已经自治区人民政府同意，现转发给你们，请认真贯彻执行。\n\n2019年1月28日\n\n关于扩大进口促进对外贸易平衡发展的实施意见\n";
        let lines = split_lines(text);
        let d = &split(&lines)[0];
        assert_eq!(d.issuer.as_deref(), Some("西藏自治区人民政府办公厅"));
        assert_eq!(d.government.as_deref(), Some("西藏自治区"));
        assert_eq!(d.plan_titles, ["商务厅关于扩大进口促进对外贸易平衡发展实施意见"]);
    }

    #[test]
    fn schedule_in_reversed_order() {
        let text = "各县（区）、各牵头部门分别将上半年、前三季度和全年工作进展情况于 2020 年 7 月 5 日、9 月 30 日和 12 月 15 日前报市人民政府督查室。";
        let s = schedule(text, NaiveDate::from_ymd_opt(2020, 3, 17).unwrap());
        assert_eq!(s.len(), 3);
        assert_eq!((s[1].period.clone(), s[1].due.to_string()), (Period::Q3, "2020-09-30".to_string()));
    }

    #[test]
    fn several_plans_in_one_notice() {
        assert_eq!(
            plan_titles("拉萨市人民政府办公室关于印发《拉萨市设立产业强市投资基金的实施方案》《拉萨市成立产业强市投资基金管理委员会的方案》的通知"),
            ["拉萨市设立产业强市投资基金的实施方案", "拉萨市成立产业强市投资基金管理委员会的方案"]
        );
        assert!(plan_titles("林芝市人民政府关于李宁博同志任职的通知").is_empty());
    }
}
