//! The command line's own words in Chinese. clap writes its help headings
//! and its usage errors in English ("error: unexpected argument '--fromat'
//! found"); a clerk who mistypes a flag gets the mistake, a suggestion, the
//! usage and where to read more in Chinese instead, with exit code 2 as
//! before. Help keeps clap's layout with its English words put in Chinese.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use std::io::Write as _;

/// Parses the command line; or prints the help asked for (exit 0), or the
/// mistake (exit 2), and exits.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            // A closed pipe (`duban --help | head`) leaves nothing to report.
            let _ = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    write!(std::io::stdout().lock(), "{}", help_in_chinese(&e.render().to_string()))
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    write!(std::io::stderr().lock(), "{}", help_in_chinese(&e.render().to_string()))
                }
                _ => write!(std::io::stderr().lock(), "{}", Mistake::of(&e, named_command(&args))),
            };
            std::process::exit(code)
        }
    }
}

fn parse_from(args: &[impl AsRef<std::ffi::OsStr>]) -> Result<Cli, clap::Error> {
    Cli::command()
        .try_get_matches_from(args.iter().map(|a| a.as_ref().to_os_string()))
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
}

/// The command the arguments name (`duban export tasks`): each argument
/// that names a command of the one before it, passing over options and
/// the values they take (`--db tasks` names no command).
fn named_command(args: &[impl AsRef<std::ffi::OsStr>]) -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build(); // Global options are then known to every command, and its full name.
    let mut args = args.iter().skip(1).filter_map(|a| a.as_ref().to_str());
    while let Some(arg) = args.next() {
        let option = |a: &clap::Arg| match (arg.strip_prefix("--"), arg.strip_prefix('-')) {
            (Some(long), _) => a.get_long() == Some(long),
            (None, Some(short)) => short.chars().count() == 1 && a.get_short() == short.chars().next(),
            _ => false,
        };
        if arg.starts_with('-') {
            if cmd.get_arguments().any(|a| option(a) && a.get_action().takes_values()) {
                args.next();
            }
        } else if let Some(sub) = cmd.find_subcommand(arg).cloned() {
            cmd = sub;
        }
    }
    cmd
}

/// clap's English in help texts, longer phrases before the words they
/// hold.
const HELP_WORDS: &[(&str, &str)] = &[
    ("Print this message or the help of the given subcommand(s)", "显示帮助，或某个命令的帮助"),
    ("Print help (see more with '--help')", "显示帮助（--help 显示完整说明）"),
    ("Print help (see a summary with '-h')", "显示帮助（-h 只显示摘要）"),
    ("Print help", "显示帮助"),
    ("Print version", "显示版本号"),
    ("Usage: ", "用法："),
    ("Commands:", "命令："),
    ("Arguments:", "参数："),
    ("Options:", "选项："),
    ("Possible values:", "可选值："),
    ("[OPTIONS]", "[选项]"),
    ("<COMMAND>", "<命令>"),
    ("[COMMAND]", "[命令]"),
    ("[default: ", "[默认："),
    ("[env: ", "[环境变量："),
    ("[possible values: ", "[可选值："),
    ("[aliases: ", "[别名："),
];

/// A help text (or a usage line) as clap wrote it, its English put in
/// Chinese. duban's own texts are Chinese, so the phrases cannot clash.
pub fn help_in_chinese(help: &str) -> String {
    HELP_WORDS.iter().fold(help.to_string(), |text, (english, chinese)| text.replace(english, chinese))
}

/// A mistake on the command line as the clerk reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct Mistake {
    pub message: String,
    pub hints: Vec<String>,
}

impl std::fmt::Display for Mistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "错误：{}", self.message)?;
        self.hints.iter().try_for_each(|h| writeln!(f, "提示：{h}"))
    }
}

