//! `duban departments`: the alias-aware department table, seen and
//! extended from the command line.

use super::output::OutputArgs;
use super::Context;
use clap::{Args, Subcommand};
use duban::report::render;
use std::io::Write;

/// 部门表：列出各部门及其别名和任务数；添加别名；合并两个部门（已有任务随之改挂）。
#[derive(Debug, Args)]
pub struct DepartmentsArgs {
    #[command(subcommand)]
    pub action: Option<DepartmentAction>,
    /// 只看某一政府的部门
    #[arg(long, global = true, value_name = "政府")]
    pub government: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum DepartmentAction {
    /// 列出部门（默认）
    List,
    /// 为部门添加别名：duban departments alias 市人力资源社会保障局 市人社局
    Alias {
        /// 已有的部门（任一写法）
        #[arg(value_name = "部门")]
        department: String,
        /// 新的别名
        #[arg(value_name = "别名")]
        alias: String,
        /// 别名已指向另一个部门时，改为指向这个部门
        #[arg(long)]
        replace: bool,
    },
    /// 合并部门：把前一个部门的任务和别名并入后一个
    Merge {
        /// 被合并的部门
        #[arg(value_name = "被合并的部门")]
        from: String,
        /// 保留的部门
        #[arg(value_name = "保留的部门")]
        into: String,
    },
}

pub fn run(args: DepartmentsArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let gov = super::tasks::government(&store, args.government.as_deref())?;
    let gov = gov.as_deref();
    match args.action.unwrap_or(DepartmentAction::List) {
        DepartmentAction::List => {
            let rows = store.departments(gov)?;
            let mut out = args.output.open()?;
            render::render(&rows, args.output.format(), &mut out)?;
            out.flush()?;
        }
        DepartmentAction::Alias { department, alias, replace } => {
            match store.add_alias(gov, &department, &alias, replace, &ctx.stamp())? {
                (name, true) => say!("已添加别名：{alias} → {name}")?,
                (name, false) => say!("「{alias}」已是「{name}」的名称或别名，无需添加")?,
            }
        }
        DepartmentAction::Merge { from, into } => {
            let s = store.merge_departments(gov, &from, &into, &ctx.stamp())?;
            say!(
                "已将「{}」并入「{}」（{}）：改挂 {} 条任务关联，迁移 {} 个别名",
                s.from,
                s.into,
                s.government,
                s.tasks_relinked,
                s.aliases_moved
            )?;
        }
    }
    Ok(())
}
