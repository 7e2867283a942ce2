//! Synthetic gazettes in the seed formats, with the answer for every task:
//! for benchmarks at province scale, and as a correctness check of the
//! readers on far more tables than the seeds hold. Deterministic for a seed.

mod flat;
mod markdown;
pub mod rng;
pub mod vocab;

use crate::model::{Plan, Role};
use chrono::NaiveDate;
use rng::Rng;
use std::fmt::Write as _;

/// Which format the plans are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    /// The flattened PDF table of the 2023 林芝 plan.
    FlatTable,
    /// Markdown 细化表 split at page breaks.
    Markdown,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub plans: usize,
    pub min_tasks: usize,
    pub max_tasks: usize,
    pub format: SynthFormat,
    /// The government issuing every plan ("林芝市").
    pub city: String,
    pub year: i32,
    /// Number of the first plan, so several files get distinct 文号.
    pub first_number: usize,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            seed: 1,
            plans: 1,
            min_tasks: 100,
            max_tasks: 500,
            format: SynthFormat::Markdown,
            city: "林芝市".into(),
            year: 2023,
            first_number: 1,
        }
    }
}

/// The answer for one task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpectedTask {
    pub seq: String,
    pub category: Vec<String>,
    pub text: String,
    pub leaders: Vec<String>,
    pub lead_officers: Vec<String>,
    pub leads: Vec<String>,
    pub coops: Vec<String>,
    pub responsible: Vec<String>,
    pub due: Option<NaiveDate>,
    pub ongoing: bool,
}

/// The answer for one plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedPlan {
    pub title: String,
    pub doc_no: String,
    pub tasks: Vec<ExpectedTask>,
}

/// A generated gazette and its answers.
#[derive(Debug, Clone)]
pub struct Gazette {
    pub text: String,
    pub plans: Vec<ExpectedPlan>,
}

/// Generates a gazette of `spec.plans` plans, each preceded by its notice.
pub fn gazette(spec: &Spec) -> Gazette {
    let mut rng = Rng::new(spec.seed);
    let mut text = String::with_capacity(spec.plans * spec.max_tasks * 200);
    let _ = writeln!(text, "{}人民政府公报\n\n{} 年第 1 期\n", spec.city, spec.year);
    let mut plans = Vec::with_capacity(spec.plans);
    for k in 0..spec.plans {
        let n = rng.range(spec.min_tasks, spec.max_tasks);
        let number = spec.first_number + k;
        let plan = match spec.format {
            SynthFormat::FlatTable => flat::plan(&mut rng, spec, number, n, &mut text),
            SynthFormat::Markdown => markdown::plan(&mut rng, spec, number, n, &mut text),
        };
        plans.push(plan);
    }
    Gazette { text, plans }
}

/// The 文号 abbreviation of a city: 林芝市 → 林.
fn abbreviation(city: &str) -> String {
    city.chars().next().map(String::from).unwrap_or_default()
}

/// A task sentence of a few clauses, ending with 。.
fn sentence(rng: &mut Rng) -> String {
    let mut s = String::new();
    for i in 0..rng.range(1, 3) {
        if i > 0 {
            s.push('，');
        }
        let _ = write!(s, "{}{}", rng.pick(vocab::VERBS), rng.pick(vocab::OBJECTS));
        if rng.chance(40) {
            let _ = write!(s, "{}个", rng.range(2, 99));
        }
    }
    let _ = write!(s, "，{}。", rng.pick(vocab::PURPOSES));
    s
}

