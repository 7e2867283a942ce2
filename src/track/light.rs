//! Warning lights (亮灯) as offices define them: how close the deadline is,
//! how far reported completion lags the time elapsed (序时进度), and how many
//! reporting dates the lead department has missed in a row. Every report
//! takes its lights from here: [`light`] for counts, [`assess`] where the
//! reasons are shown.

use crate::model::Status;
use crate::track::Rules;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// 绿灯 on track, 黄灯 needs attention, 红灯 overdue or far behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    pub fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }

    pub fn parse(s: &str) -> Option<Light> {
        [Light::Green, Light::Yellow, Light::Red].into_iter().find(|l| l.code() == s || l.label() == s)
    }
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a task is not green.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    Overdue { days: i64 },
    DueSoon { days: i64 },
    Behind { points: f64 },
    NotStarted { elapsed: f64 },
    ReportedLagging,
    MissedReports { count: u32 },
}

impl Reason {
    pub fn light(&self, rules: &Rules) -> Light {
        match self {
            Reason::Overdue { .. } => Light::Red,
            Reason::Behind { points } if *points > rules.lag_red_points => Light::Red,
            Reason::MissedReports { count } if f64::from(*count) >= rules.missed_reports_red => Light::Red,
            _ => Light::Yellow,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Overdue { days } => write!(f, "已逾期 {days} 天未完成"),
            Reason::DueSoon { days } => write!(f, "距完成时限还有 {days} 天"),
            Reason::Behind { points } => write!(f, "完成比例落后序时进度 {points:.0} 个百分点"),
            Reason::NotStarted { elapsed } => write!(f, "时间已过 {elapsed:.0}%，仍未启动"),
            Reason::ReportedLagging => write!(f, "牵头单位报告进度滞后"),
            Reason::MissedReports { count } => write!(f, "连续 {count} 次未按时报送进展"),
        }
    }
}

/// What the light of one task depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub status: Status,
    pub ongoing: bool,
    /// The deadline in force.
    pub due: Option<NaiveDate>,
    /// When the task's clock started: the notice date.
    pub start: Option<NaiveDate>,
    pub percent: Option<u8>,
    /// Reporting dates missed since the last report.
    pub missed_reports: u32,
}

/// The share of the task's time elapsed, in percent (序时进度).
pub fn elapsed(start: NaiveDate, due: NaiveDate, as_of: NaiveDate) -> Option<f64> {
    let total = (due - start).num_days();
    (total > 0).then(|| ((as_of - start).num_days() as f64 * 100.0 / total as f64).clamp(0.0, 100.0))
}

/// The light of one task as of a day, with every reason that applies.
pub fn assess(f: &Facts, as_of: NaiveDate, rules: &Rules) -> (Light, Vec<Reason>) {
    let mut reasons = Vec::new();
    each_reason(f, as_of, rules, |r| reasons.push(r));
    let light = reasons.iter().map(|r| r.light(rules)).max().unwrap_or(Light::Green);
    (light, reasons)
}

/// The light alone: what a report over a million tasks counts, without
/// keeping the reasons.
pub fn light(f: &Facts, as_of: NaiveDate, rules: &Rules) -> Light {
    let mut light = Light::Green;
    each_reason(f, as_of, rules, |r| light = light.max(r.light(rules)));
    light
}

/// Hands every reason that applies to `found`, in the order a 督办单 lists them.
fn each_reason(f: &Facts, as_of: NaiveDate, rules: &Rules, mut found: impl FnMut(Reason)) {
    if f.status == Status::Done {
        return;
    }
    if !f.ongoing {
        if let Some(due) = f.due {
            let days = (due - as_of).num_days();
            if days < 0 {
                found(Reason::Overdue { days: -days });
            } else if days as f64 <= rules.deadline_yellow_days {
                found(Reason::DueSoon { days });
            }
            if let Some(e) = f.start.and_then(|s| elapsed(s, due, as_of)) {
                if f.status == Status::NotStarted {
                    if e >= rules.not_started_yellow_elapsed {
                        found(Reason::NotStarted { elapsed: e });
                    }
                } else if let Some(p) = f.percent {
                    let lag = e - f64::from(p);
                    if lag >= rules.lag_yellow_points {
                        found(Reason::Behind { points: lag });
                    }
                }
            }
        }
    }
    if f.status == Status::Lagging {
        found(Reason::ReportedLagging);
    }
    if f64::from(f.missed_reports) >= rules.missed_reports_yellow && f.missed_reports > 0 {
        found(Reason::MissedReports { count: f.missed_reports });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(status: Status, percent: Option<u8>) -> Facts {
        Facts {
            status,
            ongoing: false,
            due: Some(d("2023-12-31")),
            start: Some(d("2023-01-01")),
            percent,
            missed_reports: 0,
        }
    }

    #[test]
    fn deadline_rule() {
        let r = Rules::default();
        let f = facts(Status::InProgress, Some(99));
        assert_eq!(assess(&f, d("2023-12-10"), &r).0, Light::Green);
        assert_eq!(assess(&f, d("2023-12-16"), &r), (Light::Yellow, vec![Reason::DueSoon { days: 15 }]));
        assert_eq!(assess(&f, d("2024-01-03"), &r).1, vec![Reason::Overdue { days: 3 }]);
        assert_eq!(assess(&facts(Status::Done, None), d("2024-01-03"), &r).0, Light::Green);
    }

    #[test]
    fn lag_behind_time_elapsed() {
        let r = Rules::default();
        // 2023-07-02 is 182 of 364 days: 50% of the time.
        let day = d("2023-07-02");
        assert_eq!(assess(&facts(Status::InProgress, Some(45)), day, &r).0, Light::Green);
        assert_eq!(assess(&facts(Status::InProgress, Some(40)), day, &r).0, Light::Yellow);
        assert_eq!(assess(&facts(Status::InProgress, Some(20)), day, &r).0, Light::Yellow);
        assert_eq!(assess(&facts(Status::InProgress, Some(19)), day, &r).0, Light::Red);
        assert_eq!(assess(&facts(Status::NotStarted, None), day, &r).1, vec![Reason::NotStarted { elapsed: 50.0 }]);
        assert_eq!(assess(&facts(Status::NotStarted, None), d("2023-01-20"), &r).0, Light::Green);
    }

    #[test]
    fn missed_reports_and_ongoing_tasks() {
        let r = Rules::default();
        let ongoing = Facts { ongoing: true, due: None, status: Status::Ongoing, ..facts(Status::Ongoing, None) };
        assert_eq!(assess(&ongoing, d("2030-01-01"), &r).0, Light::Green, "never overdue");
        assert_eq!(assess(&Facts { missed_reports: 1, ..ongoing.clone() }, d("2023-07-06"), &r).0, Light::Yellow);
        assert_eq!(assess(&Facts { missed_reports: 2, ..ongoing }, d("2023-10-06"), &r).0, Light::Red);
    }
}
