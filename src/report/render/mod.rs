//! Renderers: one list of typed rows, four formats. Each takes a writer, so
//! a report streams to a file or stdout without being held as a string.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;

use serde::Serialize;
use std::io;

/// A row that can be shown as a table: its cells in the order of
/// [`Tabular::headers`].
pub trait Tabular: Serialize {
    fn headers() -> Vec<&'static str>;
    fn cells(&self) -> Vec<String>;

    /// The column holding long text, which gets most of a narrow screen.
    fn wide_column() -> Option<usize> {
        None
    }
}

/// The output formats every report offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for the terminal, aligned for Chinese text.
    #[default]
    Table,
    /// CSV that Excel on a Chinese Windows machine opens correctly.
    Csv,
    Json,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Renders collected rows in any format.
pub fn render<T: Tabular>(rows: &[T], format: Format, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Table => table::render(rows, out),
        Format::Csv => {
            let mut w = csv::Writer::new(out, csv::Encoding::Utf8Bom)?;
            w.header(&T::headers())?;
            for r in rows {
                w.row(&r.cells())?;
            }
            w.finish()
        }
        Format::Json => json::render(rows, out),
        Format::Markdown => markdown::render(rows, out),
    }
}
