//! Responsibility annotations: the bracket that ends a prose measure and names
//! who answers for it.
//!
//! The seeds print four styles, in （）〔〕【】[] or ASCII brackets alike:
//! - "（责任单位：市人社局、财政局…，各县（区）人民政府等；如无特殊说明，列首位的单位为牵头单位，下同）"
//! - "〔…等部门，各地（市）行署（人民政府）、县（区）人民政府负责，列第一位的为牵头单位，下同〕"
//! - "（商务厅、发展改革委…等按职责分工负责）"
//! - "〔市生态环境局牵头；市发展改革委、经济和信息化局配合；各县（区）政府、园区管委会负责落实。〕"
//!
//! An annotation is a list of groups, cut at ；and ，; a group may end with a
//! role word, and a group without one takes the role of the next group that
//! has one ("市委统战部，市城市管理局…配合"). Roles, in order of precedence:
//! 1. Role words: 牵头 → lead, 配合/协办/参与 → co-operating, 负责落实/配合落实/
//!    落实 → implementing. 负责 and 按职责分工负责 name no role.
//! 2. For units without a role word, a plan convention that the first unit
//!    leads ("列首位的单位为牵头单位", "列第一位的为牵头单位"): the first unit
//!    leads unless a role word names a lead, local governments (各县（区）人民政府, 各地（市）行署, 园区管委会) implement,
//!    every other unit co-operates. This is how DOMAIN.md reads 牵头/配合/负责落实,
//!    and it matches the plans that spell their roles out.
//! 3. Otherwise the units are responsible: duban does not guess a lead.

use crate::model::{Role, UnitRef};
use crate::names::{ends_like_unit, expand_enumeration, is_collective, split_outside_brackets};
use crate::text::{fold_char, fold_punct, squeeze};
use regex::Regex;
use std::sync::LazyLock;

/// What ends a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trailing {
    /// No annotation.
    None,
    /// A closed annotation: the paragraph's text before it, and its content.
    Closed { body: String, content: String },
    /// An annotation bracket opened and never closed; its content so far.
    Unclosed { content: String },
}

fn is_open(c: char) -> bool {
    matches!(fold_char(c), '（' | '〔')
}

fn is_close(c: char) -> bool {
    matches!(fold_char(c), '）' | '〕')
}

/// Splits a paragraph's trailing annotation off. Any bracket kind closes any
/// other: extraction mixes them ("〔…市场监管局(知识产权局)…〕").
pub fn trailing(text: &str) -> Trailing {
    let t = text.trim_end();
    let t = t.strip_suffix('。').unwrap_or(t).trim_end();
    if t.ends_with(is_close) {
        let mut depth = 0usize;
        for (i, c) in t.char_indices().rev() {
            if is_close(c) {
                depth += 1;
            } else if is_open(c) {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let content = &t[i + c.len_utf8()..t.len() - t.chars().last().map_or(0, char::len_utf8)];
                    if is_annotation(content) {
                        return Trailing::Closed { body: t[..i].trim_end().to_string(), content: content.to_string() };
                    }
                    return Trailing::None;
                }
            }
        }
        return Trailing::None;
    }
    match outermost_unclosed(t) {
        Some(start) if opens_annotation(&t[start..]) => Trailing::Unclosed { content: t[start..].to_string() },
        _ => Trailing::None,
    }
}

/// Depth of brackets still open at the end of `t`: a paragraph broken by a
/// page inside an annotation goes on.
pub fn open_depth(t: &str) -> usize {
    t.chars().fold(0usize, |d, c| {
        if is_open(c) {
            d + 1
        } else if is_close(c) {
            d.saturating_sub(1)
        } else {
            d
        }
    })
}

/// Byte index just after the outermost bracket that never closes.
fn outermost_unclosed(t: &str) -> Option<usize> {
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in t.char_indices() {
        if is_open(c) {
            stack.push(i + c.len_utf8());
        } else if is_close(c) {
            stack.pop();
        }
    }
    stack.first().copied()
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:主要)?(?:责任单位|责任部门|牵头单位|牵头部门|主责单位|承办单位)：").expect("valid regex")
});
static CONVENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[，；]?(?:如无特殊说明，?)?列(?:首位|第一位|第一)的?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)?(?:，?下同)?",
    )
    .expect("valid regex")
});
static STANDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[。；，]?以下均(?:需|由)(.+?)(?:负责)?落实，?不再单独列出").expect("valid regex"));
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(牵头|配合落实|负责落实|协助落实|落实|配合|协办|参与|协助|按职责分工负责|按职责负责|按分工负责|分工负责|分别负责|共同负责|负责)$")
        .expect("valid regex")
});
/// Words that open a clause about something other than units.
static NOT_UNITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:由|按|根据|经|详见|见|以下|含|不含|其中|包括)").expect("valid regex"));

