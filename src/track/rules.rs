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
}
