//! Seed 000: the 民族团结进步 任务细化表, markdown tables split at page
//! breaks; each 细化安排 row is a task under its 工作任务.

use crate::util::read_seed;
use duban::model::{Role, Task};

fn plan() -> duban::model::Plan {
    let g = read_seed("linzhi_2020_no3.txt");
    let mut plans: Vec<_> = g.plans.into_iter().filter(|p| p.meta.title.contains("民族团结")).collect();
    assert_eq!(plans.len(), 1);
    plans.remove(0)
}

fn names(t: &Task) -> Vec<&str> {
    t.units.iter().map(|u| u.name.as_str()).collect()
}

#[test]
fn thirteen_measures_under_six_tasks() {
    let p = plan();
    assert_eq!(p.meta.title, "林芝市2020年创建全国民族团结进步示范市巩固提升工作方案");
    assert_eq!(p.meta.doc_no.as_deref(), Some("林政办发〔2020〕37号"));
    assert_eq!(p.meta.issued.map(|d| d.to_string()).as_deref(), Some("2020-06-02"));
    let seqs: Vec<&str> = p.tasks.iter().map(|t| t.seq.as_str()).collect();
    assert_eq!(seqs, ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "4.1", "4.2", "4.3", "5.1", "5.2", "6.1"]);
    let titles: Vec<&str> = p.tasks.iter().map(|t| t.title.as_deref().unwrap_or("")).collect();
    assert_eq!(titles[0], "精心组织，加强领导。");
    assert_eq!(titles[5], "建立档案，完善资料。", "2.2 continues task 2 across the page break");
    assert_eq!(titles[12], "强化督导，推动落实。");
    assert!(p.tasks.iter().all(|t| t.units.iter().all(|u| u.role == Role::Responsible)));
}

#[test]
fn units_split_where_spaces_separate_units_not_where_they_break_names() {
    let p = plan();
    assert_eq!(names(&p.tasks[0]), ["各县（区）", "市（中、区）直各单位"]);
    assert_eq!(names(&p.tasks[2]), ["各县（区）", "市委宣传部", "市委统战部", "市民宗局"]);
    assert_eq!(names(&p.tasks[5]), ["各县（区）", "各级创建办", "驻林芝各军警部队", "市（中、区）直各单位"]);
    assert_eq!(names(&p.tasks[11]), ["各县（区）", "市财政局"]);
}

#[test]
fn time_arrangements_become_deadlines() {
    let p = plan();
    let d = |i: usize| {
        let dl = &p.tasks[i].deadline;
        (dl.text.clone().unwrap_or_default(), dl.due.map(|x| x.to_string()), dl.ongoing)
    };
    assert_eq!(d(0), ("长期坚持".into(), None, true));
    assert_eq!(d(1), ("5月底前，并长期坚持".into(), Some("2020-05-31".into()), true));
    assert_eq!(d(6), ("6月底前".into(), Some("2020-06-30".into()), false));
    assert_eq!(d(7), ("9月底前，并长期坚持".into(), Some("2020-09-30".into()), true));
    assert_eq!(d(11), ("12月底前".into(), Some("2020-12-31".into()), false));
    assert!(p.tasks.iter().all(|t| !t.deadline.inferred));
}

#[test]
fn other_documents_of_the_gazette_make_no_tasks() {
    let g = read_seed("linzhi_2020_no3.txt");
    let with_tasks: Vec<&str> = g.plans.iter().filter(|p| !p.tasks.is_empty()).map(|p| p.meta.title.as_str()).collect();
    assert_eq!(
        with_tasks,
        ["林芝市2020年创建全国民族团结进步示范市巩固提升工作方案"],
        "only the 民族团结 plan has tasks"
    );
    // The 34号 notice attaches target tables, not tasks: its plan is numbers only.
    let numbers: Vec<&str> = g.plans.iter().filter(|p| p.tasks.is_empty()).map(|p| p.meta.title.as_str()).collect();
    assert_eq!(numbers, ["2020年林芝市行业部门农牧民转移就业目标任务分解表"]);
}
