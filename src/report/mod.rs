//! Reports: rows computed from the store, rendered separately by
//! [`render`]. Each report module turns store records into typed rows.

pub mod departments;
pub mod plans;
pub mod render;
pub mod tasks;
