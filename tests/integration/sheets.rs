//! Progress sheets: sent out to the units, filled in, loaded back, on the
//! 2023 林芝 plan of [`crate::tracking`]'s year. A bad row loads nothing
//! and is named with its row; a row that says nothing new is skipped and
//! counted.

use crate::tracking::{on, year};
use crate::util::{gazette, Env};

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
    // The sheets come back into one folder and load together, all or none.
    let back = env.path("交回");
    std::fs::create_dir(&back).unwrap();
    let fill = |unit: &str, to: &str| {
        let from = format!(",全年,,,,,,{unit},,");
        let filled = read(unit).replacen(&from, &format!(",全年,{to},,,,{unit},,"), 1);
        std::fs::write(back.join(format!("{unit}.csv")), filled).unwrap();
    };
    fill("市农业农村局", "推进中,60");
    fill("市财政局", "搞定了,");
    std::fs::write(back.join("市教育局.csv"), read("市教育局")).unwrap();
    let before = crate::util::snapshot(&env.db);
    // The problem list may go into the folder: it is never read as a sheet.
    let problems = back.join("问题.csv");
    let (folder, list) = (back.to_str().unwrap(), problems.to_str().unwrap());
    let r = on(&env, day, &["load", folder, "--errors", list]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("1 个表中有 1 处问题，一条也没有导入"), "{}", r.stderr);
    assert!(r.stderr.contains("市财政局.csv 第 2 行：状态「搞定了」无法识别"), "{}", r.stderr);
    assert_eq!(crate::util::snapshot(&env.db), before);
    let listed = String::from_utf8(std::fs::read(&problems).unwrap()[3..].to_vec()).unwrap();
    assert!(listed.starts_with("表格,行号,问题\r\n") && listed.contains("市财政局.csv,2,状态「搞定了」"), "{listed}");
    // The problem list is never written over a sheet of the load, even one
    // without problems.
    let unfilled = back.join("市教育局.csv");
    let kept = std::fs::read(&unfilled).unwrap();
    let r = on(&env, day, &["load", folder, "--errors", unfilled.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("问题清单不能写到表格本身"), "{}", r.stderr);
    assert_eq!(std::fs::read(&unfilled).unwrap(), kept);
    fill("市财政局", "推进中,30");
    let r = on(&env, day, &["load", folder]).ok();
    assert!(r.stdout.contains("市农业农村局.csv：已导入 1 条进展记录"), "{}", r.stdout);
    assert!(r.stdout.contains("市财政局.csv：已导入 1 条进展记录"), "{}", r.stdout);
    assert!(r.stdout.contains("1 个表没有可导入的进展") && r.stdout.contains("市教育局.csv"), "{}", r.stdout);
    assert!(r.stdout.contains("合计：3 个表，2 条进展记录已导入"), "{}", r.stdout);
    // A sheet named twice is one sheet; a folder without sheets is refused.
    let twice = back.join("市农业农村局.csv");
    let twice = twice.to_str().unwrap();
    let r = on(&env, day, &["load", "--dry-run", twice, twice]).ok();
    assert_eq!(r.stdout.matches("1 行均可导入（试运行，未写入）").count(), 1, "{}", r.stdout);
    let empty = env.path("空文件夹");
    std::fs::create_dir(&empty).unwrap();
    let r = on(&env, day, &["load", empty.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("中没有 .csv 或 .txt 文件"), "{}", r.stderr);
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
