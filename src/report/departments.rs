//! The department list: each canonical department with its aliases and how
//! many tasks it leads, co-operates on or is otherwise responsible for.

use crate::report::render::Tabular;
use crate::store::DepartmentRow;

/// One line of `duban departments` is the store's row as it is.
impl Tabular for DepartmentRow {
    fn headers() -> Vec<&'static str> {
        vec!["政府", "部门", "类型", "别名", "牵头", "配合", "责任/落实"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.government.clone(),
            self.name.clone(),
            if self.collective { "集合单位" } else { "单位" }.to_string(),
            self.aliases.join("、"),
            self.lead.to_string(),
            self.coop.to_string(),
            self.other.to_string(),
        ]
    }
}
