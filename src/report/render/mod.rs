//! Renderers: one list of typed rows, four formats. Each takes a writer, so
//! a report streams to a file or stdout without being held as a string.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;

use serde::Serialize;
use std::io::{self, Write};

/// A row that can be shown as a table: its cells in the order of
/// [`Tabular::headers`].
pub trait Tabular: Serialize {
    fn headers() -> Vec<&'static str>;
    fn cells(&self) -> Vec<String>;

    /// Hands `cell` each of [`Tabular::cells`] in turn. The rows of the
    /// long lists lend their texts instead ([`lent_cells`] then makes
    /// `cells`): a province's overdue list writes 700,000 rows, and copying
    /// each row's cells into a new vector was 4% of its instructions.
    fn each_cell(&self, cell: &mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        self.cells().iter().try_for_each(|c| cell(c))
    }

    /// The column holding long text, which gets most of a narrow screen.
    fn wide_column() -> Option<usize> {
        None
    }
}

/// [`Tabular::cells`] for a row that lends them through
/// [`Tabular::each_cell`].
pub fn lent_cells<T: Tabular>(row: &T) -> Vec<String> {
    let mut cells = Vec::new();
    // Collecting into a vector cannot fail.
    let _ = row.each_cell(&mut |c| {
        cells.push(c.to_string());
        Ok(())
    });
    cells
}

/// Lends a number as a cell, formatted on the stack.
pub fn number_cell(n: i64, cell: &mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()> {
    let mut text = [0u8; 20]; // i64::MIN has 20 characters.
    let mut rest = &mut text[..];
    write!(rest, "{n}")?;
    let len = 20 - rest.len();
    cell(std::str::from_utf8(&text[..len]).unwrap_or_default())
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
    match Stream::new::<T>(format, out)? {
        Err(out) => table::render(rows, out),
        Ok(mut stream) => {
            for r in rows {
                stream.row(r)?;
            }
            stream.finish()
        }
    }
}

/// Rows per printed table of a long list. Laying out a table takes every
/// row in memory, and the overdue list of a province has 700,000: paged, it
/// prints in constant memory, each page under its own header.
pub const TABLE_PAGE: usize = 1000;

/// Rows written as they come, so a list of a million tasks never sits in
/// memory: CSV, JSON and markdown stream. A terminal table must see its
/// rows to size its columns, so it collects a page of [`TABLE_PAGE`] at a
/// time.
pub struct RowWriter<'a, T: Tabular> {
    sink: Sink<'a, T>,
    count: usize,
}

