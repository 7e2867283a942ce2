//! Seeds 002, 003 and 004: plans written as prose, each measure ending with a
//! bracket that names its units (issue 3).
//!
//! How the counts were made: every line of the plan that ends with a closing
//! bracket (any kind) was listed with grep, and each was read by eye against
//! the measure above it. A bracket on a line of its own belongs to the
//! paragraph above it (003 l.264, 002 l.303 and l.461, 004 l.549, l.870,
//! l.958, l.964); an annotation broken by a page (002 l.381–383, l.439–443,
//! 004 l.535–537) is counted once. Numbered measures and paragraphs without
//! an annotation (总体要求, 工作目标, the trailing 保障措施 of 003, 扩大进口 and
//! 养老, 医疗集团's 工作安排) are not tasks.

use crate::util::{gazette, read_seed, Env};
use chrono::NaiveDate;
use duban::model::{Plan, Role, Task};
use serde_json::Value;

fn plans(seed: &str) -> Vec<Plan> {
    read_seed(seed).plans
}

fn plan(seed: &str, title_part: &str) -> Plan {
    let mut found: Vec<Plan> = plans(seed).into_iter().filter(|p| p.meta.title.contains(title_part)).collect();
    assert_eq!(found.len(), 1, "one plan titled …{title_part}…");
    found.remove(0)
}

fn task<'a>(p: &'a Plan, seq: &str, category_part: &str) -> &'a Task {
    p.tasks
        .iter()
        .find(|t| t.seq == seq && t.category.iter().any(|c| c.contains(category_part)))
        .unwrap_or_else(|| panic!("no task {seq} under {category_part}"))
}

fn units(t: &Task, role: Role) -> Vec<&str> {
    t.units.iter().filter(|u| u.role == role).map(|u| u.name.as_str()).collect()
}

