//! Task tables in markdown (林芝市2020年创建全国民族团结进步示范市巩固提升
//! 工作任务细化表): 序号 | 工作任务 | 细化安排 | 责任单位 | 时间安排 | 备注.
//!
//! Each 细化安排 row has its own units and deadline, so each is a task,
//! numbered under its 工作任务 (1.1, 1.2 …) with the 工作任务 as its title. A
//! row with an empty 序号 continues the 工作任务 above, also across page
//! breaks, where the table restarts with an empty header.

use crate::deadline;
use crate::model::{Role, Task, UnitRef};
use crate::names::{ends_like_unit, expand_enumeration, is_collective};
use crate::read::grid::{self, Block};
use crate::read::{Diagnostic, DiagnosticKind, Found, PlanReader, Section};
use crate::text::{join_cjk, squeeze, strip_emphasis};

/// Reader for markdown task tables.
pub struct MarkdownTable;

/// Which column holds what; found from the header words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Columns {
    width: usize,
    seq: Option<usize>,
    task: Option<usize>,
    measure: Option<usize>,
    units: usize,
    lead: Option<usize>,
    coop: Option<usize>,
    deadline: Option<usize>,
}

impl Columns {
    fn from_header(h: &[String]) -> Option<Columns> {
        let find = |words: &[&str]| h.iter().position(|c| words.iter().any(|w| squeeze(c).contains(w)));
        let seq = find(&["序号"]);
        let task = find(&["工作任务", "重点任务", "主要任务", "任务名称"]);
        let measure = find(&["细化安排", "具体措施", "工作措施", "任务内容", "具体任务", "工作内容"]);
        let lead = find(&["牵头单位", "牵头部门"]);
        let coop = find(&["配合单位", "协办单位", "配合部门", "参与单位"]);
        let units = find(&["责任单位", "责任部门", "承办单位"]).or(lead)?;
        let deadline = find(&["时间安排", "完成时限", "完成时间", "时限要求", "时间节点"]);
        if task.is_none() && measure.is_none() {
            return None;
        }
        Some(Columns { width: h.len(), seq, task, measure, units, lead, coop, deadline })
    }
}

impl PlanReader for MarkdownTable {
    fn name(&self) -> &'static str {
        "markdown_table"
    }

    fn read(&self, section: &Section<'_>, diags: &mut Vec<Diagnostic>) -> Found {
        let mut found = Found::default();
        let mut columns: Option<Columns> = None;
        let mut state = TaskState::default();
        for block in grid::blocks(section.lines) {
            if !block.continuation {
                columns = Columns::from_header(&block.header);
                state = TaskState::default();
            }
            let Some(cols) = columns.as_ref() else { continue };
            if block.header.len() != cols.width {
                diags.push(Diagnostic::warning(
                    block.rows.first().map_or(0, |r| r.0),
                    DiagnosticKind::DamagedRow,
                    format!("表格续页有 {} 列，与表头的 {} 列不符，续页按表头列序读取", block.header.len(), cols.width),
                ));
            }
            read_block(&block, cols, &mut state, section, diags, &mut found.tasks);
            found.consumed.push(block.range.clone());
        }
        found
    }
}

/// The 工作任务 the rows below belong to.
#[derive(Debug, Default)]
struct TaskState {
    number: Option<String>,
    title: Option<String>,
    measures: u32,
}

