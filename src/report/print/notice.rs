//! The 督办单: the sheet an office sends a unit about one task. Its colour
//! follows the light — red (严重逾期或滞后), yellow (临近时限或进度落后),
//! blue (提示) for a task on track — and it says why and by when to reply.

use super::{escape, page};
use crate::report::overdue::{due_label, last_report_label};
use crate::report::render::markdown;
use crate::store::AssessedTask;
use crate::track::Light;
use chrono::{Days, NaiveDate};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The colour of a 督办单.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeColour {
    Blue,
    Yellow,
    Red,
}

impl NoticeColour {
    pub fn of(light: Light) -> NoticeColour {
        match light {
            Light::Green => NoticeColour::Blue,
            Light::Yellow => NoticeColour::Yellow,
            Light::Red => NoticeColour::Red,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            NoticeColour::Blue => "blue",
            NoticeColour::Yellow => "yellow",
            NoticeColour::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NoticeColour::Blue => "蓝色",
            NoticeColour::Yellow => "黄色",
            NoticeColour::Red => "红色",
        }
    }

    /// Days the unit has to reply: the worse the light, the shorter.
    pub fn reply_days(self) -> u64 {
        match self {
            NoticeColour::Blue => 10,
            NoticeColour::Yellow => 5,
            NoticeColour::Red => 3,
        }
    }
}

/// One 督办单.
pub struct Notice<'a> {
    pub task: &'a AssessedTask,
    pub as_of: NaiveDate,
    pub office: String,
}

impl Notice<'_> {
    pub fn colour(&self) -> NoticeColour {
        NoticeColour::of(self.task.assessment.light)
    }

    pub fn reply_by(&self) -> NaiveDate {
        self.as_of.checked_add_days(Days::new(self.colour().reply_days())).unwrap_or(self.as_of)
    }

    fn reasons(&self) -> String {
        let r = &self.task.assessment.reasons;
        if r.is_empty() {
            "按期提示：请按计划推进并按时报送进展。".to_string()
        } else {
            r.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("；")
        }
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        let t = self.task;
        vec![
            ("督办编号", format!("督〔{}〕{} 号", self.as_of.format("%Y"), t.id)),
            ("承办单位", t.reporters.clone()),
            ("分管/联系领导", t.leaders.clone()),
            ("督办事项", format!("《{}》第 {} 项：{}", t.plan, t.seq, t.text)),
            ("完成时限", due_label(t)),
            ("当前状态", format!("{}（{}）", t.assessment.status.label(), t.assessment.light.label())),
            ("最近报送", last_report_label(t, 200)),
            ("督办事由", self.reasons()),
            (
                "办理要求",
                format!("请于 {} 前将办理情况书面报送{}。", self.reply_by().format("%Y年%m月%d日"), self.office),
            ),
        ]
    }

    pub fn title(&self) -> String {
        format!("督办单（{}）", self.colour().label())
    }

    pub fn html(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut b = String::new();
        let _ = writeln!(b, "<div class=\"notice notice-{}\">", self.colour().code());
        let _ = writeln!(b, "<h1>{}</h1>", escape(&self.title()));
        b.push_str("<table>\n");
        for (label, value) in self.fields() {
            let _ = writeln!(b, "<tr><td class=\"label\">{label}</td><td>{}</td></tr>", escape(&value));
        }
        b.push_str("</table>\n");
        let _ = writeln!(
            b,
            "<p class=\"footer\">{}（盖章）<br>{}</p>",
            escape(&self.office),
            self.as_of.format("%Y年%m月%d日")
        );
        b.push_str("</div>\n");
        page(out, &self.title(), |out| out.write_all(b.as_bytes()))
    }

    pub fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {}\n", self.title())?;
        writeln!(out, "| 项目 | 内容 |\n|---|---|")?;
        for (label, value) in self.fields() {
            writeln!(out, "| {label} | {} |", markdown::cell(&value))?;
        }
        writeln!(out, "\n{}　{}", self.office, self.as_of.format("%Y年%m月%d日"))
    }
}