impl Mistake {
    /// Says `e`, a mistake in the command `cmd`, in Chinese from what clap
    /// knows of it (the argument, the value, the values allowed, its
    /// suggestions) and the command's usage.
    pub fn of(e: &clap::Error, mut cmd: clap::Command) -> Mistake {
        // `duban help nothing` is a mistake about duban's commands.
        let command = cmd.get_bin_name().unwrap_or("duban");
        let command = command.strip_suffix(" help").unwrap_or(command).to_string();
        let text = |kind| match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let list = |kind| match e.get(kind) {
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        let usage = help_in_chinese(&cmd.render_usage().to_string()).trim().to_string();
        let (arg, value) = (text(ContextKind::InvalidArg), text(ContextKind::InvalidValue));
        let message = match e.kind() {
            ErrorKind::InvalidSubcommand => {
                format!("{command} 没有「{}」这个命令", text(ContextKind::InvalidSubcommand))
            }
            ErrorKind::UnknownArgument if arg.starts_with('-') => format!("{command} 没有选项 {arg}"),
            ErrorKind::UnknownArgument => format!("多余的参数「{arg}」"),
            ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面缺少值"),
            ErrorKind::InvalidValue => format!("{arg} 不能取「{value}」"),
            ErrorKind::ValueValidation => format!("{arg}：{}", reason(e, &value)),
            ErrorKind::MissingRequiredArgument => format!("缺少 {}", list(ContextKind::InvalidArg).join("、")),
            ErrorKind::MissingSubcommand => format!("{command} 后面要写明做什么"),
            ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
                prior if prior == arg || prior.is_empty() => format!("{arg} 只能写一次"),
                prior => format!("{arg} 不能与 {prior} 同时使用"),
            },
            ErrorKind::TooManyValues => format!("{arg} 多了一个值「{value}」"),
            ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的值个数不对"),
            ErrorKind::NoEquals => format!("{arg} 的值要用等号连写：{arg}=…"),
            ErrorKind::InvalidUtf8 => "命令行里有无法识别的字符（不是 UTF-8 文字）".to_string(),
            // Help, version and output failures are not mistakes; should one
            // come here, clap's own words are better than none.
            _ => e.kind().as_str().map_or_else(|| e.to_string(), str::to_string),
        };
        let mut hints = Vec::new();
        let allowed = list(ContextKind::ValidValue);
        if !allowed.is_empty() {
            hints.push(format!("可选：{}", allowed.join("、")));
        }
        let allowed = list(ContextKind::ValidSubcommand);
        if !allowed.is_empty() {
            hints.push(format!("可用的命令：{}", allowed.join("、")));
        }
        let suggested: Vec<String> = list(ContextKind::SuggestedSubcommand)
            .into_iter()
            .map(|s| format!("{command} {s}"))
            .chain(list(ContextKind::SuggestedArg))
            .chain(list(ContextKind::SuggestedValue))
            .collect();
        match suggested.as_slice() {
            [] => {}
            [one] => hints.push(format!("是不是要用 {one}？")),
            many => hints.push(format!("是不是要用以下之一：{}", many.join("、"))),
        }
        // The usage line helps when the command's shape is wrong (something
        // missing or extra), not after a misspelt name or a wrong value.
        let shape = matches!(
            e.kind(),
            ErrorKind::MissingRequiredArgument
                | ErrorKind::MissingSubcommand
                | ErrorKind::TooManyValues
                | ErrorKind::TooFewValues
                | ErrorKind::WrongNumberOfValues
        ) || (e.kind() == ErrorKind::UnknownArgument && !arg.starts_with('-'));
        if shape && !usage.is_empty() {
            hints.push(usage);
        }
        hints.push(format!("{command} --help 查看说明"));
        Mistake { message, hints }
    }
}

