//! A journal entry as a clerk makes it: a progress report, a close-out
//! (销号), an approved extension or a reopening. Entries are never edited; a
//! correction is an entry that names the one it supersedes.

use crate::model::{Period, Status, TaskId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// What an entry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// 进展填报.
    Progress,
    /// 销号: the task is done.
    Close,
    /// 延期: a new approved deadline.
    Extend,
    /// 重新打开 a closed task.
    Reopen,
}

impl EntryKind {
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Progress => "progress",
            EntryKind::Close => "close",
            EntryKind::Extend => "extend",
            EntryKind::Reopen => "reopen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Progress => "进展",
            EntryKind::Close => "销号",
            EntryKind::Extend => "延期",
            EntryKind::Reopen => "重新打开",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        [EntryKind::Progress, EntryKind::Close, EntryKind::Extend, EntryKind::Reopen]
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A new journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub task: TaskId,
    pub kind: EntryKind,
    pub reported_on: NaiveDate,
    pub period: Option<Period>,
    pub status: Status,
    pub percent: Option<u8>,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub evidence: Option<String>,
    pub new_due: Option<NaiveDate>,
    pub reason: Option<String>,
    /// The reporting department, by any of its names.
    pub department: Option<String>,
    pub reporter: Option<String>,
    pub supersedes: Option<i64>,
    pub source: EntrySource,
}

/// Where an entry came from: the command line, or a row of a progress
/// sheet. The journal keeps the file once per batch and the row on the
/// entry; both print as one text, `cli` or `csv:<file>:<row>`. A sheet's
/// rows share its file's name, not a copy each (a million of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySource {
    Cli,
    Sheet { file: Arc<str>, row: usize },
}

impl EntrySource {
    /// The sheet's file, `None` for the command line.
    pub fn file(&self) -> Option<&str> {
        match self {
            EntrySource::Cli => None,
            EntrySource::Sheet { file, .. } => Some(file),
        }
    }

    /// The sheet's row, `None` for the command line.
    pub fn row(&self) -> Option<usize> {
        match self {
            EntrySource::Cli => None,
            EntrySource::Sheet { row, .. } => Some(*row),
        }
    }

    /// What the entries of one batch from here share: `cli` or `csv:<file>`.
    pub fn origin(file: Option<&str>) -> String {
        match file {
            None => "cli".to_string(),
            Some(f) => format!("csv:{f}"),
        }
    }
}

impl fmt::Display for EntrySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntrySource::Cli => f.write_str("cli"),
            EntrySource::Sheet { file, row } => write!(f, "csv:{file}:{row}"),
        }
    }
}

impl Serialize for EntrySource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Entry {
    /// A progress report with only the required fields; fill the rest as needed.
    pub fn progress(task: TaskId, reported_on: NaiveDate, status: Status) -> Entry {
        Entry {
            task,
            kind: EntryKind::Progress,
            reported_on,
            period: None,
            status,
            percent: None,
            progress: None,
            problems: None,
            next_steps: None,
            evidence: None,
            new_due: None,
            reason: None,
            department: None,
            reporter: None,
            supersedes: None,
            source: EntrySource::Cli,
        }
    }

    /// Checks what can be checked without the store.
    pub fn validate(&self) -> Result<(), EntryError> {
        if let Some(p) = self.percent {
            if p > 100 {
                return Err(EntryError::Percent(p));
            }
        }
        // A task's reported periods are stored as one list, `,h1,q3,`.
        if let Some(code) = self.period.as_ref().map(Period::code) {
            if code.is_empty() {
                return Err(EntryError::EmptyPeriod);
            }
            if code.contains(',') {
                return Err(EntryError::PeriodWithComma(code));
            }
        }
        match self.kind {
            EntryKind::Close if self.status != Status::Done => Err(EntryError::StatusForKind(self.kind, self.status)),
            EntryKind::Extend if self.new_due.is_none() => Err(EntryError::ExtendWithoutDate),
            EntryKind::Extend if self.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
                Err(EntryError::ReasonRequired(self.kind))
            }
            EntryKind::Reopen if self.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
                Err(EntryError::ReasonRequired(self.kind))
            }
            EntryKind::Progress | EntryKind::Reopen if self.status == Status::Done => Err(EntryError::DoneNeedsClose),
            EntryKind::Progress if self.status == Status::Extended => Err(EntryError::ExtendedNeedsExtend),
            _ => Ok(()),
        }
    }
}

