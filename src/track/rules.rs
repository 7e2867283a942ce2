//! The office's warning rules, stored in the database so each office can set
//! its own thresholds; the shipped defaults follow common practice (黄灯
//! within 15 days, 10–30 points behind 序时进度 yellow, more red).

use serde::Serialize;

/// Thresholds for the warning lights and the 通报 classes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rules {
    pub deadline_yellow_days: f64,
    pub lag_yellow_points: f64,
    pub lag_red_points: f64,
    pub not_started_yellow_elapsed: f64,
    pub missed_reports_yellow: f64,
    pub missed_reports_red: f64,
    pub ahead_points: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            deadline_yellow_days: 15.0,
            lag_yellow_points: 10.0,
            lag_red_points: 30.0,
            not_started_yellow_elapsed: 10.0,
            missed_reports_yellow: 1.0,
            missed_reports_red: 2.0,
            ahead_points: 10.0,
        }
    }
}

impl Rules {
    /// The rule keys, as stored and as typed in `duban rules set`.
    pub const KEYS: [&'static str; 7] = [
        "deadline_yellow_days",
        "lag_yellow_points",
        "lag_red_points",
        "not_started_yellow_elapsed",
        "missed_reports_yellow",
        "missed_reports_red",
        "ahead_points",
    ];

    /// Sets one rule by key; `false` for an unknown key.
    pub fn set(&mut self, key: &str, value: f64) -> bool {
        let slot = match key {
            "deadline_yellow_days" => &mut self.deadline_yellow_days,
            "lag_yellow_points" => &mut self.lag_yellow_points,
            "lag_red_points" => &mut self.lag_red_points,
            "not_started_yellow_elapsed" => &mut self.not_started_yellow_elapsed,
            "missed_reports_yellow" => &mut self.missed_reports_yellow,
            "missed_reports_red" => &mut self.missed_reports_red,
            "ahead_points" => &mut self.ahead_points,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// Why these rules cannot work together, if they cannot: a threshold
    /// out of its range, or a red line that comes before the yellow one, so
    /// a task would never turn red (or never yellow) the way the office
    /// thinks.
    pub fn problem(&self) -> Option<String> {
        let points = [
            ("lag_yellow_points", self.lag_yellow_points),
            ("lag_red_points", self.lag_red_points),
            ("not_started_yellow_elapsed", self.not_started_yellow_elapsed),
            ("ahead_points", self.ahead_points),
        ];
        if let Some((key, v)) = points.iter().find(|(_, v)| !(0.0..=100.0).contains(v)) {
            return Some(format!("{key} 是百分点或百分比，应在 0 到 100 之间，而不是 {v}"));
        }
        let counts = [
            ("deadline_yellow_days", self.deadline_yellow_days),
            ("missed_reports_yellow", self.missed_reports_yellow),
            ("missed_reports_red", self.missed_reports_red),
        ];
        if let Some((key, v)) = counts.iter().find(|(_, v)| *v < 0.0 || v.fract() != 0.0) {
            return Some(format!("{key} 是天数或次数，应为不小于 0 的整数，而不是 {v}"));
        }
        if self.lag_yellow_points > self.lag_red_points {
            return Some(format!(
                "lag_yellow_points（{}）大于 lag_red_points（{}）：黄灯的线应在红灯之前",
                self.lag_yellow_points, self.lag_red_points
            ));
        }
        if self.missed_reports_yellow > self.missed_reports_red {
            return Some(format!(
                "missed_reports_yellow（{}）大于 missed_reports_red（{}）：黄灯的线应在红灯之前",
                self.missed_reports_yellow, self.missed_reports_red
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_that_cannot_work_together_are_named() {
        assert_eq!(Rules::default().problem(), None);
        let with = |key: &str, v: f64| {
            let mut r = Rules::default();
            r.set(key, v);
            r.problem()
        };
        assert!(with("lag_red_points", 500.0).unwrap().contains("0 到 100"));
        assert!(with("missed_reports_red", 1.5).unwrap().contains("整数"));
        assert!(with("deadline_yellow_days", -1.0).unwrap().contains("整数"));
        assert!(with("lag_yellow_points", 40.0).unwrap().contains("黄灯的线应在红灯之前"));
        assert!(with("missed_reports_yellow", 3.0).unwrap().contains("黄灯的线应在红灯之前"));
        assert_eq!(with("deadline_yellow_days", 0.0), None);
    }
}
