//! Plans written as prose (实施方案, 行动方案, 实施意见, 具体举措): numbered
//! measures that end with a bracket naming who answers for them
//! ([`annotation`]). A supervision office tracks each annotated measure as a
//! task.
//!
//! - **seq** is the measure's own number as printed ("1", "（三）"); numbers
//!   repeat under different headings, the category tells them apart.
//! - **category** is the chain of headings above it ("三、突出培训重点…",
//!   "（一）大力开展职工职业技能提升培训").
//! - **title** is its opening sentence; **text** the whole measure without the
//!   annotation, rejoined where a page broke it.
//! - A heading followed by an unnumbered annotated paragraph ("### （三）稳步推进
//!   创业技能培训" + "鼓励和引导…（责任单位：…）") is one measure with the
//!   heading's number and the heading as title. So is a numbered paragraph
//!   whose annotation stands in a paragraph of its own below it.
//! - An unnumbered paragraph with its own annotation after a measure is a
//!   follow-on measure: the previous measure's seq plus "-2", "-3" ….
//! - Headings and paragraphs without an annotation (总体要求, 保障措施 …) are
//!   not tasks.
//! - A measure without a dated target is due at the end of the plan's period
//!   (title or body, see [`period`](super::period)), marked inferred; a plan
//!   that states no period gives such measures no date.

use crate::deadline;
use crate::model::{Deadline, Task, UnitRef};
use crate::read::annotation::{self, Trailing};
use crate::read::paragraphs::{paragraphs, ParaKind, Paragraph};
use crate::read::{Diagnostic, DiagnosticKind, Found, PlanReader, Section};
use crate::text::join_cjk;

/// Reader for prose plans with responsibility annotations.
pub struct Prose;

impl PlanReader for Prose {
    fn name(&self) -> &'static str {
        "prose"
    }

    fn read(&self, section: &Section<'_>, diags: &mut Vec<Diagnostic>) -> Found {
        let mut reader = Reader::new(section, diags);
        for p in paragraphs(section.lines) {
            reader.paragraph(p);
        }
        reader.finish()
    }
}

/// A heading on the way down to a measure.
#[derive(Debug, Clone)]
struct Heading {
    level: u8,
    /// As displayed in a category: number and text ("（一）强化组织保障").
    label: String,
}

/// A measure being put together: a numbered paragraph, a heading, or a
/// follow-on paragraph, waiting for its annotation.
#[derive(Debug, Clone)]
struct Pending {
    seq: String,
    level: u8,
    category: Vec<String>,
    title: Option<String>,
    parts: Vec<String>,
    line: usize,
    /// A numbered paragraph that reads like a measure, not a heading.
    measure_like: bool,
}

/// The measure a follow-on paragraph continues.
#[derive(Debug, Clone)]
struct Last {
    seq: String,
    level: u8,
    category: Vec<String>,
    follow_ons: u32,
}

struct Reader<'s, 'd> {
    section: &'s Section<'s>,
    diags: &'d mut Vec<Diagnostic>,
    headings: Vec<Heading>,
    pending: Option<Pending>,
    last: Option<Last>,
    /// The plan said its first-listed unit leads ("…，下同").
    first_leads: bool,
    /// Units every following measure implements ("以下均需…落实，不再单独列出").
    standing: Vec<UnitRef>,
    tasks: Vec<Task>,
    /// Levels of emitted tasks, for the diagnostics at the end.
    levels: Vec<u8>,
    /// Numbered measure-like paragraphs left without an annotation.
    unannotated: Vec<(u8, String, usize)>,
}

impl<'s, 'd> Reader<'s, 'd> {
    fn new(section: &'s Section<'s>, diags: &'d mut Vec<Diagnostic>) -> Self {
        Reader {
            section,
            diags,
            headings: Vec::new(),
            pending: None,
            last: None,
            first_leads: false,
            standing: Vec::new(),
            tasks: Vec::new(),
            levels: Vec::new(),
            unannotated: Vec::new(),
        }
    }

    fn paragraph(&mut self, p: Paragraph) {
        match p.kind.clone() {
            ParaKind::Title => {
                self.drop_pending();
                self.last = None;
            }
            ParaKind::Numbered { level, number, heading } => self.numbered(p, level, number, heading),
            ParaKind::Body => self.body(p),
        }
    }

