//! `duban rules`: the office's warning thresholds, listed and changed.

use super::Context;
use clap::{Args, Subcommand};

/// 预警规则：查看或修改亮灯阈值（临近时限天数、落后序时进度百分点、缺报次数）。
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// 修改一条规则：duban rules set deadline_yellow_days 10
    Set {
        /// 规则名称
        #[arg(value_name = "规则")]
        key: String,
        /// 新的值
        #[arg(value_name = "值", value_parser = parse_value, allow_hyphen_values = true)]
        value: f64,
    },
}

fn parse_value(s: &str) -> Result<f64, String> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| format!("「{s}」不是数字"))
}

pub fn run(a: RulesArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    if let Some(RulesAction::Set { key, value }) = a.action {
        store.set_rule(&key, value, &ctx.stamp())?;
        say!("已修改：{key} = {value}")?;
    }
    for (key, value, description) in store.rule_table()? {
        say!("{key:<28} {value:>6}  {description}")?;
    }
    Ok(())
}
