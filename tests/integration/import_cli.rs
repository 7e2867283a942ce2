//! `duban import` as a clerk uses it: what it prints, --dry-run, importing
//! twice, and the task list filters.

use crate::util::{gazette, Env};

fn ids(v: &serde_json::Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[test]
fn import_prints_plans_counts_and_diagnostics_with_lines() {
    let env = Env::new();
    let r = env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    assert!(r.stdout.contains("已导入（方案编号 1）《2023年林芝市《政府工作报告》重点任务分解方案》（林政发〔2023〕11号，林芝市）：116 项任务"), "{}", r.stdout);
    assert!(r.stdout.contains("报送：上半年 2023-07-05 前"));
    assert!(r.stdout.contains("第1536行 提示：换页处缺少序号，按顺序补为 53"));
    assert!(r.stdout.contains("合计：新导入 1 个方案、116 项任务。"));
}

/// Files are read side by side, and a gazette's notices too when it is
/// read alone: what is printed keeps the order of the files as given, and
/// each file reads exactly as it does by itself.
#[test]
fn files_read_together_report_in_their_order_as_each_reads_alone() {
    let env = Env::new();
    let names =
        ["xizang_2019.txt", "linzhi_2023_no1.txt", "lasa_2024.txt", "linzhi_2020_no3.txt", "linzhi_2020_no1.txt"];
    let dry_run = |files: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), "--dry-run".into(), "--json".into()];
        args.extend(files.iter().map(|f| gazette(f).into_os_string()));
        env.duban(&args).ok().json()
    };
    let together = dry_run(&names);
    let (mut plans, mut diagnostics) = (Vec::new(), Vec::new());
    for name in names {
        let alone = dry_run(&[name]);
        plans.extend(alone["plans"].as_array().unwrap().iter().cloned());
        diagnostics.extend(alone["diagnostics"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(together["plans"].as_array().unwrap(), &plans);
    assert_eq!(together["diagnostics"].as_array().unwrap(), &diagnostics);
    let sources: Vec<&str> = plans.iter().map(|p| p["source"].as_str().unwrap()).collect();
    assert!(
        sources.first().unwrap().ends_with("xizang_2019.txt")
            && sources.last().unwrap().ends_with("linzhi_2020_no1.txt")
    );
    assert!(plans.len() >= 10 && diagnostics.len() > 40, "{} plans, {} diagnostics", plans.len(), diagnostics.len());
    assert!(!env.db.exists());
}

#[test]
fn dry_run_writes_nothing() {
    let env = Env::new();
    let r = env.duban(&["import".as_ref(), "--dry-run".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    assert!(r.stdout.contains("将导入《林芝市2020年创建全国民族团结进步示范市巩固提升工作方案》"), "{}", r.stdout);
    assert!(r.stdout.contains("13 项任务") && r.stdout.contains("试运行，未写入数据库"));
    assert!(!env.db.exists());
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let env = Env::new();
    let file = gazette("linzhi_2023_no1.txt");
    env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    let r = env.duban(&["import".as_ref(), "--json".as_ref(), file.as_os_str()]).ok();
    let v = r.json();
    assert_eq!(v["plans"][0]["outcome"], "already_present");
    assert_eq!(v["plans"][0]["tasks"], 116);
    let all = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 116);
    let plans = env.duban(&["plans", "--format", "json"]).ok().json();
    assert_eq!(plans.as_array().unwrap().len(), 1);
    assert!(v["plans"][0].get("differences").is_none(), "the same file differs in nothing: {v}");
}

/// A copy of a plan already imported that reads differently (a revision,
/// another extraction of the PDF) is not imported again, and says how it
/// differs: the store keeps the plan as first imported. Nobody has
/// reported on it, so following the note, it is removed and the revision
/// imported in its place.
#[test]
fn a_plan_already_present_that_reads_differently_says_how() {
    let env = Env::new();
    let file = gazette("linzhi_2020_no3.txt");
    env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    let before = crate::util::snapshot(&env.db);
    let text = std::fs::read_to_string(&file).unwrap();
    let revised = text
        .replacen(
            "终验工作。 | 各县（区） 各级创建办 市（中、区）直 各单位 | 6月底前",
            "终验工作。 | 各县（区） 各级创建办 市（中、区）直 各单位 | 9月底前",
            1,
        )
        .replacen("| | | 市、县（区）财政要安排创建专项工作经费", "| | | 市、县（区）财政要安排创建专项经费", 1);
    assert_ne!(revised, text);
    let copy = env.path("修订版.txt");
    std::fs::write(&copy, revised).unwrap();
    let r = env.duban(&["import".as_ref(), copy.as_os_str()]).ok();
    let line = r.stdout.lines().find(|l| l.contains("与库中的这个方案不同")).unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(line.contains("：完成时限 2020-06-30 → 2020-09-30") && line.contains("：内容不同"), "{line}");
    assert!(r.stdout.contains("注意：1 个方案已导入过，但这次读到的内容与库中不同"), "{}", r.stdout);
    assert_eq!(crate::util::snapshot(&env.db), before, "the store keeps the plan as first imported");
    let v = env.duban(&["import".as_ref(), "--json".as_ref(), copy.as_os_str()]).ok().json();
    let plan =
        v["plans"].as_array().unwrap().iter().find(|p| p["differences"].is_array()).expect("a plan that differs");
    assert_eq!(plan["differences"].as_array().unwrap().len(), 2, "{plan}");

    // Nobody has reported on it yet, so the revision can take its place, as the note says.
    let plans = env.duban(&["plans", "--format", "json"]).ok().json();
    let stored = plans.as_array().unwrap().iter().find(|p| p["doc_no"] == plan["doc_no"]).expect("the stored plan");
    let id = stored["id"].as_i64().unwrap();
    assert!(
        r.stdout.contains(&format!("也可以先删除（duban plans remove {id} --yes），再导入修订后的文件")),
        "{}",
        r.stdout
    );
    env.duban(&["plans", "remove", &id.to_string(), "--yes"]).ok();
    let again = env.duban(&["import".as_ref(), copy.as_os_str()]).ok();
    assert!(again.stdout.contains("合计：新导入 1 个方案、13 项任务。"), "{}", again.stdout);
    let tasks = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    let revised_task = tasks.as_array().unwrap().iter().find(|t| t["seq"] == "3.1").expect("task 3.1");
    assert_eq!(revised_task["deadline"]["due"], "2020-09-30", "the revision's deadline");
}

#[test]
fn task_filters() {
    let env = Env::new();
    env.duban(&[
        "import".as_ref(),
        gazette("linzhi_2023_no1.txt").as_os_str(),
        gazette("linzhi_2020_no3.txt").as_os_str(),
    ])
    .ok();
    let list = |args: &[&str]| {
        let mut a = vec!["tasks", "--format", "json"];
        a.extend_from_slice(args);
        env.duban(&a).ok().json()
    };
    // 市教育局 leads 13, 40, 55–58 and 102; it co-operates on 83.
    let led = list(&["--department", "教育局", "--role", "lead", "--plan", "林政发〔2023〕11号"]);
    assert_eq!(ids(&led), [13, 40, 55, 56, 57, 58, 102]);
    let coop = list(&["--department", "市教育局", "--role", "coop"]);
    assert_eq!(ids(&coop), [83]);
    let by_leader = list(&["--leader", "中次仁"]);
    assert_eq!(ids(&by_leader), [85, 86, 89, 91, 92, 94, 95, 96, 106, 107, 108, 111, 112]);
    let officer = list(&["--leader", " 向军 "]);
    assert_eq!(ids(&officer), [85, 86, 89, 91, 92, 94, 95, 111]);
    // Part of a name lists nothing silently no more: the full names are offered.
    let r = env.duban(&["tasks", "--leader", "符永"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "错误：没有名为「符永」的领导或牵头部门负责人\n提示：是不是 符永波？\n");
    let r = env.duban(&["tasks", "--leader", "张三"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("duban workload --group leader"), "{}", r.stderr);
    // 民族团结 plan (ids 117–129): 6月底前 and 5月底前 fall before July.
    let early = list(&["--due-before", "2020-07-01"]);
    assert_eq!(ids(&early), [118, 123, 127]);
    let late = list(&["--due-after", "2020-12-30", "--plan", "民族团结"]);
    assert_eq!(ids(&late), [121, 122, 128, 129]);
    // A store holds every year's plans; --year takes those issued in one.
    let of_2020 = list(&["--year", "2020年"]);
    assert_eq!(ids(&of_2020), (117..=129).collect::<Vec<_>>());
    let status = env.duban(&["status", "--year", "2023", "--format", "json"]).ok().json();
    let groups = status.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{status}");
    assert_eq!(groups[0]["total"], 116);
    let overdue = env.duban(&["overdue", "--year", "2020", "--as-of", "2021-01-01", "--format", "json"]).ok().json();
    let rows = overdue.as_array().unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|t| t["plan"] == "林政办发〔2020〕37号"), "{overdue}");
    let r = env.duban(&["status", "--year", "去年"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("「去年」不是年份，请写成 2024"), "{}", r.stderr);
    let text = list(&["--search", "农夫山泉"]);
    assert_eq!(ids(&text), [38]);
    let table = env.duban(&["tasks", "--search", "农夫山泉"]).ok();
    assert!(
        table.stdout.contains("推动农夫山泉项目落地开工建设") && table.stdout.contains("共 1 项任务"),
        "{}",
        table.stdout
    );
}

#[test]
fn show_prints_the_whole_task() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("linzhi_2023_no1.txt").as_os_str()]).ok();
    let r = env.duban(&["show", "40"]).ok();
    for line in [
        "任务 40　《2023年林芝市《政府工作报告》重点任务分解方案》（林政发〔2023〕11号） 第 40 项",
        "类别：三、见行见效办实事，笃行不怠惠民生 / 着力办好民生实事",
        "内容：实施高海拔学校供暖和高海拔医疗机构供暖供氧工程。",
        "分管/联系领导：玉珍、段刚辉",
        "牵头部门负责人：王洪举、巴桑次仁",
        "牵头单位：市卫生健康委、市教育局（原文：教育局）",
        "配合单位：各相关县（区）人民政府",
        "完成时限：2023-12-31 推定",
        // 2023-02-18 (notice) to 2023-12-31 is 316 days; 164 had passed on 2023-08-01.
        "截至 2023-08-01：未启动，黄灯：时间已过 52%，仍未启动；连续 1 次未按时报送进展",
        "序时进度：52%",
    ] {
        assert!(r.stdout.contains(line), "missing {line:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.contains("linzhi_2023_no1.txt 第 1323 行"));
}

#[test]
fn without_duban_user_the_login_name_is_recorded() {
    let env = Env::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()])
        .env("DUBAN_DB", &env.db)
        .env_remove("DUBAN_USER")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env("LOGNAME", "值班员")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let audit = env.duban(&["audit", "--limit", "1"]).ok();
    assert!(audit.stdout.contains("值班员"), "{}", audit.stdout);
}

/// A plan imported by mistake (here one of the four a 拉萨 gazette holds)
/// can be removed, once the clerk confirms; a plan someone has reported on
/// cannot, and a refusal or an unconfirmed removal writes nothing.
#[test]
fn a_plan_imported_by_mistake_is_removed_only_when_nothing_was_recorded() {
    let env = Env::new();
    let file = gazette("lasa_2024.txt");
    env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    env.duban(&["log", "33", "--progress", "已启动"]).ok(); // the first task of plan 2
    let before = crate::util::snapshot(&env.db);

    let asked = env.duban(&["plans", "remove", "医疗集团"]);
    assert_eq!(asked.code, 1);
    assert!(
        asked.stdout.contains("将删除方案 3《拉萨市紧密型城市医疗集团试点工作方案(试行)》（拉政办发〔2024〕38号，拉萨市）：17 项任务、0 项指标"),
        "{}",
        asked.stdout
    );
    assert!(
        asked.stderr.contains("未删除方案 3") && asked.stderr.contains("duban plans remove 3 --yes"),
        "{}",
        asked.stderr
    );
    let reported = env.duban(&["plans", "remove", "2", "--yes"]);
    assert_eq!(reported.code, 1);
    assert!(reported.stderr.contains("错误：方案 2 已有 1 条进展记录，不能删除"), "{}", reported.stderr);
    assert!(reported.stdout.is_empty(), "{}", reported.stdout);
    assert_eq!(crate::util::snapshot(&env.db), before, "refusals write nothing");

    let gone = env.duban(&["plans", "remove", "3", "--yes"]).ok();
    assert!(gone.stdout.contains("已删除方案 3《拉萨市紧密型城市医疗集团试点工作方案(试行)》"), "{}", gone.stdout);
    let plans = env.duban(&["plans", "--format", "json"]).ok().json();
    assert_eq!(ids(&plans), vec![1, 2, 4]);
    let tasks = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    assert_eq!(tasks.as_array().unwrap().len(), 32 + 29 + 22);
    env.duban(&["check"]).ok();
    assert!(env.duban(&["audit", "--limit", "1"]).ok().stdout.contains("删除方案"));
    // A number is an id, never a title's digits: 3 is gone, not the plan of 2024.
    let again = env.duban(&["plans", "remove", "3", "--yes"]);
    assert!(again.code == 1 && again.stderr.contains("没有找到方案「3」"), "{}", again.stderr);

    let back = env.duban(&["import".as_ref(), file.as_os_str()]).ok();
    assert!(back.stdout.contains("合计：新导入 1 个方案、17 项任务。"), "{}", back.stdout);
}
