//! A year of supervision on the 2023 林芝 plan: reports, a close-out, an
//! extension, a correction. Every report is checked against numbers worked
//! out here by hand from the scenario and the plan (notice 2023-02-18,
//! every task due 2023-12-31 unless extended, reports due 7-05, 10-05 and
//! 12-20), not with duban's own rules.

use crate::util::{gazette, Env};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs duban on a given working day.
pub(crate) fn on(env: &Env, day: &str, args: &[&str]) -> crate::util::Run {
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
pub(crate) fn year() -> (Env, BTreeMap<&'static str, String>) {
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
    // What the correction does not name is the corrected entry's: its date
    // (10-04, not the day of the correction), period and status.
    for kept in ["reported_on", "period", "status", "kind"] {
        assert_eq!(correction[kept], corrected[kept], "{kept}");
    }
    assert_eq!(correction["reported_on"], "2023-10-04");
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

/// A printed report or 督办单 written to a file says what it holds and where.
#[test]
fn a_printed_file_is_named_with_what_it_holds() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let led = env.duban(&["tasks", "--department", "市商务局", "--format", "json"]).ok().json();
    let report = env.path("商务局报告.html");
    let r = env.duban(&["report".as_ref(), "市商务局".as_ref(), "-o".as_ref(), report.as_os_str()]).ok();
    let said =
        format!("已生成 市商务局 的报告（{} 项任务、0 行指标）：{}", led.as_array().unwrap().len(), report.display());
    assert_eq!(r.stderr.trim(), said);
    assert!(std::fs::read_to_string(&report).unwrap().contains("市商务局"));

    let light = env.duban(&["show", "14", "--json"]).ok().json()["assessment"]["light"].as_str().unwrap().to_string();
    let label = match light.as_str() {
        "red" => "红灯",
        "yellow" => "黄灯",
        _ => "绿灯",
    };
    let notice = env.path("督办单 14.html");
    let n = env.duban(&["notice".as_ref(), "14".as_ref(), "-o".as_ref(), notice.as_os_str()]).ok();
    assert_eq!(n.stderr.trim(), format!("已生成任务 14 的督办单（{label}）：{}", notice.display()));
    assert!(std::fs::read_to_string(&notice).unwrap().contains("督办单"));
}
