//! The governments a store knows: those of its plans and departments
//! (finding one from what a clerk typed is [`crate::names::governments`]).

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
}

#[cfg(test)]
mod tests {
    use crate::names::governments::matching;
    use crate::store::Store;

    #[test]
    fn the_store_knows_the_governments_of_its_plans() {
        assert!(Store::open_in_memory().unwrap().governments().unwrap().is_empty());
        let known = crate::store::plans::tests::store().governments().unwrap();
        assert_eq!(known, ["拉萨市", "林芝市"]);
        assert_eq!(matching("拉萨", &known), ["拉萨市"]);
        assert_eq!(matching("市", &known), ["拉萨市", "林芝市"]);
        assert!(matching("西藏", &known).is_empty());
    }
}
