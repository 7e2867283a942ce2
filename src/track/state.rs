//! A task's state after its journal: the latest report wins, corrections
//! replace what they supersede, extensions move the deadline (the original
//! stays on the task), a close-out marks it done until it is reopened.

use crate::model::{Deadline, Status};
use crate::track::EntryKind;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// A journal entry as stored, with what the fold needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub kind: EntryKind,
    pub reported_on: NaiveDate,
    pub period: Option<String>,
    pub status: Status,
    pub percent: Option<u8>,
    pub new_due: Option<NaiveDate>,
    pub supersedes: Option<i64>,
}

/// Where a task stands after the entries seen so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskState {
    pub status: Status,
    pub percent: Option<u8>,
    /// The deadline in force: the latest approved extension, else the plan's.
    pub due: Option<NaiveDate>,
    pub extended: bool,
    pub done_on: Option<NaiveDate>,
    pub last_entry: Option<i64>,
    pub last_reported_on: Option<NaiveDate>,
    /// Schedule periods (codes) that have a report.
    pub reported: Periods,
}

impl TaskState {
    /// The state of a task nobody has reported on.
    pub fn initial(deadline: &Deadline) -> TaskState {
        TaskState {
            status: Status::initial(deadline),
            percent: None,
            due: deadline.due,
            extended: false,
            done_on: None,
            last_entry: None,
            last_reported_on: None,
            reported: Periods::default(),
        }
    }

    /// Folds a task's entries (any order) into its state. Superseded entries
    /// do not count. A 长期坚持 task stays 长期坚持 — it is never done — unless
    /// its latest report says it is behind.
    pub fn fold(deadline: &Deadline, entries: &[Recorded]) -> TaskState {
        let superseded: HashSet<i64> = entries.iter().filter_map(|e| e.supersedes).collect();
        let mut live: Vec<&Recorded> = entries.iter().filter(|e| !superseded.contains(&e.id)).collect();
        live.sort_by_key(|e| (e.reported_on, e.id));
        let mut s = TaskState::initial(deadline);
        for e in &live {
            s.status = e.status;
            if let Some(p) = e.percent {
                s.percent = Some(p);
            }
            match e.kind {
                EntryKind::Extend => {
                    s.due = e.new_due.or(s.due);
                    s.extended = true;
                }
                EntryKind::Close => s.done_on = Some(e.reported_on),
                EntryKind::Reopen => s.done_on = None,
                EntryKind::Progress => {}
            }
            if let Some(p) = &e.period {
                s.reported.insert(p);
            }
            s.last_entry = Some(e.id);
            s.last_reported_on = Some(e.reported_on);
        }
        if s.status == Status::Done {
            s.percent = Some(100);
        } else {
            s.done_on = None;
        }
        if deadline.ongoing && s.status != Status::Lagging {
            s.status = Status::Ongoing;
        }
        s
    }

    /// The state after one more plain progress report, when that is sure to
    /// equal folding every entry again: the report is the latest, corrects
    /// nothing, and neither it nor the state is 已完成 (closing has rules of
    /// its own). A 长期坚持 task shows 长期坚持 over what was reported, so a
    /// state that may hide a 已完成 (a close-out day, or 100%) is folded too.
    /// `None` means: fold. A bulk load appends millions of such reports;
    /// this spares reading each task's earlier entries back.
    pub fn step(&self, deadline: &Deadline, e: &Recorded) -> Option<TaskState> {
        let latest = self.last_reported_on.is_none_or(|last| e.reported_on >= last);
        let may_hide_done = deadline.ongoing && (self.done_on.is_some() || self.percent == Some(100));
        if e.kind != EntryKind::Progress
            || e.supersedes.is_some()
            || !latest
            || e.status == Status::Done
            || self.status == Status::Done
            || may_hide_done
        {
            return None;
        }
        let mut s = self.clone();
        // As the fold ends: a 长期坚持 task shows 长期坚持 unless reported
        // behind, and only a done task keeps its close-out day.
        s.status = if deadline.ongoing && e.status != Status::Lagging { Status::Ongoing } else { e.status };
        s.done_on = None;
        if let Some(p) = e.percent {
            s.percent = Some(p);
        }
        if let Some(p) = &e.period {
            s.reported.insert(p);
        }
        s.last_entry = Some(e.id);
        s.last_reported_on = Some(e.reported_on);
        Some(s)
    }
}

/// The schedule periods a task has a report for, kept as they are stored:
/// `,h1,q3,`, empty when none. One short string, not a list of strings: a
/// bulk load holds the state of every task it touches, a million at a
/// province, and the list took four allocations a task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Periods(String);

