//! `duban plans`: the imported plans with their 文号 and reporting dates.

use super::output::OutputArgs;
use super::Context;
use clap::Args;
use duban::report::plans::PlanListRow;
use duban::report::render;
use std::io::Write as _;

/// 列出已导入的方案：文号、印发日期、任务数和通知规定的报送时间。
#[derive(Debug, Args)]
pub struct PlansArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: PlansArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let rows: Vec<PlanListRow> = store.plans()?.iter().map(PlanListRow::from).collect();
    let mut out = args.output.open()?;
    render::render(&rows, args.output.format(), &mut out)?;
    out.flush()?;
    Ok(())
}
