//! The department list: each canonical department with its aliases and how
//! many tasks it leads, co-operates on or is otherwise responsible for.

use crate::report::render::Tabular;
use crate::store::DepartmentRow;
use serde::Serialize;

/// One line of `duban departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentListRow {
    pub government: String,
    pub name: String,
    pub collective: bool,
    pub aliases: Vec<String>,
    pub lead: u64,
    pub coop: u64,
    pub other: u64,
}

impl From<&DepartmentRow> for DepartmentListRow {
    fn from(d: &DepartmentRow) -> Self {
        DepartmentListRow {
            government: d.government.clone(),
            name: d.name.clone(),
            collective: d.collective,
            aliases: d.aliases.clone(),
            lead: d.lead,
            coop: d.coop,
            other: d.other,
        }
    }
}

impl Tabular for DepartmentListRow {
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
