//! One department, many spellings: 市人社局 = 市人力资源社会保障局 =
//! 市人力资源和社会保障局. Names are compared by a [`key`] that ignores the
//! spelling differences no clerk cares about; abbreviations come from the
//! shipped table `data/departments.csv`, which the office can extend from the
//! CLI. Departments belong to a government: 林芝's 市财政局 is not 拉萨's.

use crate::names::strip_trailing;
use crate::text::{fold_punct, squeeze};
use serde::{Deserialize, Serialize};

/// The shipped alias table, compiled in so a fresh database knows it.
pub const SHIPPED_CSV: &str = include_str!("../../data/departments.csv");

/// Which kind of government issued a plan: it decides whether a bare "财政局"
/// is the city's (市财政局) and which shipped aliases apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    /// A prefecture-level city (林芝市, 拉萨市): departments are 市…局/委.
    City,
    /// A province or autonomous region (西藏自治区): departments are …厅/委.
    Province,
}

impl Level {
    pub fn of(government: &str) -> Level {
        if government.ends_with("自治区") || government.ends_with('省') {
            Level::Province
        } else {
            Level::City
        }
    }

    /// The scope word used in the shipped table for aliases that hold for
    /// every government of this level.
    pub fn scope(self) -> &'static str {
        match self {
            Level::City => "市",
            Level::Province => "省",
        }
    }
}

/// The comparison key of a name: punctuation folded, spaces gone, trailing 等
/// dropped, and the words that vary without changing the unit (和/与/及,
/// 委员会/委, 人民政府/政府, 人民银行/人行) made uniform.
pub fn key(name: &str) -> String {
    let s = strip_trailing(&squeeze(&fold_punct(name)));
    let s = s
        .replace("中国人民银行", "人行")
        .replace("人民银行", "人行")
        .replace("委员会", "委")
        .replace("人民政府", "政府");
    s.chars().filter(|c| !matches!(c, '和' | '与' | '及')).collect()
}

/// Splits a second hat off a name: "市发展改革委（招商引资局）" is the 市发展改革委
/// wearing its 招商引资局 hat. Only a trailing bracket that itself names a unit
/// counts, so "各地（市）行署（人民政府）" stays whole.
pub fn split_hat(name: &str) -> (String, Option<String>) {
    let n = fold_punct(name);
    let Some(open) = n.rfind('（') else { return (n, None) };
    if !n.ends_with('）') || open == 0 {
        return (n, None);
    }
    let base = &n[..open];
    let inner = &n[open + '（'.len_utf8()..n.len() - '）'.len_utf8()];
    let unit_like = |s: &str| {
        ["局", "委", "办", "部", "厅", "室", "中心", "站", "所", "院", "支行", "分行"]
            .iter()
            .any(|suf| s.ends_with(suf))
    };
    if unit_like(base) && unit_like(inner) && !base.starts_with('各') {
        (base.to_string(), Some(inner.to_string()))
    } else {
        (n, None)
    }
}

/// In a city plan a bare "发展改革委" or "财政局" is the city's department: give
/// it the 市 prefix. Province names and self-qualified names are left alone.
pub fn qualify(name: &str, level: Level) -> String {
    if level == Level::Province || crate::names::is_collective(name) {
        return name.to_string();
    }
    let ends_like_department =
        ["局", "委", "办", "部", "室", "中心", "馆", "台", "队", "联", "会", "院"].iter().any(|s| name.ends_with(s));
    let has_level = name.starts_with('市') && !name.starts_with("市场");
    let self_named =
        ["县", "区", "镇", "乡", "林芝", "拉萨", "国网", "人行", "人民银行", "西藏", "中国", "驻", "团", "总工会"]
            .iter()
            .any(|w| name.starts_with(w) || (w.chars().count() > 1 && name.contains(w)))
            || crate::names::is_county_unit(name);
    if ends_like_department && !has_level && !self_named {
        format!("市{name}")
    } else {
        name.to_string()
    }
}

/// One row of the shipped alias table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShippedAlias {
    /// "市" (every city), "省" (every province/region) or one government's name.
    pub scope: String,
    pub canonical: String,
    pub alias: String,
}

/// Parses an alias table in the shipped format: `scope,canonical,aliases` with
/// the aliases separated by `|`. Lines starting with `#` are comments.
pub fn parse_table(csv_text: &str) -> Result<Vec<ShippedAlias>, csv::Error> {
    #[derive(Deserialize)]
    struct Row {
        scope: String,
        canonical: String,
        aliases: String,
    }
    let mut rdr = csv::ReaderBuilder::new().comment(Some(b'#')).trim(csv::Trim::All).from_reader(csv_text.as_bytes());
    let mut out = Vec::new();
    for row in rdr.deserialize::<Row>() {
        let row = row?;
        for alias in row.aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
            out.push(ShippedAlias {
                scope: row.scope.clone(),
                canonical: row.canonical.clone(),
                alias: alias.to_string(),
            });
        }
        out.push(ShippedAlias {
            scope: row.scope.clone(),
            canonical: row.canonical.clone(),
            alias: row.canonical.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_spelling_noise() {
        assert_eq!(key("市人力资源和社会保障局"), key("市人力资源社会保障局"));
        assert_eq!(key("市城市管理与综合执法局"), key("市城市管理和综合执法局"));
        assert_eq!(key("各县（区）人民政府等"), key("各县(区)政府"));
        assert_eq!(key("发展和改革委员会"), "发展改革委");
        assert_ne!(key("市财政局"), key("市教育局"));
    }

    #[test]
    fn second_hats() {
        assert_eq!(split_hat("市发展改革委（招商引资局）"), ("市发展改革委".into(), Some("招商引资局".into())));
        assert_eq!(split_hat("人行拉萨中心支行(外汇管理局)"), ("人行拉萨中心支行".into(), Some("外汇管理局".into())));
        assert_eq!(split_hat("市教育局（体育局）"), ("市教育局".into(), Some("体育局".into())));
        assert_eq!(split_hat("各地（市）行署（人民政府）").1, None);
        assert_eq!(split_hat("市场监管局(知识产权局)"), ("市场监管局".into(), Some("知识产权局".into())));
    }

    #[test]
    fn city_names_get_their_prefix() {
        assert_eq!(qualify("发展改革委", Level::City), "市发展改革委");
        assert_eq!(qualify("市场监管局", Level::City), "市市场监管局");
        assert_eq!(qualify("市财政局", Level::City), "市财政局");
        assert_eq!(qualify("巴宜区人民政府", Level::City), "巴宜区人民政府");
        assert_eq!(qualify("人行林芝市中心支行", Level::City), "人行林芝市中心支行");
        assert_eq!(qualify("各县（区）人民政府", Level::City), "各县（区）人民政府");
        assert_eq!(qualify("城关区卫生健康委", Level::City), "城关区卫生健康委");
        assert_eq!(qualify("园区管委会", Level::City), "园区管委会");
        assert_eq!(qualify("财政厅", Level::Province), "财政厅");
    }

    #[test]
    fn shipped_table_parses() {
        let rows = parse_table(SHIPPED_CSV).unwrap();
        assert!(rows.iter().any(|r| r.alias == "市人社局" && r.canonical == "市人力资源社会保障局"));
        assert!(rows.iter().all(|r| !r.scope.is_empty() && !r.canonical.is_empty()));
    }
}
