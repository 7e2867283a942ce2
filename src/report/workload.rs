//! The workload report: each department's (or leader's) tasks, open, done,
//! overdue and missing reports.

use crate::report::render::Tabular;
use crate::store::Workload;

impl Tabular for Workload {
    fn headers() -> Vec<&'static str> {
        vec!["单位/领导", "政府", "牵头/责任", "配合", "负责落实", "未完成", "已完成", "逾期", "缺报", "黄灯", "红灯"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.government.clone(),
            self.led.to_string(),
            self.coop.to_string(),
            self.implementing.to_string(),
            self.open.to_string(),
            self.done.to_string(),
            self.overdue.to_string(),
            self.missing.to_string(),
            self.yellow.to_string(),
            self.red.to_string(),
        ]
    }
}
