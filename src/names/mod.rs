//! Department names as plans print them: enumerations to split
//! ("市卫生健康委、教育局"), prefixes and suffixes to carry over, trailing
//! 等/等部门 to drop. [`aliases`] then maps each spelling to one department.

pub mod aliases;
pub mod governments;

use crate::text::{fold_punct, squeeze, squeezed_width};
use regex::Regex;
use std::sync::LazyLock;

/// A unit split out of an enumeration: its full name and the fragment as
/// printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    pub as_printed: String,
}

/// Splits `s` at any of `seps`, but never inside brackets: "各县（区）、市（中、区）直各单位"
/// has a 、 inside （中、区）.
pub fn split_outside_brackets(s: &str, seps: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut keep = |part: &str| {
        let part = part.trim();
        if !part.is_empty() {
            parts.push(part.to_string());
        }
    };
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '〔' | '[' | '【' | '《' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' | '》' => depth = (depth - 1).max(0),
            _ if depth == 0 && seps.contains(&c) => {
                keep(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    keep(&s[start..]);
    parts
}

static TRAILING_ETC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:等)?(?:按职责分工负责|按职责负责|分别负责|负责落实|配合落实|负责|牵头|配合)$|等(?:相关|有关|其他)?(?:部门|单位|机构)?$")
        .expect("valid regex")
});

/// Drops what is not part of a name: "各县（区）人民政府等" → "各县（区）人民政府",
/// "…等按职责分工负责" → "…".
pub fn strip_trailing(s: &str) -> String {
    trailing_stripped(s).to_string()
}

/// [`strip_trailing`] as a slice of `s`.
fn trailing_stripped(s: &str) -> &str {
    let punct = ['。', '；', '，', '、'];
    let mut cur = s.trim().trim_end_matches(punct);
    // "…等、等" loses both fillers, and the 、 between them.
    while let Some(m) = TRAILING_ETC.find(cur) {
        let next = cur[..m.start()].trim().trim_end_matches(punct).trim();
        if next.is_empty() {
            break;
        }
        cur = next;
    }
    cur
}

/// True for units that stand for many ("各县（区）人民政府", "各相关部门",
/// "市各委、办、局"): real responsibility holders, kept as units. 拉萨's
/// "各县（区）政府、园区管委会" lets its 各 cover both, so a bare
/// "园区管委会" is every park's committee.
pub fn is_collective(name: &str) -> bool {
    let n = squeeze(name);
    n.contains('各')
        || n.starts_with("相关")
        || n.starts_with("有关")
        || n.starts_with("全市")
        || n.starts_with("县、区")
        || n.starts_with("县（区）")
        || n.starts_with("园区")
        || n.starts_with("功能园区")
}

/// Endings of unit names, used to tell a unit from a fragment of one.
const UNIT_ENDINGS: [&str; 27] = [
    "局",
    "委",
    "办",
    "部",
    "厅",
    "院",
    "会",
    "队",
    "处",
    "室",
    "中心",
    "政府",
    "单位",
    "部门",
    "公司",
    "支行",
    "台",
    "馆",
    "团",
    "联",
    "社",
    "站",
    "所",
    "署",
    "海关",
    "（区）",
    "(区)",
];

/// Whether `s` ends like a unit name ("市财政局", "拉萨海关", "各县（区）"), a
/// trailing second hat aside ("人行拉萨中心支行（外汇管理局）").
pub fn ends_like_unit(s: &str) -> bool {
    let s = s.trim();
    let base = match (s.ends_with('）') || s.ends_with(')'), s.rfind(['（', '('])) {
        (true, Some(open)) if open > 0 && !s.ends_with("（区）") && !s.ends_with("(区)") => &s[..open],
        _ => s,
    };
    UNIT_ENDINGS.iter().any(|e| s.ends_with(e) || base.ends_with(e)) || s.ends_with('等')
}

