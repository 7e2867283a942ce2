//! Department names across plans: one department per real unit of a
//! government, whatever the spelling; aliases and merges from the CLI.

use crate::util::{gazette, snapshot, Env};
use serde_json::Value;

fn both_linzhi_plans() -> Env {
    let env = Env::new();
    env.duban(&[
        "import".as_ref(),
        gazette("linzhi_2023_no1.txt").as_os_str(),
        gazette("linzhi_2020_no3.txt").as_os_str(),
    ])
    .ok();
    env
}

fn departments(env: &Env) -> Vec<Value> {
    env.duban(&["departments", "--format", "json"]).ok().json().as_array().unwrap().clone()
}

fn find<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter().find(|d| d["name"] == name).unwrap_or_else(|| panic!("no department {name}"))
}

#[test]
fn one_department_per_unit_whatever_the_spelling() {
    let env = both_linzhi_plans();
    let list = departments(&env);
    let names: Vec<&str> = list.iter().map(|d| d["name"].as_str().unwrap()).collect();
    for spelling in [
        "市人社局",
        "人力资源社会保障局",
        "市市场监管局",
        "市国资委",
        "人行林芝市支行",
        "市发展改革委（招商引资局）",
        "各县（区）人民政政府",
    ] {
        assert!(!names.contains(&spelling), "{spelling} should be an alias, not a department: {names:?}");
    }
    let hr = find(&list, "市人力资源社会保障局");
    assert_eq!(hr["lead"], 7, "tasks 5, 44, 52, 53, 54, 68, 81");
    let ndrc = find(&list, "市发展改革委");
    let aliases: Vec<&str> = ndrc["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(aliases.contains(&"市发展改革委（招商引资局）") && aliases.contains(&"市发改委"), "{aliases:?}");
    assert!(list.iter().all(|d| d["government"] == "林芝市"));
    let counties = find(&list, "各县（区）人民政府");
    assert_eq!(counties["collective"], true);
}

#[test]
fn alias_and_merge_relink_tasks() {
    let env = both_linzhi_plans();
    let before = departments(&env);
    let culture = find(&before, "市文化局")["other"].as_u64().unwrap();
    let guangwen = find(&before, "市文广局")["lead"].as_u64().unwrap();
    assert_eq!((culture, guangwen), (1, 8), "000's 4.3 names 市文化局; 001 has 8 tasks led by 市文广局");
    let r = env.duban(&["departments", "merge", "市文化局", "市文广局"]).ok();
    assert!(r.stdout.contains("已将「市文化局」并入「市文广局」"), "{}", r.stdout);
    let after = departments(&env);
    assert!(after.iter().all(|d| d["name"] != "市文化局"));
    let merged = find(&after, "市文广局");
    assert_eq!(merged["lead"].as_u64().unwrap(), guangwen);
    assert_eq!(merged["other"].as_u64().unwrap(), culture);
    let tasks = env.duban(&["tasks", "--department", "市文化局", "--format", "json"]).ok().json();
    assert_eq!(tasks.as_array().unwrap().len() as u64, guangwen + culture, "the old name finds the merged department");
    // Reports that read each task's packed units count the moved link too.
    let loads = env.duban(&["workload", "--format", "json"]).ok().json();
    let loads = loads.as_array().unwrap();
    assert!(loads.iter().all(|w| w["name"] != "市文化局"));
    assert_eq!(find(loads, "市文广局")["led"].as_u64().unwrap(), guangwen + culture);
    let r = env.duban(&["check"]).ok();
    assert!(r.stdout.contains("任务的单位与领导：正常"), "{}", r.stdout);

    env.duban(&["departments", "alias", "市文广局", "市文化广电旅游局"]).ok();
    let tasks = env.duban(&["tasks", "--department", "市文化广电旅游局", "--format", "json"]).ok().json();
    assert_eq!(tasks.as_array().unwrap().len() as u64, guangwen + culture);
    let r = env.duban(&["departments", "alias", "市文广局", "市文化广电旅游局"]).ok();
    assert!(r.stdout.contains("已是「市文广局」的名称或别名，无需添加"), "{}", r.stdout);
}

#[test]
fn an_alias_of_another_department_moves_only_when_asked() {
    let env = both_linzhi_plans();
    let count = |name: &str| {
        let tasks = env.duban(&["tasks", "--department", name, "--role", "lead", "--format", "json"]).ok().json();
        tasks.as_array().unwrap().len()
    };
    let (ndrc, finance) = (count("市发展改革委"), count("市财政局"));
    assert!(ndrc > 0 && finance > 0);
    let before = snapshot(&env.db);
    // A slip of the keyboard: 市发改委 is the development commission's.
    let r = env.duban(&["departments", "alias", "市财政局", "市发改委"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("「市发改委」已是林芝市「市发展改革委」的名称或别名"), "{}", r.stderr);
    assert!(r.stderr.contains("--replace") && r.stderr.contains("merge"), "{}", r.stderr);
    assert_eq!(snapshot(&env.db), before, "nothing changed");
    assert_eq!(count("市发改委"), ndrc);
    // Asked for, the alias moves.
    let r = env.duban(&["departments", "alias", "市财政局", "市发改委", "--replace"]).ok();
    assert!(r.stdout.contains("已添加别名：市发改委 → 市财政局"), "{}", r.stdout);
    assert_eq!(count("市发改委"), finance);
}

/// A sheet's 填报单位 is a unit of the government whose plan each row's
/// task belongs to: the same 市发改委 is 拉萨's on a 拉萨 task and 林芝's
/// on a 林芝 one, in one load.
#[test]
fn a_sheets_reporting_unit_belongs_to_the_government_of_each_rows_plan() {
    let env = Env::new();
    env.duban(&["import".as_ref(), gazette("lasa_2024.txt").as_os_str(), gazette("linzhi_2023_no1.txt").as_os_str()])
        .ok();
    let tasks = env.duban(&["export", "tasks", "--format", "json"]).ok().json();
    let first = |issuer: &str| {
        let task = tasks.as_array().unwrap().iter().find(|t| t["plan"]["issuer"].as_str().unwrap().starts_with(issuer));
        task.unwrap()["id"].as_i64().unwrap()
    };
    let (lasa, linzhi) = (first("拉萨市"), first("林芝市"));
    let sheet = env.path("两市进展表.csv");
    std::fs::write(
        &sheet,
        format!("编号,状态,进展情况,填报单位,日期\n{lasa},推进中,已开工,市发改委,2025-01-10\n{linzhi},推进中,已开工,市发改委,2025-01-10\n"),
    )
    .unwrap();
    env.duban(&["--today".as_ref(), "2025-01-10".as_ref(), "load".as_ref(), sheet.as_os_str()]).ok();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let government = |task: i64| -> (String, String) {
        conn.query_row(
            "SELECT d.government, d.name FROM journal j JOIN departments d ON d.id = j.department_id WHERE j.task_id = ?1",
            [task],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(government(lasa), ("拉萨市".to_string(), "市发展改革委".to_string()));
    assert_eq!(government(linzhi), ("林芝市".to_string(), "市发展改革委".to_string()));
}
