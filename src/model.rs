//! The domain values every other module passes around: what a reader found in
//! a gazette (plans, tasks, units, deadlines) before it reaches the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Row id of a task in the store. A newtype so a task id is never confused with
/// a plan or department id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(pub i64);

/// Row id of a plan in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlanId(pub i64);

/// Row id of a department in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DepartmentId(pub i64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a unit is bound to a task. The plan's own convention decides it: a
/// table's bold type or order, an annotation's 牵头/配合/负责落实 words, or a
/// stated rule such as "列首位的单位为牵头单位".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头单位: reports progress and answers for the task.
    Lead,
    /// 配合/协办单位.
    Coop,
    /// 负责落实: usually the county governments.
    Implementing,
    /// 责任单位 where the plan does not say who leads.
    Responsible,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Lead, Role::Coop, Role::Implementing, Role::Responsible];

    /// The value stored in the database and used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Coop => "coop",
            Role::Implementing => "implementing",
            Role::Responsible => "responsible",
        }
    }

    /// The letter a task's packed links store the role as (see migration
    /// 0006): the first letter of its code.
    pub fn initial(self) -> u8 {
        self.code().as_bytes()[0]
    }

    /// The role stored as `initial`.
    pub fn from_initial(initial: u8) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.initial() == initial)
    }

    /// The label a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Coop => "配合",
            Role::Implementing => "负责落实",
            Role::Responsible => "责任",
        }
    }

    /// Accepts the code or the Chinese label, so `--role 牵头` works too.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| r.code() == s || r.label() == s).or(match s {
            "cooperating" | "协办" | "配合单位" => Some(Role::Coop),
            "牵头单位" => Some(Role::Lead),
            "责任单位" => Some(Role::Responsible),
            _ => None,
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A deadline as the plan printed it and as duban understood it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The phrase as printed ("5月底前，并长期坚持"); `None` when the task has none.
    pub text: Option<String>,
    /// The date the task is due, if one can be named.
    pub due: Option<NaiveDate>,
    /// 长期坚持: the task never closes, it reports every period.
    pub ongoing: bool,
    /// The date was not printed for this task but derived (end of the plan year
    /// or of the plan's period).
    pub inferred: bool,
}

/// A person named in the table: a responsible leader (分管/联系市长) or the
/// head of a lead department (牵头部门负责人).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    Leader,
    LeadOfficer,
}

impl PersonRole {
    pub fn code(self) -> &'static str {
        match self {
            PersonRole::Leader => "leader",
            PersonRole::LeadOfficer => "lead_officer",
        }
    }
}

/// A unit as it stands in the task, before the alias table names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    /// The full name after splitting the enumeration and carrying the prefix
    /// ("市教育局" from "市卫生健康委、教育局").
    pub name: String,
    /// The fragment exactly as printed ("教育局").
    pub as_printed: String,
    pub role: Role,
}

/// One trackable task as a reader found it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// The number as printed ("7", "1.2", "（三）").
    pub seq: String,
    /// Category levels, outermost first.
    pub category: Vec<String>,
    /// A short title where the plan has one (the 工作任务, a bold lead sentence).
    pub title: Option<String>,
    pub text: String,
    pub leaders: Vec<String>,
    pub lead_officers: Vec<String>,
    pub units: Vec<UnitRef>,
    pub deadline: Deadline,
    /// 1-based line in the source file where the task starts.
    pub line: usize,
}

/// A reporting period of a plan's schedule (上半年 / 前三季度 / 全年 …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Q1,
    H1,
    Q3,
    Year,
    /// Anything else the notice names (每月, 第二季度 …), kept as printed.
    Other(String),
}