/// A county or district's own unit ("城关区卫生健康委", "曲水县政府"): it
/// names its place, so no city prefix belongs in front of it. A zone named
/// like a district (经开区, 高新区, 景区, 园区) is the city's, not a county's.
pub fn is_county_unit(name: &str) -> bool {
    let chars: Vec<char> = name.chars().take(6).collect();
    (2..=4).any(|n| {
        chars.get(n).is_some_and(|c| matches!(c, '县' | '区'))
            && chars[..n].iter().all(|c| crate::text::is_cjk(*c))
            && !matches!(chars[n - 1], '开' | '新' | '景' | '园' | '税' | '范' | '作' | '能' | '城' | '各')
            && chars.len() > n + 1
    })
}

/// Words that show a name already says whose it is, so no 市 prefix is carried
/// into it: a place, a central agency's local branch, a collective.
static SELF_QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:市|区党委|区|自治区|中共|中国|国家|国网|人行|人民银行|西藏|拉萨|林芝|驻|团|各|全|相关|有关|本级)|^[^、，]{1,6}?(?:县|区|镇|乡)(?:人民政府|政府|委|党委)?$|(?:县|区)人民政府|林芝|拉萨|海关|总站|支行|分行|分局|公司|集团|军分区|部队|大学|学院")
        .expect("valid regex")
});

/// The level prefix that carries over inside an enumeration: "市卫生健康委、教育局"
/// makes 教育局 a 市 department; "市委政法委、国安办" makes 国安办 市委's.
fn carried_prefix(first: &str) -> Option<&'static str> {
    if first.starts_with("市委") && !first.starts_with("市委员会") {
        Some("市委")
    } else if first.starts_with('市') && !first.starts_with("市场") {
        Some("市")
    } else {
        None
    }
}

/// Whether a fragment needs the carried prefix.
fn needs_prefix(item: &str) -> bool {
    if item.starts_with("市场") {
        return true;
    }
    !SELF_QUALIFIED.is_match(item) && !is_county_unit(item) && !is_collective(item)
}

static PLACE_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.{1,6}?(?:县|区))(人民政府|政府)$").expect("valid regex"));
static BARE_PLACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^、，（(]{1,6}(?:县|区)$").expect("valid regex"));

/// Splits one enumeration ("市卫生健康委、教育局", joined by 、) into units,
/// carrying the 市/市委 prefix forward and the 人民政府 suffix backward
/// ("墨脱县、波密县、察隅县人民政府" is three governments). `prefix` is the
/// prefix carried in from an earlier group of the same cell, and is updated.
pub fn expand_enumeration(s: &str, prefix: &mut Option<&'static str>) -> Vec<Unit> {
    let items = merge_single_characters(split_outside_brackets(&fold_punct(s), &['、']));
    let mut units: Vec<Unit> = Vec::with_capacity(items.len());
    for raw in &items {
        let mut printed = squeeze(raw);
        let kept = trailing_stripped(&printed);
        if kept.len() != printed.len() {
            printed = kept.to_string();
        }
        // "…，等" or a lone "等部门": filler, not a unit.
        if printed.is_empty() || TRAILING_ETC.find(&printed).is_some_and(|m| m.range() == (0..printed.len())) {
            continue;
        }
        if let Some(p) = carried_prefix(&printed) {
            *prefix = Some(p);
        }
        let name = match *prefix {
            Some(p) if !printed.starts_with('市') || printed.starts_with("市场") => {
                if needs_prefix(&printed) {
                    format!("{p}{printed}")
                } else {
                    printed.clone()
                }
            }
            _ => printed.clone(),
        };
        units.push(Unit { name, as_printed: printed });
    }
    carry_place_suffix(&mut units);
    units
}

/// "市各委、办、局" is one collective unit: a single character cannot be a unit,
/// so it joins the item before it.
fn merge_single_characters(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        match out.last_mut() {
            Some(prev) if squeezed_width(&item) == 1 => {
                prev.push('、');
                prev.push_str(&item);
            }
            _ => out.push(item),
        }
    }
    out
}

