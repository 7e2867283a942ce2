//! A plan's prose as paragraphs. Extraction puts each paragraph on one line,
//! but a page break cuts a paragraph anywhere, even inside a name ("财政" |
//! "厅"). A paragraph therefore goes on past a blank line when its text does
//! not end a sentence or a bracket is still open; a numbered line, a heading
//! or a table always starts afresh.

use crate::read::annotation::{self, Trailing};
use crate::read::lines::Line;
use crate::text::{fold_punct, strip_emphasis};
use regex::Regex;
use std::sync::LazyLock;

/// What one line of a plan is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A page header or footer.
    Furniture,
    /// A markdown table row, read by the table readers.
    Table,
    /// A markdown heading without a number (the plan's title).
    Title(String),
    /// A numbered line: "一、" level 1, "（一）" level 2, "1." level 3,
    /// "（1）" level 4. `number` is as the plan numbers it ("三", "（三）", "3").
    Numbered {
        level: u8,
        number: String,
        rest: String,
        markdown: bool,
    },
    Body(String),
}

static NUMBERS: LazyLock<[(u8, Regex); 4]> = LazyLock::new(|| {
    [
        (1, Regex::new(r"^([一二三四五六七八九十]{1,3})、\s*").expect("valid regex")),
        (2, Regex::new(r"^（\s*([一二三四五六七八九十]{1,3})\s*）\s*").expect("valid regex")),
        (3, Regex::new(r"^(\d{1,2})\s*[.．、]\s*").expect("valid regex")),
        (4, Regex::new(r"^（\s*(\d{1,2})\s*）\s*").expect("valid regex")),
    ]
});

/// Classifies a line. Emphasis (`**…**`) from web copies is dropped.
pub fn classify(line: &Line<'_>) -> LineKind {
    let t = line.text();
    if t.is_empty() {
        return LineKind::Blank;
    }
    if t.starts_with('|') || t.starts_with("- |") {
        return LineKind::Table;
    }
    if line.is_furniture() {
        return LineKind::Furniture;
    }
    let markdown = t.starts_with('#');
    let text = strip_emphasis(t.trim_start_matches('#').trim());
    match number(&text) {
        Some((level, number, rest)) => LineKind::Numbered { level, number, rest, markdown },
        None if markdown => LineKind::Title(text),
        None => LineKind::Body(text),
    }
}

/// The number a line opens with, and the rest of it. Folding is one
/// character for one, so a match on the folded text cuts the original.
fn number(text: &str) -> Option<(u8, String, String)> {
    let folded = fold_punct(text);
    for (level, re) in NUMBERS.iter() {
        let Some(c) = re.captures(&folded) else { continue };
        let whole = c.get(0).map_or("", |m| m.as_str());
        // "2.15万人次" is a figure, not a number.
        if *level == 3 && folded[whole.len()..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let n = &c[1];
        let number = if matches!(level, 2 | 4) { format!("（{n}）") } else { n.to_string() };
        let rest: String = text.chars().skip(whole.chars().count()).collect();
        return Some((*level, number, rest));
    }
    None
}

/// How a paragraph starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParaKind {
    Title,
    /// `heading` is a line that stands alone: a markdown heading or a short
    /// numbered line without a sentence in it ("（一）推进绿色工业生产，加快循环化体系建设").
    Numbered {
        level: u8,
        number: String,
        heading: bool,
    },
    Body,
}

/// A paragraph with its pieces rejoined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParaKind,
    /// The text after the number, pieces joined without the line breaks.
    pub text: String,
    /// 1-based source line where it starts.
    pub line: usize,
}

impl Paragraph {
    fn continues(&self) -> bool {
        match self.kind {
            ParaKind::Title | ParaKind::Numbered { heading: true, .. } => false,
            _ => annotation::open_depth(&self.text) > 0 || !ends_sentence(&self.text),
        }
    }
}

/// A sentence, or a closed annotation, ends here.
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['。', '！', '？', '：', '!', '?', ':']) || matches!(annotation::trailing(t), Trailing::Closed { .. })
}

/// A numbered line that is a heading on its own.
fn is_heading(rest: &str, markdown: bool) -> bool {
    let inner = rest.trim_end().trim_end_matches(['。', '.']);
    markdown || (inner.chars().count() <= 40 && !inner.contains(['。', '！', '？', '；', '：', ';', ':']))
}

