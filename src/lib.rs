//! duban (督办): reads the 任务分解方案 a government publishes in its gazette
//! into SQLite, tracks the progress departments report, and prints the
//! reports a supervision office (督查室) sends out.
//!
//! Data flows one way: bytes → [`read::decode`] → a reader → [`model`] values
//! and diagnostics → [`store`] → report rows → a renderer. The library never
//! prints; the `duban` binary does.

#![forbid(unsafe_code)]

pub mod deadline;
pub mod indicator;
pub mod model;
pub mod names;
pub mod parallel;
pub mod read;
pub mod report;
pub mod store;
pub mod synth;
pub mod text;
pub mod track;