fn seqs(p: &Plan) -> Vec<&str> {
    p.tasks.iter().map(|t| t.seq.as_str()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// (printed phrase, due, inferred)
fn deadline(t: &Task) -> (Option<&str>, Option<NaiveDate>, bool) {
    (t.deadline.text.as_deref(), t.deadline.due, t.deadline.inferred)
}

// ---- 003: 林芝市职业技能提升行动实施方案（2019—2021年）, （责任单位：…） ----

#[test]
fn linzhi_skills_plan_has_21_measures() {
    // 21 annotations (l.244–304); l.262+264 and l.294, l.304 are
    // unnumbered follow-ons; （三） (l.268) is a heading whose paragraph
    // carries the annotation; （十四）–（十七） carry none.
    let all = plans("linzhi_2020_no1.txt");
    assert_eq!(all.len(), 1, "the 2020 政府工作报告 分解方案 is not in this issue: no tasks from it");
    let p = plan("linzhi_2020_no1.txt", "职业技能");
    assert_eq!(p.meta.title, "林芝市职业技能提升行动实施方案（2019—2021年）");
    assert_eq!(p.meta.doc_no.as_deref(), Some("林政办发〔2020〕5号"));
    assert_eq!(p.meta.issuer.as_deref(), Some("林芝市人民政府办公室"));
    assert_eq!((p.meta.year, p.meta.period_end), (Some(2020), date(2021, 12, 31)));
    assert_eq!(p.format, "prose");
    assert_eq!(
        seqs(&p),
        [
            "1",
            "2",
            "3",
            "4",
            "1",
            "2",
            "2-2",
            "3",
            "（三）",
            "（四）",
            "（五）",
            "（六）",
            "（七）",
            "（八）",
            "（九）",
            "（十）",
            "（十）-2",
            "（十一）",
            "（十二）",
            "（十三）",
            "（十三）-2"
        ]
    );
}

#[test]
fn linzhi_first_listed_unit_leads_and_counties_implement() {
    let p = plan("linzhi_2020_no1.txt", "职业技能");
    let t = task(&p, "1", "职工职业技能");
    assert_eq!(t.category, ["三、突出培训重点，广泛开展职业技能提升培训", "（一）大力开展职工职业技能提升培训"]);
    assert_eq!(t.title.as_deref(), Some("实施岗位技能提升计划。"));
    assert_eq!(t.line, 244);
    assert_eq!(units(t, Role::Lead), ["市人社局"]);
    assert_eq!(units(t, Role::Coop), ["市财政局", "市国资委", "市工商联", "市经信局", "市旅发局", "市总工会"]);
    assert_eq!(units(t, Role::Implementing), ["各县（区）人民政府"]);
    assert_eq!(deadline(t), (None, date(2021, 12, 31), true), "bounded by the plan's 2019—2021");

    // The convention was stated once, in measure 1; it holds for the rest.
    let t = task(&p, "（五）", "聚合多元主体");
    assert_eq!((units(t, Role::Lead), units(t, Role::Coop)), (vec!["市教育局"], vec!["市人社局"]));
    assert!(units(t, Role::Implementing).is_empty());
    let t = task(&p, "（十）", "聚焦关键环节");
    assert_eq!(units(t, Role::Coop), ["市组织部（编办）", "市人社局"]);
    assert_eq!(deadline(t), (Some("到2021年"), date(2021, 12, 31), false));
}

#[test]
fn linzhi_page_breaks_follow_ons_and_ascii_punctuation() {
    let p = plan("linzhi_2020_no1.txt", "职业技能");
    // l.246–248: "开" | "展高级工" across a page.
    let t = task(&p, "2", "职工职业技能");
    assert!(t.text.contains("开展高级工、技师和高级技师培训"), "{}", t.text);
    // l.262 and its annotation alone on l.264.
    let t = task(&p, "2-2", "就业技能培训");
    assert_eq!(t.title.as_deref(), Some("稳步推进现代服务业、物流产业、清洁能源产业、高新数字产业技能人才培养培养。"));
    assert_eq!(units(t, Role::Lead), ["市商务局"]);
    assert_eq!(units(t, Role::Coop), ["市发改委", "市科技局", "市人社局"]);
    // A heading and its annotated paragraph are one measure.
    let t = task(&p, "（三）", "突出培训重点");
    assert_eq!((t.title.as_deref(), t.line), (Some("稳步推进创业技能培训"), 268));
    assert!(t.text.starts_with("鼓励和引导有创业意愿"), "{}", t.text);
    assert_eq!(deadline(t), (Some("到2021年底"), date(2021, 12, 31), false));
    // l.302 is printed with ASCII "(责任单位:…,各县(区)…)".
    let t = task(&p, "（十三）", "强化政府引导");
    assert_eq!(units(t, Role::Lead), ["市财政局"]);
    assert_eq!(units(t, Role::Implementing), ["各县（区）人民政府"]);
    let t = task(&p, "（十三）-2", "强化政府引导");
    assert_eq!(units(t, Role::Lead), ["市税务局"]);
}

// ---- 002: 西藏自治区 2019 ----

#[test]
fn region_import_opinion_16_measures_by_division_of_duties() {
    // （一）–（十六） each end with "…按职责分工负责" in 〔〕 or （）; （十七） has none.
    let p = plan("xizang_2019.txt", "扩大进口");
    assert_eq!(p.meta.title, "关于扩大进口促进对外贸易平衡发展的实施意见", "the attachment's own title");
    assert_eq!(p.meta.doc_no.as_deref(), Some("藏政办发〔2019〕10号"));
    assert_eq!(p.meta.issuer.as_deref(), Some("西藏自治区人民政府办公厅"));
    assert_eq!(p.meta.government, "西藏自治区");
    let expected: Vec<String> =
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"]
            .iter()
            .map(|n| format!("（{n}）"))
            .collect();
    assert_eq!(seqs(&p), expected);
    assert!(
        p.tasks.iter().all(|t| t.units.iter().all(|u| u.role == Role::Responsible)),
        "no convention, no guessed lead"
    );
    assert!(p.tasks.iter().all(|t| t.deadline.due.is_none()), "the plan states no period and the measures no dates");

    let t = task(&p, "（一）", "优化进口结构");
    assert_eq!(t.units.first().map(|u| u.name.as_str()), Some("商务厅"));
    assert_eq!(t.units.last().map(|u| u.name.as_str()), Some("人行拉萨中心支行（外汇管理局）"));
    assert_eq!(t.units.len(), 12);
    // l.301 with its 〔…〕 alone on l.303.
    let t = task(&p, "（三）", "优化进口结构");
    assert_eq!(t.units.len(), 12);
    assert!(units(t, Role::Responsible).contains(&"西藏出入境边防检查总站"));
    // l.329–333: the annotation runs over a page and closes with ASCII ")".
    let t = task(&p, "（十一）", "多渠道");
    assert_eq!(units(t, Role::Responsible), ["商务厅", "发展改革委", "经济和信息化厅", "财政厅", "税务局", "拉萨海关"]);
    let t = task(&p, "（十五）", "优化进口贸易环境");
    assert!(units(t, Role::Responsible).contains(&"市场监管局（知识产权局）"));
    let t = task(&p, "（十六）", "保障措施");
    assert_eq!(t.title.as_deref(), Some("落实积极的进口扶持政策。"));
}

#[test]
fn region_farmers_plan_20_measures_with_first_position_lead() {
    // Measures 1–16 under 二、行动计划 and （一）–（四） under 三、保障措施, each
    // with 〔…负责〕; "列第一位的为牵头单位，下同" is stated in measure 1.
    let p = plan("xizang_2019.txt", "农牧民");
    assert_eq!(p.meta.title, "西藏自治区2019—2020年农牧民培训和转移就业行动方案");
    assert_eq!(p.meta.doc_no.as_deref(), Some("藏政办发〔2019〕21号"));
    let mut expected: Vec<String> = (1..=16).map(|n| n.to_string()).collect();
    expected.extend(["（一）", "（二）", "（三）", "（四）"].map(String::from));
    assert_eq!(seqs(&p), expected);

    let t = task(&p, "1", "技能培训促进就业");
    assert_eq!(t.category, ["二、行动计划", "（一）实施技能培训促进就业计划"]);
    assert_eq!(units(t, Role::Lead), ["人力资源社会保障厅"]);
    let coop = units(t, Role::Coop);
    assert_eq!(coop.len(), 17);
    assert!(coop.contains(&"财政厅"), "\"财政\" | \"厅\" rejoined across the page: {coop:?}");
    assert_eq!(units(t, Role::Implementing), ["各地（市）行署（人民政府）", "县（区）人民政府"]);
    assert_eq!(deadline(t), (None, date(2020, 12, 31), true));

    let t = task(&p, "12", "企业发展");
    assert_eq!(
        (units(t, Role::Lead), units(t, Role::Coop)),
        (vec!["财政厅"], vec!["人行拉萨中心支行", "人力资源社会保障厅"])
    );
    let t = task(&p, "13", "公共服务");
    assert_eq!(deadline(t), (Some("力争2020年前"), date(2020, 12, 31), false));
    let t = task(&p, "14", "公共服务");
    assert_eq!(deadline(t), (Some("力争2019年底前"), date(2019, 12, 31), false));
    let t = task(&p, "16", "公共服务");
    assert!(units(t, Role::Coop).contains(&"总工会"), "\"总\" | \"工会\" rejoined");

    let t = task(&p, "（一）", "保障措施");
    assert_eq!(t.title.as_deref(), Some("强化组织保障。"));
    assert_eq!(units(t, Role::Lead), ["自治区农牧民转移就业工作领导小组办公室"]);
    assert_eq!(units(t, Role::Coop), ["各相关部门"]);
    let t = task(&p, "（三）", "保障措施");
    assert_eq!(units(t, Role::Lead), ["区党委宣传部"], "annotation on its own line (l.461)");
    let t = task(&p, "（四）", "保障措施");
    assert_eq!(deadline(t), (Some("自印发之日起1个月内"), date(2019, 4, 15), false));
}

#[test]
fn region_plans_without_annotations_make_no_tasks() {
    let titles: Vec<String> = plans("xizang_2019.txt").into_iter().map(|p| p.meta.title).collect();
    assert_eq!(
        titles,
        ["关于扩大进口促进对外贸易平衡发展的实施意见", "西藏自治区2019—2020年农牧民培训和转移就业行动方案"]
    );
}

// ---- 004: 拉萨市 2024 ----

#[test]
fn lasa_plans_and_counts() {
    // 无废城市: 1–27 and 保障措施 （一）–（五）; 空气质量: 1–29 (27–29 are its
    // 保障措施); 医疗集团: 1–17; 养老: 1–22 (its 保障措施 has no annotation).
    let counts: Vec<(String, Option<String>, usize)> =
        plans("lasa_2024.txt").into_iter().map(|p| (p.meta.title, p.meta.doc_no, p.tasks.len())).collect();
    let expect = |t: &str, n: &str, c: usize| (t.to_string(), Some(n.to_string()), c);
    assert_eq!(
        counts,
        [
            expect("拉萨市“十四五”时期“无废城市”建设提质增效实施方案", "拉政办发〔2024〕33号", 32),
            expect("拉萨市空气质量持续改善行动计划实施方案", "拉政办发〔2024〕34号", 29),
            expect("拉萨市紧密型城市医疗集团试点工作方案(试行)", "拉政办发〔2024〕38号", 17),
            expect("关于推进养老服务高质量发展的具体举措", "拉政办发〔2024〕41号", 22),
        ]
    );
}

#[test]
fn lasa_zero_waste_lead_coop_implementing() {
    let p = plan("lasa_2024.txt", "无废城市");
    assert_eq!(
        (p.meta.period_start, p.meta.period_end),
        (date(2024, 1, 1), date(2025, 12, 31)),
        "实施期限为2024年至2025年"
    );
    let mut expected: Vec<String> = (1..=27).map(|n| n.to_string()).collect();
    expected.extend(["（一）", "（二）", "（三）", "（四）", "（五）"].map(String::from));
    assert_eq!(seqs(&p), expected);

    let t = task(&p, "1", "绿色工业");
    assert_eq!(t.title.as_deref(), Some("强化工业企业源头管控。"));
    assert_eq!(units(t, Role::Lead), ["市生态环境局"]);
    assert_eq!(units(t, Role::Coop), ["市发展改革委", "市经济和信息化局", "市统计局", "市市场监管局"]);
    assert_eq!(units(t, Role::Implementing), ["各县（区）政府", "园区管委会"], "配合落实 is implementing");
    assert_eq!(deadline(t), (Some("到2025年"), date(2025, 12, 31), false));
    assert!(t.text.contains("44吨/万元以下"), "rejoined across the page: {}", t.text);

    let t = task(&p, "12", "低碳生活");
    assert_eq!(units(t, Role::Lead), ["市市场监管局", "市发展改革委", "市商务局", "市邮政管理局"]);
    let coop = units(t, Role::Coop);
    assert_eq!((coop.first(), coop.len()), (Some(&"市委统战部"), 9));
    assert_eq!(units(t, Role::Implementing), ["各县（区）政府", "园区管委会"], "after a page break inside the bracket");

    let t = task(&p, "16", "建筑垃圾");
    assert_eq!(units(t, Role::Lead), ["市住房城乡建设局"], "annotation on its own line (l.549)");
    let t = task(&p, "17", "建筑垃圾");
    assert_eq!(deadline(t), (None, date(2025, 12, 31), true));
    let t = task(&p, "22", "双碳");
    assert_eq!(units(t, Role::Lead), ["曲水县政府", "市发展改革委"]);
    assert!(units(t, Role::Implementing).is_empty(), "the plan names no implementer here");
    let t = task(&p, "23", "双碳");
    assert_eq!(deadline(t), (Some("到2027年"), date(2027, 12, 31), false), "the latest target of the measure");
    let t = task(&p, "24", "治理体系");
    assert!(t.text.contains("【1个领导小组+8个县（区）+3个功能园区+X个委办局】"), "a bracket inside the text is text");
    assert_eq!(units(t, Role::Coop), ["市“无废城市”建设工作领导小组成员单位"]);
    let t = task(&p, "（二）", "保障措施");
    assert_eq!((t.title.as_deref(), units(t, Role::Lead)), (Some("强化资金保障。"), vec!["市财政局"]));
}

#[test]
fn lasa_air_quality_standing_implementers() {
    let p = plan("lasa_2024.txt", "空气质量");
    assert_eq!(p.meta.period_end, date(2025, 12, 31), "一、主要目标: 到2025年");
    assert_eq!(seqs(&p), (1..=29).map(|n| n.to_string()).collect::<Vec<_>>());
    let t = task(&p, "1", "产业结构");
    assert_eq!(units(t, Role::Responsible).len(), 7);
    assert!(units(t, Role::Lead).is_empty(), "按职责分工负责 names no lead");
    assert_eq!(units(t, Role::Implementing), ["各县（区）政府", "园区管委会"]);
    // "以下均需各县（区）政府、园区管委会落实，不再单独列出" holds for every later measure.
    for t in &p.tasks {
        assert_eq!(units(t, Role::Implementing), ["各县（区）政府", "园区管委会"], "measure {}", t.seq);
    }
    let t = task(&p, "18", "管理体系");
    assert_eq!(units(t, Role::Responsible), ["市生态环境局"]);
    let t = task(&p, "4", "能源");
    assert_eq!(units(t, Role::Responsible)[0], "市发展改革委（能源局）");
    let t = task(&p, "15", "多污染物");
    assert_eq!(deadline(t), (Some("到2027年底"), date(2027, 12, 31), false));
    let t = task(&p, "2", "产业结构");
    assert_eq!(deadline(t), (None, date(2025, 12, 31), true));
    let t = task(&p, "27", "保障措施");
    assert_eq!(units(t, Role::Responsible), ["各职能部门"]);
}

#[test]
fn lasa_hospital_group_responsible_units_and_pilot_period() {
    let p = plan("lasa_2024.txt", "医疗集团");
    assert_eq!((p.meta.period_start, p.meta.period_end), (date(2025, 1, 1), date(2026, 12, 31)), "试点实施阶段");
    assert_eq!(seqs(&p), (1..=17).map(|n| n.to_string()).collect::<Vec<_>>());
    assert!(p.tasks.iter().all(|t| t.units.iter().all(|u| u.role == Role::Responsible)));
    let t = task(&p, "1", "组建和管理");
    assert_eq!(units(t, Role::Responsible), ["市卫生健康委", "城关区人民政府", "堆龙德庆区人民政府"]);
    assert_eq!(deadline(t), (None, date(2026, 12, 31), true));
    let t = task(&p, "7", "运行机制");
    assert_eq!(units(t, Role::Responsible), ["市卫生健康委", "市人民医院", "城关区卫生健康委", "堆龙德庆区卫健委"]);
    let t = task(&p, "10", "运行机制");
    assert_eq!(deadline(t), (Some("到2026年底"), date(2026, 12, 31), false));
    let t = task(&p, "13", "能力提升");
    assert_eq!(units(t, Role::Responsible).len(), 5, "annotation on its own line (l.870)");
    assert!(t.text.contains("开展腔镜手术等微创外科诊疗服务"), "{}", t.text);
}

#[test]
fn lasa_elderly_care_measures_without_period_have_no_date() {
    let p = plan("lasa_2024.txt", "养老服务");
    assert_eq!(p.meta.period_end, None);
    assert_eq!(seqs(&p), (1..=22).map(|n| n.to_string()).collect::<Vec<_>>());
    assert!(p.tasks.iter().all(|t| t.deadline.due.is_none() && !t.deadline.inferred));
    let t = task(&p, "8", "能力建设");
    assert_eq!(
        units(t, Role::Responsible),
        ["市民政局", "市卫生健康委员会", "市财政局", "市发展和改革委员会", "各县（区）人民政府"],
        "\"市财\" | \"政局\" rejoined"
    );
    let t = task(&p, "15", "改革");
    assert_eq!(units(t, Role::Responsible)[1], "中共拉萨市委财办（市地方金融监管局）");
    let t = task(&p, "13", "改革");
    assert_eq!(units(t, Role::Responsible)[0], "市财政局", "annotation on its own line (l.964)");
    let diags = read_seed("lasa_2024.txt").diagnostics;
    assert!(diags.iter().any(|d| d.line == 898 && d.message.contains("没有写明实施期限")), "{diags:?}");
    assert!(diags.iter().all(|d| d.severity == duban::read::Severity::Info), "{diags:?}");
}

// ---- all five seeds in one database ----

fn departments(env: &Env) -> Vec<Value> {
    env.duban(&["departments", "--format", "json"]).ok().json().as_array().cloned().unwrap_or_default()
}

fn department<'a>(list: &'a [Value], government: &str, name: &str) -> &'a Value {
    list.iter()
        .find(|d| d["government"] == government && d["name"] == name)
        .unwrap_or_else(|| panic!("no department {name} of {government}"))
}

