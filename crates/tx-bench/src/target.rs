//! Targets and their verdicts: a target is met or missed only when the whole confidence
//! interval of the ratio is on one side of it; an interval that straddles the limit
//! means this machine cannot decide.

use std::fmt;

use crate::stats::Interval;

/// A limit on a ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// The ratio must be at least this (throughput).
    AtLeast(f64),
    /// The ratio must be at most this (time, CPU).
    AtMost(f64),
}

/// What one run can say about a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The whole interval meets the limit.
    Met,
    /// The whole interval misses the limit.
    Missed,
    /// The interval straddles the limit: not decidable on this machine in this run.
    Undecided,
}

impl Goal {
    /// The verdict for `interval`, its bounds rounded to three decimals as the report
    /// shows them (so a reader never sees a bound that contradicts the verdict).
    pub fn judge(self, interval: &Interval) -> Verdict {
        let (low, high) = (round3(interval.low), round3(interval.high));
        let (meets, misses) = match self {
            Goal::AtLeast(limit) => (low >= limit, high < limit),
            Goal::AtMost(limit) => (high <= limit, low > limit),
        };
        if meets {
            Verdict::Met
        } else if misses {
            Verdict::Missed
        } else {
            Verdict::Undecided
        }
    }

    /// Whether one exact figure (a count, not a sample) meets the limit, rounded
    /// to three decimals as shown.
    pub fn holds(self, value: f64) -> bool {
        match self {
            Goal::AtLeast(limit) => round3(value) >= limit,
            Goal::AtMost(limit) => round3(value) <= limit,
        }
    }
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::AtLeast(limit) => write!(f, "≥ {limit}×"),
            Goal::AtMost(limit) => write!(f, "≤ {limit}×"),
        }
    }
}

impl Verdict {
    /// The verdict of a target judged in several places (every concurrency, every
    /// provider): missed if any is missed, else undecided if any is undecided.
    pub fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut result = Verdict::Met;
        for verdict in verdicts {
            match verdict {
                Verdict::Missed => return Verdict::Missed,
                Verdict::Undecided => result = Verdict::Undecided,
                Verdict::Met => {}
            }
        }
        result
    }

    /// How the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "**missed**",
            Verdict::Undecided => "*undecided*, an interval straddles the target",
        }
    }

    /// A short form for table cells.
    pub fn short(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "**missed**",
            Verdict::Undecided => "*undecided*",
        }
    }
}

/// `value` rounded to three decimals.
fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::{Goal, Verdict};
    use crate::stats::Interval;

    fn interval(low: f64, high: f64) -> Interval {
        Interval {
            low,
            high,
            confidence: 0.95,
        }
    }

    #[test]
    fn at_least_is_met_only_when_the_whole_interval_is_above() {
        let goal = Goal::AtLeast(0.97);
        assert_eq!(goal.judge(&interval(0.97, 1.02)), Verdict::Met);
        assert_eq!(goal.judge(&interval(0.95, 0.969)), Verdict::Missed);
        assert_eq!(goal.judge(&interval(0.95, 0.99)), Verdict::Undecided);
    }

    #[test]
    fn at_most_is_met_only_when_the_whole_interval_is_below() {
        let goal = Goal::AtMost(1.05);
        assert_eq!(goal.judge(&interval(0.98, 1.05)), Verdict::Met);
        assert_eq!(goal.judge(&interval(1.051, 1.2)), Verdict::Missed);
        assert_eq!(goal.judge(&interval(1.0, 1.1)), Verdict::Undecided);
    }

    #[test]
    fn bounds_are_judged_as_shown_with_three_decimals() {
        // 0.96996 is shown as 0.970, so it must not read as a miss of 0.97.
        assert_eq!(
            Goal::AtLeast(0.97).judge(&interval(0.96996, 1.0)),
            Verdict::Met
        );
        assert_eq!(
            Goal::AtMost(0.5).judge(&interval(0.4, 0.5004)),
            Verdict::Met
        );
    }

    #[test]
    fn a_target_judged_in_several_places_takes_the_worst_verdict() {
        use Verdict::{Met, Missed, Undecided};
        assert_eq!(Verdict::all([Met, Met]), Met);
        assert_eq!(Verdict::all([Met, Undecided, Met]), Undecided);
        assert_eq!(Verdict::all([Undecided, Missed, Met]), Missed);
    }
}