/// Why a value was refused: duban's parsers say it in Chinese already; the
/// standard library's number parsers do not.
fn reason(e: &clap::Error, value: &str) -> String {
    let Some(source) = std::error::Error::source(e) else { return format!("「{value}」不可用") };
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        format!("「{value}」不是整数")
    } else if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        format!("「{value}」不是数字")
    } else {
        source.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mistake(args: &[&str]) -> Mistake {
        let args: Vec<&str> = std::iter::once("duban").chain(args.iter().copied()).collect();
        let e = parse_from(&args).expect_err("a mistake");
        assert_eq!(e.exit_code(), 2, "{args:?}");
        Mistake::of(&e, named_command(&args))
    }

    #[test]
    fn mistakes_are_named_in_chinese_with_what_to_do() {
        let m = mistake(&["status", "--fromat", "csv"]);
        assert_eq!(m.message, "duban status 没有选项 --fromat");
        assert_eq!(m.hints, ["是不是要用 --format？", "duban status --help 查看说明"]);

        let m = mistake(&["stauts"]);
        assert_eq!(m.message, "duban 没有「stauts」这个命令");
        assert!(m.hints[0].starts_with("是不是要用以下之一：") && m.hints[0].contains("duban status"), "{m:?}");

        let m = mistake(&["export", "tasks", "--format", "xml"]);
        assert_eq!(m.message, "--format <格式> 不能取「xml」");
        assert_eq!(m.hints[0], "可选：csv、json");
        assert!(m.hints.contains(&"duban export tasks --help 查看说明".to_string()), "{m:?}");

        // duban's own parsers give the reason; the standard library's are put in Chinese.
        let m = mistake(&["log", "7", "--percent", "120"]);
        assert_eq!(m.message, "--percent <比例>：完成比例「120」应为 0 到 100");
        let m = mistake(&["audit", "--limit", "十"]);
        assert_eq!(m.message, "--limit <条数>：「十」不是整数");

        let m = mistake(&["close", "7"]);
        assert_eq!(m.message, "缺少 --evidence <文字>");
        assert_eq!(m.hints, ["用法：duban close [选项] --evidence <文字> <编号>", "duban close --help 查看说明"]);

        let m = mistake(&["show", "7", "8"]);
        assert_eq!(m.message, "多余的参数「8」");
        assert_eq!(m.hints, ["用法：duban show [选项] <编号>", "duban show --help 查看说明"]);
        let m = mistake(&["status", "--format", "csv", "--format", "md"]);
        assert_eq!(m.message, "--format <格式> 只能写一次");
        let m = mistake(&["log", "7", "--percent"]);
        assert_eq!(m.message, "--percent <比例> 后面缺少值");

        // Options and their values before a command do not hide it.
        let named = named_command(&["duban", "--db", "tasks", "export", "--by", "x", "sheet", "-o", "show", "tasks"]);
        assert_eq!(named.get_bin_name(), Some("duban export sheet"));
        assert_eq!(mistake(&["help", "stauts"]).message, "duban 没有「stauts」这个命令");
        let printed = mistake(&["stauts"]).to_string();
        assert!(printed.starts_with("错误：duban 没有「stauts」这个命令\n提示："), "{printed}");
    }

    /// Runs `check` on every command and subcommand, built as parsing
    /// builds them; returns how many there are.
    fn each_command(mut check: impl FnMut(&mut clap::Command)) -> usize {
        fn walk(cmd: &mut clap::Command, check: &mut dyn FnMut(&mut clap::Command)) -> usize {
            check(cmd);
            1 + cmd.get_subcommands_mut().map(|sub| walk(sub, check)).sum::<usize>()
        }
        let mut cmd = Cli::command();
        cmd.build();
        walk(&mut cmd, &mut check)
    }

    /// The short help's descriptions start in one column, Chinese value
    /// names counted two columns wide as a terminal shows them.
    #[test]
    fn option_descriptions_line_up() {
        let width = |s: &str| s.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum::<usize>();
        let commands = each_command(|cmd| {
            let help = help_in_chinese(&cmd.render_help().to_string());
            let starts: std::collections::BTreeSet<usize> = help
                .lines()
                .filter(|l| l.starts_with("  -") || l.starts_with("      --"))
                .filter_map(|l| {
                    let flag_end = l.trim_start().find("  ")? + (l.len() - l.trim_start().len());
                    let gap = l[flag_end..].len() - l[flag_end..].trim_start().len();
                    Some(width(&l[..flag_end + gap]))
                })
                .collect();
            assert!(starts.len() <= 1, "descriptions of {} start at columns {starts:?}:\n{help}", cmd.get_name());
        });
        assert!(commands > 30, "{commands} commands");
    }

    /// Every command's help, short and long, with none of clap's English
    /// left: a new option or command cannot bring it back unnoticed.
    #[test]
    fn every_help_is_in_chinese() {
        let commands = each_command(|cmd| {
            for help in [cmd.render_help().to_string(), cmd.render_long_help().to_string()] {
                let help = help_in_chinese(&help);
                for english in
                    ["Usage", "Options", "Commands", "Arguments", "Print", "default:", "env:", "ossible values"]
                {
                    assert!(!help.contains(english), "「{english}」 left in the help of {}:\n{help}", cmd.get_name());
                }
                // Placeholders are named in Chinese too: <文件>, not <FILE>.
                let english_placeholder = help.split('<').skip(1).any(|rest| {
                    rest.split_once('>').is_some_and(|(name, _)| {
                        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    })
                });
                assert!(!english_placeholder, "an English placeholder in the help of {}:\n{help}", cmd.get_name());
                assert!(help.contains("用法："), "{help}");
            }
        });
        assert!(commands > 30, "{commands} commands");
        let root = help_in_chinese(&Cli::command().render_help().to_string());
        assert!(root.contains("用法：duban [选项] <命令>\n") && root.contains("命令：\n  import"), "{root}");
        assert!(root.lines().any(|l| l.starts_with("  -h, --help") && l.ends_with("显示帮助")), "{root}");
    }

    /// Every option and argument of every command says what it is for: an
    /// option listed with nothing beside it leaves the clerk guessing (the
    /// options of `duban correct` once did).
    #[test]
    fn every_option_is_explained() {
        let mut unexplained = Vec::new();
        let commands = each_command(|cmd| {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    unexplained.push(format!("{} {}", cmd.get_name(), arg.get_id()));
                }
            }
        });
        assert!(commands > 30, "{commands} commands");
        assert!(unexplained.is_empty(), "options without a description: {unexplained:?}");
    }
}