fn read_block(
    block: &Block,
    cols: &Columns,
    state: &mut TaskState,
    section: &Section<'_>,
    diags: &mut Vec<Diagnostic>,
    tasks: &mut Vec<Task>,
) {
    for (line, row) in &block.rows {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        if row.len() != cols.width {
            diags.push(Diagnostic::error(
                *line,
                DiagnosticKind::DamagedRow,
                format!("这一行有 {} 个单元格，表头有 {} 列，无法判断各列内容", row.len(), cols.width),
            ));
            // Keep the numbers of the rows after it as printed.
            state.measures += 1;
            continue;
        }
        let cell =
            |i: Option<usize>| i.and_then(|i| row.get(i)).map(|c| join_cjk(&strip_emphasis(c))).unwrap_or_default();
        let number = cell(cols.seq);
        if !number.is_empty() {
            state.number = Some(number.trim_end_matches(['.', '、']).to_string());
            state.title = Some(cell(cols.task)).filter(|t| !t.is_empty());
            state.measures = 0;
        }
        let text = if cols.measure.is_some() { cell(cols.measure) } else { cell(cols.task) };
        if text.is_empty() {
            continue;
        }
        let Some(number) = state.number.clone() else {
            diags.push(Diagnostic::error(
                *line,
                DiagnosticKind::DamagedRow,
                "表格第一行没有序号，这一行不属于任何工作任务",
            ));
            continue;
        };
        let seq = if cols.measure.is_some() {
            state.measures += 1;
            format!("{number}.{}", state.measures)
        } else {
            number
        };
        let units = units_of(row, cols);
        if units.is_empty() {
            diags.push(Diagnostic::warning(*line, DiagnosticKind::NoUnits, format!("第 {seq} 项没有责任单位")));
        }
        let deadline = match cols.deadline.map(|i| row[i].trim()).filter(|d| !d.is_empty()) {
            Some(phrase) => deadline::parse(phrase, &section.ctx).unwrap_or_else(|e| {
                diags.push(Diagnostic::error(*line, DiagnosticKind::BadDeadline, format!("第 {seq} 项：{e}")));
                let mut d = deadline::inferred_end(&section.ctx, section.meta.period_end);
                d.text = Some(phrase.to_string());
                d
            }),
            None => deadline::inferred_end(&section.ctx, section.meta.period_end),
        };
        tasks.push(Task {
            seq,
            category: state.title.iter().cloned().collect(),
            title: if cols.measure.is_some() { state.title.clone() } else { None },
            text,
            leaders: Vec::new(),
            lead_officers: Vec::new(),
            units,
            deadline,
            line: *line,
        });
    }
}

fn units_of(row: &[String], cols: &Columns) -> Vec<UnitRef> {
    let mut out = Vec::new();
    let columns: Vec<(usize, Role)> = match (cols.lead, cols.coop) {
        (Some(l), coop) if l != cols.units || coop.is_some() => {
            let mut v = vec![(l, Role::Lead)];
            v.extend(coop.map(|c| (c, Role::Coop)));
            v
        }
        _ => vec![(cols.units, Role::Responsible)],
    };
    for (i, role) in columns {
        let mut prefix = None;
        for unit in cell_units(&row[i]) {
            for u in expand_enumeration(&unit, &mut prefix) {
                out.push(UnitRef { name: u.name, as_printed: u.as_printed, role });
            }
        }
    }
    out
}

/// Units in a cell are separated by spaces, but a space is also where a long
/// name was broken ("市（中、区）直 各单位", "驻林芝各军警 部队"): a fragment
/// that does not end like a unit joins the next one.
pub fn cell_units(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for tok in cell.split_whitespace() {
        cur.push_str(tok);
        if ends_like_unit(&cur) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        match out.last_mut() {
            Some(last) if !is_collective(&cur) && cur.chars().count() <= 2 => last.push_str(&cur),
            _ => out.push(cur),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_units_rejoin_broken_names() {
        assert_eq!(cell_units("各县（区） 市（中、区）直 各单位"), ["各县（区）", "市（中、区）直各单位"]);
        assert_eq!(
            cell_units("各县（区） 各级创建办 驻林芝各军警 部队 市（中、区）直 各单位"),
            ["各县（区）", "各级创建办", "驻林芝各军警部队", "市（中、区）直各单位"]
        );
        assert_eq!(
            cell_units("各县（区） 市委宣传部 市文化局 市广播电视台"),
            ["各县（区）", "市委宣传部", "市文化局", "市广播电视台"]
        );
    }

    #[test]
    fn header_words_pick_columns() {
        let h: Vec<String> =
            ["序号", "工作任务", "细化安排", "责任单位", "时间安排", "备注"].iter().map(|s| s.to_string()).collect();
        let c = Columns::from_header(&h).unwrap();
        assert_eq!((c.seq, c.task, c.measure, c.units, c.deadline), (Some(0), Some(1), Some(2), 3, Some(4)));
        let targets: Vec<String> =
            ["序号", "目标任务", "", "类别", "责任部门（目标任务分解）"].iter().map(|s| s.to_string()).collect();
        assert_eq!(Columns::from_header(&targets), None);
    }
}