fn plans_of(env: &Env, government: &str, role: &str) -> Vec<String> {
    let tasks = env.duban(&[
        "tasks",
        "--department",
        "市财政局",
        "--government",
        government,
        "--role",
        role,
        "--format",
        "json",
    ]);
    let mut plans: Vec<String> = tasks
        .ok()
        .json()
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["plan"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    plans.sort();
    plans
}

#[test]
fn departments_belong_to_the_government_that_issued_the_plan() {
    let env = Env::new();
    let seeds =
        ["linzhi_2023_no1.txt", "linzhi_2020_no3.txt", "linzhi_2020_no1.txt", "xizang_2019.txt", "lasa_2024.txt"];
    let mut args = vec!["import".to_string()];
    args.extend(seeds.iter().map(|s| gazette(s).display().to_string()));
    let run = env.duban(&args).ok();
    assert!(run.stdout.contains("合计：新导入 10 个方案、286 项任务。"), "{}", run.stdout);

    let list = departments(&env);
    let linzhi = department(&list, "林芝市", "市财政局");
    let lasa = department(&list, "拉萨市", "市财政局");
    let region = department(&list, "西藏自治区", "财政厅");
    let mut governments: Vec<&str> =
        list.iter().filter(|d| d["name"] == "市财政局").filter_map(|d| d["government"].as_str()).collect();
    governments.sort();
    assert_eq!(governments, ["拉萨市", "林芝市"], "one 市财政局 per city, none for the region");
    // 林芝: leads 001's task 116 and 003's （十三）; co-operates on two of
    // 001's tasks and nine of 003's; 000's 5.2 names it without a role.
    assert_eq!(
        (&linzhi["lead"], &linzhi["coop"], &linzhi["other"]),
        (&Value::from(2), &Value::from(11), &Value::from(1))
    );
    // 拉萨: leads 无废城市 26 and 保障措施（二）.
    assert_eq!((&lasa["lead"], &lasa["coop"], &lasa["other"]), (&Value::from(2), &Value::from(4), &Value::from(13)));
    assert_eq!((&region["lead"], &region["coop"]), (&Value::from(2), &Value::from(4)));
    assert!(list.iter().all(|d| d["name"] != "财政局" && d["name"] != "市财政"), "one 市财政局 per government");

    assert_eq!(plans_of(&env, "林芝市", "lead"), ["林政办发〔2020〕5号", "林政发〔2023〕11号"]);
    let coop = plans_of(&env, "林芝市", "coop");
    assert_eq!(coop.iter().filter(|p| p.as_str() == "林政办发〔2020〕5号").count(), 9);
    assert_eq!(coop.iter().filter(|p| p.as_str() == "林政发〔2023〕11号").count(), 2);
    assert!(plans_of(&env, "拉萨市", "lead").iter().all(|p| p.starts_with("拉政办发")));

    let ambiguous = env.duban(&["tasks", "--department", "市财政局"]);
    assert_ne!(ambiguous.code, 0);
    assert!(ambiguous.stderr.contains("在 2 个政府下都有"), "{}", ambiguous.stderr);

    // Region names join the alias-aware table under their government.
    let ndrc = department(&list, "西藏自治区", "发展改革委");
    let aliases: Vec<&str> =
        ndrc["aliases"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    assert!(aliases.contains(&"发展改革委（能源局）") && aliases.contains(&"能源局"), "{aliases:?}");
    let pboc = department(&list, "西藏自治区", "人行拉萨中心支行");
    assert!(pboc["aliases"].as_array().is_some_and(|a| a.iter().any(|x| x == "人行拉萨中心支行（外汇管理局）")));
}

#[test]
fn importing_a_prose_plan_with_the_binary() {
    let env = Env::new();
    let run = env.duban(&["import".to_string(), gazette("lasa_2024.txt").display().to_string()]).ok();
    assert!(
        run.stdout.contains(
            "《拉萨市“十四五”时期“无废城市”建设提质增效实施方案》（拉政办发〔2024〕33号，拉萨市）：32 项任务"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("合计：新导入 4 个方案、100 项任务。"), "{}", run.stdout);
    let tasks =
        env.duban(&["tasks", "--plan", "拉政办发〔2024〕33号", "--department", "市财政局", "--format", "json"]).ok();
    let json = tasks.json();
    let seqs: Vec<&str> =
        json.as_array().map(|a| a.iter().filter_map(|t| t["seq"].as_str()).collect()).unwrap_or_default();
    assert_eq!(seqs, ["14", "16", "18", "19", "26", "（二）"]);
}
