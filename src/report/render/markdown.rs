//! Markdown tables: for pasting into documents and wikis. Pipes and line
//! breaks inside cells are escaped so the table stays intact.

use std::io::{self, Write};

pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The header line and its rule.
pub fn header(headers: &[&str], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}|", headers.iter().map(|_| "---").collect::<Vec<_>>().join("|"))
}

/// One row, its cells escaped.
pub fn row(cells: &[String], out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    writeln!(out, "| {} |", cells.join(" | "))
}
