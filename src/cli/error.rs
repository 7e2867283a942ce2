//! Exit codes and hints. Usage errors (bad flags) are told by `usage` and exit 2;
//! everything a user can fix (a missing file, an unknown task) exits 1.

use duban::store::StoreError;

/// An error the user can act on, with what to do next.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub message: String,
    pub hints: Vec<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError { message: message.into(), hints: Vec::new() }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// Hints for the errors users meet most.
pub fn hints(err: &anyhow::Error) -> Vec<String> {
    let mut out = Vec::new();
    for cause in err.chain() {
        if let Some(u) = cause.downcast_ref::<UserError>() {
            out.extend(u.hints.iter().cloned());
        }
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            match s {
                StoreError::NoSuchTask(_) => out.push("用 duban tasks 查看任务编号".into()),
                StoreError::NoSuchDepartment { .. } => out.push("用 duban departments 查看部门及其别名".into()),
                StoreError::AliasTaken { .. } => {
                    out.push("两者是同一部门时用 duban departments merge 合并；确要改指这个部门时加 --replace".into())
                }
                StoreError::NoSuchPlan(_) => out.push("用 duban plans 查看方案编号".into()),
                StoreError::PlanHasRecords { .. } => out.push(
                    "进展记录和指标完成数只追加、不删除；确属误导入的，可从导入前用 duban backup 做的备份恢复".into(),
                ),
                StoreError::NotADatabase { .. } => {
                    out.push("用 --db 指定另一个数据库文件，或删除/改名这个文件后重试".into())
                }
                s if s.is_busy() => {
                    out.push("另一个 duban 命令正在写入这个数据库（大批导入要写一会儿），请等它结束后重试".into())
                }
                _ => {}
            }
        }
    }
    out
}

/// The error chain, each cause after a full-width colon, with the operating
/// system's English for the file errors clerks meet put in Chinese. A
/// database error already names its cause, so the chain stops there: its
/// sources would only say it again in other words.
pub fn describe(err: &anyhow::Error) -> String {
    let mut out = Vec::new();
    for cause in err.chain() {
        if let Some(StoreError::Sql { context, source }) = cause.downcast_ref::<StoreError>() {
            let said = sqlite_in_chinese(source).map_or_else(|| source.to_string(), str::to_string);
            out.push(format!("{context}：{said}"));
            break;
        }
        out.push(
            cause
                .downcast_ref::<std::io::Error>()
                .and_then(io_in_chinese)
                .map_or_else(|| cause.to_string(), str::to_string),
        );
    }
    out.join("：")
}

/// SQLite's English for the failures a clerk can do something about.
fn sqlite_in_chinese(e: &rusqlite::Error) -> Option<&'static str> {
    use rusqlite::ErrorCode::*;
    Some(match e.sqlite_error_code()? {
        DatabaseBusy | DatabaseLocked => "数据库被另一个命令占用，等了 30 秒仍未释放",
        DiskFull => "磁盘已满",
        ReadOnly => "数据库文件只读，不能写入",
        CannotOpen => "无法打开数据库文件",
        _ => return None,
    })
}

fn io_in_chinese(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind::*;
    Some(match e.kind() {
        NotFound => "找不到这个文件或文件夹",
        PermissionDenied => "没有权限",
        AlreadyExists => "已经存在",
        IsADirectory => "这是文件夹，不是文件",
        NotADirectory => "路径中有一段不是文件夹",
        StorageFull => "磁盘已满",
        ReadOnlyFilesystem => "磁盘只读，不能写入",
        _ => return None,
    })
}

pub fn exit_code(_err: &anyhow::Error) -> u8 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_store_is_worth_trying_again() {
        let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
        let err = anyhow::Error::new(StoreError::sql("开始写入（批量导入进展）")(busy)).context("无法导入");
        assert_eq!(hints(&err), ["另一个 duban 命令正在写入这个数据库（大批导入要写一会儿），请等它结束后重试"]);
        assert_eq!(describe(&err), "无法导入：开始写入（批量导入进展）：数据库被另一个命令占用，等了 30 秒仍未释放");
        assert!(hints(&anyhow::Error::new(StoreError::MergeIntoSelf)).is_empty());
        let full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
        let err = anyhow::Error::new(StoreError::sql("写入进展记录")(full));
        assert_eq!(describe(&err), "写入进展记录：磁盘已满", "said once, not once per source");
        let other = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), None);
        let err = anyhow::Error::new(StoreError::sql("读取任务")(other));
        assert_eq!(describe(&err), "读取任务：Error code 11: The database disk image is malformed");
    }
}