    fn numbered(&mut self, p: Paragraph, level: u8, number: String, heading: bool) {
        self.drop_pending();
        self.headings.retain(|h| h.level < level);
        let category: Vec<String> = self.headings.iter().map(|h| h.label.clone()).collect();
        match annotation::trailing(&p.text) {
            Trailing::Closed { body, content } => {
                let pending = Pending {
                    seq: number,
                    level,
                    category,
                    title: opening_sentence(&body),
                    parts: vec![body],
                    line: p.line,
                    measure_like: true,
                };
                self.emit(pending, &content);
            }
            Trailing::Unclosed { .. } => self.unclosed(&p),
            Trailing::None => {
                let printed = if level == 1 { format!("{number}、") } else { number.clone() };
                let label = format!("{printed}{}", join_cjk(p.text.trim_end_matches(['。', '.'])));
                self.headings.push(Heading { level, label });
                // A heading's words are its title; a numbered paragraph's
                // first sentence is.
                let (title, parts) = if heading && !p.text.trim_end().ends_with('。') {
                    (Some(join_cjk(&p.text)), Vec::new())
                } else {
                    (opening_sentence(&p.text), vec![p.text.clone()])
                };
                self.pending =
                    Some(Pending { seq: number, level, category, title, parts, line: p.line, measure_like: !heading });
                self.last = None;
            }
        }
    }

    fn body(&mut self, p: Paragraph) {
        match annotation::trailing(&p.text) {
            Trailing::Closed { body, content } => {
                let pending = match self.pending.take() {
                    Some(mut pending) => {
                        pending.parts.push(body);
                        pending
                    }
                    None => match self.follow_on(&body, p.line) {
                        Some(pending) => pending,
                        None => {
                            self.diags.push(Diagnostic::warning(
                                p.line,
                                DiagnosticKind::UnplacedLine,
                                "这段责任单位注释前面没有可以归属的举措，未导入",
                            ));
                            return;
                        }
                    },
                };
                if pending.parts.iter().all(|s| s.trim().is_empty()) && pending.title.is_none() {
                    self.diags.push(Diagnostic::warning(
                        p.line,
                        DiagnosticKind::UnplacedLine,
                        "这段责任单位注释前面没有举措内容，未导入",
                    ));
                    return;
                }
                self.emit(pending, &content);
            }
            Trailing::Unclosed { .. } => self.unclosed(&p),
            Trailing::None => match self.pending.as_mut() {
                Some(pending) => pending.parts.push(p.text),
                None => self.pending = self.follow_on(&p.text, p.line),
            },
        }
    }

    /// A paragraph after a measure, as a follow-on measure of its own.
    fn follow_on(&mut self, text: &str, line: usize) -> Option<Pending> {
        let last = self.last.as_mut()?;
        last.follow_ons += 1;
        Some(Pending {
            seq: format!("{}-{}", last.seq, last.follow_ons + 1),
            level: last.level,
            category: last.category.clone(),
            title: None,
            parts: vec![text.to_string()],
            line,
            measure_like: false,
        })
    }

    fn unclosed(&mut self, p: &Paragraph) {
        self.diags.push(Diagnostic::error(
            p.line,
            DiagnosticKind::UnclosedAnnotation,
            "责任单位注释的括号没有闭合，这一段未作为任务导入，请核对原文",
        ));
        self.pending = None;
        self.last = None;
    }

    /// A pending measure that never got an annotation is not a task.
    fn drop_pending(&mut self) {
        if let Some(p) = self.pending.take().filter(|p| p.measure_like) {
            self.unannotated.push((p.level, p.seq, p.line));
        }
    }

