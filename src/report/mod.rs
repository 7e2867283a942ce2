//! Reports: rows computed from the store, rendered separately by
//! [`render`]. Each report module turns store records into typed rows.

pub mod bulletin;
pub mod chase;
pub mod departments;
pub mod indicators;
pub mod journal;
pub mod overdue;
pub mod plans;
pub mod print;
pub mod progress_sheet;
pub mod render;
pub mod status;
pub mod tasks;
pub mod workload;
pub mod xlsx;
