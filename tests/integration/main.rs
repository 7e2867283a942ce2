//! End-to-end tests: the real binary and the library on the bundled seed
//! gazettes. One test binary; each file is one concern.

mod util;

mod departments;
mod docs;
mod encodings;
mod errors;
mod export;
mod import_cli;
mod indicators;
mod print;
mod read_flat_table;
mod read_markdown_table;
mod read_prose;
mod robustness;
mod sheets;
mod tracking;
