//! The prose-measure reader (numbered measures with annotations) on any text.
#![no_main]
mod reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reader::run(&duban::read::prose::Prose, data));