/// Cuts a plan's lines into paragraphs.
pub fn paragraphs(lines: &[Line<'_>]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for l in lines {
        match classify(l) {
            LineKind::Blank | LineKind::Furniture => {}
            LineKind::Table => open = false,
            LineKind::Title(text) => {
                out.push(Paragraph { kind: ParaKind::Title, text, line: l.no });
                open = false;
            }
            LineKind::Numbered { level, number, rest, markdown } => {
                let heading = is_heading(&rest, markdown);
                out.push(Paragraph { kind: ParaKind::Numbered { level, number, heading }, text: rest, line: l.no });
                open = true;
            }
            LineKind::Body(text) => match out.last_mut() {
                Some(p) if open && p.continues() => p.text.push_str(&text),
                _ => {
                    out.push(Paragraph { kind: ParaKind::Body, text, line: l.no });
                    open = true;
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::lines::split_lines;

    fn kinds(text: &str) -> Vec<LineKind> {
        split_lines(text).iter().map(classify).collect()
    }

    #[test]
    fn classifies_lines() {
        let k = kinds("### （一）大力开展职工职业技能提升培训\n1. **实施岗位技能提升计划。**推行…\n(十三) 加大资金支持力度。\n（2）细则\n| a | b |\n— 18 —\n\n## 林芝市职业技能提升行动实施方案 （2019—2021年）\n2.15万人次以上。\n四、保障措施");
        assert_eq!(
            k[0],
            LineKind::Numbered {
                level: 2,
                number: "（一）".into(),
                rest: "大力开展职工职业技能提升培训".into(),
                markdown: true
            }
        );
        assert_eq!(
            k[1],
            LineKind::Numbered {
                level: 3,
                number: "1".into(),
                rest: "实施岗位技能提升计划。推行…".into(),
                markdown: false
            }
        );
        assert_eq!(
            k[2],
            LineKind::Numbered {
                level: 2,
                number: "（十三）".into(),
                rest: "加大资金支持力度。".into(),
                markdown: false
            }
        );
        assert!(matches!(&k[3], LineKind::Numbered { level: 4, number, .. } if number == "（2）"));
        assert_eq!(&k[4..7], [LineKind::Table, LineKind::Furniture, LineKind::Blank]);
        assert_eq!(k[7], LineKind::Title("林芝市职业技能提升行动实施方案 （2019—2021年）".into()));
        assert_eq!(k[8], LineKind::Body("2.15万人次以上。".into()));
        assert!(matches!(&k[9], LineKind::Numbered { level: 1, number, .. } if number == "四"));
    }

    #[test]
    fn page_breaks_inside_sentences_and_annotations_are_rejoined() {
        let text = "1. 加大培训力度。力争每年完成6万名农牧民培训任务。〔人力资源社会保障厅、生态环境厅、财政\n\n厅、林业和草原局等部门，各地（市）行署（人民政府）、县（区）人民政府负责〕\n\n2. 创新培训模式。鼓励高技能人才培训，开\n\n\n\n展高级工培训。〔财政厅负责〕";
        let p = paragraphs(&split_lines(text));
        assert_eq!(p.len(), 2);
        assert!(p[0].text.contains("财政厅、林业和草原局"), "{}", p[0].text);
        assert_eq!(p[1].text, "创新培训模式。鼓励高技能人才培训，开展高级工培训。〔财政厅负责〕");
        assert_eq!((p[0].line, p[1].line), (1, 5));
    }

    #[test]
    fn sentences_and_annotations_end_paragraphs() {
        let text = "2. 实施重点产业就业技能培训计划。（责任单位：市旅发局、人社局，各县（区）人民政府等）\n\n稳步推进现代服务业技能人才培养。\n\n（责任单位：市商务局、发改委、科技局、人社局，各县（区）人民政府等）\n\n一、总体要求\n\n全面贯彻党的十九大精神，\n\n以“一带一路”建设为统领。";
        let p = paragraphs(&split_lines(text));
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert_eq!(texts[1], "稳步推进现代服务业技能人才培养。");
        assert!(texts[2].starts_with("（责任单位"));
        assert_eq!(p[3].kind, ParaKind::Numbered { level: 1, number: "一".into(), heading: true });
        assert_eq!(texts[4], "全面贯彻党的十九大精神，以“一带一路”建设为统领。");
    }

    #[test]
    fn headings_stand_alone() {
        let p = paragraphs(&split_lines("（一）推进绿色工业生产，加快循环化体系建设\n\n1. 强化工业企业源头管控。严格落实要求。\n\n### （三）稳步推进创业技能培训\n\n鼓励和引导城乡劳动者参加创业培训。"));
        let kinds: Vec<bool> = p.iter().map(|p| matches!(p.kind, ParaKind::Numbered { heading: true, .. })).collect();
        assert_eq!(kinds, [true, false, true, false]);
        assert_eq!(p[3].kind, ParaKind::Body);
    }
}
