//! A year of supervision on the 2023 林芝 plan: reports, a close-out, an
//! extension, a correction. Every report is checked against numbers worked
//! out here by hand from the scenario and the plan (notice 2023-02-18,
//! every task due 2023-12-31 unless extended, reports due 7-05, 10-05 and
//! 12-20), not with duban's own rules.

use crate::util::{gazette, Env};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs duban on a given working day.
fn on(env: &Env, day: &str, args: &[&str]) -> crate::util::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .env("DUBAN_DB", &env.db)
        .env("DUBAN_USER", "督查室")
        .env("DUBAN_TODAY", day)
        .output()
        .expect("run duban");
    crate::util::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// The scenario, entered day by day. Returns snapshots taken on the day.
fn year() -> (Env, BTreeMap<&'static str, String>) {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let mut snapshots = BTreeMap::new();
    on(
        &env,
        "2023-07-03",
        &["log", "7", "--period", "上半年", "--percent", "40", "--progress", "征拆完成", "--department", "市发改委"],
    )
    .ok();
    on(
        &env,
        "2023-07-04",
        &["log", "14", "--period", "上半年", "--percent", "20", "--status", "滞后", "--problems", "资金拨付慢"],
    )
    .ok();
    on(&env, "2023-07-04", &["close", "39", "--period", "上半年", "--evidence", "试点通过验收"]).ok();
    on(&env, "2023-07-05", &["extend", "8", "--to", "2024-06-30", "--reason", "机场选址调整"]).ok();
    on(&env, "2023-07-05", &["log", "1", "--period", "上半年", "--percent", "50"]).ok();
    snapshots.insert("status 07-06", on(&env, "2023-07-06", &["status", "--format", "json"]).ok().stdout);
    on(&env, "2023-10-04", &["log", "7", "--period", "前三季度", "--percent", "60"]).ok();
    snapshots.insert("status 10-06", on(&env, "2023-10-06", &["status", "--format", "json"]).ok().stdout);
    snapshots.insert("tasks 10-06", on(&env, "2023-10-06", &["tasks", "--format", "json"]).ok().stdout);
    // The 10-04 report said 60%; the department corrects it to 80% on 10-09.
    let history = on(&env, "2023-10-09", &["history", "7", "--format", "json"]).ok().json();
    let wrong = history.as_array().unwrap().iter().find(|e| e["percent"] == 60).unwrap()["id"].as_i64().unwrap();
    on(&env, "2023-10-09", &["correct", &wrong.to_string(), "--percent", "80"]).ok();
    on(&env, "2023-12-18", &["close", "7", "--period", "全年", "--evidence", "川藏铁路林芝段年度任务完成"]).ok();
    on(&env, "2023-12-19", &["log", "1", "--period", "全年", "--percent", "95"]).ok();
    (env, snapshots)
}

/// Lights the offices' rules give, worked out for the scenario's tasks.
/// `elapsed` is the share of 2023-02-18..2023-12-31 passed on the day.
fn expected_lights(day: &str) -> (BTreeMap<i64, &'static str>, &'static str) {
    let special: &[(i64, &str)] = match day {
        // 133 of 316 days: 42% — every task not started is yellow.
        "2023-07-01" => &[],
        // 43.7%: 7 at 40% is within 10 points; 14 reported 滞后 at 20%; 8
        // extended but missed the 7-05 report; 1 at 50%.
        "2023-07-06" => &[(7, "green"), (14, "yellow"), (39, "green"), (8, "yellow"), (1, "green")],
        // 72.8%: 7 at 60% is 12.8 behind; 14 is 52.8 behind (red); 8 missed
        // two reports (red); 1 is 22.8 behind and missed 10-05.
        "2023-10-06" => &[(7, "yellow"), (14, "red"), (39, "green"), (8, "red"), (1, "yellow")],
        // The correction (80%) is visible from 10-09: 7 is ahead of 74%.
        "2023-10-10" => &[(7, "green"), (14, "red"), (39, "green"), (8, "red"), (1, "yellow")],
        // 11 days left: 1 at 95% is yellow (and missed 10-05).
        "2023-12-20" => &[(7, "green"), (14, "red"), (39, "green"), (8, "red"), (1, "yellow")],
        // Past the deadline: everything open is red; 8's new deadline is
        // June but it missed three reports.
        "2024-01-02" => &[(7, "green"), (14, "red"), (39, "green"), (8, "red"), (1, "red")],
        _ => unreachable!(),
    };
    let others = match day {
        "2023-07-01" | "2023-07-06" => "yellow",
        _ => "red",
    };
    (special.iter().copied().collect(), others)
}

