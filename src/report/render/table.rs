//! Terminal tables with comfy-table, which measures CJK characters as two
//! columns so Chinese text lines up.

use super::Tabular;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ColumnConstraint, ContentArrangement, Table, Width};
use std::io;

/// Builds the table for `rows`; long cells wrap to the terminal width.
pub fn build<T: Tabular>(rows: &[T]) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if let Some((w, _)) = terminal_width() {
        table.set_width(w);
    }
    table.set_header(T::headers());
    for r in rows {
        table.add_row(r.cells());
    }
    if let Some(col) = T::wide_column().and_then(|i| table.column_mut(i)) {
        col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(35)));
    }
    table
}

pub fn render<T: Tabular>(rows: &[T], out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "{}", build(rows))
}

/// The width to wrap at: `COLUMNS` when set (scripts and tests pin it), else
/// a width that fits a printed A4 page in a terminal.
fn terminal_width() -> Option<(u16, u16)> {
    let cols = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(160);
    Some((cols, 0))
}
