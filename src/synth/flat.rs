//! Flattened PDF task tables in the layout of the 2023 林芝 plan: every cell
//! broken into short lines, chapters three characters wide, headings two,
//! merged cells printed once, names padded and paired, page starts marked
//! by a leading space (with the row number sometimes lost), page footers,
//! and numbers glued to the end of the row above.

use super::rng::Rng;
use super::{abbreviation, sentence, vocab, ExpectedPlan, ExpectedTask, Spec};
use crate::deadline::month_end;
use std::fmt::Write as _;

const CHINESE: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Breaks text into lines of `width` characters; a line never starts with a
/// comma (the character before it moves down) or ends with a digit (a
/// number at a line end would look like a glued row number).
fn lines(s: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut take = width.min(chars.len() - i);
        while take > 1 && i + take < chars.len() && (chars[i + take] == '，' || chars[i + take - 1].is_ascii_digit()) {
            take -= 1;
        }
        out.push(chars[i..i + take].iter().collect());
        i += take;
    }
    out
}

/// A name as the PDF prints it: two-character names get a space.
fn padded(name: &str) -> String {
    let c: Vec<char> = name.chars().collect();
    if c.len() == 2 {
        format!("{} {}", c[0], c[1])
    } else {
        name.to_string()
    }
}

/// The people and units a block of rows shares.
#[derive(Clone)]
struct Cells {
    pairs: Vec<(String, String)>,
    leads: Vec<String>,
    coops: Vec<String>,
}

fn department_cell(rng: &mut Rng) -> (String, Vec<String>, Vec<String>) {
    let mut leads: Vec<&str> = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let d = *rng.pick(vocab::DEPARTMENTS);
        if !leads.contains(&d) {
            leads.push(d);
        }
    }
    let mut coops = Vec::new();
    let mut cell = format!("市{}", leads.join("、"));
    if rng.chance(50) {
        let d = *rng.pick(vocab::DEPARTMENTS);
        if !leads.contains(&d) {
            let _ = write!(cell, "，市{d}");
            coops.push(format!("市{d}"));
        }
    }
    let collective = *rng.pick(vocab::COLLECTIVES);
    let _ = write!(cell, "，{collective}");
    coops.push(collective.to_string());
    (cell, leads.iter().map(|d| format!("市{d}")).collect(), coops)
}

