//! Seed 001: the flattened PDF table of 林政发〔2023〕11号, read through the
//! library. Every value pinned here was checked against the source text.

use crate::util::read_seed;
use duban::model::{Role, Task};
use duban::names::aliases::{qualify, Level};
use duban::read::DiagnosticKind;

fn tasks() -> Vec<Task> {
    let g = read_seed("linzhi_2023_no1.txt");
    assert_eq!(g.plans.len(), 1, "one plan in the gazette");
    g.plans.into_iter().next().unwrap().tasks
}

fn task(tasks: &[Task], seq: u32) -> &Task {
    tasks.iter().find(|t| t.seq == seq.to_string()).unwrap_or_else(|| panic!("task {seq} missing"))
}

fn units(t: &Task, role: Role) -> Vec<&str> {
    t.units.iter().filter(|u| u.role == role).map(|u| u.name.as_str()).collect()
}

#[test]
fn plan_metadata_and_reporting_schedule() {
    let g = read_seed("linzhi_2023_no1.txt");
    let m = &g.plans[0].meta;
    assert_eq!(m.title, "2023年林芝市《政府工作报告》重点任务分解方案");
    assert_eq!(m.doc_no.as_deref(), Some("林政发〔2023〕11号"));
    assert_eq!(m.issuer.as_deref(), Some("林芝市人民政府"));
    assert_eq!(m.issued.map(|d| d.to_string()).as_deref(), Some("2023-02-18"));
    assert_eq!((m.year, m.government.as_str()), (Some(2023), "林芝市"));
    let schedule: Vec<(String, String)> =
        m.schedule.iter().map(|r| (r.period.label().into(), r.due.to_string())).collect();
    assert_eq!(
        schedule,
        [
            ("上半年".into(), "2023-07-05".into()),
            ("前三季度".into(), "2023-10-05".into()),
            ("全年".into(), "2023-12-20".into())
        ]
    );
}

#[test]
fn all_116_tasks_in_order_with_every_cell_filled() {
    let tasks = tasks();
    let seqs: Vec<String> = tasks.iter().map(|t| t.seq.clone()).collect();
    let expected: Vec<String> = (1..=116).map(|n| n.to_string()).collect();
    assert_eq!(seqs, expected);
    for t in &tasks {
        assert!(!t.category.is_empty() && !t.text.is_empty(), "task {}", t.seq);
        assert!(!t.leaders.is_empty() && !t.lead_officers.is_empty(), "task {} people", t.seq);
        assert!(!units(t, Role::Lead).is_empty(), "task {} has a lead", t.seq);
        assert!(t.deadline.inferred && t.deadline.due.map(|d| d.to_string()) == Some("2023-12-31".into()));
        assert!(!t.text.contains("（区）人民政府"), "a department cell leaked into task {}: {}", t.seq, t.text);
    }
    assert_eq!(tasks.iter().filter(|t| t.category.len() == 1).count(), 6, "only 主要经济指标 has one level");
}

#[test]
fn first_row_and_glued_second_number() {
    let tasks = tasks();
    let t1 = task(&tasks, 1);
    assert_eq!(t1.category, ["主要经济指标"]);
    assert_eq!(t1.text, "地区生产总值增长8.5%以上。");
    assert_eq!(
        (t1.leaders.as_slice(), t1.lead_officers.as_slice()),
        (&["符永波".to_string()][..], &["洛桑吉美".to_string()][..])
    );
    assert_eq!(units(t1, Role::Lead), ["市发展改革委"]);
    assert_eq!(units(t1, Role::Coop), ["各县（区）人民政府"]);
    // "…（区）人民政府2 固定资产投资增长 16%以上。": 2 is glued to task 1's cell
    // and shares task 1's merged cells.
    let t2 = task(&tasks, 2);
    assert_eq!(t2.text, "固定资产投资增长16%以上。");
    assert_eq!(t2.leaders, t1.leaders);
    assert_eq!(units(t2, Role::Lead), ["市发展改革委"]);
}