fn lights(env: &Env, day: &str) -> BTreeMap<i64, String> {
    let v = on(env, "2024-01-05", &["tasks", "--format", "json", "--as-of", day]).ok().json();
    let light = |s: &str| match s {
        "红灯" => "red",
        "黄灯" => "yellow",
        _ => "green",
    };
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_i64().unwrap(), light(t["light"].as_str().unwrap()).to_string()))
        .collect()
}

#[test]
fn lights_and_status_as_of_several_days() {
    let (env, _) = year();
    for day in ["2023-07-01", "2023-07-06", "2023-10-06", "2023-10-10", "2023-12-20", "2024-01-02"] {
        let (special, others) = expected_lights(day);
        let got = lights(&env, day);
        assert_eq!(got.len(), 116);
        for (id, light) in &got {
            let want = special.get(id).copied().unwrap_or(others);
            assert_eq!(light, want, "task {id} on {day}");
        }
        let status = on(&env, "2024-01-05", &["status", "--format", "json", "--as-of", day]).ok().json();
        let s = &status[0];
        let count = |l: &str| got.values().filter(|x| *x == l).count() as u64;
        assert_eq!(
            (s["green"].as_u64(), s["yellow"].as_u64(), s["red"].as_u64()),
            (Some(count("green")), Some(count("yellow")), Some(count("red"))),
            "{day}"
        );
    }
    // Status counts by hand: (not started, in progress, done, lagging, extended).
    let expect = [
        ("2023-07-01", (116, 0, 0, 0, 0)),
        ("2023-07-06", (111, 2, 1, 1, 1)),
        ("2023-10-06", (111, 2, 1, 1, 1)),
        ("2023-12-20", (111, 1, 2, 1, 1)),
    ];
    for (day, (ns, ip, done, lag, ext)) in expect {
        let s = &on(&env, "2024-01-05", &["status", "--format", "json", "--as-of", day]).ok().json()[0];
        let got = (
            s["not_started"].as_u64().unwrap(),
            s["in_progress"].as_u64().unwrap(),
            s["done"].as_u64().unwrap(),
            s["lagging"].as_u64().unwrap(),
            s["extended"].as_u64().unwrap(),
        );
        assert_eq!(got, (ns, ip, done, lag, ext), "{day}");
        assert!((s["completion_rate"].as_f64().unwrap() - done as f64 * 100.0 / 116.0).abs() < 1e-9);
    }
}

#[test]
fn a_past_day_reports_as_it_did_then() {
    let (env, snapshots) = year();
    let again = on(&env, "2024-01-05", &["status", "--format", "json", "--as-of", "2023-07-06"]).ok().stdout;
    assert_eq!(again, snapshots["status 07-06"]);
    // The correction entered on 10-09 does not change the picture of 10-06.
    let again = on(&env, "2024-01-05", &["status", "--format", "json", "--as-of", "2023-10-06"]).ok().stdout;
    assert_eq!(again, snapshots["status 10-06"]);
    let again = on(&env, "2024-01-05", &["tasks", "--format", "json", "--as-of", "2023-10-06"]).ok().stdout;
    assert_eq!(again, snapshots["tasks 10-06"]);
}

