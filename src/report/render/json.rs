//! JSON output: an array of row objects, written one element at a time so a
//! large export never sits in memory.

use serde::Serialize;
use std::io::{self, Write};

/// Writes `[`, the elements, `]` as they come.
pub struct ArrayWriter<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

impl<'a> ArrayWriter<'a> {
    pub fn new(out: &'a mut dyn Write) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(ArrayWriter { out, first: true })
    }

    pub fn item<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        self.out.write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        // serde_json keeps the kind of a write's error (a closed pipe).
        serde_json::to_writer(&mut self.out, item).map_err(io::Error::from)
    }

    pub fn finish(self) -> io::Result<()> {
        self.out.write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}
