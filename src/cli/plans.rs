//! `duban plans`: the imported plans with their 文号 and reporting dates,
//! and the removal of a plan imported by mistake.

use super::error::UserError;
use super::output::OutputArgs;
use super::tasks::single_plan;
use super::Context;
use clap::{Args, Subcommand};
use duban::report::plans::PlanListRow;
use duban::report::render;
use duban::store::PlanHoldings;
use std::io::Write as _;

/// 列出已导入的方案：文号、印发日期、任务数和通知规定的报送时间；删除误导入的方案。
#[derive(Debug, Args)]
pub struct PlansArgs {
    #[command(subcommand)]
    pub action: Option<PlanAction>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// 列出方案（默认）
    List,
    /// 删除误导入的方案及其任务、指标：duban plans remove 3 --yes
    ///
    /// 只能删除还没有进展记录和指标完成数的方案（进展记录只追加、不删除）。部门和领导名单保留；再次导入同一公报会重新导入这个方案。删除记入操作记录（duban audit）。
    Remove {
        /// 方案编号、文号或标题中的文字
        #[arg(value_name = "方案")]
        plan: String,
        /// 确认删除；不加时只显示将删除的内容
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(args: PlansArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.action.unwrap_or(PlanAction::List) {
        PlanAction::List => {
            let store = ctx.open_store()?;
            let rows: Vec<PlanListRow> = store.plans()?.iter().map(PlanListRow::from).collect();
            let mut out = args.output.open()?;
            render::render(&rows, args.output.format(), &mut out)?;
            out.flush()?;
        }
        PlanAction::Remove { plan, yes } => {
            let mut store = ctx.open_store()?;
            let id = single_plan(&store, &plan)?;
            if !yes {
                // A plan that cannot go says why before anything asks for --yes.
                let held = store.plan_holdings(id)?;
                held.ensure_removable()?;
                say!("将删除{}", described(&held))?;
                return Err(UserError::new(format!("未删除方案 {id}"))
                    .hint(format!("确认无误后加 --yes：duban plans remove {id} --yes"))
                    .into());
            }
            let gone = store.remove_plan(id, &ctx.stamp())?;
            say!("已删除{}", described(&gone))?;
            say!("提示：部门和领导名单保留；再次导入 {} 会重新导入这个方案", gone.source_name)?;
        }
    }
    Ok(())
}

/// 方案 3《…》（拉政办发〔2024〕38号，拉萨市）：17 项任务、0 项指标
fn described(p: &PlanHoldings) -> String {
    let label = super::output::plan_label(&p.title, p.doc_no.as_deref(), &p.government);
    format!("方案 {}{label}：{} 项任务、{} 项指标", p.id, p.tasks, p.indicators)
}
