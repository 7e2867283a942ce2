//! Nothing lost, nothing corrupted: the real binary killed mid-write,
//! several clerks writing at once, hostile input, backups, upgrades.

use crate::util::{gazette, snapshot, Env};
use duban::synth::{self, Spec, SynthFormat};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn duban_cmd(db: &Path, day: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duban"));
    c.env("DUBAN_DB", db)
        .env("DUBAN_USER", "测试员")
        .env("DUBAN_TODAY", day)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Opens the database the way any SQLite tool would and checks it is whole.
fn assert_sound(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("database opens");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "foreign keys");
    conn
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Runs `cmd` (with `--progress`), waits for its `lines`-th progress line
/// on stderr — the write transaction is open then, and far from committed —
/// then `after` more, and kills it with SIGKILL. With `lines` 0 it kills
/// after `after` whatever the process is doing. Returns whether it was
/// still running when killed.
fn kill_during(mut cmd: Command, lines: usize, after: Duration) -> bool {
    use std::io::BufRead;
    let mut child = cmd.spawn().expect("spawn duban");
    let stderr = child.stderr.take().expect("piped stderr");
    let mut reader = std::io::BufReader::new(stderr);
    let mut seen = 0;
    let mut line = String::new();
    while seen < lines {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if line.starts_with("已写入") {
            seen += 1;
        }
    }
    std::thread::sleep(after);
    let running = child.try_wait().unwrap().is_none();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().ok();
    running && seen == lines
}

/// A base database: the 2023 plan imported, one report logged.
fn base(env: &Env) {
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    env.duban(&["log", "7", "--percent", "40"]).ok();
}

#[test]
fn killed_imports_leave_everything_or_nothing() {
    let env = Env::new();
    base(&env);
    let corpus = env.path("大 公报.txt");
    let spec =
        Spec { seed: 11, plans: 8, min_tasks: 300, max_tasks: 400, format: SynthFormat::FlatTable, ..Spec::default() };
    let g = synth::gazette(&spec);
    let total: i64 = g.plans.iter().map(|p| p.tasks.len() as i64).sum();
    std::fs::write(&corpus, &g.text).unwrap();
    let pristine = env.path("base.db");
    std::fs::copy(&env.db, &pristine).unwrap();
    let mut killed_mid_write = 0;
    // Kill while reading the file, then after each plan written but the last.
    let points = [(0, 0u64), (0, 30), (1, 0), (2, 3), (3, 0), (4, 1), (5, 0), (6, 2), (7, 0)];
    for (lines, ms) in points {
        std::fs::copy(&pristine, &env.db).unwrap();
        let _ = std::fs::remove_file(env.db.with_extension("db-wal"));
        let mut cmd = duban_cmd(&env.db, "2023-08-01");
        cmd.arg("import").arg("--progress").arg(&corpus);
        let mid = kill_during(cmd, lines, Duration::from_millis(ms)) && lines > 0;
        let conn = assert_sound(&env.db);
        let (plans, tasks) = (count(&conn, "SELECT count(*) FROM plans"), count(&conn, "SELECT count(*) FROM tasks"));
        assert!(
            (plans, tasks) == (1, 116) || (plans, tasks) == (9, 116 + total),
            "killed at {lines}+{ms}: {plans} plans, {tasks} tasks"
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM journal"), 1, "the earlier journal survives");
        if mid && plans == 1 {
            killed_mid_write += 1;
        }
    }
    assert!(killed_mid_write >= 5, "only {killed_mid_write} kills landed inside the import's write");
    // And the import still works afterwards.
    env.duban(&["import".as_ref(), corpus.as_os_str()]).ok();
    let conn = assert_sound(&env.db);
    assert_eq!(count(&conn, "SELECT count(*) FROM tasks"), 116 + total);
}

#[test]
fn killed_bulk_loads_leave_everything_or_nothing() {
    let env = Env::new();
    base(&env);
    let sheet = env.path("进展 表.csv");
    let day = chrono::NaiveDate::from_ymd_opt(2023, 7, 3).unwrap();
    // 116 tasks, each reported 30 times: 3,480 rows.
    let mut csv = String::from("编号,状态,完成比例,进展情况,日期,期次\n");
    for round in 0..30 {
        let part = synth::progress_sheet(round, 1..117, day, "上半年");
        csv.push_str(part.split_once('\n').unwrap().1);
    }
    std::fs::write(&sheet, &csv).unwrap();
    let pristine = env.path("base.db");
    std::fs::copy(&env.db, &pristine).unwrap();
    let mut killed_mid_write = 0;
    let points = [(0, 0u64), (0, 40), (1, 0), (1, 5), (2, 0), (2, 3), (3, 0), (3, 1)];
    for (lines, ms) in points {
        std::fs::copy(&pristine, &env.db).unwrap();
        let _ = std::fs::remove_file(env.db.with_extension("db-wal"));
        let mut cmd = duban_cmd(&env.db, "2023-07-04");
        cmd.arg("load").arg("--progress").arg(&sheet);
        let mid = kill_during(cmd, lines, Duration::from_millis(ms)) && lines > 0;
        let conn = assert_sound(&env.db);
        let entries = count(&conn, "SELECT count(*) FROM journal");
        assert!(entries == 1 || entries == 1 + 3480, "killed at {lines}+{ms}: {entries} entries");
        let states = count(&conn, "SELECT count(*) FROM task_state");
        assert!(states == 1 || states == 116, "task state in step with the journal");
        if mid && entries == 1 {
            killed_mid_write += 1;
        }
    }
    assert!(killed_mid_write >= 4, "only {killed_mid_write} kills landed inside the load's write");
}

#[test]
fn eight_clerks_and_an_import_at_once() {
    let env = Env::new();
    base(&env);
    let corpus = env.path("同时导入.txt");
    let spec =
        Spec { seed: 12, plans: 4, min_tasks: 200, max_tasks: 300, format: SynthFormat::Markdown, ..Spec::default() };
    let g = synth::gazette(&spec);
    std::fs::write(&corpus, &g.text).unwrap();
    let db = env.db.clone();
    let importer = {
        let (db, corpus) = (db.clone(), corpus.clone());
        std::thread::spawn(move || duban_cmd(&db, "2023-08-01").arg("import").arg(&corpus).output().unwrap())
    };
    let clerks: Vec<_> = (0..8)
        .map(|clerk| {
            let db = db.clone();
            std::thread::spawn(move || {
                (0..12)
                    .map(|i| {
                        let task = 1 + clerk * 14 + i;
                        duban_cmd(&db, "2023-08-01")
                            .args([
                                "log",
                                &task.to_string(),
                                "--percent",
                                &(10 + i).to_string(),
                                "--progress",
                                &format!("第{clerk}位录入员第{i}条"),
                            ])
                            .output()
                            .unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let out = importer.join().unwrap();
    assert!(out.status.success(), "import: {}", String::from_utf8_lossy(&out.stderr));
    for c in clerks {
        for out in c.join().unwrap() {
            assert!(out.status.success(), "log: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let conn = assert_sound(&env.db);
    assert_eq!(count(&conn, "SELECT count(*) FROM journal"), 1 + 8 * 12);
    assert_eq!(count(&conn, "SELECT count(*) FROM plans"), 1 + 4);
    let r = env.duban(&["check"]).ok();
    assert!(r.stdout.contains("任务状态与进展记录：正常"), "{}", r.stdout);
}

#[test]
fn backup_while_others_write() {
    let env = Env::new();
    base(&env);
    let db = env.db.clone();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let task = (1 + w * 20 + i).to_string();
                    let out = duban_cmd(&db, "2023-08-01").args(["log", &task, "--percent", "50"]).output().unwrap();
                    assert!(out.status.success());
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let copy = env.path("备份 2023.db");
    let r = env.duban(&["backup".as_ref(), copy.as_os_str()]).ok();
    assert!(r.stdout.contains("已备份到"));
    for w in writers {
        w.join().unwrap();
    }
    let backup = assert_sound(&copy);
    let in_backup = count(&backup, "SELECT count(*) FROM journal");
    assert!((1..=41).contains(&in_backup));
    assert_eq!(count(&backup, "SELECT count(*) FROM tasks"), 116);
    // The backup is a working duban database.
    let r = Command::new(env!("CARGO_BIN_EXE_duban")).args(["--db"]).arg(&copy).arg("check").output().unwrap();
    assert!(r.status.success());
    let again = env.duban(&["backup".as_ref(), copy.as_os_str()]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("已存在，不覆盖"), "{}", again.stderr);
}

#[test]
fn a_database_of_schema_version_1_is_upgraded_with_its_data() {
    let env = Env::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/db/schema_v1.db");
    std::fs::copy(fixture, &env.db).unwrap();
    let before = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(before.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
    drop(before);
    let first = env.duban(&["status", "--format", "json"]).ok();
    let notice = format!("正在把数据库从第 1 版升级到第 {} 版", duban::store::schema::CURRENT);
    assert!(first.stderr.contains(&notice), "{}", first.stderr);
    assert_eq!(first.json().as_array().unwrap().len(), 3, "two plans and the total");
    let again = env.duban(&["status", "--format", "json"]).ok();
    assert!(!again.stderr.contains("升级"), "upgraded once: {}", again.stderr);
    let created = Env::new().duban(&["import".as_ref(), gazette("linzhi_2020_no1.txt").as_os_str()]).ok();
    assert!(!created.stderr.contains("升级"), "a new database is set up, not upgraded: {}", created.stderr);
    let conn = assert_sound(&env.db);
    assert_eq!(count(&conn, "PRAGMA user_version"), duban::store::schema::CURRENT as i64);
    assert_eq!(count(&conn, "SELECT count(*) FROM tasks"), 129);
    env.duban(&["log", "40", "--percent", "30"]).ok();
    env.duban(&["check"]).ok();
    let t = env.duban(&["show", "40", "--json"]).ok().json();
    assert_eq!(t["task"]["departments"][1]["as_printed"], "教育局");
}

/// A database written by schema 2 (journal, before indicators), with a
/// progress report, a close-out, an extension and an alias in it.
#[test]
fn a_database_of_schema_version_2_is_upgraded_with_its_journal() {
    let env = Env::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/db/schema_v2.db");
    std::fs::copy(fixture, &env.db).unwrap();
    let before = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(before.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 2);
    drop(before);
    env.duban(&["check"]).ok();
    let conn = assert_sound(&env.db);
    assert_eq!(count(&conn, "PRAGMA user_version"), duban::store::schema::CURRENT as i64);
    assert_eq!(count(&conn, "SELECT count(*) FROM journal"), 3);
    assert_eq!(count(&conn, "SELECT count(*) FROM indicators"), 0);
    drop(conn);
    let closed = env.duban(&["show", "39", "--json"]).ok().json();
    assert_eq!(closed["assessment"]["status"], "done", "{closed}");
    let extended = env.duban(&["show", "8", "--json"]).ok().json();
    assert_eq!(extended["assessment"]["due"], "2024-06-30", "{extended}");
    let history = env.duban(&["history", "7", "--format", "json"]).ok().json();
    assert_eq!(history[0]["progress"], "征地拆迁完成");
    // The alias added then still finds the department.
    env.duban(&["tasks", "--department", "林芝市文化广电局"]).ok();
    // Importing the file again now adds only what schema 3 can read: the
    // indicator tables; the plans already there stay as they were.
    let r = env.duban(&["import", gazette("linzhi_2020_no3.txt").to_str().unwrap()]).ok();
    assert!(r.stdout.contains("6 项指标"), "{}", r.stdout);
    assert!(r.stdout.contains("已存在") || r.stdout.contains("已导入过"), "{}", r.stdout);
}

#[test]
fn a_database_from_a_newer_duban_is_refused_untouched() {
    let env = Env::new();
    base(&env);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = snapshot(&env.db);
    for args in [vec!["status"], vec!["log", "7", "--percent", "50"]] {
        let r = env.duban(&args);
        assert_eq!(r.code, 1);
        assert!(r.stderr.contains("数据库由更新版本的 duban 写入（数据库第 99 版"), "{}", r.stderr);
        assert_eq!(snapshot(&env.db), before);
    }
}

/// Each hostile file: a clear message, exit 1, the database byte for byte
/// as it was.
#[test]
fn hostile_files_change_nothing() {
    let env = Env::new();
    base(&env);
    let before = snapshot(&env.db);
    let table = |rows: &str| {
        format!("林芝市人民政府办公室关于印发《测试方案》的通知\n\n林政办发〔2023〕99号\n\n林芝市人民政府办公室\n\n2023年3月1日\n\n测试方案\n\n| 序号 | 工作任务 | 细化安排 | 责任单位 | 时间安排 | 备注 |\n|---|---|---|---|---|---|\n{rows}")
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("binary.bin", (0..=255u8).cycle().take(4096).collect(), "不是文本文件"),
        ("empty.txt", Vec::new(), "文件是空的"),
        ("invalid-utf8.txt", vec![0xE4, 0xBD, 0xA0, 0xFF, 0xFE, 0x80, 0x80, 0xC0, 0xAF], "无法识别文件编码"),
        (
            "headings only.txt",
            "一、总体要求\n\n二、主要任务\n\n（一）加强组织领导\n\n三、保障措施\n".into(),
            "没有找到带任务的方案",
        ),
        (
            "too few cells.txt",
            table("| 1 | 任务。 | 细化。 | 市财政局 |\n| | | 细化二。 |\n").into_bytes(),
            "表头有 6 列",
        ),
        (
            "too many cells.txt",
            table("| 1 | 任务。 | 细化。 | 市财政局 | 6月底前 | | 多 | 余 |\n").into_bytes(),
            "表头有 6 列",
        ),
        ("2月30日.txt", table("| 1 | 任务。 | 细化。 | 市财政局 | 2月30日前 | |\n").into_bytes(), "中的日期不存在"),
        ("13月.txt", table("| 1 | 任务。 | 细化。 | 市财政局 | 13月底前 | |\n").into_bytes(), "中的日期不存在"),
        (
            "annotation never closed.txt",
            "林芝市人民政府办公室关于印发《测试方案》的通知\n\n林政办发〔2023〕98号\n\n林芝市人民政府办公室\n\n2023年3月1日\n\n测试方案\n\n二、主要任务\n\n1. 加强培训。开展技能培训。（责任单位：市人社局、财政局\n"
                .into(),
            "括号没有闭合",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = env.path(&format!("敌意输入 {name}"));
        std::fs::write(&path, &bytes).unwrap();
        let r = env.duban(&["import".as_ref(), path.as_os_str()]);
        assert_eq!(r.code, 1, "{name}");
        assert!(r.stderr.contains(message) || r.stdout.contains(message), "{name}: {}\n{}", r.stdout, r.stderr);
        assert_eq!(snapshot(&env.db), before, "{name} changed the database");
    }
}

#[test]
fn a_hundred_megabytes_without_a_line_break() {
    let env = Env::new();
    base(&env);
    let before = snapshot(&env.db);
    let path = env.path("一行 100MB.txt");
    std::fs::write(&path, "任务".repeat(17_500_000)).unwrap();
    let r = env.duban(&["import".as_ref(), path.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有找到带任务的方案"), "{}", r.stderr);
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn names_with_quotes_and_sql_are_only_names() {
    let env = Env::new();
    let hostile = "市财政局\"');DROP TABLE tasks;--";
    let text = format!(
        "林芝市人民政府办公室关于印发《测试方案》的通知\n\n林政办发〔2023〕98号\n\n林芝市人民政府办公室\n\n2023年3月1日\n\n测试方案\n\n| 序号 | 工作任务 | 细化安排 | 责任单位 | 时间安排 | 备注 |\n|---|---|---|---|---|---|\n| 1 | 任务。 | 细化；含分号。 | {hostile} | 6月底前 | |\n"
    );
    let path = env.path("引号 分号.txt");
    std::fs::write(&path, text).unwrap();
    env.duban(&["import".as_ref(), path.as_os_str()]).ok();
    let tasks = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    // Stored as a name (punctuation folded to the gazette's full-width forms),
    // never run as SQL.
    assert_eq!(tasks[0]["departments"][0]["as_printed"], "市财政局\"'）；DROPTABLEtasks；--");
    assert_eq!(tasks[0]["text"], "细化；含分号。");
    let found = env.duban(&["tasks", "--department", hostile, "--format", "json"]).ok().json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    env.duban(&["check"]).ok();
}

#[test]
fn progress_sheets_with_formulas_and_line_breaks_are_text() {
    let env = Env::new();
    base(&env);
    let sheet = env.path("公式.csv");
    std::fs::write(
        &sheet,
        "编号,状态,进展情况,存在问题\n1,推进中,\"=cmd|' /C calc'!A0\",\"+1\n-2\"\n2,推进中,@SUM(A1:A9),正常\n",
    )
    .unwrap();
    env.duban(&["load".as_ref(), sheet.as_os_str()]).ok();
    let h = env.duban(&["history", "1", "--format", "json"]).ok().json();
    assert_eq!(h[0]["progress"], "=cmd|' /C calc'!A0");
    assert_eq!(h[0]["problems"], "+1\n-2");
    let csv = env.duban(&["export", "journal"]).ok().stdout;
    assert!(
        csv.contains(",'=cmd|' /C calc'!A0,") && csv.contains(",'@SUM(A1:A9),") && csv.contains("\"'+1\n-2\""),
        "{csv}"
    );
    // A row that names no task loads nothing, the good row included.
    let bad = env.path("坏行.csv");
    std::fs::write(&bad, "编号,状态,进展情况\n一,推进中,编号写成了汉字\n2,推进中,好\n").unwrap();
    let before = snapshot(&env.db);
    let r = env.duban(&["load".as_ref(), bad.as_os_str()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("第 2 行：编号「一」不是数字"), "{}", r.stderr);
    assert_eq!(snapshot(&env.db), before);
}