enum Sink<'a, T> {
    Table(&'a mut dyn io::Write, Vec<T>),
    Stream(Stream<'a>),
}

/// The formats that can be written a row at a time.
enum Stream<'a> {
    Csv(Box<csv::Writer<'a>>),
    Json(json::ArrayWriter<'a>),
    Markdown(&'a mut dyn io::Write),
}

impl<'a> Stream<'a> {
    /// Starts a list with its header. The terminal table cannot be
    /// streamed: for it `out` is handed back untouched (`Err`).
    fn new<T: Tabular>(format: Format, out: &'a mut dyn io::Write) -> io::Result<Result<Self, &'a mut dyn io::Write>> {
        Ok(Ok(match format {
            Format::Table => return Ok(Err(out)),
            Format::Csv => {
                let mut w = csv::Writer::new(out, csv::Encoding::Utf8Bom)?;
                w.header(&T::headers())?;
                Stream::Csv(Box::new(w))
            }
            Format::Json => Stream::Json(json::ArrayWriter::new(out)?),
            Format::Markdown => {
                markdown::header(&T::headers(), out)?;
                Stream::Markdown(out)
            }
        }))
    }

    fn row<T: Tabular>(&mut self, row: &T) -> io::Result<()> {
        match self {
            Stream::Csv(w) => {
                row.each_cell(&mut |c| w.field(c))?;
                w.end_row()
            }
            Stream::Json(w) => w.item(row),
            Stream::Markdown(out) => markdown::row(&row.cells(), *out),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Stream::Csv(w) => w.finish(),
            Stream::Json(w) => w.finish(),
            Stream::Markdown(_) => Ok(()),
        }
    }
}

impl<'a, T: Tabular> RowWriter<'a, T> {
    pub fn new(format: Format, out: &'a mut dyn io::Write) -> io::Result<Self> {
        let sink = match Stream::new::<T>(format, out)? {
            Err(out) => Sink::Table(out, Vec::new()),
            Ok(stream) => Sink::Stream(stream),
        };
        Ok(RowWriter { sink, count: 0 })
    }

    /// Adds a row. A terminal table keeps its rows until a page of
    /// [`TABLE_PAGE`] is full, then prints that page as a table of its own.
    pub fn push(&mut self, row: T) -> io::Result<()> {
        self.count += 1;
        match &mut self.sink {
            Sink::Table(out, rows) => {
                rows.push(row);
                if rows.len() == TABLE_PAGE {
                    table::render(rows, *out)?;
                    rows.clear();
                }
                Ok(())
            }
            Sink::Stream(s) => s.row(&row),
        }
    }

    /// Ends the list; returns how many rows it holds.
    pub fn finish(self) -> io::Result<usize> {
        match self.sink {
            Sink::Table(out, rows) if !rows.is_empty() || self.count == 0 => table::render(&rows, out)?,
            Sink::Table(..) => {}
            Sink::Stream(s) => s.finish()?,
        }
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Serialize)]
    struct Row {
        name: String,
        n: u32,
    }

    impl Tabular for Row {
        fn headers() -> Vec<&'static str> {
            vec!["名称", "数"]
        }
        fn cells(&self) -> Vec<String> {
            vec![self.name.clone(), self.n.to_string()]
        }
    }

    /// Streaming a list writes exactly what rendering it whole writes, in
    /// every format, and counts its rows.
    #[test]
    fn a_streamed_list_reads_as_a_rendered_one() {
        let rows: Vec<Row> = ["市财政局", "=1+1", "a|b", "换\n行"]
            .iter()
            .enumerate()
            .map(|(i, n)| Row { name: n.to_string(), n: i as u32 })
            .collect();
        for format in [Format::Table, Format::Csv, Format::Json, Format::Markdown] {
            let mut whole = Vec::new();
            render(&rows, format, &mut whole).unwrap();
            let mut streamed = Vec::new();
            let mut w = RowWriter::new(format, &mut streamed).unwrap();
            for r in &rows {
                w.push(r.clone()).unwrap();
            }
            assert_eq!(w.finish().unwrap(), 4);
            let streamed = String::from_utf8(streamed).unwrap();
            assert_eq!(streamed, String::from_utf8(whole).unwrap(), "{format:?}");
            match format {
                Format::Csv => assert!(streamed.starts_with("\u{feff}名称,数\r\n市财政局,0\r\n'=1+1,1"), "{streamed}"),
                Format::Json => assert!(streamed.starts_with("[\n  {\"name\":\"市财政局\",\"n\":0},"), "{streamed}"),
                Format::Markdown => assert!(streamed.contains("| a\\|b | 2 |\n| 换 行 | 3 |"), "{streamed}"),
                Format::Table => assert!(streamed.contains("市财政局"), "{streamed}"),
            }
        }
    }

    /// A row that lends its cells, numbers among them.
    #[derive(Debug, Clone, Serialize)]
    struct Lent {
        id: i64,
        name: String,
    }

    impl Tabular for Lent {
        fn headers() -> Vec<&'static str> {
            vec!["编号", "名称"]
        }
        fn cells(&self) -> Vec<String> {
            lent_cells(self)
        }
        fn each_cell(&self, cell: &mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()> {
            number_cell(self.id, cell)?;
            cell(&self.name)
        }
    }

    /// Lent cells are the cells: streamed as CSV (guarded as ever), and
    /// collected for a table; numbers of any size and sign.
    #[test]
    fn a_row_lending_its_cells_writes_what_its_cells_hold() {
        let rows = [Lent { id: i64::MIN, name: "-市财政局".into() }, Lent { id: 0, name: "".into() }];
        assert_eq!(rows[0].cells(), ["-9223372036854775808", "-市财政局"]);
        assert_eq!(Lent { id: i64::MAX, name: "x".into() }.cells(), ["9223372036854775807", "x"]);
        let mut out = Vec::new();
        render(&rows, Format::Csv, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, "\u{feff}编号,名称\r\n-9223372036854775808,'-市财政局\r\n0,\r\n");
        let mut table = Vec::new();
        render(&rows, Format::Table, &mut table).unwrap();
        assert!(String::from_utf8(table).unwrap().contains("-9223372036854775808"));
    }

    /// A long list prints as tables of [`TABLE_PAGE`] rows, each with its
    /// header, and every row once.
    #[test]
    fn a_long_table_prints_in_pages() {
        let n = TABLE_PAGE * 2 + 3;
        let mut out = Vec::new();
        let mut w = RowWriter::new(Format::Table, &mut out).unwrap();
        for i in 0..n {
            w.push(Row { name: format!("单位{i:05}"), n: i as u32 }).unwrap();
        }
        assert_eq!(w.finish().unwrap(), n);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("名称").count(), 3, "three pages, three headers");
        for i in [0, TABLE_PAGE - 1, TABLE_PAGE, n - 1] {
            assert_eq!(out.matches(&format!("单位{i:05}")).count(), 1, "{i}");
        }
        let first = render_table_of(
            &(0..TABLE_PAGE).map(|i| Row { name: format!("单位{i:05}"), n: i as u32 }).collect::<Vec<_>>(),
        );
        assert!(out.starts_with(&first), "the first page is the table of its rows");
    }

    fn render_table_of(rows: &[Row]) -> String {
        let mut out = Vec::new();
        render(rows, Format::Table, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}