    fn emit(&mut self, pending: Pending, content: &str) {
        let ann = annotation::parse(content, self.first_leads);
        self.first_leads |= ann.states_first_leads;
        for name in &ann.doubtful {
            self.diags.push(Diagnostic::warning(
                pending.line,
                DiagnosticKind::UncertainUnit,
                format!("第 {} 项的责任单位「{name}」不像单位名称，请核对", pending.seq),
            ));
        }
        let mut units = ann.units;
        for u in &self.standing {
            if !units.iter().any(|x| x.name == u.name) {
                units.push(u.clone());
            }
        }
        dedup_units(&mut units);
        if units.is_empty() {
            self.diags.push(Diagnostic::warning(
                pending.line,
                DiagnosticKind::NoUnits,
                format!("第 {} 项的注释里没有读出责任单位", pending.seq),
            ));
        }
        if !ann.standing.is_empty() {
            self.standing = ann.standing;
        }
        let text = join_cjk(&pending.parts.concat());
        let title = pending.title.or_else(|| opening_sentence(&text));
        let deadline = self.deadline(&text, &pending.seq, pending.line);
        self.levels.push(pending.level);
        self.last = Some(Last {
            seq: pending.seq.clone(),
            level: pending.level,
            category: pending.category.clone(),
            follow_ons: 0,
        });
        self.tasks.push(Task {
            seq: pending.seq,
            category: pending.category,
            title,
            text,
            leaders: Vec::new(),
            lead_officers: Vec::new(),
            units,
            deadline,
            line: pending.line,
        });
    }

    /// The measure's dated target, else the end of the plan's period.
    fn deadline(&mut self, text: &str, seq: &str, line: usize) -> Deadline {
        let ctx = &self.section.ctx;
        match deadline::find_in(text, ctx) {
            Ok(Some(d)) => d,
            Ok(None) => self.fallback(),
            Err(e) => {
                self.diags.push(Diagnostic::error(line, DiagnosticKind::BadDeadline, format!("第 {seq} 项：{e}")));
                self.fallback()
            }
        }
    }

    fn fallback(&self) -> Deadline {
        match self.section.meta.period_end {
            Some(end) => deadline::inferred_end(&self.section.ctx, Some(end)),
            None => Deadline::default(),
        }
    }

    fn finish(mut self) -> Found {
        self.drop_pending();
        let first_line = self.tasks.first().map_or(usize::MAX, |t| t.line);
        let last_line = self.tasks.last().map_or(0, |t| t.line);
        for (level, seq, line) in std::mem::take(&mut self.unannotated) {
            // Only a gap among annotated siblings is suspicious; the closing
            // 保障措施 of a plan carry no annotation by design.
            if self.levels.contains(&level) && line > first_line && line < last_line {
                self.diags.push(Diagnostic::warning(
                    line,
                    DiagnosticKind::NoUnits,
                    format!("第 {seq} 项没有责任单位注释，未作为任务导入"),
                ));
            }
        }
        if !self.tasks.is_empty() && self.section.meta.period_end.is_none() {
            self.diags.push(Diagnostic::info(
                self.section.meta.line,
                DiagnosticKind::NoPeriod,
                format!("《{}》没有写明实施期限，正文未写时限的举措不推定截止日期", self.section.meta.title),
            ));
        }
        Found { tasks: self.tasks, ..Found::default() }
    }
}

/// The first sentence, up to its 。！？ outside brackets; the whole text
/// when it has none.
fn opening_sentence(text: &str) -> Option<String> {
    let text = join_cjk(text);
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '〔' | '【' | '[' | '《' | '“' => depth += 1,
            '）' | ')' | '〕' | '】' | ']' | '》' | '”' => depth = depth.saturating_sub(1),
            '。' | '！' | '？' if depth == 0 => return Some(text[..i + c.len_utf8()].to_string()),
            _ => {}
        }
    }
    Some(text).filter(|t| !t.is_empty())
}

