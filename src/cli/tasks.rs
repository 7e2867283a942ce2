//! `duban tasks` (a filtered list) and `duban show` (one task in full).

use super::error::UserError;
use super::output::OutputArgs;
use super::{parse_date, Context};
use clap::Args;
use duban::model::{Role, TaskId};
use duban::report::render::{self, Format};
use duban::report::tasks::{due_label, TaskListRow};
use duban::store::{Assessment, Scope, Store, TaskFilter, TaskRecord};
use duban::track::Light;
use std::collections::HashMap;
use std::io::Write;

/// 列出任务，可按方案、部门、角色、领导、时限、关键词和亮灯筛选。
#[derive(Debug, Args)]
pub struct TasksArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 只列出某种亮灯的任务：红灯、黄灯、绿灯（red、yellow、green）
    #[arg(long, value_name = "亮灯", value_parser = parse_light)]
    pub light: Option<Light>,
    /// 状态和亮灯截至哪一天（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The task filters shared by `tasks` and `export tasks`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// 方案：编号、文号或标题中的文字
    #[arg(long, value_name = "方案")]
    pub plan: Option<String>,
    /// 部门（任一写法，如 市人社局）
    #[arg(long, value_name = "部门")]
    pub department: Option<String>,
    /// 部门在任务中的角色：lead 牵头、coop 配合、implementing 负责落实、responsible 责任（与 --department 同用）
    #[arg(long, value_name = "角色", value_parser = parse_role, requires = "department")]
    pub role: Option<Role>,
    /// 分管/联系领导或牵头部门负责人的姓名
    #[arg(long, value_name = "姓名")]
    pub leader: Option<String>,
    /// 截止日期早于此日
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub due_before: Option<chrono::NaiveDate>,
    /// 截止日期晚于此日
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub due_after: Option<chrono::NaiveDate>,
    /// 任务内容、标题或类别中包含的文字
    #[arg(long, short = 's', value_name = "文字")]
    pub search: Option<String>,
    /// 只看某一政府（林芝市、拉萨市、西藏自治区…）的方案
    #[arg(long, value_name = "政府")]
    pub government: Option<String>,
    /// 只看某一年印发的方案
    #[arg(long, value_name = "年份", value_parser = super::parse_year)]
    pub year: Option<i32>,
}

fn parse_light(s: &str) -> Result<Light, String> {
    Light::parse(s).ok_or_else(|| format!("「{s}」不是亮灯，可用：红灯、黄灯、绿灯"))
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!("「{s}」不是角色，可用：lead（牵头）、coop（配合）、implementing（负责落实）、responsible（责任）")
    })
}

/// The one plan a clerk means by an id, 文号 or words of its title.
pub fn single_plan(store: &Store, q: &str) -> anyhow::Result<i64> {
    if q.trim().is_empty() {
        // Every title contains the empty string.
        return Err(UserError::new("没有写明方案")
            .hint("写方案编号、文号或标题中的文字；duban plans 列出全部方案")
            .into());
    }
    let ids = store.find_plans(q)?;
    match ids.as_slice() {
        [] => Err(UserError::new(format!("没有找到方案「{q}」")).hint("用 duban plans 查看方案编号").into()),
        [id] => Ok(*id),
        many => {
            let found = format!("「{q}」对应 {} 个方案（编号 {}）", many.len(), super::output::first_few(many, 10));
            Err(UserError::new(found).hint("用方案编号或文号指定其中一个；duban plans 列出全部方案").into())
        }
    }
}

/// The government a clerk named (`--government`), as the store spells it:
/// 林芝 finds 林芝市, with a note on standard error saying so. A name that
/// finds no government, or several, is refused: a report of nothing would
/// read as "nothing overdue".
pub fn government(store: &Store, typed: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(typed) = typed else { return Ok(None) };
    let typed = typed.trim();
    let known = store.governments()?;
    match duban::names::governments::matching(typed, &known).as_slice() {
        [] => {
            let error = UserError::new(format!("没有找到政府「{typed}」"));
            Err(match known.as_slice() {
                [] => error.hint("还没有导入方案；先用 duban import 导入公报"),
                known => error.hint(format!("已导入的政府：{}", super::output::first_few(known, 20))),
            }
            .into())
        }
        &[one] => {
            if one != typed {
                eprintln!("政府「{typed}」按「{one}」处理");
            }
            Ok(Some(one.to_string()))
        }
        many => Err(UserError::new(format!(
            "「{typed}」对应 {} 个政府：{}",
            many.len(),
            super::output::first_few(many, 10)
        ))
        .hint("写出政府全称")
        .into()),
    }
}

/// Refuses a leader's name no task carries, which would list nothing
/// without a word; names that contain it are offered (「符永」 → 符永波).
fn known_person(store: &Store, name: &str) -> anyhow::Result<()> {
    let like = store.people_named_like(name, 10)?;
    if like.first().is_some_and(|n| n == name.trim()) {
        return Ok(());
    }
    let error = UserError::new(format!("没有名为「{}」的领导或牵头部门负责人", name.trim()));
    Err(match like.as_slice() {
        [] => error.hint("duban workload --group leader 列出全部分管/联系领导"),
        [one] => error.hint(format!("是不是 {one}？")),
        many => error.hint(format!("是不是以下之一：{}", many.join("、"))),
    }
    .into())
}