fn normalise(s: &str) -> String {
    squeeze(&fold_punct(s)).trim_end_matches('。').to_string()
}

/// The content without the plan-wide sentences it may carry.
fn without_conventions(c: &str) -> String {
    STANDING.replace_all(&CONVENTION.replace_all(c, ""), "").to_string()
}

/// Whether a trailing bracket names units: a 责任单位 label, or a role word
/// after a list whose first item reads as a unit. Citations ("藏政办发〔2019〕20号"),
/// "以下简称…", "试行" and "含…" are not.
pub fn is_annotation(content: &str) -> bool {
    let c = normalise(content);
    if LABEL.is_match(&c) {
        return true;
    }
    let rest = without_conventions(&c);
    let groups = split_outside_brackets(&rest, &['；', '，']);
    let Some(first) = groups.first() else { return false };
    let first_names = ROLE.replace(first, "");
    groups.iter().any(|g| ROLE.is_match(g))
        && !NOT_UNITS.is_match(first)
        && ends_like_unit(&crate::names::strip_trailing(&first_names))
}

/// The opening of an unclosed bracket reads like an annotation.
fn opens_annotation(content: &str) -> bool {
    let c = normalise(content);
    LABEL.is_match(&c) || (c.contains("牵头") && c.contains('、'))
}

/// What an annotation says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    pub units: Vec<UnitRef>,
    /// It states the plan's convention that the first unit leads.
    pub states_first_leads: bool,
    /// Units it makes implementing for every following measure of the plan
    /// ("以下均需各县（区）政府、园区管委会落实，不再单独列出").
    pub standing: Vec<UnitRef>,
    /// Names that do not read as units, kept but worth a warning.
    pub doubtful: Vec<String>,
}

/// A role word's role; `None` for the words that name none (负责, 按职责分工负责).
fn role_of(word: &str) -> Option<Role> {
    match word {
        "牵头" => Some(Role::Lead),
        "配合" | "协办" | "参与" | "协助" => Some(Role::Coop),
        "配合落实" | "负责落实" | "协助落实" | "落实" => Some(Role::Implementing),
        _ => None,
    }
}

/// A local government, which implements rather than co-operates.
pub fn is_local_government(name: &str) -> bool {
    name.contains("政府") || name.contains("行署") || (is_collective(name) && name.contains("管委会"))
}