/// A unit named twice in one annotation (or again by the plan's standing
/// implementers) counts once, in its first role.
fn dedup_units(units: &mut Vec<UnitRef>) {
    let mut seen = std::collections::HashSet::new();
    units.retain(|u| seen.insert(u.name.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::DeadlineContext;
    use crate::model::{PlanMeta, Role};
    use crate::read::lines::split_lines;
    use crate::read::Severity;
    use chrono::NaiveDate;

    fn read(text: &str, period_end: Option<NaiveDate>) -> (Vec<Task>, Vec<Diagnostic>) {
        let lines = split_lines(text);
        let meta = PlanMeta { title: "测试方案".into(), period_end, line: 1, ..PlanMeta::default() };
        let ctx = DeadlineContext { year: Some(2020), issued: NaiveDate::from_ymd_opt(2020, 1, 16) };
        let section = Section { lines: &lines, meta: &meta, ctx };
        let mut diags = Vec::new();
        let found = Prose.read(&section, &mut diags);
        (found.tasks, diags)
    }

    fn seqs(tasks: &[Task]) -> Vec<&str> {
        tasks.iter().map(|t| t.seq.as_str()).collect()
    }

    const LINZHI: &str = "## 林芝市职业技能提升行动实施方案 （2019—2021年）

## 三、突出培训重点，广泛开展职业技能提升培训

### （一）大力开展职工职业技能提升培训

1. **实施岗位技能提升计划。**推行企业新录用人员先招工、再培训、后上岗的岗前培训制度。（责任单位：市人社局、财政局、国资委，各县（区）人民政府等；如无特殊说明，列首位的单位为牵头单位，下同）

2. **实施高技能人才培养计划。**立足林芝产业发展实际，开

展高级工、技师和高级技师培训。（责任单位：市人社局、组织部、财政局，各县（区）人民政府等）

稳步推进现代服务业、物流产业技能人才培养培养。

（责任单位：市商务局、发改委、人社局，各县（区）人民政府等）

### （三）稳步推进创业技能培训

鼓励城乡劳动者参加创业培训。到 2021 年底，建成自治区级创业孵化基地 2 家。（责任单位：市人社局、财政局，各县（区）人民政府等）

## 四、聚合多元主体，全力推进职业培训载体建设

（四）突出企业主体培训作用。支持各类企业设立职工培训中心。（责任单位：市国资委、工商联、人社局，各县(区)人民政府等）

#### 七、坚持统筹推进，着力推动职业培训取得成效

(十四) 压实各级政府主体责任。各县(区)、各部门要充分认识实施职业技能提升行动计划的重要意义。
";

    #[test]
    fn linzhi_measures_headings_and_follow_ons() {
        let end = NaiveDate::from_ymd_opt(2021, 12, 31);
        let (tasks, diags) = read(LINZHI, end);
        assert_eq!(seqs(&tasks), ["1", "2", "2-2", "（三）", "（四）"]);
        assert!(diags.is_empty(), "{diags:?}");
        let t = &tasks[0];
        assert_eq!(t.category, ["三、突出培训重点，广泛开展职业技能提升培训", "（一）大力开展职工职业技能提升培训"]);
        assert_eq!(t.title.as_deref(), Some("实施岗位技能提升计划。"));
        assert!(!t.text.contains("责任单位") && !t.text.contains("**"), "{}", t.text);
        assert_eq!((t.units[0].name.as_str(), t.units[0].role), ("市人社局", Role::Lead));
        assert_eq!((t.units[3].name.as_str(), t.units[3].role), ("各县（区）人民政府", Role::Implementing));
        assert_eq!((t.deadline.due, t.deadline.inferred), (end, true));
        assert_eq!(tasks[1].text, "实施高技能人才培养计划。立足林芝产业发展实际，开展高级工、技师和高级技师培训。");
        assert_eq!(tasks[1].units[1].role, Role::Coop, "the convention holds for the rest of the plan");
        let follow = &tasks[2];
        assert_eq!(follow.title.as_deref(), Some("稳步推进现代服务业、物流产业技能人才培养培养。"));
        assert_eq!(follow.category, tasks[1].category);
        assert_eq!(follow.units[0].name, "市商务局");
        let heading = &tasks[3];
        assert_eq!((heading.title.as_deref(), heading.line), (Some("稳步推进创业技能培训"), 17));
        assert_eq!(heading.category, ["三、突出培训重点，广泛开展职业技能提升培训"]);
        assert_eq!(heading.deadline.text.as_deref(), Some("到2021年底"));
        assert!(!heading.deadline.inferred);
        assert_eq!(tasks[4].category, ["四、聚合多元主体，全力推进职业培训载体建设"]);
        assert_eq!(tasks[4].units.last().map(|u| u.name.as_str()), Some("各县（区）人民政府"));
    }

    #[test]
    fn annotation_broken_by_a_page_inside_a_name() {
        let text = "（一）实施技能培训促进就业计划。\n\n1. 加大培训力度。力争每年完成6万名农牧民培训任务。〔人力资源社会保障厅、生态环境厅、财政\n\n厅、林业和草原局等部门，各地（市）行署（人民政府）、县（区）人民政府负责，列第一位的为牵头单位，下同〕\n";
        let (tasks, _) = read(text, None);
        let names: Vec<&str> = tasks[0].units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "人力资源社会保障厅",
                "生态环境厅",
                "财政厅",
                "林业和草原局",
                "各地（市）行署（人民政府）",
                "县（区）人民政府"
            ]
        );
    }

    #[test]
    fn standing_implementers_join_every_later_measure() {
        let text = "1. 调整产业结构和布局。严控新增水泥产能立项。〔市发展改革委、经济和信息化局等按职责分工负责，各县（区）政府、园区管委会负责落实。以下均需各县（区）政府、园区管委会落实，不再单独列出。〕\n\n2. 推动传统产业升级改造。着重培育壮大“九大产业”。〔市发展改革委、生态环境局等按职责分工负责。〕\n";
        let (tasks, _) = read(text, NaiveDate::from_ymd_opt(2025, 12, 31));
        let roles: Vec<(&str, Role)> = tasks[1].units.iter().map(|u| (u.name.as_str(), u.role)).collect();
        assert_eq!(
            roles,
            [
                ("市发展改革委", Role::Responsible),
                ("市生态环境局", Role::Responsible),
                ("各县（区）政府", Role::Implementing),
                ("园区管委会", Role::Implementing)
            ]
        );
    }

    #[test]
    fn no_phantoms_from_headings_citations_or_unannotated_paragraphs() {
        let text = "一、总体要求\n\n根据《意见》（藏政办发〔2019〕20号）精神，提出以下实施方案。\n\n（一）指导思想。\n\n深入推进我市紧密型城市医疗集团(以下简称“医疗集团”)试点建设。\n\n（二）摸底排查(2019年4月底前)。\n\n| 序号 | 单位 |\n|---|---|\n| 1. 区纪委监委〔负责〕 | 2. 区党委办公厅 |\n\n三、保障措施\n\n县（区）人民政府和各级财政要确保财政资金预算。\n";
        let (tasks, diags) = read(text, None);
        assert!(tasks.is_empty(), "{tasks:?}");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn unclosed_annotation_is_reported_not_imported() {
        let text = "1. 实施高危行业安全技能提升计划。严格落实从业人员安全技能培训合格后上岗制度。（责任单位：市应急管理局、市场监管局\n\n2. 实施重点群体技能培训计划。进一步加大就业技能培训。（责任单位：市人社局、教育局）\n";
        let (tasks, diags) = read(text, None);
        assert_eq!(seqs(&tasks), ["2"]);
        let unclosed: Vec<usize> =
            diags.iter().filter(|d| d.kind == DiagnosticKind::UnclosedAnnotation).map(|d| d.line).collect();
        assert_eq!(unclosed, [1]);
        assert!(diags.iter().all(|d| d.kind != DiagnosticKind::UnclosedAnnotation || d.severity == Severity::Error));
    }

    #[test]
    fn a_measure_left_without_annotation_among_annotated_ones_is_reported() {
        let text =
            "1. 甲举措。做好甲。〔市民政局负责〕\n\n2. 乙举措。做好乙。\n\n3. 丙举措。做好丙。〔市财政局负责〕\n";
        let (tasks, diags) = read(text, None);
        assert_eq!(seqs(&tasks), ["1", "3"]);
        assert!(diags.iter().any(|d| d.kind == DiagnosticKind::NoUnits && d.line == 3), "{diags:?}");
    }

    #[test]
    fn without_a_period_undated_measures_get_no_date() {
        let (tasks, diags) =
            read("1. 优化养老服务设施布局。提供养老服务。〔责任单位：市民政局、各县（区）人民政府〕\n", None);
        assert_eq!(tasks[0].deadline, Deadline::default());
        assert!(diags.iter().any(|d| d.kind == DiagnosticKind::NoPeriod && d.severity == crate::read::Severity::Info));
        assert!(tasks[0].units.iter().all(|u| u.role == Role::Responsible));
    }

    #[test]
    fn opening_sentences() {
        assert_eq!(opening_sentence("加大培训力度。加大《意见》的贯彻落实力度。").as_deref(), Some("加大培训力度。"));
        assert_eq!(
            opening_sentence("农牧民施工企业（队。）带动就业。规范").as_deref(),
            Some("农牧民施工企业（队。）带动就业。")
        );
        assert_eq!(opening_sentence("稳步推进创业技能培训").as_deref(), Some("稳步推进创业技能培训"));
    }
}
