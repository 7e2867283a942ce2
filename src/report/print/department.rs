//! The department report the office prints and sends: everything one
//! department leads or co-operates on, with status, deadline, light and the
//! latest progress, grouped by its role, then the quantitative targets it
//! answers for with the figures reported so far.

use super::{escape, page};
use crate::model::Role;
use crate::report::indicators::IndicatorRow;
use crate::report::overdue::due_label;
use crate::report::render::{markdown, Tabular};
use crate::store::DepartmentTask;
use chrono::NaiveDate;
use std::io::{self, Write};

/// What the report is about.
pub struct DepartmentReport<'a> {
    pub department: &'a str,
    pub government: &'a str,
    pub as_of: NaiveDate,
    /// The year whose plans it covers, when narrowed to one.
    pub year: Option<i32>,
    /// Who sends it, e.g. "林芝市人民政府督查室".
    pub office: String,
    pub tasks: &'a [DepartmentTask],
    /// Its indicator rows (and the 小计 of industries it leads).
    pub indicators: &'a [IndicatorRow],
}

const INDICATOR_HEADING: &str = "指标完成情况";

/// An indicator row's cells for the printed table: 指标, 行业/类别, 单位,
/// 目标, 完成, 完成比例, 序时进度, 亮灯.
fn indicator_cells(r: &IndicatorRow) -> [String; 8] {
    let c = r.cells();
    let place = [r.industry.as_deref(), r.category.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" / ");
    [c[2].clone(), place, r.unit.clone(), c[8].clone(), c[9].clone(), c[10].clone(), c[11].clone(), c[12].clone()]
}

const SECTIONS: [(Role, &str); 4] = [
    (Role::Lead, "牵头任务"),
    (Role::Responsible, "责任任务"),
    (Role::Coop, "配合任务"),
    (Role::Implementing, "负责落实任务"),
];