#[test]
fn padded_names_on_the_text_line() {
    let tasks = tasks();
    let t3 = task(&tasks, 3);
    assert_eq!(t3.text, "社会消费品零售总额增长11%以上。");
    assert_eq!((t3.leaders.clone(), t3.lead_officers.clone()), (vec!["吴耿淡".to_string()], vec!["马冰".to_string()]));
    let t4 = task(&tasks, 4);
    assert_eq!((t4.leaders.clone(), t4.lead_officers.clone()), (vec!["赵俊".to_string()], vec!["唐开彬".to_string()]));
    assert_eq!(units(t4, Role::Coop), ["各相关县（区）人民政府"]);
}

#[test]
fn stacked_leaders_and_heads_and_the_city_prefix() {
    let tasks = tasks();
    let t5 = task(&tasks, 5);
    assert_eq!(t5.leaders, ["符永波", "秦松茂"]);
    assert_eq!(t5.lead_officers, ["洛桑吉美", "乔多吉"]);
    assert_eq!(units(t5, Role::Lead), ["市发展改革委", "市人力资源社会保障局", "市农业农村局"]);
    assert_eq!(units(t5, Role::Coop), ["市财政局", "各县（区）人民政府"]);
    let t40 = task(&tasks, 40);
    assert_eq!(units(t40, Role::Lead), ["市卫生健康委", "市教育局"]);
    assert_eq!(t40.leaders, ["玉珍", "段刚辉"]);
    assert_eq!(t40.lead_officers, ["王洪举", "巴桑次仁"]);
    let printed: Vec<&str> = t40.units.iter().map(|u| u.as_printed.as_str()).collect();
    assert_eq!(printed, ["市卫生健康委", "教育局", "各相关县（区）人民政府"]);
}

#[test]
fn categories_change_and_repeat_at_page_starts() {
    let tasks = tasks();
    assert_eq!(task(&tasks, 7).category, ["一、开足马力抓项目，全力以赴促投资", "加强基础设施建设"]);
    // 10 starts a page: the category is printed again.
    assert_eq!(task(&tasks, 10).category, task(&tasks, 7).category);
    assert_eq!(task(&tasks, 14).category[1], "加快释放消费潜力");
    assert_eq!(task(&tasks, 37).category[1], "加快绿色工业和数字经济发展");
    assert_eq!(task(&tasks, 85).category[0], "五、厚植生态优势，谱写绿色发展新篇章");
    assert_eq!(task(&tasks, 113).category, ["八、政府自身建设", "加强政府系统党的建设"]);
    assert_eq!(task(&tasks, 114).category, ["八、政府自身建设", "加强法治政府建设"]);
}

#[test]
fn page_start_rows_lose_no_leader() {
    let tasks = tasks();
    // Task 10 shows only its department head; the leader cell is shared with 9.
    let t10 = task(&tasks, 10);
    assert_eq!(
        (t10.leaders.clone(), t10.lead_officers.clone()),
        (vec!["米次".to_string()], vec!["谭明全".to_string()])
    );
    assert_eq!(units(t10, Role::Lead), ["市住房和城乡建设局"]);
    assert_eq!(units(t10, Role::Coop), ["市自然资源局", "市发展改革委", "巴宜区人民政府"]);
}

#[test]
fn numbers_missing_at_page_starts_are_recovered() {
    let g = read_seed("linzhi_2023_no1.txt");
    let recovered: Vec<(usize, String)> = g
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::RecoveredNumber)
        .map(|d| (d.line, d.message.clone()))
        .collect();
    let lines: Vec<usize> = recovered.iter().map(|r| r.0).collect();
    assert_eq!(lines, [1536, 1664, 1796, 1956, 2147, 2378, 2578, 2740]);
    assert!(recovered[0].1.contains("53"));
    let tasks = &g.plans[0].tasks;
    let t53 = task(tasks, 53);
    assert!(t53.text.starts_with("深入推进市高级技工学校“工学一体化”改革"));
    assert_eq!(t53.category[1], "大力推动就业增收");
    assert_eq!(t53.leaders, ["吴耿淡"]);
    let t88 = task(tasks, 88);
    assert_eq!(t88.leaders, ["赵俊", "米次"]);
    assert_eq!(units(t88, Role::Lead), ["市生态环境局", "市水利局"]);
}

