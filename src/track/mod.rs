//! Tracking: the progress journal's entries, the state a task is in after
//! them, and the warning lights an office derives from state, deadline and
//! reporting schedule. Everything here is pure: the store feeds it rows.

pub mod entry;
pub mod figures;
pub mod indicator;
pub mod light;
pub mod rules;
pub mod sheet;
pub mod state;

pub use entry::{Entry, EntryError, EntryKind, EntrySource};
pub use light::{Light, Reason};
pub use rules::Rules;
pub use state::{Periods, TaskState};