/// Reads an annotation's units and roles. `first_leads` is the plan's
/// convention as stated by earlier annotations.
pub fn parse(content: &str, first_leads: bool) -> Annotation {
    let c = normalise(content);
    let c = LABEL.replace(&c, "").to_string();
    let states_first_leads = CONVENTION.is_match(&c);
    let standing_names = STANDING.captures(&c).map(|m| m[1].to_string());
    let rest = without_conventions(&c);

    // (names, role word's role, has role word) per group.
    let mut groups: Vec<(String, Option<Role>, bool)> = split_outside_brackets(&rest, &['；', '，'])
        .into_iter()
        .map(|g| match ROLE.captures(&g) {
            Some(m) => (g[..m.get(0).map_or(g.len(), |x| x.start())].to_string(), role_of(&m[1]), true),
            None => (g, None, false),
        })
        .collect();
    // A group without a role word shares the next group's.
    for i in (0..groups.len().saturating_sub(1)).rev() {
        if !groups[i].2 {
            groups[i].1 = groups[i + 1].1;
            groups[i].2 = groups[i + 1].2;
        }
    }
    let convention = first_leads || states_first_leads;
    let any_lead = groups.iter().any(|g| g.1 == Some(Role::Lead));
    let mut out = Annotation { states_first_leads, ..Annotation::default() };
    let mut prefix = None;
    for (names, role, _) in &groups {
        for u in expand_enumeration(names, &mut prefix) {
            let role = match role {
                Some(r) => *r,
                None if !convention => Role::Responsible,
                None if !any_lead && out.units.is_empty() => Role::Lead,
                None if is_local_government(&u.name) => Role::Implementing,
                None => Role::Coop,
            };
            if !ends_like_unit(&u.name) {
                out.doubtful.push(u.name.clone());
            }
            out.units.push(UnitRef { name: u.name, as_printed: u.as_printed, role });
        }
    }
    if let Some(names) = standing_names {
        let mut p = None;
        out.standing = expand_enumeration(&names, &mut p)
            .into_iter()
            .map(|u| UnitRef { name: u.name, as_printed: u.as_printed, role: Role::Implementing })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(a: &Annotation) -> Vec<(&str, Role)> {
        a.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
    }

    fn content(text: &str) -> String {
        match trailing(text) {
            Trailing::Closed { content, .. } => content,
            other => panic!("no annotation in {text}: {other:?}"),
        }
    }

    #[test]
    fn linzhi_responsible_units_with_the_first_leads_convention() {
        let c = content("…补贴标准为初级工（五级）1000元/人。（责任单位：市人社局、财政局、国资委、工商联、经信局、旅发局、总工会，各县（区）人民政府等；如无特殊说明，列首位的单位为牵头单位，下同）");
        let a = parse(&c, false);
        assert!(a.states_first_leads);
        assert_eq!(
            roles(&a),
            [
                ("市人社局", Role::Lead),
                ("市财政局", Role::Coop),
                ("市国资委", Role::Coop),
                ("市工商联", Role::Coop),
                ("市经信局", Role::Coop),
                ("市旅发局", Role::Coop),
                ("市总工会", Role::Coop),
                ("各县（区）人民政府", Role::Implementing)
            ]
        );
        // Later annotations of the plan state nothing, the convention holds.
        let a = parse("责任单位：市教育局、市人社局等", true);
        assert_eq!(roles(&a), [("市教育局", Role::Lead), ("市人社局", Role::Coop)]);
        assert_eq!(roles(&parse("责任单位：市教育局、市人社局等", false))[0].1, Role::Responsible);
    }

    #[test]
    fn ascii_punctuation_reads_alike() {
        let c = content("…探索完善相关机制。(责任单位:市财政局、人社局,各县(区)人民政府等)");
        assert_eq!(
            roles(&parse(&c, true)),
            [("市财政局", Role::Lead), ("市人社局", Role::Coop), ("各县（区）人民政府", Role::Implementing)]
        );
    }

    #[test]
    fn region_departments_and_governments_with_first_position_convention() {
        let c = content("…力争每年完成6万名农牧民培训任务。〔人力资源社会保障厅、发展改革委（能源局）、财政厅、团区委等部门，各地（市）行署（人民政府）、县（区）人民政府负责，列第一位的为牵头单位，下同〕");
        let a = parse(&c, false);
        assert!(a.states_first_leads);
        assert_eq!(
            roles(&a),
            [
                ("人力资源社会保障厅", Role::Lead),
                ("发展改革委（能源局）", Role::Coop),
                ("财政厅", Role::Coop),
                ("团区委", Role::Coop),
                ("各地（市）行署（人民政府）", Role::Implementing),
                ("县（区）人民政府", Role::Implementing)
            ]
        );
    }

    #[test]
    fn duties_by_division_name_no_lead() {
        let c = content("…切实提高人民生活水平。〔商务厅、发展改革委、拉萨海关、税务局、人行拉萨中心支行（外汇管理局）等按职责分工负责〕");
        let a = parse(&c, false);
        assert!(a.units.iter().all(|u| u.role == Role::Responsible), "{a:?}");
        assert_eq!(a.units.len(), 5);
        assert_eq!(a.units[4].name, "人行拉萨中心支行（外汇管理局）");
        assert!(a.doubtful.is_empty(), "{:?}", a.doubtful);
    }

    #[test]
    fn lead_coop_implementing_spelled_out() {
        let c = content("…控制在0.002吨/万元以下。〔市生态环境局牵头；市发展改革委、经济和信息化局、统计局、市场监管局配合；各县（区）政府、园区管委会配合落实。〕");
        assert_eq!(
            roles(&parse(&c, false)),
            [
                ("市生态环境局", Role::Lead),
                ("市发展改革委", Role::Coop),
                ("市经济和信息化局", Role::Coop),
                ("市统计局", Role::Coop),
                ("市市场监管局", Role::Coop),
                ("各县（区）政府", Role::Implementing),
                ("园区管委会", Role::Implementing)
            ]
        );
        let a = parse("市市场监管局、发展改革委牵头；市委统战部，市城市管理局、生态环境局配合；各县（区）政府、园区管委会负责落实。", false);
        assert_eq!(
            roles(&a)[..5],
            [
                ("市市场监管局", Role::Lead),
                ("市发展改革委", Role::Lead),
                ("市委统战部", Role::Coop),
                ("市城市管理局", Role::Coop),
                ("市生态环境局", Role::Coop)
            ]
        );
        let a = parse("市“无废城市”建设工作领导小组办公室单位牵头，市“无废城市”建设工作领导小组成员单位配合；各县（区）政府、园区管委会负责落实。", false);
        assert_eq!(
            roles(&a)[..2],
            [
                ("市“无废城市”建设工作领导小组办公室单位", Role::Lead),
                ("市“无废城市”建设工作领导小组成员单位", Role::Coop)
            ]
        );
    }

    #[test]
    fn standing_implementers_for_the_rest_of_the_plan() {
        let c = content("…严格按照国家产能置换相关规定执行。〔市发展改革委、经济和信息化局、市场监管局等按职责分工负责，各县（区）政府、园区管委会负责落实。以下均需各县（区）政府、园区管委会落实，不再单独列出。〕");
        let a = parse(&c, false);
        assert_eq!(
            roles(&a),
            [
                ("市发展改革委", Role::Responsible),
                ("市经济和信息化局", Role::Responsible),
                ("市市场监管局", Role::Responsible),
                ("各县（区）政府", Role::Implementing),
                ("园区管委会", Role::Implementing)
            ]
        );
        let standing: Vec<&str> = a.standing.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(standing, ["各县（区）政府", "园区管委会"]);
        assert!(!a.states_first_leads);
    }

    #[test]
    fn responsible_units_label_without_convention() {
        let c = content("…形成特色鲜明的发展格局。〔责任单位：市卫生健康委、城关区人民政府、堆龙德庆区人民政府〕");
        assert_eq!(
            roles(&parse(&c, false)),
            [
                ("市卫生健康委", Role::Responsible),
                ("城关区人民政府", Role::Responsible),
                ("堆龙德庆区人民政府", Role::Responsible)
            ]
        );
        assert_eq!(roles(&parse("各职能部门按分工负责。", false)), [("各职能部门", Role::Responsible)]);
        assert_eq!(roles(&parse("市生态环境局负责。", false)), [("市生态环境局", Role::Responsible)]);
    }

    #[test]
    fn every_bracket_kind() {
        for text in [
            "做好工作。【市民政局牵头；市财政局配合】",
            "做好工作。[市民政局牵头;市财政局配合]",
            "做好工作。(市民政局牵头;市财政局配合)",
            "做好工作。〔市民政局牵头；市财政局配合〕",
            "做好工作。（市民政局牵头；市财政局配合）。",
        ] {
            let a = parse(&content(text), false);
            assert_eq!(roles(&a), [("市民政局", Role::Lead), ("市财政局", Role::Coop)], "{text}");
        }
    }

    #[test]
    fn brackets_that_are_not_annotations() {
        for text in [
            "…结合我区实际，提出以下实施方案。（藏政办发〔2019〕20号）",
            "深入推进我市紧密型城市医疗集团(以下简称“医疗集团”)",
            "拉萨市紧密型城市医疗集团试点工作方案(试行)",
            "强制隔离戒毒人员等重点群体（含社区服刑人员）",
            "（二）摸底排查(2019年4月底前)。",
            "管委会下设办公室和咨询委员会（详见拉萨市产业强市投资基金管委会的方案）。",
            "资产原占有单位为责任主体（由资产原占有单位负责）",
        ] {
            assert_eq!(trailing(text), Trailing::None, "{text}");
        }
    }

    #[test]
    fn unclosed_annotation() {
        assert_eq!(
            trailing("开展安全技能培训。（责任单位：市应急管理局、市场监管局"),
            Trailing::Unclosed { content: "责任单位：市应急管理局、市场监管局".into() }
        );
        assert_eq!(trailing("开展（试点工作"), Trailing::None);
        assert_eq!(open_depth("〔人力资源社会保障厅、财政"), 1);
        assert_eq!(open_depth("各县（区）人民政府"), 0);
    }
}
