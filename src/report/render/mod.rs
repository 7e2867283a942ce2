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
    if format == Format::Table {
        return table::render(rows, out);
    }
    let mut w = RowWriter::new(format, out)?;
    for r in rows {
        w.write(r)?;
    }
    w.finish().map(|_| ())
}

/// Rows written as they come, so a list of a million tasks never sits in
/// memory: CSV, JSON and markdown stream. A terminal table must see every
/// row to size its columns, so it alone collects.
pub struct RowWriter<'a, T: Tabular> {
    sink: Sink<'a, T>,
    count: usize,
}

enum Sink<'a, T> {
    Table(&'a mut dyn io::Write, Vec<T>),
    Csv(Box<csv::Writer<'a>>),
    Json(json::ArrayWriter<'a>),
    Markdown(&'a mut dyn io::Write),
}

impl<'a, T: Tabular> RowWriter<'a, T> {
    pub fn new(format: Format, out: &'a mut dyn io::Write) -> io::Result<Self> {
        let sink = match format {
            Format::Table => Sink::Table(out, Vec::new()),
            Format::Csv => {
                let mut w = csv::Writer::new(out, csv::Encoding::Utf8Bom)?;
                w.header(&T::headers())?;
                Sink::Csv(Box::new(w))
            }
            Format::Json => Sink::Json(json::ArrayWriter::new(out)?),
            Format::Markdown => {
                markdown::header(&T::headers(), out)?;
                Sink::Markdown(out)
            }
        };
        Ok(RowWriter { sink, count: 0 })
    }

    /// Adds a row that the caller keeps.
    pub fn write(&mut self, row: &T) -> io::Result<()> {
        self.count += 1;
        match &mut self.sink {
            Sink::Table(..) => unreachable!("render() draws collected tables itself"),
            Sink::Csv(w) => w.row(&row.cells()),
            Sink::Json(w) => w.item(row),
            Sink::Markdown(out) => markdown::row(&row.cells(), *out),
        }
    }

    /// Adds a row, giving it up (a table keeps it until the end).
    pub fn push(&mut self, row: T) -> io::Result<()> {
        match &mut self.sink {
            Sink::Table(_, rows) => {
                self.count += 1;
                rows.push(row);
                Ok(())
            }
            _ => self.write(&row),
        }
    }

    /// Ends the list; returns how many rows it holds.
    pub fn finish(self) -> io::Result<usize> {
        match self.sink {
            Sink::Table(out, rows) => table::render(&rows, out)?,
            Sink::Csv(w) => w.finish()?,
            Sink::Json(w) => w.finish()?,
            Sink::Markdown(_) => {}
        }
        Ok(self.count)
    }
}
