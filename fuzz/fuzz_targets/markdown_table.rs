//! The markdown task-table reader on any text.
#![no_main]
mod reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reader::run(&duban::read::markdown_table::MarkdownTable, data));