/// Why an entry cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("完成比例应在 0 到 100 之间，而不是 {0}")]
    Percent(u8),
    #[error("{0}记录的状态不能是「{1}」")]
    StatusForKind(EntryKind, Status),
    #[error("延期需要写明新的完成时限")]
    ExtendWithoutDate,
    #[error("{0}需要写明原因")]
    ReasonRequired(EntryKind),
    #[error("标记已完成请用销号（duban close），并写明完成依据")]
    DoneNeedsClose,
    #[error("延期请用 duban extend，并写明新的时限和原因")]
    ExtendedNeedsExtend,
    #[error("任务 {0} 是长期坚持的任务，不销号；请按期填报进展")]
    OngoingCannotClose(i64),
    #[error("任务 {0} 尚未销号，不需要重新打开")]
    NotClosed(i64),
    #[error("重新打开的日期 {reopen} 早于销号日期 {closed}")]
    ReopenBeforeClose { closed: NaiveDate, reopen: NaiveDate },
    #[error("任务 {0} 已销号；如需继续填报，请先重新打开（duban reopen）")]
    AlreadyClosed(i64),
    #[error("新的完成时限 {new} 不晚于原时限 {old}")]
    ExtendNotLater { old: NaiveDate, new: NaiveDate },
    #[error("报送期次「{0}」不能含有英文逗号，请改用中文顿号或逗号")]
    PeriodWithComma(String),
    #[error("报送期次不能为空")]
    EmptyPeriod,
    #[error("方案没有「{0}」这一报送期次（可用：{1}）")]
    UnknownPeriod(String, String),
    #[error("报送日期 {on} 晚于今天（{today}）：进展只能记已经发生的事")]
    AfterToday { on: NaiveDate, today: NaiveDate },
    #[error("被更正的记录 {0} 不存在，或不属于这项任务")]
    NoSuchEntry(i64),
    #[error("记录 {0} 已被更正过，请更正最新的那条（{1}）")]
    AlreadySuperseded(i64, i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn validation() {
        let base = Entry::progress(TaskId(1), d("2023-07-03"), Status::InProgress);
        assert_eq!(base.validate(), Ok(()));
        assert_eq!(Entry { percent: Some(120), ..base.clone() }.validate(), Err(EntryError::Percent(120)));
        assert_eq!(Entry { status: Status::Done, ..base.clone() }.validate(), Err(EntryError::DoneNeedsClose));
        let extend = Entry { kind: EntryKind::Extend, status: Status::Extended, ..base.clone() };
        assert_eq!(extend.validate(), Err(EntryError::ExtendWithoutDate));
        let extend = Entry { new_due: Some(d("2024-06-30")), ..extend };
        assert_eq!(extend.validate(), Err(EntryError::ReasonRequired(EntryKind::Extend)));
        assert_eq!(Entry { reason: Some("资金未到位".into()), ..extend }.validate(), Ok(()));
        let close = Entry { kind: EntryKind::Close, status: Status::InProgress, ..base.clone() };
        assert_eq!(close.validate(), Err(EntryError::StatusForKind(EntryKind::Close, Status::InProgress)));
        // A period goes into the task's stored list `,h1,q3,`.
        let period = |p: &str| Entry { period: Some(Period::parse(p)), ..base.clone() }.validate();
        assert_eq!(period("1,2月"), Err(EntryError::PeriodWithComma("1,2月".into())));
        assert_eq!(period(" "), Err(EntryError::EmptyPeriod));
        assert_eq!((period("1、2月"), period("上半年")), (Ok(()), Ok(())));
    }
}
