//! Writes synthetic gazettes and progress sheets for the benchmark
//! (`scripts/bench.sh`), and checks the readers against the known answer of
//! every generated task.
//!
//! ```sh
//! cargo run --release --example synth -- gazettes --tasks 1000000 --files 50 --out target/bench/gazettes --check
//! cargo run --release --example synth -- sheet --ids 1-1000000 --day 2023-07-03 --period 上半年 --out sheet.csv
//! ```

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use duban::synth::{self, Spec, SynthFormat};
use std::path::PathBuf;
use std::time::Instant;

/// The allocator the `duban` binary runs on, so that the readers' figure is
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Cities of a province-level archive: each is its own government, so each
/// has its own departments.
const CITIES: &[&str] = &["林芝市", "拉萨市", "日喀则市", "昌都市", "山南市", "那曲市"];

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Gazettes of plans in the seed table formats, alternating flat and markdown.
    Gazettes {
        /// About this many tasks in all (plans of 100–300 tasks).
        #[arg(long, default_value_t = 100_000)]
        tasks: usize,
        /// Spread over this many files.
        #[arg(long, default_value_t = 10)]
        files: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// Read every file back and compare with the known answers.
        #[arg(long)]
        check: bool,
    },
    /// A progress sheet with one row per task id in `--ids FIRST-LAST`.
    Sheet {
        #[arg(long)]
        ids: String,
        #[arg(long)]
        day: NaiveDate,
        #[arg(long, default_value = "上半年")]
        period: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> Result<()> {
    match Cli::parse().what {
        What::Gazettes { tasks, files, seed, out, check } => gazettes(tasks, files, seed, &out, check),
        What::Sheet { ids, day, period, seed, out } => {
            let (first, last) = ids.split_once('-').context("--ids FIRST-LAST")?;
            let ids = first.parse::<i64>()?..last.parse::<i64>()? + 1;
            std::fs::write(&out, synth::progress_sheet(seed, ids, day, &period))?;
            Ok(())
        }
    }
}

fn gazettes(tasks: usize, files: usize, seed: u64, out: &std::path::Path, check: bool) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let plans = (tasks / 200).max(files);
    let (mut written, mut bytes, mut read_secs, mut diffs) = (0usize, 0usize, 0f64, 0usize);
    let mut first_number = 1;
    for f in 0..files {
        let n = plans / files + usize::from(f < plans % files);
        let spec = Spec {
            seed: seed * 1000 + f as u64,
            plans: n,
            min_tasks: 100,
            max_tasks: 300,
            format: if f % 2 == 0 { SynthFormat::FlatTable } else { SynthFormat::Markdown },
            city: CITIES[f % CITIES.len()].to_string(),
            year: 2016 + (f / CITIES.len()) as i32 % 10,
            first_number,
        };
        first_number += n;
        let g = synth::gazette(&spec);
        written += g.plans.iter().map(|p| p.tasks.len()).sum::<usize>();
        bytes += g.text.len();
        std::fs::write(out.join(format!("gazette_{f:04}.txt")), &g.text)?;
        if check {
            let started = Instant::now();
            let (read, _) = duban::read::read_text(&g.text);
            read_secs += started.elapsed().as_secs_f64();
            let d = synth::compare(&g.plans, &read);
            if let Some(first) = d.first() {
                eprintln!("gazette_{f:04}.txt: {} differences, first: {first}", d.len());
            }
            diffs += d.len();
        }
    }
    println!("tasks {written}");
    println!("plans {plans}");
    println!("bytes {bytes}");
    if check {
        println!("read_seconds {read_secs:.3}");
        println!("read_mb_per_s {:.1}", bytes as f64 / 1e6 / read_secs);
        println!("differences {diffs}");
        if diffs > 0 {
            bail!("{diffs} tasks read differently from the generated answers");
        }
    }
    Ok(())
}
