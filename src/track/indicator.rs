//! The light of a quantitative target: completion against the time elapsed
//! in the plan's period (序时进度), with the same thresholds as tasks — 10 to
//! 30 points behind is yellow, more is red — and red once the period is over
//! with the target not reached.

use crate::track::{Light, Rules};
use chrono::NaiveDate;

/// Completion (percent of target, unrounded) and how much time has passed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub ratio: Option<f64>,
    /// 序时进度 in percent; `None` when the plan states no period.
    pub elapsed: Option<f64>,
    pub past_end: bool,
}

impl Pace {
    /// `actual` of `target` as of `as_of`, in a plan running `start..=end`.
    pub fn new(target: f64, actual: f64, period: (Option<NaiveDate>, Option<NaiveDate>), as_of: NaiveDate) -> Pace {
        let ratio = (target > 0.0).then(|| actual * 100.0 / target);
        let elapsed = match period {
            (Some(s), Some(e)) => crate::track::light::elapsed(s, e, as_of),
            _ => None,
        };
        Pace { ratio, elapsed, past_end: period.1.is_some_and(|e| as_of > e) }
    }

    pub fn light(&self, rules: &Rules) -> Light {
        let Some(ratio) = self.ratio else { return Light::Green };
        if ratio >= 100.0 {
            return Light::Green;
        }
        if self.past_end {
            return Light::Red;
        }
        let lag = self.elapsed.map_or(0.0, |e| e - ratio);
        if lag > rules.lag_red_points {
            Light::Red
        } else if lag >= rules.lag_yellow_points {
            Light::Yellow
        } else {
            Light::Green
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const YEAR: (Option<NaiveDate>, Option<NaiveDate>) =
        (NaiveDate::from_ymd_opt(2020, 1, 1), NaiveDate::from_ymd_opt(2020, 12, 31));

    #[test]
    fn behind_the_time_elapsed() {
        let r = Rules::default();
        // 2020-05-08 is day 128 of 365: 35.1% of the year.
        let day = d("2020-05-08");
        assert_eq!(Pace::new(4450.0, 2066.0, YEAR, day).light(&r), Light::Green, "46% ahead");
        assert_eq!(Pace::new(6700.0, 1277.0, YEAR, day).light(&r), Light::Yellow, "19% is 16 points behind");
        assert_eq!(Pace::new(1800.0, 0.0, YEAR, day).light(&r), Light::Red, "0% is 35 points behind");
        assert_eq!(Pace::new(135.0, 158.0, YEAR, day).light(&r), Light::Green);
    }

    #[test]
    fn past_the_end_and_short_is_red() {
        let r = Rules::default();
        assert_eq!(Pace::new(100.0, 99.0, YEAR, d("2021-01-01")).light(&r), Light::Red);
        assert_eq!(Pace::new(100.0, 100.0, YEAR, d("2021-01-01")).light(&r), Light::Green);
        assert_eq!(Pace::new(0.0, 0.0, YEAR, d("2021-01-01")).light(&r), Light::Green, "no target, nothing to miss");
    }
}