impl Periods {
    /// The periods of a stored list, in its order, each once; with room
    /// for one more, as a load adds one.
    pub fn from_stored(list: &str) -> Periods {
        let mut out = Periods(String::with_capacity(list.len() + 6));
        for p in list.split(',') {
            out.insert(p);
        }
        out
    }

    /// The list as stored.
    pub fn as_stored(&self) -> &str {
        &self.0
    }

    /// Whether `code` is among the periods: a search for `,code,` in the
    /// list, which a bulk load makes twice a task.
    pub fn contains(&self, code: &str) -> bool {
        let list = self.0.as_bytes();
        let comma = |i: usize| list.get(i) == Some(&b',');
        !code.is_empty() && self.0.match_indices(code).any(|(i, _)| i > 0 && comma(i - 1) && comma(i + code.len()))
    }

    /// Adds `code` at the end, unless it is there already. An empty code or
    /// one with a comma, which no entry may carry (`Entry::validate`), is
    /// not a period.
    pub fn insert(&mut self, code: &str) {
        if code.is_empty() || code.contains(',') || self.contains(code) {
            return;
        }
        if self.0.is_empty() {
            self.0.push(',');
        }
        self.0.push_str(code);
        self.0.push(',');
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split(',').filter(|c| !c.is_empty())
    }
}

impl Serialize for Periods {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rec(id: i64, kind: EntryKind, on: &str, status: Status, percent: Option<u8>) -> Recorded {
        Recorded { id, kind, reported_on: d(on), period: None, status, percent, new_due: None, supersedes: None }
    }

    fn dated(due: &str) -> Deadline {
        Deadline { text: None, due: Some(d(due)), ongoing: false, inferred: true }
    }

    #[test]
    fn latest_report_wins_and_corrections_replace() {
        let dl = dated("2023-12-31");
        let mut a = rec(1, EntryKind::Progress, "2023-07-03", Status::InProgress, Some(40));
        a.period = Some("h1".into());
        let b = rec(2, EntryKind::Progress, "2023-10-04", Status::Lagging, Some(50));
        let s = TaskState::fold(&dl, &[b.clone(), a.clone()]);
        assert_eq!((s.status, s.percent, s.last_entry), (Status::Lagging, Some(50), Some(2)));
        assert_eq!(s.reported.iter().collect::<Vec<_>>(), ["h1"]);
        // A correction of the October report, entered later.
        let c =
            Recorded { supersedes: Some(2), ..rec(3, EntryKind::Progress, "2023-10-04", Status::InProgress, Some(65)) };
        let s = TaskState::fold(&dl, &[a, b, c]);
        assert_eq!((s.status, s.percent, s.last_entry), (Status::InProgress, Some(65), Some(3)));
    }

    #[test]
    fn extension_moves_the_deadline_and_close_reopen() {
        let dl = dated("2023-06-30");
        let mut ext = rec(1, EntryKind::Extend, "2023-06-20", Status::Extended, None);
        ext.new_due = Some(d("2023-09-30"));
        let close = rec(2, EntryKind::Close, "2023-09-15", Status::Done, None);
        let s = TaskState::fold(&dl, &[ext.clone(), close.clone()]);
        assert_eq!(
            (s.status, s.due, s.extended, s.done_on, s.percent),
            (Status::Done, Some(d("2023-09-30")), true, Some(d("2023-09-15")), Some(100))
        );
        let reopen = rec(3, EntryKind::Reopen, "2023-10-01", Status::InProgress, None);
        let s = TaskState::fold(&dl, &[ext, close, reopen]);
        assert_eq!((s.status, s.done_on, s.percent), (Status::InProgress, None, None));
    }

    #[test]
    fn ongoing_tasks_stay_ongoing_unless_behind() {
        let dl = Deadline { text: Some("长期坚持".into()), due: None, ongoing: true, inferred: false };
        assert_eq!(TaskState::initial(&dl).status, Status::Ongoing);
        let s = TaskState::fold(&dl, &[rec(1, EntryKind::Progress, "2023-07-01", Status::InProgress, Some(30))]);
        assert_eq!(s.status, Status::Ongoing);
        let s = TaskState::fold(&dl, &[rec(1, EntryKind::Progress, "2023-07-01", Status::Lagging, None)]);
        assert_eq!(s.status, Status::Lagging);
    }

