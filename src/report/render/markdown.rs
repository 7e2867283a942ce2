//! Markdown tables: for pasting into documents and wikis. Pipes and line
//! breaks inside cells are escaped so the table stays intact.

use super::Tabular;
use std::io::{self, Write};

pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

pub fn render<T: Tabular>(rows: &[T], out: &mut dyn Write) -> io::Result<()> {
    let headers = T::headers();
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}|", headers.iter().map(|_| "---").collect::<Vec<_>>().join("|"))?;
    for r in rows {
        let cells: Vec<String> = r.cells().iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
