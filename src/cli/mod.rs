//! The command line: global options, the command list, and one dispatch.
//! Each command lives in its own file: its arguments (whose doc comments are
//! the help text) and a `run` that resolves them, calls the library and
//! renders the result.

/// `println!` that returns its error instead of panicking: when the reader
/// of a pipe is gone (`duban rules | head`), the command ends with the
/// broken pipe, which `main` treats as a quiet end. Every message a command
/// prints on standard output goes through here.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod departments;
pub mod error;
mod export;
mod import;
mod indicators;
mod journal;
mod load;
mod maintenance;
mod output;
mod plans;
mod print;
mod reports;
mod rules;
mod tasks;
mod usage;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use duban::store::{Stamp, Store};
use std::path::PathBuf;

/// 督办 duban：把政府公报里的任务分解方案读入数据库，跟踪各部门进展，生成督查报表。
#[derive(Debug, Parser)]
#[command(name = "duban", version, after_help = EXAMPLES)]
pub struct Cli {
    /// 数据库文件（不存在时由 duban import 新建）
    #[arg(long, global = true, env = "DUBAN_DB", default_value = "duban.db", value_name = "路径")]
    pub db: PathBuf,
    /// 操作人，记入审计日志（默认为当前系统用户）
    #[arg(long, global = true, env = "DUBAN_USER", value_name = "姓名")]
    pub by: Option<String>,
    /// 把“今天”固定为某日：记录的日期和报表的默认日期都用它（重现过去某日、测试）
    #[arg(long, global = true, env = "DUBAN_TODAY", value_name = "日期", value_parser = parse_date, hide = true)]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "示例：
  duban import data/gazettes/linzhi_2023_no1.txt      导入公报中的任务分解方案
  duban plans                                         列出已导入的方案
  duban tasks --department 市发展改革委 --role lead    某部门牵头的任务
  duban show 7                                        查看一项任务的全部信息
  duban indicators --as-of 2020-05-08                 指标完成情况（目标、完成、序时进度、亮灯）
  duban export tasks --format csv -o 台账.csv          导出 Excel 可打开的台账";

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(import::ImportArgs),
    Plans(plans::PlansArgs),
    Tasks(tasks::TasksArgs),
    Show(tasks::ShowArgs),
    Log(journal::LogArgs),
    Close(journal::CloseArgs),
    Extend(journal::ExtendArgs),
    Reopen(journal::ReopenArgs),
    Correct(journal::CorrectArgs),
    History(journal::HistoryArgs),
    Load(load::LoadArgs),
    Indicators(indicators::IndicatorsArgs),
    Actual(indicators::ActualArgs),
    LoadActuals(indicators::LoadActualsArgs),
    Status(reports::StatusArgs),
    Overdue(reports::OverdueArgs),
    Workload(reports::WorkloadArgs),
    Chase(reports::ChaseArgs),
    Bulletin(reports::BulletinArgs),
    Report(print::ReportArgs),
    Notice(print::NoticeArgs),
    Export(export::ExportArgs),
    Departments(departments::DepartmentsArgs),
    Rules(rules::RulesArgs),
    Backup(maintenance::BackupArgs),
    Check(maintenance::CheckArgs),
    Audit(maintenance::AuditArgs),
}

/// What every command may need besides its own arguments.
pub struct Context {
    pub db: PathBuf,
    pub actor: String,
    /// Today, or the day pinned with `--today` / `DUBAN_TODAY`.
    pub today: NaiveDate,
}

impl Context {
    /// Opens the database, which must exist: a report run in the wrong
    /// folder, or without `--db`, would otherwise leave an empty `duban.db`
    /// there and print empty tables as if nothing were wrong.
    pub fn open_store(&self) -> anyhow::Result<Store> {
        if !self.db.exists() {
            return Err(error::UserError::new(format!("数据库 {} 不存在", self.db.display()))
                .hint("先用 duban import 导入公报（会新建数据库）；已有数据库时用 --db 或环境变量 DUBAN_DB 指明它")
                .into());
        }
        self.create_store()
    }

    /// Opens the database, creating it when it does not exist yet: only
    /// `duban import` starts one.
    pub fn create_store(&self) -> anyhow::Result<Store> {
        let upgrading =
            |from, to| eprintln!("正在把数据库从第 {from} 版升级到第 {to} 版（只做一次；数据库很大时需要一些时间）……");
        Store::open_upgrading(&self.db, upgrading).with_context(|| format!("打开数据库 {}", self.db.display()))
    }

    /// Who is changing the store, and when.
    pub fn stamp(&self) -> Stamp {
        let now = chrono::Local::now();
        let at = self.today.and_time(now.time()).format("%Y-%m-%dT%H:%M:%S").to_string();
        Stamp { on: self.today, at, by: self.actor.clone() }
    }
}

pub fn run() -> anyhow::Result<()> {
    let cli = usage::parse();
    let ctx = Context {
        db: cli.db,
        actor: cli.by.unwrap_or_else(os_user),
        today: cli.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    match cli.command {
        Command::Import(a) => import::run(a, &ctx),
        Command::Plans(a) => plans::run(a, &ctx),
        Command::Tasks(a) => tasks::run(a, &ctx),
        Command::Show(a) => tasks::show(a, &ctx),
        Command::Log(a) => journal::log(a, &ctx),
        Command::Close(a) => journal::close(a, &ctx),
        Command::Extend(a) => journal::extend(a, &ctx),
        Command::Reopen(a) => journal::reopen(a, &ctx),
        Command::Correct(a) => journal::correct(a, &ctx),
        Command::History(a) => journal::history(a, &ctx),
        Command::Load(a) => load::run(a, &ctx),
        Command::Indicators(a) => indicators::indicators(a, &ctx),
        Command::Actual(a) => indicators::actual(a, &ctx),
        Command::LoadActuals(a) => indicators::load_actuals(a, &ctx),
        Command::Status(a) => reports::status(a, &ctx),
        Command::Overdue(a) => reports::overdue(a, &ctx),
        Command::Workload(a) => reports::workload(a, &ctx),
        Command::Chase(a) => reports::chase(a, &ctx),
        Command::Bulletin(a) => reports::bulletin(a, &ctx),
        Command::Report(a) => print::report(a, &ctx),
        Command::Notice(a) => print::notice(a, &ctx),
        Command::Export(a) => export::run(a, &ctx),
        Command::Departments(a) => departments::run(a, &ctx),
        Command::Rules(a) => rules::run(a, &ctx),
        Command::Backup(a) => maintenance::backup(a, &ctx),
        Command::Check(a) => maintenance::check(a, &ctx),
        Command::Audit(a) => maintenance::audit(a, &ctx),
    }
}

/// The operating-system user: USER on Unix shells, LOGNAME where only login
/// sets it (cron, some services), USERNAME on Windows.
fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "未知用户".to_string())
}

/// A task or entry id as typed, refused in Chinese when it is not one.
pub fn parse_id(s: &str) -> Result<i64, String> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("「{s}」不是编号：任务编号见 duban tasks 第一列，记录编号见 duban history"))
}

/// A year on the command line: 2024 or 2024年.
pub fn parse_year(s: &str) -> Result<i32, String> {
    s.trim()
        .trim_end_matches('年')
        .parse::<i32>()
        .ok()
        .filter(|y| (1949..=2200).contains(y))
        .ok_or_else(|| format!("「{s}」不是年份，请写成 2024"))
}

/// A date on the command line, as [`duban::track::sheet::parse_date`] reads it.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    duban::track::sheet::parse_date(s).ok_or_else(|| format!("「{s}」不是有效日期，请写成 2023-07-05"))
}