impl FilterArgs {
    /// Turns what the clerk typed into ids the store understands.
    pub fn resolve(&self, store: &Store) -> anyhow::Result<TaskFilter> {
        let plan = self.plan.as_deref().map(|q| single_plan(store, q)).transpose()?;
        let government = government(store, self.government.as_deref())?;
        let department = match &self.department {
            None => None,
            Some(name) => Some(store.find_department(government.as_deref(), name)?.1),
        };
        if let Some(name) = &self.leader {
            known_person(store, name)?;
        }
        Ok(TaskFilter {
            plan,
            department,
            role: self.role,
            leader: self.leader.as_deref().map(|l| l.trim().to_string()),
            due_before: self.due_before,
            due_after: self.due_after,
            text: self.search.clone(),
            government,
            year: self.year,
        })
    }
}

pub fn run(args: TasksArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let filter = args.filter.resolve(&store)?;
    let width = if args.output.format() == Format::Table { 40 } else { usize::MAX };
    let scope = Scope { plan: filter.plan, government: filter.government.clone(), year: filter.year };
    let assessed: HashMap<i64, Assessment> = store
        .assessed_tasks(args.as_of.unwrap_or(ctx.today), &scope)?
        .into_iter()
        .map(|t| (t.id, t.assessment))
        .collect();
    let rows: Vec<TaskListRow> = store
        .tasks(&filter)?
        .iter()
        .filter_map(|t| {
            let a = assessed.get(&t.id)?;
            args.light.is_none_or(|l| l == a.light).then(|| TaskListRow::from_record(t, width).assessed(a))
        })
        .collect();
    let mut out = args.output.open()?;
    render::render(&rows, args.output.format(), &mut out)?;
    if args.output.format() == Format::Table {
        writeln!(out, "共 {} 项任务", rows.len())?;
    }
    out.flush()?;
    Ok(())
}

/// 显示一项任务的全部信息：原文、领导、部门及其角色、时限和来源行。
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// 任务编号（duban tasks 第一列）
    #[arg(value_name = "编号", value_parser = super::parse_id)]
    pub id: i64,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

pub fn show(args: ShowArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let task = store.task(TaskId(args.id))?;
    let assessment = store.assess_task(TaskId(args.id), ctx.today)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({ "task": task, "assessment": assessment, "as_of": ctx.today.to_string() });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        write_card(&mut out, &task)?;
        write_assessment(&mut out, &assessment, ctx.today)?;
        let history = store.history(TaskId(args.id))?;
        if let Some(last) = history.iter().rev().find(|e| e.superseded_by.is_none()) {
            let note = last.progress.as_deref().or(last.evidence.as_deref()).unwrap_or("");
            writeln!(
                out,
                "最近报送：{} {} {note}（共 {} 条记录，duban history {} 查看）",
                last.reported_on,
                last.kind.label(),
                history.len(),
                args.id
            )?;
        }
    }
    Ok(())
}

/// The task's light and why, as of a day.
fn write_assessment(out: &mut dyn Write, a: &duban::store::Assessment, as_of: chrono::NaiveDate) -> anyhow::Result<()> {
    let why: Vec<String> = a.reasons.iter().map(|r| r.to_string()).collect();
    let why = if why.is_empty() { String::new() } else { format!("：{}", why.join("；")) };
    writeln!(out, "截至 {as_of}：{}，{}{why}", a.status.label(), a.light.label())?;
    if let Some(e) = a.elapsed {
        let done = a.percent.map(|p| format!("，报告完成 {p}%")).unwrap_or_default();
        writeln!(out, "序时进度：{e:.0}%{done}")?;
    }
    Ok(())
}

/// The task as a card of labelled lines.
fn write_card(out: &mut dyn Write, t: &TaskRecord) -> anyhow::Result<()> {
    let doc = t.plan.doc_no.as_deref().map(|d| format!("（{d}）")).unwrap_or_default();
    writeln!(out, "任务 {}　《{}》{doc} 第 {} 项", t.id, t.plan.title, t.seq)?;
    if !t.category.is_empty() {
        writeln!(out, "类别：{}", t.category.join(" / "))?;
    }
    if let Some(title) = &t.title {
        writeln!(out, "标题：{title}")?;
    }
    writeln!(out, "内容：{}", t.text)?;
    if !t.leaders.is_empty() {
        writeln!(out, "分管/联系领导：{}", t.leaders.join("、"))?;
    }
    if !t.lead_officers.is_empty() {
        writeln!(out, "牵头部门负责人：{}", t.lead_officers.join("、"))?;
    }
    for role in Role::ALL {
        let names: Vec<String> = t
            .departments
            .iter()
            .filter(|d| d.role == role)
            .map(|d| {
                if d.as_printed == d.name {
                    d.name.clone()
                } else {
                    format!("{}（原文：{}）", d.name, d.as_printed)
                }
            })
            .collect();
        if !names.is_empty() {
            writeln!(out, "{}单位：{}", role.label(), names.join("、"))?;
        }
    }
    let printed = t.deadline.text.as_deref().map(|x| format!("（原文：{x}）")).unwrap_or_default();
    writeln!(out, "完成时限：{}{printed}", due_label(t))?;
    writeln!(out, "来源：{} 第 {} 行", t.plan.source, t.source_line)?;
    Ok(())
}
