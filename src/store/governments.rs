//! The governments a store knows (those of its plans and departments), and
//! finding one from what a clerk typed: 林芝 or 林芝市人民政府 for 林芝市. A
//! report scoped to a misspelt government would otherwise print nothing,
//! and an overdue list that prints nothing reads as "nothing overdue".

use super::{Result, Store, StoreError};

impl Store {
    /// Every government of a plan or a department, in name order.
    pub fn governments(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT government FROM plans UNION SELECT government FROM departments ORDER BY 1")
            .map_err(StoreError::sql("列出政府"))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(StoreError::sql("列出政府"))?;
        rows.collect::<rusqlite::Result<Vec<String>>>().map_err(StoreError::sql("列出政府"))
    }

    /// The governments `typed` may mean: the one of that exact name, else
    /// every one whose name holds it (人民政府 or 政府 at its end left off).
    pub fn find_governments(&self, typed: &str) -> Result<Vec<String>> {
        Ok(matching(typed, self.governments()?))
    }
}

/// The governments of `known` that `typed` may mean (see
/// [`Store::find_governments`]).
fn matching(typed: &str, known: Vec<String>) -> Vec<String> {
    let typed = typed.trim();
    if let Some(exact) = known.iter().find(|g| *g == typed) {
        return vec![exact.clone()];
    }
    let core = typed.strip_suffix("人民政府").or_else(|| typed.strip_suffix("政府")).unwrap_or(typed);
    if core.is_empty() {
        return Vec::new();
    }
    known.into_iter().filter(|g| g.contains(core)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        ["林芝市", "拉萨市", "西藏自治区", "巴宜区"].map(String::from).to_vec()
    }

    #[test]
    fn a_government_is_found_by_part_of_its_name() {
        assert_eq!(matching("林芝市", known()), ["林芝市"]);
        assert_eq!(matching(" 林芝 ", known()), ["林芝市"]);
        assert_eq!(matching("林芝市人民政府", known()), ["林芝市"]);
        assert_eq!(matching("西藏自治区政府", known()), ["西藏自治区"]);
        assert_eq!(matching("自治区", known()), ["西藏自治区"]);
        assert_eq!(matching("区", known()), ["西藏自治区", "巴宜区"]);
        assert!(matching("北京市", known()).is_empty());
        assert!(matching("人民政府", known()).is_empty());
        assert!(matching("", known()).is_empty());
    }

    #[test]
    fn the_store_knows_the_governments_of_its_plans() {
        assert!(Store::open_in_memory().unwrap().governments().unwrap().is_empty());
        let store = crate::store::plans::tests::store();
        assert_eq!(store.governments().unwrap(), ["拉萨市", "林芝市"]);
        assert_eq!(store.find_governments("拉萨").unwrap(), ["拉萨市"]);
        assert_eq!(store.find_governments("市").unwrap(), ["拉萨市", "林芝市"]);
        assert!(store.find_governments("西藏").unwrap().is_empty());
    }
}