    #[test]
    fn a_later_progress_report_steps_and_a_correction_folds() {
        let dl = dated("2023-12-31");
        let mut a = rec(1, EntryKind::Progress, "2023-07-03", Status::InProgress, Some(40));
        a.period = Some("h1".into());
        let s1 = TaskState::initial(&dl).step(&dl, &a).expect("a first report steps");
        assert_eq!(s1, TaskState::fold(&dl, std::slice::from_ref(&a)));
        let b = rec(2, EntryKind::Progress, "2023-10-04", Status::Lagging, None);
        assert_eq!(s1.step(&dl, &b), Some(TaskState::fold(&dl, &[a.clone(), b.clone()])));
        let c =
            Recorded { supersedes: Some(1), ..rec(3, EntryKind::Progress, "2023-07-03", Status::InProgress, Some(45)) };
        assert_eq!(s1.step(&dl, &c), None);
        let earlier = rec(4, EntryKind::Progress, "2023-06-01", Status::InProgress, Some(10));
        assert_eq!(s1.step(&dl, &earlier), None);

        // 长期坚持: steps too, and shows 长期坚持 unless reported behind.
        let ongoing = Deadline { text: Some("长期坚持".into()), due: None, ongoing: true, inferred: false };
        let s1 = TaskState::initial(&ongoing).step(&ongoing, &a).expect("a report on a 长期坚持 task steps");
        assert_eq!((s1.status, &s1), (Status::Ongoing, &TaskState::fold(&ongoing, std::slice::from_ref(&a))));
        let s2 = s1.step(&ongoing, &b).expect("steps");
        assert_eq!((s2.status, &s2), (Status::Lagging, &TaskState::fold(&ongoing, &[a.clone(), b.clone()])));
        let full = rec(5, EntryKind::Progress, "2023-11-01", Status::InProgress, Some(100));
        let s3 = s2.step(&ongoing, &full).expect("steps");
        assert_eq!(
            s3.step(&ongoing, &rec(6, EntryKind::Progress, "2023-12-01", Status::InProgress, None)),
            None,
            "100% may hide a 已完成"
        );
    }

    #[test]
    fn periods_are_kept_as_stored_each_once() {
        let mut p = Periods::from_stored(",h1,q3,");
        assert_eq!((p.as_stored(), p.contains("q3"), p.contains("q")), (",h1,q3,", true, false));
        p.insert("year");
        p.insert("h1");
        assert_eq!(p.as_stored(), ",h1,q3,year,");
        assert_eq!(p.iter().collect::<Vec<_>>(), ["h1", "q3", "year"]);
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"["h1","q3","year"]"#);
        // What other writers may have left: a bare comma, doubled commas, a repeat.
        assert_eq!(Periods::from_stored(",").as_stored(), "");
        assert_eq!(Periods::from_stored("").as_stored(), "");
        assert_eq!(Periods::from_stored("h1,,h1,q3").as_stored(), ",h1,q3,");
        let p = Periods::from_stored(",year1,h,year,");
        assert!(
            p.contains("year") && p.contains("h") && !p.contains("year1,") && !p.contains("ear") && !p.contains("")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn report() -> impl Strategy<Value = (u32, Status, Option<u8>, Option<&'static str>, bool)> {
            (
                0u32..3,
                prop::sample::select(vec![Status::NotStarted, Status::InProgress, Status::Lagging, Status::Done]),
                prop::option::of(0u8..=100),
                prop::option::of(prop::sample::select(vec!["h1", "q3", "year"])),
                prop::bool::weighted(0.1),
            )
        }

        proptest! {
            /// Stepping report by report gives what folding all of them gives,
            /// whenever `step` agrees to step.
            #[test]
            fn step_equals_fold(ongoing: bool, reports in prop::collection::vec(report(), 1..12)) {
                let dl = Deadline { text: None, due: Some(d("2023-12-31")), ongoing, inferred: false };
                let mut entries = Vec::new();
                let mut day = d("2023-03-01");
                let mut state = TaskState::initial(&dl);
                for (i, (gap, status, percent, period, close)) in reports.into_iter().enumerate() {
                    day += chrono::TimeDelta::days(i64::from(gap) * 20);
                    let kind = if close { EntryKind::Close } else { EntryKind::Progress };
                    let mut e = rec(i as i64 + 1, kind, &day.to_string(), status, percent);
                    e.period = period.map(str::to_string);
                    entries.push(e.clone());
                    let folded = TaskState::fold(&dl, &entries);
                    if let Some(stepped) = state.step(&dl, &e) {
                        prop_assert_eq!(&stepped, &folded);
                    }
                    state = folded;
                }
            }
        }
    }
}