pub(super) fn plan(rng: &mut Rng, spec: &Spec, number: usize, tasks: usize, out: &mut String) -> ExpectedPlan {
    let (city, year) = (&spec.city, spec.year);
    let title = format!("{year}年{city}第{number}批重点任务分解方案");
    let doc_no = format!("{}政发〔{year}〕{number}号", abbreviation(city));
    let _ = write!(
        out,
        "{city}人民政府关于印发{title}的通知\n\n{doc_no}\n\n各县（区）人民政府，市各委、办、局：\n\n各牵头部门要定期梳理汇总，分别于 7月 5日、10月 5日和 12月 20日前，将《{title}》上半年、前三季度和全年工作任务完成情况上报市政府督查室。\n\n{city}人民政府\n\n{year}年 2月 18日\n 附件\n\n{title}\n\n序\n\n号\n\n类\n\n别\n工作任务\n\n分管/联\n\n系市长\n\n牵头部门\n\n负责人\n\n牵头、协办部门\n\n（黑体字为牵头部门）\n\n"
    );
    // People of this plan: every pair is printed side by side at least once,
    // so the table itself says who is a leader.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.range(4, 8) {
        let p = (rng.pick(vocab::LEADERS).to_string(), rng.pick(vocab::OFFICERS).to_string());
        if !pairs.iter().any(|q| q.1 == p.1) {
            pairs.push(p);
        }
    }
    let mut unseen: Vec<usize> = (0..pairs.len()).collect();
    let due = month_end(year, 12);
    let mut expected = Vec::with_capacity(tasks);
    let (mut chapter_no, mut chapter, mut heading) = (0usize, String::new(), String::new());
    let (mut left_in_chapter, mut left_in_heading) = (0usize, 0usize);
    let mut cells: Option<Cells> = None;
    let mut lines_on_page = 0usize;
    let mut page = 1;
    let mut glue = false;
    for n in 1..=tasks {
        let mut row: Vec<String> = Vec::new();
        let new_chapter = left_in_chapter == 0;
        if new_chapter {
            chapter_no += 1;
            let (a, b) = *rng.pick(vocab::CHAPTERS);
            chapter = format!("{}、{a}，{b}", CHINESE[(chapter_no - 1) % CHINESE.len()]);
            left_in_chapter = rng.range(6, 30);
        }
        let new_heading = new_chapter || left_in_heading == 0;
        if new_heading {
            heading = rng.pick(vocab::HEADINGS).to_string();
            left_in_heading = rng.range(1, 6);
        }
        left_in_chapter -= 1;
        left_in_heading -= 1;
        let page_start = lines_on_page > 60 && !glue;
        let drop_number = page_start && rng.chance(50);
        if !drop_number && !glue {
            row.push(n.to_string());
        }
        if new_chapter || page_start {
            row.extend(lines(&chapter, 3));
        }
        if new_heading || page_start {
            row.extend(lines(&heading, 2));
        }
        let text = sentence(rng);
        let text_lines = lines(&text, 18);
        // New people and units at a new heading, else sometimes (merged cells).
        let fresh_people = cells.is_none() || new_heading || !unseen.is_empty() || rng.chance(35);
        let fresh_units = cells.is_none() || new_heading || rng.chance(35);
        let mut current = cells.clone().unwrap_or(Cells { pairs: Vec::new(), leads: Vec::new(), coops: Vec::new() });
        if fresh_people {
            current.pairs = match unseen.pop() {
                Some(i) => vec![pairs[i].clone()],
                None if rng.chance(25) && pairs.len() > 1 => {
                    let a = rng.range(0, pairs.len() - 1);
                    let b = (a + 1) % pairs.len();
                    vec![pairs[a].clone(), pairs[b].clone()]
                }
                None => vec![rng.pick(&pairs).clone()],
            };
        }
        let single = current.pairs.len() == 1;
        let inline_names = fresh_people && single && text_lines.len() == 1 && rng.chance(30);
        if inline_names {
            let (l, o) = &current.pairs[0];
            row.push(format!("{} {} {}", text_lines[0], padded(l), padded(o)));
        } else {
            row.extend(text_lines);
            if fresh_people {
                if single {
                    let (l, o) = &current.pairs[0];
                    row.push(format!("{} {}", padded(l), padded(o)));
                } else {
                    row.extend(current.pairs.iter().map(|p| padded(&p.0)));
                    row.extend(current.pairs.iter().map(|p| padded(&p.1)));
                }
            }
        }
        if fresh_units {
            let (cell, leads, coops) = department_cell(rng);
            current.leads = leads;
            current.coops = coops;
            row.extend(lines(&cell, 10));
        }
        // Sometimes the next number is glued to this row's last line.
        glue = fresh_units && n < tasks && rng.chance(5);
        if glue {
            if let Some(last) = row.last_mut() {
                let _ = write!(last, "{}", n + 1);
            }
        }
        if page_start {
            if rng.chance(50) {
                let _ = write!(out, "市政府文件 {year} 年·第一期\n\n— {page} —\n\n");
            }
            page += 1;
            lines_on_page = 0;
            if let Some(first) = row.first_mut() {
                first.insert(0, ' ');
            }
        }
        for l in &row {
            out.push_str(l);
            out.push_str("\n\n");
        }
        lines_on_page += row.len();
        expected.push(ExpectedTask {
            seq: n.to_string(),
            category: vec![chapter.clone(), heading.clone()],
            text,
            leaders: current.pairs.iter().map(|p| p.0.clone()).collect(),
            lead_officers: current.pairs.iter().map(|p| p.1.clone()).collect(),
            leads: current.leads.clone(),
            coops: current.coops.clone(),
            responsible: Vec::new(),
            due,
            ongoing: false,
        });
        cells = Some(current);
    }
    ExpectedPlan { title, doc_no, tasks: expected }
}