/// Compares what a reader found with the answers; returns one line per
/// difference (empty when everything matches).
pub fn compare(expected: &[ExpectedPlan], read: &[Plan]) -> Vec<String> {
    let mut diffs = Vec::new();
    if expected.len() != read.len() {
        diffs.push(format!("{} plans expected, {} read", expected.len(), read.len()));
    }
    for (e, p) in expected.iter().zip(read) {
        if p.meta.doc_no.as_deref() != Some(e.doc_no.as_str()) || p.meta.title != e.title {
            diffs.push(format!("plan {} read as {:?} {}", e.doc_no, p.meta.doc_no, p.meta.title));
        }
        if e.tasks.len() != p.tasks.len() {
            diffs.push(format!("{}: {} tasks expected, {} read", e.doc_no, e.tasks.len(), p.tasks.len()));
        }
        for (et, t) in e.tasks.iter().zip(&p.tasks) {
            let names =
                |role: Role| t.units.iter().filter(|u| u.role == role).map(|u| u.name.clone()).collect::<Vec<_>>();
            let got = ExpectedTask {
                seq: t.seq.clone(),
                category: t.category.clone(),
                text: t.text.clone(),
                leaders: t.leaders.clone(),
                lead_officers: t.lead_officers.clone(),
                leads: names(Role::Lead),
                coops: names(Role::Coop),
                responsible: names(Role::Responsible),
                due: t.deadline.due,
                ongoing: t.deadline.ongoing,
            };
            if &got != et {
                diffs.push(format!("{} task {}: expected {et:?}, read {got:?}", e.doc_no, et.seq));
            }
        }
    }
    diffs
}

/// A progress sheet as departments send it back: one row per task id, in
/// the columns `duban load` reads, answering `period` (上半年 …).
pub fn progress_sheet(seed: u64, ids: std::ops::Range<i64>, day: NaiveDate, period: &str) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity((ids.end - ids.start).max(0) as usize * 60);
    out.push_str("编号,状态,完成比例,进展情况,日期,期次\n");
    for id in ids {
        let (status, percent) = match rng.range(0, 9) {
            0 => ("滞后", rng.range(0, 30)),
            1 => ("未启动", 0),
            _ => ("推进中", rng.range(10, 95)),
        };
        let _ = writeln!(out, "{id},{status},{percent},{},{day},{period}", sentence(&mut rng));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(format: SynthFormat) {
        let spec = Spec { seed: 7, plans: 3, min_tasks: 40, max_tasks: 90, format, ..Spec::default() };
        let g = gazette(&spec);
        let (plans, diags) = crate::read::read_text(&g.text);
        let diffs = compare(&g.plans, &plans);
        assert!(
            diffs.is_empty(),
            "{format:?}: {} differences, first: {:?}\ndiagnostics: {:?}",
            diffs.len(),
            diffs.first(),
            diags.iter().filter(|d| d.severity == crate::read::Severity::Warning).take(3).collect::<Vec<_>>()
        );
        assert_eq!(gazette(&spec).text, g.text, "deterministic");
    }

    #[test]
    fn markdown_tables_read_back_exactly() {
        roundtrip(SynthFormat::Markdown);
    }

    #[test]
    fn flat_tables_read_back_exactly() {
        roundtrip(SynthFormat::FlatTable);
    }

    /// Many corpora, every task compared: the readers against the answers.
    #[test]
    fn twenty_corpora_of_both_formats() {
        for seed in 100..120u64 {
            for format in [SynthFormat::FlatTable, SynthFormat::Markdown] {
                let spec = Spec { seed, plans: 2, min_tasks: 100, max_tasks: 200, format, ..Spec::default() };
                let g = gazette(&spec);
                let (plans, _) = crate::read::read_text(&g.text);
                let diffs = compare(&g.plans, &plans);
                assert!(diffs.is_empty(), "seed {seed} {format:?}: {} diffs: {:?}", diffs.len(), diffs.first());
            }
        }
    }

    #[test]
    fn progress_sheets_are_readable() {
        let day = NaiveDate::from_ymd_opt(2023, 7, 3).unwrap();
        let csv = progress_sheet(3, 1..51, day, "上半年");
        let crate::track::sheet::Sheet { rows, errors, .. } = crate::track::sheet::read(csv.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 50);
    }
}