#[test]
fn overdue_list_after_the_deadline() {
    let (env, _) = year();
    let none = on(&env, "2024-01-05", &["overdue", "--format", "json", "--as-of", "2023-12-31"]).ok().json();
    assert_eq!(none.as_array().unwrap().len(), 0, "due today is not overdue");
    let v = on(&env, "2024-01-05", &["overdue", "--format", "json", "--as-of", "2024-01-02"]).ok().json();
    let rows = v.as_array().unwrap();
    // 116 tasks, minus 7 and 39 (closed) and 8 (extended to June 2024).
    assert_eq!(rows.len(), 113);
    assert!(rows.iter().all(|r| r["days_overdue"] == 2));
    let ids: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert!(!ids.contains(&7) && !ids.contains(&39) && !ids.contains(&8));
    let t14 = rows.iter().find(|r| r["id"] == 14).unwrap();
    assert_eq!(t14["lead"], "市商务局");
    assert_eq!(t14["leaders"], "吴耿淡");
    assert_eq!(t14["status"], "滞后");
    // The CSV holds the same rows, cell for cell.
    let csv = on(&env, "2024-01-05", &["overdue", "--format", "csv", "--as-of", "2024-01-02"]).ok().stdout;
    let mut reader = csv::Reader::from_reader(csv.strip_prefix('\u{feff}').expect("BOM").as_bytes());
    assert_eq!(reader.headers().unwrap().get(9), Some("最近报送"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    for (record, row) in records.iter().zip(rows) {
        let text = |k: &str| row[k].as_str().map_or_else(|| row[k].to_string(), str::to_string);
        let fields = ["id", "plan", "seq", "task", "lead", "leaders", "due", "days_overdue", "status", "last_report"];
        assert_eq!(record.iter().collect::<Vec<_>>(), fields.map(text), "{row}");
    }
    assert!(records.iter().any(|r| &r[9] == "未报送") && records.iter().any(|r| &r[9] == "2023-07-04"));
    // A later report's note follows its date, trimmed.
    on(&env, "2024-01-05", &["log", "14", "--percent", "30", "--progress", "资金已拨付 "]).ok();
    let csv = on(&env, "2024-01-05", &["overdue", "--format", "csv"]).ok().stdout;
    assert!(csv.contains(",2024-01-05 资金已拨付\r\n"), "{csv}");
    assert_eq!(t14["last_report"], "2023-07-04");
    let t1 = rows.iter().find(|r| r["id"] == 1).unwrap();
    assert_eq!(t1["last_report"], "2023-12-19");
}

/// Each task's answering units, from the export.
fn leads(env: &Env) -> BTreeMap<i64, Vec<String>> {
    let v = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let names = t["departments"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["role"] == "lead")
                .map(|d| d["name"].as_str().unwrap().to_string())
                .collect();
            (t["id"].as_i64().unwrap(), names)
        })
        .collect()
}

#[test]
fn workload_and_chase_lists() {
    let (env, _) = year();
    let leads = leads(&env);
    let ndrc: Vec<i64> =
        leads.iter().filter(|(_, l)| l.contains(&"市发展改革委".to_string())).map(|(id, _)| *id).collect();
    assert_eq!(ndrc, [1, 2, 5, 6, 7, 8, 18, 19, 32, 33, 34, 35, 36, 79, 80, 83, 97, 99, 100]);
    let wl = on(&env, "2024-01-05", &["workload", "--format", "json", "--as-of", "2023-10-06"]).ok().json();
    let row = wl.as_array().unwrap().iter().find(|r| r["name"] == "市发展改革委").unwrap();
    // 7 reported both periods; every other task missed at least one.
    assert_eq!(
        (row["led"].as_u64(), row["open"].as_u64(), row["done"].as_u64(), row["missing"].as_u64()),
        (Some(19), Some(19), Some(0), Some(18))
    );
    // 7 and 1 are yellow, the other 17 red.
    assert_eq!((row["yellow"].as_u64(), row["red"].as_u64(), row["overdue"].as_u64()), (Some(2), Some(17), Some(0)));
    let wl = on(&env, "2024-01-05", &["workload", "--format", "json", "--as-of", "2024-01-02"]).ok().json();
    let row = wl.as_array().unwrap().iter().find(|r| r["name"] == "市发展改革委").unwrap();
    // 7 is done; 8 is extended to June; the other 17 are overdue.
    assert_eq!((row["open"].as_u64(), row["done"].as_u64(), row["overdue"].as_u64()), (Some(18), Some(1), Some(17)));

    // 催报 for 前三季度 on 10-06: every task but 7 (reported) and 39 (closed).
    let chase = on(&env, "2024-01-05", &["chase", "--period", "前三季度", "--format", "json", "--as-of", "2023-10-06"])
        .ok()
        .json();
    let rows = chase.as_array().unwrap();
    let expected: usize = leads.iter().filter(|(id, _)| **id != 7 && **id != 39).map(|(_, l)| l.len()).sum();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|r| r["report_due"] == "2023-10-05" && r["days_late"] == 1));
    let ndrc_missing = rows.iter().filter(|r| r["department"] == "市发展改革委").count();
    assert_eq!(ndrc_missing, 18);
    // Without --period, the period whose reporting date passed last: on
    // 10-06 that is 前三季度 (10-05), and the office is told so.
    let r = on(&env, "2024-01-05", &["chase", "--format", "json", "--as-of", "2023-10-06"]).ok();
    assert_eq!(r.json(), chase);
    assert!(r.stderr.contains("未指明期次，按「前三季度」（应报日期 2023-10-05）"), "{}", r.stderr);
}