#[test]
fn text_without_a_full_stop_keeps_its_last_line() {
    let tasks = tasks();
    let t59 = task(&tasks, 59);
    assert!(t59.text.ends_with("最大限度减少疫情对经济社会发展的影响"), "{}", t59.text);
    assert_eq!(
        (t59.leaders.clone(), t59.lead_officers.clone()),
        (vec!["玉珍".to_string()], vec!["王洪举".to_string()])
    );
}

#[test]
fn many_people_and_a_number_glued_at_the_end_of_a_line() {
    let tasks = tasks();
    let t101 = task(&tasks, 101);
    assert_eq!(t101.leaders, ["符永波", "赵俊", "玉珍"]);
    assert_eq!(t101.lead_officers, ["赵强", "古林", "朱军社"]);
    assert_eq!(units(t101, Role::Lead), ["国网林芝供电公司", "市通信监管办", "市文广局"]);
    let t104 = task(&tasks, 104);
    assert_eq!(t104.lead_officers, ["次仁", "折宝", "张玉生", "罗布"]);
    assert_eq!(units(t104, Role::Lead), ["市委政法委", "市委国安办"]);
    assert_eq!(units(t104, Role::Coop), ["市公安局", "市信访局", "各县（区）人民政府"]);
    // "…县（区）人民政府105": 105 shares 104's cells.
    let t105 = task(&tasks, 105);
    assert!(t105.text.starts_with("健全共建共治共享的社会治理制度"));
    assert_eq!(units(t105, Role::Lead), ["市委政法委", "市委国安办"]);
}

#[test]
fn titled_leader_cell_of_task_113_is_a_value() {
    let tasks = tasks();
    let t = task(&tasks, 113);
    assert_eq!(t.leaders, ["市长", "各常务副市长", "副市长"]);
    assert_eq!(t.lead_officers, ["各县（区）、各部门负责人"]);
    assert_eq!(units(t, Role::Lead), ["市各委、办、局"]);
    assert_eq!(units(t, Role::Coop), ["各县（区）人民政府"]);
}

#[test]
fn last_row_ends_before_the_next_notice() {
    let tasks = tasks();
    let t = task(&tasks, 116);
    assert_eq!(t.leaders, ["巴塔", "符永波", "赵俊"]);
    assert_eq!(t.lead_officers, ["王增旺", "陆传刚", "普布昌菊"]);
    assert_eq!(units(t, Role::Lead), ["市财政局", "市政府国资委", "市行政审批和便民服务局"]);
    assert_eq!(units(t, Role::Coop), ["各县（区）人民政府"]);
}

/// The whole table against a hand-checked transcription of the source
/// (tests/fixtures/linzhi_2023_tasks.expected.json, made by reading the
/// seed row by row, independently of the reader).
#[test]
fn every_task_matches_the_hand_checked_transcription() {
    #[derive(serde::Deserialize)]
    struct Expected {
        seq: String,
        category: Vec<String>,
        text: String,
        leaders: Vec<String>,
        lead_officers: Vec<String>,
        leads: Vec<String>,
        coops: Vec<String>,
        line: usize,
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/linzhi_2023_tasks.expected.json");
    let expected: Vec<Expected> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let tasks = tasks();
    assert_eq!(expected.len(), tasks.len());
    for (e, t) in expected.iter().zip(&tasks) {
        let seq = &e.seq;
        assert_eq!(&t.seq, seq);
        assert_eq!(t.category, e.category, "task {seq} category");
        assert_eq!(t.text, e.text, "task {seq} text");
        assert_eq!(t.leaders, e.leaders, "task {seq} leaders");
        assert_eq!(t.lead_officers, e.lead_officers, "task {seq} heads");
        // A bare unit name in a city plan is the city's: compare as the store
        // will file them (鲁朗景区管委会 = 市鲁朗景区管委会).
        let city = |names: Vec<&str>| -> Vec<String> { names.into_iter().map(|n| qualify(n, Level::City)).collect() };
        assert_eq!(city(units(t, Role::Lead)), city(e.leads.iter().map(String::as_str).collect()), "task {seq} leads");
        assert_eq!(
            city(units(t, Role::Coop)),
            city(e.coops.iter().map(String::as_str).collect()),
            "task {seq} co-operating"
        );
        assert_eq!(t.line, e.line, "task {seq} line");
    }
}
