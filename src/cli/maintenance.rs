//! Keeping the database safe: `backup` (online, consistent while others
//! write), `check` (integrity, references, derived state) and `audit` (who
//! changed what).

use super::output::OutputArgs;
use super::Context;
use clap::Args;
use duban::report::render::{self, Tabular};
use duban::store::AuditRow;
use std::io::Write;
use std::path::PathBuf;

/// 备份数据库：其他人正在录入时也能得到一致的副本（不会覆盖已有文件）。
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// 备份文件
    #[arg(value_name = "文件")]
    pub file: PathBuf,
}

pub fn backup(a: BackupArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    store.backup(&a.file)?;
    let size = std::fs::metadata(&a.file).map(|m| m.len()).unwrap_or(0);
    say!("已备份到 {}（{} KB）", a.file.display(), size / 1024)?;
    Ok(())
}

/// 检查数据库：完整性、引用关系、任务状态与进展记录是否一致、没有牵头或责任单位的任务。
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

pub fn check(a: CheckArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let r = store.check()?;
    if a.json {
        say!("{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        say!("数据库第 {} 版", r.schema_version)?;
        let line = |label: &str, items: &[String]| {
            if items.is_empty() {
                say!("{label}：正常")
            } else {
                say!("{label}：{} 处问题\n  {}", items.len(), items.join("\n  "))
            }
        };
        line("完整性", &r.integrity)?;
        line("引用关系", &r.foreign_keys)?;
        let tasks = |ids: &[i64]| ids.iter().map(|t| format!("任务 {t}")).collect::<Vec<_>>();
        line("任务状态与进展记录", &tasks(&r.state_mismatches))?;
        line("任务的单位与领导", &tasks(&r.link_mismatches))?;
        line("进展记录日期范围", &r.journal_bounds)?;
        line("部门别名", &r.stale_aliases)?;
        if !r.tasks_without_lead.is_empty() {
            let ids: Vec<String> = r.tasks_without_lead.iter().map(|t| t.to_string()).collect();
            say!("提示：{} 项任务没有牵头或责任单位（编号 {}）", ids.len(), ids.join("、"))?;
        }
    }
    if r.is_damaged() {
        return Err(super::error::UserError::new("数据库检查发现问题")
            .hint("用 duban backup 备份后，从最近的备份恢复，或联系维护人员")
            .into());
    }
    Ok(())
}

/// 操作记录：谁在什么时候导入方案、修改部门、调整规则（最新的在前）。
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 显示最近多少条
    #[arg(long, value_name = "条数", default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl Tabular for AuditLine {
    fn headers() -> Vec<&'static str> {
        vec!["编号", "时间", "操作人", "操作", "对象", "详情"]
    }

    fn wide_column() -> Option<usize> {
        Some(5)
    }

    fn cells(&self) -> Vec<String> {
        let r = &self.0;
        let action = match r.action.as_str() {
            "import" => "导入方案",
            "alias" => "添加别名",
            "merge" => "合并部门",
            "remove_plan" => "删除方案",
            "rule" => "修改规则",
            other => other,
        };
        vec![r.id.to_string(), r.at.clone(), r.actor.clone(), action.to_string(), r.subject.clone(), r.detail.clone()]
    }
}

/// An audit row as a table line.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct AuditLine(AuditRow);

pub fn audit(a: AuditArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let rows: Vec<AuditLine> = store.audit_log(a.limit)?.into_iter().map(AuditLine).collect();
    let mut out = a.output.open()?;
    render::render(&rows, a.output.format(), &mut out)?;
    out.flush()?;
    Ok(())
}