/// "墨脱县、波密县、察隅县人民政府": the last item's 人民政府 belongs to the bare
/// place names before it.
fn carry_place_suffix(units: &mut [Unit]) {
    let Some(last) = units.last() else { return };
    let Some(caps) = PLACE_SUFFIX.captures(&last.name) else { return };
    let suffix = caps[2].to_string();
    let n = units.len();
    for u in units[..n - 1].iter_mut().rev() {
        if BARE_PLACE.is_match(&u.name) && !u.name.starts_with('各') {
            u.name.push_str(&suffix);
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let mut p = None;
        expand_enumeration(s, &mut p).into_iter().map(|u| u.name).collect()
    }

    #[test]
    fn prefix_carries_over() {
        assert_eq!(names("市卫生健康委、教育局"), ["市卫生健康委", "市教育局"]);
        assert_eq!(names("市商务局、市场监管局"), ["市商务局", "市市场监管局"]);
        assert_eq!(names("市委政法委、国安办"), ["市委政法委", "市委国安办"]);
        assert_eq!(names("市人社局、组织部（编办）、人社局"), ["市人社局", "市组织部（编办）", "市人社局"]);
        assert_eq!(names("国网林芝供电公司、市通信监管办、市文广局"), ["国网林芝供电公司", "市通信监管办", "市文广局"]);
        assert_eq!(
            names("市市场监管局、人行林芝市中心支行、各县（区）人民政府"),
            ["市市场监管局", "人行林芝市中心支行", "各县（区）人民政府"]
        );
        assert_eq!(
            names("商务厅、发展改革委、人行拉萨中心支行（外汇管理局）"),
            ["商务厅", "发展改革委", "人行拉萨中心支行（外汇管理局）"]
        );
    }

    #[test]
    fn prefix_carries_across_groups_of_one_cell() {
        let mut p = None;
        let first: Vec<_> = expand_enumeration("市发展改革委", &mut p).into_iter().map(|u| u.name).collect();
        let second: Vec<_> =
            expand_enumeration("财政局、各相关县（区）人民政府", &mut p).into_iter().map(|u| u.name).collect();
        assert_eq!(first, ["市发展改革委"]);
        assert_eq!(second, ["市财政局", "各相关县（区）人民政府"]);
    }

    #[test]
    fn place_suffix_carries_back() {
        assert_eq!(names("墨脱县、波密县、察隅县人民政府"), ["墨脱县人民政府", "波密县人民政府", "察隅县人民政府"]);
        assert_eq!(names("巴宜区、工布江达县人民政府"), ["巴宜区人民政府", "工布江达县人民政府"]);
        assert_eq!(names("市各委、办、局"), ["市各委、办、局"]);
    }

    #[test]
    fn trailing_words_dropped() {
        assert_eq!(strip_trailing("各县（区）人民政府等"), "各县（区）人民政府");
        assert_eq!(strip_trailing("拉萨海关等按职责分工负责"), "拉萨海关");
        assert_eq!(strip_trailing("农业农村局等相关部门"), "农业农村局");
        assert_eq!(strip_trailing("市生态环境局牵头"), "市生态环境局");
        assert_eq!(strip_trailing(" 市教育局等、等。"), "市教育局");
        assert_eq!(strip_trailing("等相关部门"), "等相关部门", "nothing left to keep");
    }

    #[test]
    fn brackets_protect_separators() {
        assert_eq!(
            split_outside_brackets("各县（区）、市（中、区）直各单位", &['、']),
            ["各县（区）", "市（中、区）直各单位"]
        );
    }

    #[test]
    fn collectives() {
        for n in
            ["各县（区）人民政府", "各相关部门", "市各委、办、局", "市（中、区）直各单位", "各地（市）行署（人民政府）"]
        {
            assert!(is_collective(n), "{n}");
        }
        assert!(is_collective("园区管委会"));
        assert!(!is_collective("市财政局"));
    }

    #[test]
    fn county_units_take_no_city_prefix() {
        assert_eq!(
            names("市卫生健康委、市人民医院、城关区卫生健康委、堆龙德庆区卫健委"),
            ["市卫生健康委", "市人民医院", "城关区卫生健康委", "堆龙德庆区卫健委"]
        );
        assert_eq!(names("市生态环境局、各县（区）政府、园区管委会"), ["市生态环境局", "各县（区）政府", "园区管委会"]);
        assert_eq!(names("市商务局、经开区管委会"), ["市商务局", "市经开区管委会"], "a zone is the city's");
        assert!(is_county_unit("工布江达县人民政府") && is_county_unit("曲水县政府"));
        assert!(!is_county_unit("鲁朗景区管委会") && !is_county_unit("社区服务中心") && !is_county_unit("城关区"));
    }

    #[test]
    fn unit_endings() {
        for s in [
            "市财政局",
            "拉萨海关",
            "各县（区）",
            "人行拉萨中心支行（外汇管理局）",
            "各地（市）行署（人民政府）",
            "总工会",
        ] {
            assert!(ends_like_unit(s), "{s}");
        }
        for s in ["以下简称“医疗集团”", "试行", "2019年4月底前", "含社区服刑人员"] {
            assert!(!ends_like_unit(s), "{s}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::aliases::{key, qualify, split_hat, Level};
    use super::*;
    use crate::text::fold_punct;
    use proptest::prelude::*;

    /// Department-like strings: words from real names joined by 、 and ，.
    fn enumeration() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "市财政局",
            "教育局",
            "市场监管局",
            "发展改革委",
            "各县（区）人民政府",
            "市委宣传部",
            "国安办",
            "墨脱县",
            "察隅县人民政府",
            "人行林芝市中心支行",
            "市发展改革委（招商引资局）",
            "等",
            "等相关部门",
            "局",
            "办",
        ]);
        prop::collection::vec((word, prop::sample::select(vec!["、", "，", " "])), 1..8)
            .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #[test]
        fn normalising_twice_changes_nothing(s in "\\PC{0,40}") {
            prop_assert_eq!(key(&key(&s)), key(&s));
            prop_assert_eq!(fold_punct(&fold_punct(&s)), fold_punct(&s));
            prop_assert_eq!(qualify(&qualify(&s, Level::City), Level::City), qualify(&s, Level::City));
            let (base, _) = split_hat(&s);
            prop_assert_eq!(split_hat(&base).0, base);
        }

        #[test]
        fn every_unit_keeps_what_was_printed(s in enumeration()) {
            let mut prefix = None;
            for u in expand_enumeration(&s, &mut prefix) {
                prop_assert!(!u.name.is_empty());
                prop_assert!(u.name.contains(&u.as_printed), "{} / {}", u.name, u.as_printed);
                prop_assert!(!u.name.ends_with('等'));
            }
        }

        #[test]
        fn splitting_never_panics(s in "\\PC{0,80}") {
            let mut prefix = None;
            let _ = expand_enumeration(&s, &mut prefix);
            let _ = crate::read::markdown_table::cell_units(&s);
        }
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Found by the `names` fuzz target: fillers (等) around empty items.
    #[test]
    fn keys_of_units_among_fillers_are_stable() {
        let text = String::from_utf8_lossy(&[
            0x12, 0x23, 0xe7, 0xad, 0x89, 0xe3, 0x80, 0x81, 0xe7, 0xad, 0x89, 0xe3, 0x80, 0x81, 0xe7, 0xad, 0x89, 0xe3,
            0x80, 0x81, 0xe3, 0x80, 0x81, 0xb1, 0x5e, 0x5e, 0xe5, 0x00, 0x5e,
        ])
        .into_owned();
        let mut prefix = None;
        for u in expand_enumeration(&text, &mut prefix) {
            assert!(u.name.contains(&u.as_printed), "{u:?}");
            let k = aliases::key(&u.name);
            assert_eq!(aliases::key(&k), k, "{u:?}");
        }
    }
}
