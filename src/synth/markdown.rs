//! Markdown 细化表 plans (民族团结 style): numbered 工作任务 with several
//! 细化安排 rows, units separated by spaces, 时间安排 phrases, and the table
//! restarting with an empty header at page breaks.

use super::rng::Rng;
use super::{abbreviation, sentence, vocab, ExpectedPlan, ExpectedTask, Spec};
use crate::deadline::month_end;
use std::fmt::Write as _;

pub(super) fn plan(rng: &mut Rng, spec: &Spec, number: usize, tasks: usize, out: &mut String) -> ExpectedPlan {
    let (city, year) = (&spec.city, spec.year);
    let title = format!("{city}{year}年第{number}批重点工作任务细化方案");
    let doc_no = format!("{}政办发〔{year}〕{number}号", abbreviation(city));
    let _ = write!(
        out,
        "{city}人民政府办公室关于印发《{title}》的通知\n\n{doc_no}\n\n各县（区）人民政府，市各委、办、局：\n\n《{title}》已经市政府同意，现印发给你们，请认真贯彻执行。\n\n{city}人民政府办公室\n\n{year}年{}月{}日\n\n{title}\n\n为抓好各项工作任务落实，制定本方案。\n\n附件\n\n{title}任务细化表\n\n",
        rng.range(1, 3),
        rng.range(1, 28)
    );
    out.push_str("| 序号 | 工作任务 | 细化安排 | 责任单位 | 时间安排 | 备注 |\n|----|----|----|----|----|----|\n");
    let mut expected = Vec::with_capacity(tasks);
    let mut group = 0;
    let mut task_cell_text = String::new();
    let mut in_group = 0;
    let mut group_size = 0;
    let mut rows_on_page = 0;
    let page_rows = rng.range(8, 16);
    for _ in 0..tasks {
        if in_group == group_size {
            group += 1;
            in_group = 0;
            group_size = rng.range(1, 4);
        }
        in_group += 1;
        if rows_on_page == page_rows {
            out.push_str("\n| | | | | | |\n|---|---|---|---|---|---|\n");
            rows_on_page = 0;
        }
        rows_on_page += 1;
        let (seq_cell, task_cell) = if in_group == 1 {
            task_cell_text = format!("{}{}。", rng.pick(vocab::VERBS), rng.pick(vocab::OBJECTS));
            (group.to_string(), task_cell_text.clone())
        } else {
            (String::new(), String::new())
        };
        let text = sentence(rng);
        let mut units = vec![rng.pick(&["各县（区）", "各级创建办", "市（中、区）直各单位"]).to_string()];
        for _ in 0..rng.range(1, 3) {
            let d = format!("市{}", rng.pick(vocab::DEPARTMENTS));
            if !units.contains(&d) {
                units.push(d);
            }
        }
        let (phrase, month, ongoing) = *rng.pick(vocab::DEADLINES);
        let _ = writeln!(out, "| {seq_cell} | {task_cell} | {text} | {} | {phrase} | |", units.join(" "));
        expected.push(ExpectedTask {
            seq: format!("{group}.{in_group}"),
            category: vec![task_cell_text.clone()],
            text,
            responsible: units,
            due: month.and_then(|m| month_end(year, m)),
            ongoing,
            ..ExpectedTask::default()
        });
    }
    out.push('\n');
    ExpectedPlan { title, doc_no, tasks: expected }
}
