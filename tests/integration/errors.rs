//! Bad input gets a clear message, a non-zero exit, and leaves the database
//! exactly as it was (byte for byte, or still absent).

use crate::util::{gazette, snapshot, Env, Snapshot};

fn assert_untouched(env: &Env, before: &Snapshot) {
    assert_eq!(&snapshot(&env.db), before, "database changed");
}

#[test]
fn help_is_in_chinese() {
    let env = Env::new();
    let r = env.duban(&["--help"]).ok();
    assert!(
        r.stdout.contains("用法：duban [选项] <命令>\n") && r.stdout.contains("\n命令：\n  import"),
        "{}",
        r.stdout
    );
    let r = env.duban(&["help", "load"]).ok();
    assert!(r.stdout.contains("用法：duban load [选项] <文件>...\n"), "{}", r.stdout);
    assert!(r.stdout.contains("--errors <文件>"), "{}", r.stdout);
    // Without a command, the help goes to standard error as a mistake.
    let r = env.duban::<&str>(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("用法：duban [选项] <命令>") && r.stdout.is_empty(), "{}", r.stderr);
    assert!(!env.db.exists());
}

#[test]
fn missing_file() {
    let env = Env::new();
    let r = env.duban(&["import", "没有这个文件.txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("无法读取文件 没有这个文件.txt：找不到这个文件或文件夹"), "{}", r.stderr);
    assert!(!env.db.exists(), "no database is created for bad input");
    // A folder, and an output file in a folder that does not exist, are
    // explained in Chinese, not in the operating system's English.
    let r = env.duban(&["import".as_ref(), env.dir.path().as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("这是文件夹，不是文件"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    let r = env.duban(&["export", "tasks", "-o", "没有这个文件夹/台账.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("无法创建输出文件 没有这个文件夹/台账.csv：找不到这个文件或文件夹"), "{}", r.stderr);
    let r = env.duban(&["export".as_ref(), "xlsx".as_ref(), "-o".as_ref(), env.dir.path().as_os_str()]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().next(), Some("错误：写出失败：这是文件夹，不是文件"), "{}", r.stderr);
}

#[test]
fn a_report_dated_after_today_is_refused() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);
    // The harness's today is 2023-08-01.
    let r = env.duban(&["close", "39", "--evidence", "验收通过", "--date", "2030-01-01"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("报送日期 2030-01-01 晚于今天（2023-08-01）"), "{}", r.stderr);
    let sheet = env.path("进展表.csv");
    std::fs::write(&sheet, "编号,状态,进展情况,日期\n2,推进中,已开工,2023-07-30\n3,推进中,已开工,2023-08-02\n")
        .unwrap();
    let r = env.duban(&["load".as_ref(), sheet.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("第 3 行：报送日期 2023-08-02 晚于今天"), "{}", r.stderr);
    assert!(!r.stderr.contains("第 2 行"), "{}", r.stderr);
    assert_untouched(&env, &before);
    env.duban(&["log", "2", "--progress", "已开工", "--date", "2023-08-01"]).ok();
    // A date cell Excel saved as its serial number is that day.
    std::fs::write(&sheet, "编号,状态,进展情况,日期\n3,推进中,已开工,45137\n").unwrap();
    env.duban(&["load".as_ref(), sheet.as_os_str()]).ok();
    let h = env.duban(&["history", "3", "--format", "json"]).ok().json();
    assert_eq!(h[0]["reported_on"], "2023-07-30");
}

#[test]
fn empty_and_binary_files() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);

    let empty = env.path("空.txt");
    std::fs::write(&empty, "").unwrap();
    let r = env.duban(&["import".as_ref(), empty.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("文件是空的"), "{}", r.stderr);
    assert_untouched(&env, &before);

    let binary = env.path("图片.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0").unwrap();
    let r = env.duban(&["import".as_ref(), binary.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("不是文本文件"), "{}", r.stderr);
    assert!(r.stderr.contains("提示：duban 读公报的文字") && r.stderr.contains("pdftotext"), "{}", r.stderr);
    assert_untouched(&env, &before);
}

#[test]
fn a_workbook_or_a_sheet_without_its_columns_is_one_problem_with_what_to_do() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);
    // An .xlsx picked by mistake: a zip archive, not text.
    let workbook = env.path("进展表.xlsx");
    std::fs::write(
        &workbook,
        b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\xa0\x8e\xc3\x9f\x01\0\0\x00\x00[Content_Types].xml",
    )
    .unwrap();
    let r = env.duban(&["load".as_ref(), workbook.as_os_str()]);
    assert_eq!(r.code, 1);
    let (problem, hint) = r.stderr.split_once("\n").unwrap();
    assert!(problem.starts_with("错误：") && problem.contains("进展表.xlsx：不是文本文件"), "{}", r.stderr);
    assert!(problem.ends_with("，一条也没有导入"), "{}", r.stderr);
    assert!(hint.contains("Excel 工作簿（.xlsx）请先「另存为」CSV UTF-8"), "{}", r.stderr);
    let headless = env.path("无表头.csv");
    std::fs::write(&headless, "编号,进度\n1,50\n").unwrap();
    let r = env.duban(&["load".as_ref(), headless.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("无表头.csv：第 1 行：表头中没有「状态」列，一条也没有导入\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("提示：表头（前十行中的一行）要写明各列的中文列名，见 duban load --help"),
        "{}",
        r.stderr
    );
    assert_untouched(&env, &before);
    // One row written is one entry, not a range from it to itself.
    let one = env.path("一行.csv");
    std::fs::write(&one, "编号,状态,完成比例\n3,推进中,50\n").unwrap();
    let r = env.duban(&["load".as_ref(), one.as_os_str()]).ok();
    assert!(r.stdout.contains("已导入 1 条进展记录（记录编号 1）"), "{}", r.stdout);
}

#[test]
fn a_text_without_plans_imports_nothing() {
    let env = Env::new();
    let note = env.path("会议纪要.txt");
    std::fs::write(&note, "关于召开会议的通知\n\n各单位：定于下周召开会议。\n").unwrap();
    let r = env.duban(&["import".as_ref(), note.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有找到带任务的方案"), "{}", r.stderr);
    assert!(!env.db.exists());
}

#[test]
fn one_bad_file_among_good_ones_imports_nothing() {
    let env = Env::new();
    let empty = env.path("empty.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let r = env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str(), empty.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有导入任何内容"), "{}", r.stderr);
    assert!(!env.db.exists());
}

#[test]
fn damaged_table_row_is_refused_unless_skipped() {
    let env = Env::new();
    let text = std::fs::read_to_string(gazette("linzhi_2020_no3.txt")).unwrap();
    // Cut the last cells off the 3.1 row: it no longer has the header's six.
    let damaged =
        text.replacen("| 各县（区） 各级创建办 市（中、区）直 各单位 | 6月底前 | |", "| 各县（区） 各级创建办", 1);
    assert_ne!(damaged, text);
    let path = env.path("损坏的表格.txt");
    std::fs::write(&path, damaged).unwrap();
    let r = env.duban(&["import".as_ref(), path.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("第647行 错误：这一行有 4 个单元格，表头有 6 列"), "{}", r.stdout);
    assert!(r.stderr.contains("有 1 处内容无法读取") && r.stderr.contains("--skip-errors"), "{}", r.stderr);
    assert!(!env.db.exists());
    let r = env.duban(&["import".as_ref(), "--skip-errors".as_ref(), path.as_os_str()]).ok();
    assert!(r.stdout.contains("12 项任务"), "the other rows are imported: {}", r.stdout);
    let seqs: Vec<String> = env
        .duban(&["tasks", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seq"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !seqs.contains(&"3.1".to_string()) && seqs.contains(&"4.1".to_string()),
        "later numbers stay as printed: {seqs:?}"
    );
}

#[test]
fn unclosed_annotation_in_a_prose_plan_is_refused_unless_skipped() {
    let env = Env::new();
    let text = std::fs::read_to_string(gazette("linzhi_2020_no1.txt")).unwrap();
    // Measure 4 of the skills plan loses the closing bracket of its annotation.
    let damaged = text.replacen("住建局、人社局，各县（区）人民政府等）", "住建局、人社局，各县（区）人民政府等", 1);
    assert_ne!(damaged, text);
    let path = env.path("括号未闭合.txt");
    std::fs::write(&path, damaged).unwrap();
    let r = env.duban(&["import".as_ref(), path.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("第252行 错误：责任单位注释的括号没有闭合"), "{}", r.stdout);
    assert!(!env.db.exists());
    let r = env.duban(&["import".as_ref(), "--skip-errors".as_ref(), path.as_os_str()]).ok();
    assert!(r.stdout.contains("20 项任务"), "the other 20 measures are imported: {}", r.stdout);
}

/// Only an import starts a database: a report or a check run in the wrong
/// folder, or without --db, says there is none and leaves no empty file
/// behind to be mistaken for the office's. An empty report says why.
#[test]
fn without_a_database_only_an_import_starts_one() {
    let env = Env::new();
    for args in [&["status"][..], &["check"], &["plans"], &["log", "5", "--progress", "已启动"], &["backup", "副本.db"]]
    {
        let r = env.duban(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("错误：数据库 {} 不存在", env.db.display())), "{}", r.stderr);
        assert!(r.stderr.contains("提示：先用 duban import 导入公报"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(!env.db.exists(), "{args:?} created the database");
    }
    env.duban(&["import".as_ref(), gazette("linzhi_2020_no1.txt").as_os_str()]).ok();
    assert!(env.db.exists());
    env.duban(&["check"]).ok();
    // A scope with no task says so under the empty frame; CSV stays a bare header.
    for report in ["status", "workload", "overdue"] {
        let empty = env.duban(&[report, "--year", "2030"]).ok();
        assert!(empty
            .stdout
            .trim_end()
            .ends_with("范围内没有任务（方案、政府、年度或日期选得太窄，或还没有导入方案）"));
        let csv = env.duban(&[report, "--year", "2030", "--format", "csv"]).ok();
        assert_eq!(csv.stdout.lines().count(), 1, "{}", csv.stdout);
    }
    // Tasks in scope, none of them overdue yet: that is a count, not an empty scope.
    let none_yet = env.duban(&["overdue", "--year", "2020", "--as-of", "2020-01-01"]).ok();
    assert!(none_yet.stdout.trim_end().ends_with("截至 2020-01-01，逾期未完成 0 项"), "{}", none_yet.stdout);
}

#[test]
fn wrong_flag_and_missing_task() {
    let env = Env::new();
    let r = env.duban(&["tasks", "--role", "boss"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不是角色"), "{}", r.stderr);
    env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);
    // A misspelt flag or command is named in Chinese, with a suggestion.
    let r = env.duban(&["overdue", "--fromat", "csv"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "错误：duban overdue 没有选项 --fromat\n提示：是不是要用 --format？\n提示：duban overdue --help 查看说明\n"
    );
    // A role is a department's role: without one it would filter nothing.
    let r = env.duban(&["tasks", "--role", "lead"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("错误：缺少 --department <部门>\n"), "{}", r.stderr);
    let r = env.duban(&["clsoe", "3"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("错误：duban 没有「clsoe」这个命令\n"), "{}", r.stderr);
    assert!(r.stderr.contains("duban close"), "suggested: {}", r.stderr);
    let r = env.duban(&["close", "3"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("错误：缺少 --evidence <文字>\n提示：用法：duban close [选项] --evidence <文字> <编号>\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("error") && !r.stderr.contains("Usage"), "{}", r.stderr);
    assert_untouched(&env, &before);
    let r = env.duban(&["show", "9999"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有编号为 9999 的任务"), "{}", r.stderr);
    assert!(r.stderr.contains("duban tasks"), "hint: {}", r.stderr);
    assert_untouched(&env, &before);
}

#[test]
fn a_report_or_correction_that_says_nothing_and_an_id_that_is_not_a_number_are_refused() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);
    for args in [&["log", "2"][..], &["log", "2", "--progress", "  ", "--period", "上半年"]] {
        let r = env.duban(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.contains("任务 2 没有要记录的内容"), "{}", r.stderr);
        assert!(r.stderr.contains("--progress"), "hint: {}", r.stderr);
    }
    let r = env.duban(&["history", "abc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("「abc」不是编号"), "{}", r.stderr);
    let r = env.duban(&["tasks", "--plan", " "]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有写明方案"), "{}", r.stderr);
    assert_untouched(&env, &before);
    // A status alone is a report.
    let r = env.duban(&["log", "2", "--status", "滞后"]).ok();
    assert!(r.stdout.contains("当前状态：滞后"), "{}", r.stdout);
    // A correction that changes nothing would copy the entry for ever.
    let before = snapshot(&env.db);
    let r = env.duban(&["correct", "1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有写明要更正记录 1 的哪一项"), "{}", r.stderr);
    assert_untouched(&env, &before);
    env.duban(&["correct", "1", "--percent", "20"]).ok();
}

#[test]
fn a_plan_number_means_that_plan_and_an_ambiguous_name_lists_the_candidates() {
    let env = Env::new();
    let files = ["lasa_2024.txt", "linzhi_2020_no1.txt", "linzhi_2020_no3.txt"].map(gazette);
    let mut args = vec!["import".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    env.duban(&args).ok();
    // Plan 2's number is also a digit of every title with a year in it.
    let r = env.duban(&["status", "--plan", "2", "--format", "json"]).ok();
    let groups = r.json();
    assert_eq!(groups.as_array().map(Vec::len), Some(1), "{}", r.stdout);
    assert_eq!(groups[0]["group"], "拉萨市空气质量持续改善行动计划实施方案");
    let before = snapshot(&env.db);
    let r = env.duban(&["status", "--plan", "拉萨市"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("「拉萨市」对应 3 个方案（编号 1、2、3）"), "{}", r.stderr);
    assert!(r.stderr.contains("文号"), "hint: {}", r.stderr);
    assert_untouched(&env, &before);
}

/// A government is found by part of its name; one the store does not
/// know, or a part that names several, is refused: an overdue list of
/// nothing would read as "nothing overdue". A period cannot be guessed
/// from plans that set no reporting dates, or from no plans.
#[test]
fn a_scope_that_finds_nothing_is_refused_with_what_there_is() {
    let env = Env::new();
    let files = ["lasa_2024.txt", "linzhi_2020_no3.txt"].map(gazette);
    let mut args = vec!["import".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    env.duban(&args).ok();
    let full = env.duban(&["tasks", "--government", "拉萨市", "--format", "csv"]).ok();
    assert_eq!(full.stdout.lines().count(), 1 + 100, "the header and the four plans' tasks: {}", full.stdout);
    let short = env.duban(&["tasks", "--government", "拉萨", "--format", "csv"]).ok();
    assert_eq!(short.stdout, full.stdout);
    assert_eq!(short.stderr.trim(), "政府「拉萨」按「拉萨市」处理");
    let r = env.duban(&["departments", "--government", "林芝市人民政府", "--format", "json"]).ok();
    assert!(r.json().as_array().unwrap().iter().all(|d| d["government"] == "林芝市"), "{}", r.stdout);
    let before = snapshot(&env.db);
    for args in [
        &["overdue", "--government", "北京市"][..],
        &["tasks", "--government", "北京市"],
        &["report", "市发改委", "--government", "北京市"],
        &["departments", "alias", "市发改委", "发改", "--government", "北京市"],
    ] {
        let r = env.duban(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.starts_with("错误：没有找到政府「北京市」\n"), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("已导入的政府：拉萨市、林芝市"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    let r = env.duban(&["status", "--government", "市"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("「市」对应 2 个政府：拉萨市、林芝市"), "{}", r.stderr);
    // 催报 and 通报 without --period take the period from the plans in
    // scope: 拉萨's set no reporting dates, and 2010 has no plans at all.
    for report in ["chase", "bulletin"] {
        let r = env.duban(&[report, "--government", "拉萨市"]);
        assert_eq!(r.code, 1);
        assert!(r.stderr.starts_with("错误：方案没有规定报送时间，无法推定期次\n"), "{}", r.stderr);
        assert!(r.stderr.contains("用 --period 指明期次"), "{}", r.stderr);
        let r = env.duban(&[report, "--year", "2010"]);
        assert_eq!(r.code, 1);
        assert!(r.stderr.starts_with("错误：范围内没有方案\n"), "{}", r.stderr);
        assert!(r.stderr.contains("duban plans 列出全部方案") && !r.stderr.contains("--period"), "{}", r.stderr);
    }
    assert_untouched(&env, &before);
}

#[test]
fn a_file_that_is_not_a_database() {
    let env = Env::new();
    std::fs::write(&env.db, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    let before = snapshot(&env.db);
    let r = env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("不是 duban 能打开的 SQLite 数据库"), "{}", r.stderr);
    assert_untouched(&env, &before);
}

/// `duban … | head` closes the pipe early: that is not an error.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let env = Env::new();
    // Far more output than a pipe buffers (64 KiB), so writes do meet the closed pipe.
    let spec = duban::synth::Spec { plans: 10, min_tasks: 300, max_tasks: 300, ..Default::default() };
    let file = env.path("大公报.txt");
    std::fs::write(&file, duban::synth::gazette(&spec).text).unwrap();
    env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    // Damage every task's copies, so `duban check` lists 6,000 problems.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("UPDATE task_facts SET judged = judged + 2; UPDATE tasks SET leaders = '0';").unwrap();
    drop(conn);
    let lists: [&[&str]; 5] = [
        &["tasks", "--format", "csv"],
        &["export", "tasks", "--format", "csv"],
        &["export", "tasks", "--format", "json"],
        &["tasks"],
        &["check"],
    ];
    for args in lists {
        let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
            .env("DUBAN_DB", &env.db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader is gone: the rest of the output meets a closed pipe.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A command's one-line message meets a pipe whose reader has already gone
/// (`duban log … | true`): the command still does its work and ends quietly.
#[test]
fn a_message_to_a_reader_that_is_gone_ends_quietly() {
    use std::process::{Command, Stdio};
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let commands: [&[&str]; 3] = [
        &["log", "3", "--status", "推进中", "--progress", "已开工"],
        &["rules"],
        &["rules", "set", "lag_red_points", "25"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
            .env("DUBAN_DB", &env.db)
            .env("DUBAN_TODAY", "2023-07-03")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command has opened its database, let alone printed.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let history = env.duban(&["history", "3", "--format", "json"]).ok().json();
    assert_eq!(history.as_array().unwrap().len(), 1, "the report was recorded");
    assert!(env.duban(&["rules"]).ok().stdout.contains("lag_red_points                   25"));
}

#[test]
fn warning_rules_that_cannot_work_are_refused() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let before = snapshot(&env.db);
    for (args, said) in [
        (&["rules", "set", "lag_red_points", "500"][..], "应在 0 到 100 之间，而不是 500"),
        (&["rules", "set", "lag_yellow_points", "40"], "lag_yellow_points（40）大于 lag_red_points（30）"),
        (&["rules", "set", "missed_reports_red", "1.5"], "应为不小于 0 的整数"),
    ] {
        let r = env.duban(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.contains(said), "{}", r.stderr);
    }
    let r = env.duban(&["rules", "set", "lag_red_points", "abc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("「abc」不是数字"), "{}", r.stderr);
    assert_untouched(&env, &before);
    // Raising red first makes room for a higher yellow.
    env.duban(&["rules", "set", "lag_red_points", "50"]).ok();
    let r = env.duban(&["rules", "set", "lag_yellow_points", "40"]).ok();
    assert!(r.stdout.contains("lag_yellow_points                40"), "{}", r.stdout);
}
