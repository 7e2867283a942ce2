//! CSV for Excel on a Chinese Windows machine. Excel reads a CSV as the
//! system code page unless it starts with a UTF-8 BOM, so duban writes the
//! BOM (or GB18030 on request). A cell starting with = + - @ would run as a
//! formula: it gets a leading apostrophe, which Excel hides and
//! [`unguard`] removes when duban reads the file back.

use std::borrow::Cow;
use std::io::{self, Write};

/// The byte encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a BOM: what current Excel versions expect.
    Utf8Bom,
    /// GB18030 (a superset of GBK), for old Excel and WPS versions.
    Gb18030,
}

/// Prefixes text that Excel would treat as a formula. Plain numbers
/// ("-5", "+3.2") are left alone.
/// A cell that needs nothing is not copied: every cell of every CSV
/// passes here.
pub fn guard(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`guard`] when reading a CSV duban (or Excel) wrote.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The I/O error inside a csv error, so a closed pipe (`duban … | head`)
/// is still recognised as one.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A CSV writer that guards every cell and encodes as asked.
pub struct Writer<'a> {
    inner: csv::Writer<Encoder<'a>>,
}

impl<'a> Writer<'a> {
    pub fn new(out: &'a mut dyn Write, encoding: Encoding) -> io::Result<Self> {
        if encoding == Encoding::Utf8Bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let inner = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Encoder {
            out,
            encoding,
            pending: Vec::new(),
        });
        Ok(Writer { inner })
    }

    pub fn header(&mut self, cells: &[&str]) -> io::Result<()> {
        self.inner.write_record(cells).map_err(io_error)
    }

    pub fn row(&mut self, cells: &[String]) -> io::Result<()> {
        for cell in cells {
            self.field(cell)?;
        }
        self.end_row()
    }

    /// The next cell of the row being written.
    pub fn field(&mut self, cell: &str) -> io::Result<()> {
        self.inner.write_field(guard(cell).as_bytes()).map_err(io_error)
    }

    /// Ends the row written with [`Writer::field`].
    pub fn end_row(&mut self) -> io::Result<()> {
        self.inner.write_record(None::<&[u8]>).map_err(io_error)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Re-encodes UTF-8 from the csv writer into the chosen encoding. The csv
/// writer may flush its buffer in the middle of a character, so an
/// incomplete sequence waits in `pending` for the rest.
struct Encoder<'a> {
    out: &'a mut dyn Write,
    encoding: Encoding,
    pending: Vec<u8>,
}

impl Write for Encoder<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.encoding {
            Encoding::Utf8Bom => self.out.write_all(buf)?,
            Encoding::Gb18030 => {
                self.pending.extend_from_slice(buf);
                let valid = match std::str::from_utf8(&self.pending) {
                    Ok(_) => self.pending.len(),
                    Err(e) if e.error_len().is_none() => e.valid_up_to(),
                    Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
                };
                let text = std::str::from_utf8(&self.pending[..valid])
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
                let (bytes, _, _) = encoding_rs::GB18030.encode(text);
                self.out.write_all(&bytes)?;
                self.pending.drain(..valid);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "CSV 输出结尾有不完整的字符"));
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("-5"), "-5");
        assert_eq!(guard("+86 0894"), "'+86 0894");
        assert_eq!(guard("市财政局"), "市财政局");
        for s in ["=1+1", "@x", "-x", "+x", "plain", "'quoted"] {
            assert_eq!(unguard(&guard(s)), s);
        }
    }

    #[test]
    fn writes_bom_and_gb18030() {
        let mut buf = Vec::new();
        let mut w = Writer::new(&mut buf, Encoding::Utf8Bom).unwrap();
        w.header(&["部门", "说明"]).unwrap();
        w.row(&["市财政局".into(), "=危险,含逗号".into()]).unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "\u{feff}部门,说明\r\n市财政局,\"'=危险,含逗号\"\r\n");

        let mut buf = Vec::new();
        let mut w = Writer::new(&mut buf, Encoding::Gb18030).unwrap();
        w.header(&["部门"]).unwrap();
        w.finish().unwrap();
        let (text, _, bad) = encoding_rs::GB18030.decode(&buf);
        assert!(!bad);
        assert_eq!(text, "部门\r\n");
    }
}
