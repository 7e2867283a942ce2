//! Runs one reader over text as if it were a plan's lines, and checks what
//! it returns is well formed.
use duban::deadline::DeadlineContext;
use duban::model::PlanMeta;
use duban::read::{lines::split_lines, PlanReader, Section};

pub fn run(reader: &dyn PlanReader, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = split_lines(&text);
    let meta = PlanMeta { year: Some(2023), ..PlanMeta::default() };
    let ctx = DeadlineContext { year: Some(2023), issued: chrono::NaiveDate::from_ymd_opt(2023, 2, 18) };
    let section = Section { lines: &lines, meta: &meta, ctx };
    let mut diags = Vec::new();
    let found = reader.read(&section, &mut diags);
    for t in &found.tasks {
        assert!(!t.seq.is_empty(), "a task without a number");
        assert!(t.line >= 1 && t.line <= lines.len(), "a task outside the text");
    }
    for r in &found.consumed {
        assert!(r.start <= r.end && r.end <= lines.len(), "consumed lines outside the text");
    }
    for d in &diags {
        assert!(d.line <= lines.len() + 1, "a diagnostic outside the text");
    }
}
