//! Number formatting for the report: a median with its min–max range, a ratio with its
//! confidence interval.

use crate::stats::{CONFIDENCE, Ratio, Spread};

/// `median (min–max)` with `decimals` digits.
pub fn spread(s: &Spread, decimals: usize) -> String {
    format!(
        "{:.d$} ({:.d$}–{:.d$})",
        s.median,
        s.min,
        s.max,
        d = decimals
    )
}

/// `median (min–max)` of KiB values, shown in MiB.
pub fn mib(s: &Spread) -> String {
    format!(
        "{:.1} ({:.1}–{:.1})",
        s.median / 1024.0,
        s.min / 1024.0,
        s.max / 1024.0
    )
}

/// `met` or `**missed**`.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// `median [low, high]`: the median of the per-pair ratios and its confidence interval
/// (the interval's own level appended when there were too few pairs to reach
/// [`CONFIDENCE`]).
pub fn ratio(r: &Ratio, decimals: usize) -> String {
    let i = &r.interval;
    let short = if i.confidence + 1e-9 < CONFIDENCE {
        format!(" at {:.0} %", i.confidence * 100.0)
    } else {
        String::new()
    };
    format!(
        "{:.d$} [{:.d$}, {:.d$}]{short}",
        r.median(),
        i.low,
        i.high,
        d = decimals
    )
}

/// `median [low, high] (pairs min–max)`.
pub fn ratio_with_range(r: &Ratio, decimals: usize) -> String {
    format!(
        "{} (pairs {:.d$}–{:.d$})",
        ratio(r, decimals),
        r.spread.min,
        r.spread.max,
        d = decimals
    )
}

#[cfg(test)]
mod tests {
    use super::ratio;
    use crate::stats::Ratio;

    #[test]
    fn a_ratio_shows_its_interval_and_flags_a_lower_level() {
        // 0.1 to 3.1 in a scrambled order: pairs [1.00, 2.20], stretches [1.30, 1.95].
        let values: Vec<f64> = (0..31)
            .map(|i| f64::from((i * 13) % 31 + 1) / 10.0)
            .collect();
        assert_eq!(ratio(&Ratio::of(&values), 2), "1.60 [1.00, 2.20]");
        assert_eq!(
            ratio(&Ratio::of(&[1.0, 2.0, 3.0]), 1),
            "2.0 [1.0, 3.0] at 75 %"
        );
    }
}