impl DepartmentReport<'_> {
    /// "林芝市" + "市发展改革委" is 林芝市发展改革委; "西藏自治区" + "财政厅" is 西藏自治区财政厅.
    fn full_name(&self) -> String {
        match self.department.strip_prefix('市') {
            Some(rest) if self.government.ends_with('市') && !rest.starts_with("场") => {
                format!("{}{rest}", self.government)
            }
            _ => format!("{}{}", self.government, self.department),
        }
    }

    fn title(&self) -> String {
        match self.year {
            Some(y) => format!("{} {y}年督办任务落实情况", self.full_name()),
            None => format!("{} 督办任务落实情况", self.full_name()),
        }
    }

    fn summary(&self) -> String {
        let n = |role: Role| self.tasks.iter().filter(|t| t.role == role).count();
        let answer: Vec<&DepartmentTask> =
            self.tasks.iter().filter(|t| matches!(t.role, Role::Lead | Role::Responsible)).collect();
        let done = answer.iter().filter(|t| t.task.assessment.status == crate::model::Status::Done).count();
        let overdue = answer
            .iter()
            .filter(|t| {
                t.task.assessment.status != crate::model::Status::Done
                    && t.task.assessment.days_left.is_some_and(|d| d < 0)
            })
            .count();
        let red = answer.iter().filter(|t| t.task.assessment.light == crate::track::Light::Red).count();
        let yellow = answer.iter().filter(|t| t.task.assessment.light == crate::track::Light::Yellow).count();
        format!(
            "牵头 {} 项、责任 {} 项、配合 {} 项、负责落实 {} 项。牵头和责任任务中：已完成 {done} 项，逾期未完成 {overdue} 项，红灯 {red} 项，黄灯 {yellow} 项。",
            n(Role::Lead),
            n(Role::Responsible),
            n(Role::Coop),
            n(Role::Implementing)
        )
    }

    /// Each role's heading and tasks, in [`SECTIONS`] order; roles without
    /// tasks are left out.
    fn sections(&self) -> impl Iterator<Item = (&'static str, Vec<&DepartmentTask>)> + '_ {
        SECTIONS
            .into_iter()
            .map(|(role, heading)| (heading, self.tasks.iter().filter(|t| t.role == role).collect::<Vec<_>>()))
            .filter(|(_, tasks)| !tasks.is_empty())
    }

    /// The HTML page, ready for printing.
    pub fn html(&self, out: &mut dyn Write) -> io::Result<()> {
        page(out, &self.title(), |out| self.html_body(out))
    }

    /// The page's body, written as it is made.
    fn html_body(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<h1>{}</h1>", escape(&self.title()))?;
        writeln!(out, "<p class=\"meta\">截至 {}　{}</p>", self.as_of.format("%Y年%m月%d日"), escape(&self.office))?;
        writeln!(out, "<p class=\"summary\">{}</p>", escape(&self.summary()))?;
        for (heading, tasks) in self.sections() {
            writeln!(out, "<h2>{heading}（{} 项）</h2>", tasks.len())?;
            out.write_all("<table>\n<colgroup><col style=\"width:15%\"><col style=\"width:36%\"><col style=\"width:13%\"><col style=\"width:9%\"><col style=\"width:27%\"></colgroup>\n".as_bytes())?;
            out.write_all("<thead><tr><th>方案 / 序号</th><th>任务</th><th>完成时限</th><th>状态</th><th>最新进展</th></tr></thead>\n<tbody>\n".as_bytes())?;
            for t in tasks {
                let x = &t.task;
                let a = &x.assessment;
                let plan = x.doc_no.as_deref().unwrap_or(&x.plan);
                let progress = match &x.last_report {
                    Some(r) => format!(
                        "{}<br>{}{}",
                        escape(&r.reported_on),
                        escape(&r.note()),
                        r.problems
                            .as_deref()
                            .map(|p| format!("<br><span class=\"small\">问题：{}</span>", escape(p)))
                            .unwrap_or_default()
                    ),
                    None => "未报送".to_string(),
                };
                writeln!(
                    out,
                    "<tr><td>{}<br>第 {} 项<br><span class=\"small\">编号 {}</span></td><td>{}</td><td>{}</td><td>{}<br><span class=\"light light-{}\">{}</span></td><td>{}</td></tr>",
                    escape(plan),
                    escape(&x.seq),
                    x.id,
                    escape(&x.text),
                    escape(&due_label(x)),
                    a.status.label(),
                    a.light.code(),
                    a.light.label(),
                    progress
                )?;
            }
            out.write_all("</tbody>\n</table>\n".as_bytes())?;
        }
        if !self.indicators.is_empty() {
            writeln!(out, "<h2>{INDICATOR_HEADING}（{} 行）</h2>", self.indicators.len())?;
            out.write_all("<table>\n<thead><tr><th>指标</th><th>行业 / 类别</th><th>单位</th><th>目标</th><th>完成</th><th>完成比例</th><th>序时进度</th><th>亮灯</th></tr></thead>\n<tbody>\n".as_bytes())?;
            for r in self.indicators {
                let c = indicator_cells(r);
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"light light-{}\">{}</span></td></tr>",
                    escape(&c[0]), escape(&c[1]), escape(&c[2]), c[3], escape(&c[4]), c[5], c[6], r.light.code(), c[7]
                )?;
            }
            out.write_all("</tbody>\n</table>\n".as_bytes())?;
        }
        writeln!(out, "<p class=\"footer\">{}　{}</p>", escape(&self.office), self.as_of.format("%Y年%m月%d日"))?;
        Ok(())
    }

    /// The same report as Markdown.
    pub fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {}\n", self.title())?;
        writeln!(out, "截至 {}，{}\n", self.as_of.format("%Y年%m月%d日"), self.office)?;
        writeln!(out, "{}\n", self.summary())?;
        for (heading, tasks) in self.sections() {
            writeln!(out, "## {heading}（{} 项）\n", tasks.len())?;
            writeln!(out, "| 方案 | 序号 | 任务 | 完成时限 | 状态 | 亮灯 | 最新进展 |")?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
            for t in tasks {
                let x = &t.task;
                let progress = x
                    .last_report
                    .as_ref()
                    .map(|r| format!("{} {}", r.reported_on, r.note()))
                    .unwrap_or_else(|| "未报送".to_string());
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    markdown::cell(x.doc_no.as_deref().unwrap_or(&x.plan)),
                    markdown::cell(&x.seq),
                    markdown::cell(&x.text),
                    markdown::cell(&due_label(x)),
                    x.assessment.status.label(),
                    x.assessment.light.label(),
                    markdown::cell(progress.trim())
                )?;
            }
            writeln!(out)?;
        }
        if !self.indicators.is_empty() {
            writeln!(out, "## {INDICATOR_HEADING}（{} 行）\n", self.indicators.len())?;
            writeln!(out, "| 指标 | 行业 / 类别 | 单位 | 目标 | 完成 | 完成比例 | 序时进度 | 亮灯 |")?;
            writeln!(out, "|---|---|---|---|---|---|---|---|")?;
            for r in self.indicators {
                let c = indicator_cells(r).map(|x| markdown::cell(&x));
                writeln!(out, "| {} |", c.join(" | "))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}