impl Period {
    pub fn code(&self) -> String {
        match self {
            Period::Q1 => "q1".into(),
            Period::H1 => "h1".into(),
            Period::Q3 => "q3".into(),
            Period::Year => "year".into(),
            Period::Other(s) => s.clone(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Period::Q1 => "一季度",
            Period::H1 => "上半年",
            Period::Q3 => "前三季度",
            Period::Year => "全年",
            Period::Other(s) => s,
        }
    }

    /// Accepts codes and Chinese labels; unknown words become `Other`.
    pub fn parse(s: &str) -> Period {
        match s.trim() {
            "q1" | "一季度" | "第一季度" => Period::Q1,
            "h1" | "上半年" | "半年" => Period::H1,
            "q3" | "前三季度" | "三季度" => Period::Q3,
            "year" | "全年" | "年度" => Period::Year,
            other => Period::Other(other.to_string()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One reporting date a notice sets: "7月5日前报上半年".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingDate {
    pub period: Period,
    pub due: NaiveDate,
}

/// A plan's metadata: the notice that issued it and the plan's own title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMeta {
    pub title: String,
    /// 文号, e.g. 林政发〔2023〕11号.
    pub doc_no: Option<String>,
    /// The issuing body as signed ("林芝市人民政府").
    pub issuer: Option<String>,
    /// The government whose departments the plan assigns ("林芝市").
    pub government: String,
    pub issued: Option<NaiveDate>,
    /// The year the plan is for; relative deadlines and 月底前 resolve in it.
    pub year: Option<i32>,
    /// The span the plan covers, for plans like "（2019—2021年）".
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub schedule: Vec<ReportingDate>,
    /// 1-based line of the notice (or the plan title when there is no notice).
    pub line: usize,
}

/// A plan as read: its metadata, tasks and quantitative targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub meta: PlanMeta,
    /// Which reader found the tasks ("flat_table", "markdown_table", "prose").
    pub format: String,
    pub tasks: Vec<Task>,
    /// Decomposed numbers (转移就业人数 per industry and unit, per county).
    #[serde(default)]
    pub indicators: crate::indicator::IndicatorSet,
}

/// Where a task stands. Until a department reports, a task is 未启动, or
/// 长期坚持 when it never closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    Lagging,
    Extended,
    Ongoing,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::NotStarted, Status::InProgress, Status::Done, Status::Lagging, Status::Extended, Status::Ongoing];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Lagging => "lagging",
            Status::Extended => "extended",
            Status::Ongoing => "ongoing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "推进中",
            Status::Done => "已完成",
            Status::Lagging => "滞后",
            Status::Extended => "已延期",
            Status::Ongoing => "长期坚持",
        }
    }

    /// The status a store holds: its code ([`Status::code`]), exactly. A
    /// match on the bytes, as a report reads one per task.
    pub fn from_code(code: &[u8]) -> Option<Status> {
        match code {
            b"not_started" => Some(Status::NotStarted),
            b"in_progress" => Some(Status::InProgress),
            b"done" => Some(Status::Done),
            b"lagging" => Some(Status::Lagging),
            b"extended" => Some(Status::Extended),
            b"ongoing" => Some(Status::Ongoing),
            _ => None,
        }
    }

    /// Accepts the code, the label and the words clerks write in spreadsheets.
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        Status::ALL.into_iter().find(|x| x.code() == s || x.label() == s).or(match s {
            "未开始" | "未启动 " => Some(Status::NotStarted),
            "进行中" | "正在推进" | "推进" => Some(Status::InProgress),
            "完成" | "已办结" | "办结" | "销号" | "已销号" => Some(Status::Done),
            "滞后" | "进度滞后" | "慢序时" => Some(Status::Lagging),
            "延期" | "已延期" => Some(Status::Extended),
            "长期" | "持续推进" => Some(Status::Ongoing),
            _ => None,
        })
    }

    /// The status of a task nobody has reported on yet.
    pub fn initial(deadline: &Deadline) -> Status {
        if deadline.ongoing {
            Status::Ongoing
        } else {
            Status::NotStarted
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A `YYYY-MM-DD` day, as duban stores and writes days. Read by hand, from
/// the bytes: chrono's general parser was a tenth of a province-wide report
/// and a twentieth of a bulk load, and checking the stored texts as UTF-8
/// first was another fifteenth of a status report.
pub fn iso_day(b: &[u8]) -> Option<NaiveDate> {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return std::str::from_utf8(b).ok()?.parse().ok();
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_status_codes_read_back_and_nothing_else_does() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code().as_bytes()), Some(s));
            assert_eq!(Status::parse(s.code()), Some(s));
            // A label is for people and spreadsheets, not for the store.
            assert_eq!(Status::from_code(s.label().as_bytes()), None);
        }
        for stored in [&b" done"[..], b"DONE", b"", b"\xff"] {
            assert_eq!(Status::from_code(stored), None, "{stored:?}");
        }
    }

    #[test]
    fn iso_days_read_by_hand_as_chrono_reads_them() {
        for s in ["2024-01-10", "2023-12-31", "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-10", "", "2024-01-1x"] {
            assert_eq!(iso_day(s.as_bytes()), s.parse().ok(), "{s}");
        }
    }
}
