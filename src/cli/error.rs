//! Exit codes and hints. Usage errors (bad flags) are clap's and exit 2;
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
                StoreError::NotADatabase { .. } => {
                    out.push("用 --db 指定另一个数据库文件，或删除/改名这个文件后重试".into())
                }
                _ => {}
            }
        }
    }
    out
}

/// The error chain, each cause after a full-width colon, with the operating
/// system's English for the file errors clerks meet put in Chinese.
pub fn describe(err: &anyhow::Error) -> String {
    let said = |cause: &(dyn std::error::Error + 'static)| {
        cause.downcast_ref::<std::io::Error>().and_then(io_in_chinese).map_or_else(|| cause.to_string(), str::to_string)
    };
    err.chain().map(said).collect::<Vec<_>>().join("：")
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
