//! What today's counts judge a task by, packed into one integer,
//! `task_facts.judged` (migration 0012): whether it is 长期坚持, its status,
//! percent and deadline in force. Status and workload read it for every
//! task; through SQLite's column API, seven columns a task were three tenths
//! of a report at a million tasks, and one integer in their place took
//! status from 0.40 to 0.29 s and workload from 0.49 to 0.37 s.
//!
//! | bits | what | stored as |
//! |---|---|---|
//! | 0 | 长期坚持 | 1 |
//! | 1–3 | status after the journal | 0 none, else 1 + its place in [`Status::ALL`] |
//! | 4–11 | percent | 0 none, else percent + 1 (at most 101) |
//! | 12– | deadline in force | 0 none, else yyyymmdd |
//!
//! SQL packs it on import ([`judged_sql`]; migration 0012 spells the same
//! expression out); the writer of states packs its part in Rust
//! ([`pack_state`]); `duban check` compares the stored integer with SQL's
//! packing of the task and its state, which the tests hold all three to.

use crate::model::Status;
use chrono::{Datelike, NaiveDate};

/// Bit 0: 长期坚持, the task's; a state write keeps it and replaces the rest.
pub(super) const ONGOING: i64 = 1;

/// A task's judging facts as [`unpack`] reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Packed {
    pub ongoing: bool,
    pub status: Option<Status>,
    pub percent: Option<u8>,
    pub due: Option<NaiveDate>,
}

fn status_number(s: Status) -> i64 {
    Status::ALL.iter().position(|&x| x == s).map_or(0, |i| i as i64 + 1)
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The bits of a state: its status, percent and deadline in force (the
/// 长期坚持 bit is the task's, and stays as stored). Percentages are
/// checked to be at most 100 before any state is written.
pub(super) fn pack_state(status: Status, percent: Option<u8>, due: Option<NaiveDate>) -> i64 {
    status_number(status) << 1 | percent.map_or(0, |p| i64::from(p) + 1) << 4 | due.map_or(0, day_number) << 12
}

/// Reads a stored `judged`.
pub(super) fn unpack(judged: i64) -> Packed {
    let status = ((judged >> 1) & 7) as usize;
    let percent = ((judged >> 4) & 0xFF) as u8;
    let day = judged >> 12;
    Packed {
        ongoing: judged & ONGOING != 0,
        status: status.checked_sub(1).and_then(|i| Status::ALL.get(i)).copied(),
        percent: percent.checked_sub(1),
        due: NaiveDate::from_ymd_opt((day / 10_000) as i32, (day / 100 % 100) as u32, (day % 100) as u32),
    }
}

/// SQL packing `judged` from four expressions: the 长期坚持 flag, the
/// status code (NULL for none), the percent and the deadline in force as
/// stored (ISO text). Migration 0012 spells out the same expression.
pub(super) fn judged_sql(ongoing: &str, status: &str, percent: &str, due: &str) -> String {
    let statuses: String =
        Status::ALL.iter().map(|s| format!(" WHEN '{}' THEN {}", s.code(), status_number(*s))).collect();
    format!(
        "(({ongoing}) | ((CASE {status}{statuses} ELSE 0 END) << 1) | (COALESCE(({percent}) + 1, 0) << 4)
          | (COALESCE(CAST(replace({due}, '-', '') AS INTEGER), 0) << 12))"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every status, with and without percent and deadline, packed by SQL
    /// and by Rust, reads back as written.
    #[test]
    fn sql_and_rust_pack_alike_and_unpack_reads_both() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {}", judged_sql("?1", "?2", "?3", "?4"));
        let mut cases = 0;
        for ongoing in [false, true] {
            for status in Status::ALL.map(Some).into_iter().chain([None]) {
                for percent in [None, Some(0), Some(37), Some(100)] {
                    for due in [None, Some(day("2023-12-31")), Some(day("2024-02-29")), Some(day("1999-01-01"))] {
                        let code = status.map(Status::code);
                        let text = due.map(|d| d.to_string());
                        let by_sql: i64 = conn
                            .query_row(&sql, rusqlite::params![ongoing, code, percent, text], |r| r.get(0))
                            .unwrap();
                        if let Some(s) = status {
                            assert_eq!(by_sql, i64::from(ongoing) | pack_state(s, percent, due));
                        }
                        assert_eq!(unpack(by_sql), Packed { ongoing, status, percent, due });
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(cases, 2 * 7 * 4 * 4);
    }

    #[test]
    fn a_state_never_sets_the_tasks_bit() {
        for s in Status::ALL {
            assert_eq!(pack_state(s, Some(100), Some(day("9999-12-31"))) & ONGOING, 0);
        }
    }
}