#[test]
fn bulletin_classes_for_each_period() {
    let (env, _) = year();
    let count = |period: &str| -> Vec<u64> {
        let v = on(&env, "2024-01-05", &["bulletin", "--period", period, "--format", "json"]).ok().json();
        v["counts"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).collect()
    };
    // On 7-05 (43.4% of the time): 39 done; 7 (40%), 1 (50%) and 8
    // (extended, no percentage) on pace; 14 behind; 111 not started.
    assert_eq!(count("上半年"), [1, 0, 3, 1, 111]);
    // On 10-05 (72.5%): 7 at 60% and 1 at 50% are behind, as is 14; 8 on pace.
    assert_eq!(count("前三季度"), [1, 0, 1, 3, 111]);
}

#[test]
fn a_progress_sheet_with_a_bad_row_loads_nothing() {
    let (env, _) = year();
    let before = env.duban(&["export", "journal", "--format", "json"]).ok().json().as_array().unwrap().len();
    let bad = env.path("进展表.csv");
    std::fs::write(
        &bad,
        "编号,状态,完成比例,进展情况,日期,期次\n2,推进中,30,已开工,2023-10-02,\n9999,推进中,10,不存在的任务,2023-10-02,\n5,推进中,20,日期错,2023-02-30,\n6,差不多了,20,状态错,2023-10-02,\n7,推进中,20,期次错,2023-10-02,\"1,2月\"\n",
    )
    .unwrap();
    // The rows are dated 10-02 and 10-03: the clerk loads them on 10-06.
    let day = "2023-10-06";
    let r = on(&env, day, &["load", bad.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    for line in [
        "第 3 行：没有编号为 9999 的任务",
        "第 4 行：日期「2023-02-30」不是有效日期",
        "第 5 行：状态「差不多了」无法识别",
        "第 6 行：报送期次「1,2月」不能含有英文逗号，请改用中文顿号或逗号",
    ] {
        assert!(r.stderr.contains(line), "missing {line:?}:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("一条也没有导入"));
    let after = env.duban(&["export", "journal", "--format", "json"]).ok().json().as_array().unwrap().len();
    assert_eq!(after, before);

    let good = env.path("进展表（改正）.csv");
    let (gbk, _, _) = encoding_rs::GB18030.encode("序号,状态,完成比例,进展情况,日期,期次\n2,推进中,30,已开工,2023-10-02,前三季度\n5,滞后,20,\"征地受阻，\n待协调\",2023/10/3,前三季度\n");
    std::fs::write(&good, &gbk).unwrap();
    // A dry run checks what a load would, writes nothing.
    let plan_args = ["--plan", "林政发〔2023〕11号"];
    let r = on(&env, day, &[&["load", good.to_str().unwrap(), "--dry-run"][..], &plan_args].concat()).ok();
    assert!(r.stdout.contains("2 行均可导入（试运行，未写入）"), "{}", r.stdout);
    let after_dry = env.duban(&["export", "journal", "--format", "json"]).ok().json().as_array().unwrap().len();
    assert_eq!(after_dry, before);
    let r = on(&env, day, &[&["load", good.to_str().unwrap()][..], &plan_args].concat()).ok();
    assert!(r.stdout.contains("已导入 2 条进展记录"), "{}", r.stdout);
    // Once task 2 is closed, a dry run refuses a later report on it, as a
    // load would: it checks against the state the store is in.
    let closed = env.path("销号后.csv");
    std::fs::write(&closed, "编号,状态,完成比例,进展情况,日期\n2,推进中,40,再报,2023-10-05\n").unwrap();
    on(&env, "2024-01-05", &["close", "2", "--evidence", "已完成", "--date", "2023-10-04"]).ok();
    let r = on(&env, "2024-01-05", &["load", closed.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("第 2 行") && r.stderr.contains("已销号"), "{}", r.stderr);
    let h = env.duban(&["history", "5", "--format", "json"]).ok().json();
    assert_eq!(h[0]["progress"], "征地受阻，\n待协调");
    assert_eq!(h[0]["status"], "lagging");
    assert!(h[0]["source"].as_str().unwrap().ends_with(":3"));
    // A table says how many entries it shows, or that there are none yet.
    let r = env.duban(&["history", "5"]).ok();
    assert!(r.stdout.ends_with("共 1 条记录\n"), "{}", r.stdout);
    let r = env.duban(&["history", "6"]).ok();
    assert_eq!(r.stdout, "任务 6 还没有进展记录\n");
    assert_eq!(env.duban(&["history", "6", "--format", "json"]).ok().stdout.trim(), "[]");
}

#[test]
fn a_wrong_sheet_lists_fifty_problems_and_writes_them_all_to_a_file() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let before = crate::util::snapshot(&env.db);
    // A sheet for another plan: 120 ids of which only 1–116 exist here,
    // and every row has a status nobody can read.
    let mut text = String::from("编号,状态,进展情况,日期\n");
    for id in 1..=120 {
        text.push_str(&format!("{id},快好了,已推进,2023-07-03\n"));
    }
    let sheet = env.path("别的方案.csv");
    std::fs::write(&sheet, text).unwrap();
    let r = env.duban(&["load".as_ref(), sheet.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("有 120 处问题，一条也没有导入"), "{}", r.stderr);
    assert!(r.stderr.contains("第 51 行：状态「快好了」无法识别"), "{}", r.stderr);
    assert!(!r.stderr.contains("第 52 行"), "only fifty are listed:\n{}", r.stderr);
    assert!(r.stderr.contains("……另有 70 处问题未列出"), "{}", r.stderr);
    assert!(r.stderr.contains("--errors"), "the hint says how to get them all:\n{}", r.stderr);

    let list = env.path("问题清单.csv");
    let r = env.duban(&["load".as_ref(), sheet.as_os_str(), "--errors".as_ref(), list.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("全部 120 处问题已写入"), "{}", r.stderr);
    let bytes = std::fs::read(&list).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, so Excel reads it as UTF-8");
    let written = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 121, "a header and every problem");
    assert_eq!(lines[0], "行号,问题");
    assert_eq!(lines[1], "2,状态「快好了」无法识别（可用：未启动、推进中、已完成、滞后、已延期、长期坚持）");
    assert!(lines[120].starts_with("121,"), "{}", lines[120]);
    // The list never replaces the sheet it describes.
    let r = env.duban(&["load".as_ref(), sheet.as_os_str(), "--errors".as_ref(), sheet.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("问题清单不能写到表格本身"), "{}", r.stderr);
    assert!(std::fs::read_to_string(&sheet).unwrap().starts_with("编号,状态"));
    let after = crate::util::snapshot(&env.db);
    assert!(before == after, "the database is as it was");
}

#[test]
fn reloading_the_exported_ledger_records_nothing_and_empty_rows_are_counted() {
    let (env, _) = year();
    let day = "2024-01-05";
    let journal = || on(&env, day, &["export", "journal", "--format", "json"]).ok().json().as_array().unwrap().len();
    let before = journal();
    // The ledger's 状态 column holds every task's status as it is now,
    // 已延期 and 已完成 included.
    let ledger = env.path("台账.csv");
    on(&env, day, &["export", "tasks", "-o", ledger.to_str().unwrap()]).ok();
    let r = on(&env, day, &["load", ledger.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("没有可导入的进展；116 行只写了与现在相同的状态，没有期次、比例或进展（第 2、3、4"),
        "{}",
        r.stdout
    );
    assert_eq!(journal(), before, "nothing recorded");

    // A sheet sent out with 期次 filled in: rows left empty are counted; a
    // status that differs from the task's is a report.
    let sheet = env.path("全年进展表.csv");
    std::fs::write(
        &sheet,
        "编号,期次,状态,完成比例,进展情况\n2,全年,,,\n3,全年,推进中,60,已开工\n4,全年,,,\n5,,滞后,,\n",
    )
    .unwrap();
    let r = on(&env, day, &["load", sheet.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("已导入 2 条进展记录"), "{}", r.stdout);
    assert!(r.stdout.contains("；2 行未填写（第 2、4 行），未导入"), "{}", r.stdout);
    assert_eq!(journal(), before + 2);
}

#[test]
fn a_progress_sheet_goes_out_to_a_unit_and_comes_back_filled_in() {
    let (env, _) = year();
    let day = "2023-12-22";
    let sheet = env.path("发改委全年进展表.csv");
    let path = sheet.to_str().unwrap();
    // A period the plan never set would make every filled-in row fail.
    let r = on(&env, day, &["export", "sheet", "--period", "第五季度", "-o", path]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有方案规定「第五季度」这一报送期次"), "{}", r.stderr);
    assert!(!sheet.exists());
    let r = on(
        &env,
        day,
        &["export", "sheet", "--department", "市发改委", "--role", "lead", "--period", "全年", "-o", path],
    );
    let r = r.ok();
    let text = String::from_utf8(std::fs::read(&sheet).unwrap()[3..].to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(
        lines[0],
        "编号,方案,序号,任务,牵头单位,完成时限,期次,状态,完成比例,进展情况,存在问题,下一步,填报单位,填报人,日期"
    );
    let ids: Vec<&str> = lines[1..].iter().map(|l| l.split(',').next().unwrap()).collect();
    // 市发展改革委 leads 19 tasks; 7 was closed on 12-18, so 18 rows.
    assert_eq!(ids.len(), 18, "{ids:?}");
    assert!(!ids.contains(&"7") && ids.contains(&"8"), "{ids:?}");
    assert!(r.stderr.contains("18 项未销号的任务"), "{}", r.stderr);
    assert!(!r.stderr.contains("没有指定 --period"), "{}", r.stderr);
    // Without a period, the clerk is told its reports would count for none.
    let unperiodic = env.path("无期次.csv");
    let r = on(&env, day, &["export", "sheet", "--department", "市发改委", "-o", unperiodic.to_str().unwrap()]).ok();
    assert!(r.stderr.contains("提示：没有指定 --period，表中「期次」一栏是空的"), "{}", r.stderr);
    assert!(
        lines[1].starts_with(
            "1,林政发〔2023〕11号,1,地区生产总值增长8.5%以上。,市发展改革委,2023-12-31 推定,全年,,,,,,市发展改革委,,"
        ),
        "{}",
        lines[1]
    );
    // Sorted in Excel on the number column alone, the first two rows swap
    // numbers, and each report would land on the other task: refused.
    let before = crate::util::snapshot(&env.db);
    let (first, second) = (ids[0].to_string(), ids[1].to_string());
    let rest = |l: &str| l.split_once(',').unwrap().1.to_string();
    let mut swapped = lines.clone();
    swapped[1] = format!("{second},{}", rest(&lines[1])).replacen(",全年,,,,", ",全年,推进中,90,全年增长8.6%", 1);
    swapped[2] = format!("{first},{}", rest(&lines[2])).replacen(",全年,,,,,", ",全年,滞后,,,项目储备不足,", 1);
    std::fs::write(&sheet, swapped.join("\r\n")).unwrap();
    let r = on(&env, day, &["load", path]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("有 2 处问题，一条也没有导入"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("第 2 行：「任务」一栏是「地区生产总值增长8.5%以上。」，而编号 {second} 的任务是「")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("第 3 行：「任务」一栏是「") && r.stderr.contains("这一行可能错位"), "{}", r.stderr);
    assert_eq!(crate::util::snapshot(&env.db), before);
    // The unit fills in two rows and sends the sheet back.
    lines[1] = lines[1].replacen(",全年,,,,", ",全年,推进中,90,全年增长8.6%", 1);
    lines[2] = lines[2].replacen(",全年,,,,,", ",全年,滞后,,,项目储备不足,", 1);
    std::fs::write(&sheet, lines.join("\r\n")).unwrap();
    let r = on(&env, day, &["load", path]).ok();
    assert!(r.stdout.contains("已导入 2 条进展记录"), "{}", r.stdout);
    assert!(r.stdout.contains("16 行未填写（第 4、5、6"), "{}", r.stdout);
    let h = on(&env, day, &["history", "2", "--format", "json"]).ok().json();
    let last = h.as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["status"].as_str(), last["problems"].as_str()), (Some("lagging"), Some("项目储备不足")));
    assert_eq!((last["period"].as_str(), last["department"].as_str()), (Some("year"), Some("市发展改革委")));
}

#[test]
fn a_sheet_for_every_unit_goes_out_at_once() {
    let (env, _) = year();
    let day = "2023-12-22";
    let dir = env.path("全年进展表");
    let r = on(&env, day, &["export", "sheet", "--by-unit", "--period", "全年", "-o", dir.to_str().unwrap()]).ok();
    assert!(r.stderr.contains("已按牵头单位导出"), "{}", r.stderr);
    let read = |name: &str| {
        let bytes = std::fs::read(dir.join(format!("{name}.csv"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    };
    // The same 18 open tasks 市发展改革委 leads as its own sheet holds,
    // with the unit filled in on every row.
    let ndrc = read("市发展改革委");
    let rows: Vec<&str> = ndrc.lines().skip(1).collect();
    assert_eq!(rows.len(), 18, "{ndrc}");
    assert!(rows.iter().all(|l| l.contains(",全年,,,,,,市发展改革委,,")), "{ndrc}");
    // Every open task is in the sheet of each unit that answers for it.
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert!(files > 30, "{files} sheets");
    let all: usize = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap().lines().count() - 1)
        .sum();
    let open = on(&env, day, &["tasks", "--format", "json"]).ok().json();
    let open = open.as_array().unwrap().iter().filter(|t| t["status"] != "已完成").count();
    assert!(all >= open, "{all} rows for {open} open tasks");
    // One comes back filled in and loads.
    let back = ndrc.replacen(",全年,,,,,,市发展改革委,,", ",全年,推进中,95,,,,市发展改革委,,", 1);
    std::fs::write(dir.join("市发展改革委.csv"), back).unwrap();
    let r = on(&env, day, &["load", dir.join("市发展改革委.csv").to_str().unwrap()]).ok();
    assert!(r.stdout.contains("已导入 1 条进展记录"), "{}", r.stdout);
    // Exporting into the folder again would write over sheets that came back.
    let filled = std::fs::read(dir.join("市发展改革委.csv")).unwrap();
    let r = on(&env, day, &["export", "sheet", "--by-unit", "-o", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("中已有同名的进展表，一个也没有写") && r.stderr.contains("换一个文件夹"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("市发展改革委.csv")).unwrap(), filled);
    // A task no unit answers for is in no sheet, and the clerk is told.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute("DELETE FROM task_departments WHERE task_id = 2 AND role IN ('lead', 'responsible')", []).unwrap();
    drop(conn);
    let again = env.path("再导出");
    let r = on(&env, day, &["export", "sheet", "--by-unit", "-o", again.to_str().unwrap()]).ok();
    assert!(r.stderr.contains("提示：1 项任务（编号 2）没有牵头或责任单位，不在任何表中"), "{}", r.stderr);
    // With 拉萨's plans beside 林芝's, each government's 市财政局 has its sheet.
    let both = Env::new();
    for g in ["linzhi_2023_no1.txt", "lasa_2024.txt"] {
        both.duban(&["import".as_ref(), gazette(g).as_os_str()]).ok();
    }
    let split = both.path("两市");
    both.duban(&["export", "sheet", "--by-unit", "-o", split.to_str().unwrap()]).ok();
    assert!(split.join("林芝市-市财政局.csv").exists() && split.join("拉萨市-市财政局.csv").exists());
    assert!(!split.join("市财政局.csv").exists() && split.join("市乡村振兴局.csv").exists());
    // A folder is needed, and a unit's sheet is not one department's filter.
    let r = on(&env, day, &["export", "sheet", "--by-unit"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("错误：缺少 --output <文件>"), "{}", r.stderr);
    let r = on(&env, day, &["export", "sheet", "--by-unit", "--department", "市财政局", "-o", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("不能与"), "{}", r.stderr);
}

#[test]
fn journal_csv_round_trips_and_cannot_run_formulas() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let notes = ["=HYPERLINK(\"http://x\",\"点我\")", "+86 0894", "-完成", "@SUM(A1)", "普通，含逗号\n和换行"];
    for (i, note) in notes.iter().enumerate() {
        env.duban(&["log", &(i + 1).to_string(), "--progress", note, "--percent", "10"]).ok();
    }
    let path = env.path("进展记录.csv");
    env.duban(&["export".as_ref(), "journal".as_ref(), "-o".as_ref(), path.as_os_str()]).ok();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), notes.len());
    for (row, note) in rows.iter().zip(notes) {
        let cell = &row[7];
        if note.starts_with(['=', '+', '-', '@']) {
            assert!(cell.starts_with('\''), "{cell} could run as a formula");
        }
        assert_eq!(duban::report::render::csv::unguard(cell), note);
    }
    let json = env.duban(&["export", "journal", "--format", "json"]).ok().json();
    for (row, e) in rows.iter().zip(json.as_array().unwrap()) {
        assert_eq!(&row[0], &e["id"].to_string());
        assert_eq!(&row[3], e["reported_on"].as_str().unwrap());
    }
}

#[test]
fn the_journal_is_append_only() {
    let (env, _) = year();
    let h = env.duban(&["history", "7", "--format", "json"]).ok().json();
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 4, "two reports, the correction and the close-out");
    let corrected = entries.iter().find(|e| e["percent"] == 60).unwrap();
    let correction = entries.iter().find(|e| e["percent"] == 80).unwrap();
    assert_eq!(corrected["superseded_by"], correction["id"]);
    assert_eq!(correction["supersedes"], corrected["id"]);
    // The store refuses edits even from outside duban.
    let conn = rusqlite_free_check(&env);
    assert!(conn.contains("只能追加"), "{conn}");
    // Closing an ongoing or a closed task, reopening an open one: refused.
    let r = env.duban(&["close", "7", "--evidence", "再次"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("已销号"), "{}", r.stderr);
    let r = env.duban(&["reopen", "14", "--reason", "误操作"]);
    assert!(r.stderr.contains("尚未销号"), "{}", r.stderr);
    let r = env.duban(&["reopen", "7", "--reason", "验收发现遗留问题"]);
    assert!(r.stderr.contains("早于销号日期 2023-12-18"), "{}", r.stderr);
    on(&env, "2024-01-05", &["reopen", "7", "--reason", "验收发现遗留问题"]).ok();
    let t = on(&env, "2024-01-05", &["show", "7", "--json"]).ok().json();
    assert_eq!(t["task"]["status"], "in_progress");
    let v: Vec<Value> = env.duban(&["history", "7", "--format", "json"]).ok().json().as_array().unwrap().clone();
    assert_eq!(v.len(), 5);
    // The counts, read from the task facts, follow the reopening as the
    // task list, read from the state itself, does; and the check agrees.
    let status = on(&env, "2024-01-05", &["status", "--format", "json"]).ok().json();
    let tasks = on(&env, "2024-01-05", &["tasks", "--format", "json"]).ok().json();
    for (code, label) in [("in_progress", "推进中"), ("done", "已完成"), ("extended", "已延期")] {
        let counted: u64 = status.as_array().unwrap().iter().map(|g| g[code].as_u64().unwrap()).sum();
        let listed = tasks.as_array().unwrap().iter().filter(|t| t["status"] == label).count() as u64;
        assert!(counted > 0 && counted == listed, "{code}: {counted} counted, {listed} listed");
    }
    env.duban(&["check"]).ok();
}

/// Tries to edit the journal with SQL, as a careless script would.
fn rusqlite_free_check(env: &Env) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys\ntry:\n  c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE journal SET percent=1'); c.commit(); print('updated')\nexcept Exception as e: print(e)")
        .arg(&env.db)
        .output()
        .expect("python3");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn xlsx_workbook_has_one_sheet_per_table() {
    use calamine::{open_workbook, Reader, Xlsx};
    let (env, _) = year();
    let path = env.path("台账.xlsx");
    on(&env, "2024-01-05", &["export", "xlsx", "-o", path.to_str().unwrap()]).ok();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["任务", "进展记录", "工作量", "指标"]);
    let tasks = wb.worksheet_range("任务").unwrap();
    assert_eq!(tasks.height(), 117);
    assert_eq!(tasks.get((0, 7)).unwrap().to_string(), "任务内容");
    assert_eq!(tasks.get((14, 0)).unwrap().to_string(), "14");
    let journal = wb.worksheet_range("进展记录").unwrap();
    assert_eq!(journal.height(), 1 + 9, "nine entries in the scenario");
    let work = wb.worksheet_range("工作量").unwrap();
    assert_eq!(work.get((0, 0)).unwrap().to_string(), "单位/领导");
}

/// A unit printed twice in one cell (市财政局 and 财政局 are one unit) is
/// named once and chased once.
#[test]
fn a_unit_printed_twice_is_listed_once() {
    let env = Env::new();
    let text = "林芝市人民政府办公室关于印发《测试方案》的通知\n\n林政办发〔2023〕99号\n\n各县（区）人民政府：\n\n各牵头部门要分别于 7月 5日、10月 5日和 12月 20日前，将《测试方案》上半年、前三季度和全年工作任务完成情况上报市政府督查室。\n\n林芝市人民政府办公室\n\n2023年3月1日\n\n测试方案\n\n| 序号 | 工作任务 | 细化安排 | 责任单位 | 时间安排 | 备注 |\n|---|---|---|---|---|---|\n| 1 | 任务。 | 细化。 | 市财政局 财政局 | 3月底前 | |\n";
    let file = env.path("重复单位.txt");
    std::fs::write(&file, text).unwrap();
    env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    let overdue = on(&env, "2023-08-01", &["overdue", "--format", "json"]).ok().json();
    assert_eq!(overdue[0]["lead"], "市财政局", "{overdue}");
    let chase = on(&env, "2023-08-01", &["chase", "--period", "上半年", "--format", "json"]).ok().json();
    assert_eq!(chase.as_array().unwrap().len(), 1, "{chase}");
}
