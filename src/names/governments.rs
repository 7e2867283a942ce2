//! Finding a government from what a clerk typed: 林芝 or 林芝市人民政府 for
//! 林芝市. A report scoped to a misspelt government would otherwise print
//! nothing, and an overdue list that prints nothing reads as "nothing
//! overdue".

/// The governments of `known` that `typed` may mean: the one of that exact
/// name, else every one whose name holds it (人民政府 or 政府 at its end
/// left off).
pub fn matching<'a>(typed: &str, known: &'a [String]) -> Vec<&'a str> {
    let typed = typed.trim();
    if let Some(exact) = known.iter().find(|g| *g == typed) {
        return vec![exact];
    }
    let core = typed.strip_suffix("人民政府").or_else(|| typed.strip_suffix("政府")).unwrap_or(typed);
    if core.is_empty() {
        return Vec::new();
    }
    known.iter().filter(|g| g.contains(core)).map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_government_is_found_by_part_of_its_name() {
        let known = ["林芝市", "拉萨市", "西藏自治区", "巴宜区"].map(String::from);
        assert_eq!(matching("林芝市", &known), ["林芝市"]);
        assert_eq!(matching(" 林芝 ", &known), ["林芝市"]);
        assert_eq!(matching("林芝市人民政府", &known), ["林芝市"]);
        assert_eq!(matching("西藏自治区政府", &known), ["西藏自治区"]);
        assert_eq!(matching("自治区", &known), ["西藏自治区"]);
        assert_eq!(matching("区", &known), ["西藏自治区", "巴宜区"]);
        assert!(matching("北京市", &known).is_empty());
        assert!(matching("人民政府", &known).is_empty());
        assert!(matching("", &known).is_empty());
    }
}
