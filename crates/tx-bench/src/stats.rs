//! Medians, spreads, percentiles and confidence intervals for the median, computed here
//! (no statistics crate).

use serde::{Deserialize, Serialize};

/// The median of several repetitions and their range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Median of the repetitions.
    pub median: f64,
    /// Smallest repetition.
    pub min: f64,
    /// Largest repetition.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (all zero when there are none).
    pub fn of(values: &[f64]) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
            return Self::default();
        };
        Self {
            median: median_sorted(&sorted),
            min,
            max,
        }
    }

    /// The spread of `f` applied to each item.
    pub fn over<T>(items: &[T], f: impl Fn(&T) -> f64) -> Self {
        let values: Vec<f64> = items.iter().map(f).collect();
        Self::of(&values)
    }
}

/// How sure an interval for a median should be: 95 %.
pub const CONFIDENCE: f64 = 0.95;

/// Consecutive stretches a run's pairs are cut into to see the machine drift: the
/// range of eight stretch medians holds the median with probability 1 - 2/2^8 = 0.992.
/// (With six, one of twelve overhead ratios of a rerun still landed 0.001 outside.)
pub const STRETCHES: usize = 8;

/// A distribution-free confidence interval for a median: two order statistics of the
/// sample, so it needs no assumption about the noise of a shared machine.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Interval {
    /// Lower bound (an observed value).
    pub low: f64,
    /// Upper bound (an observed value).
    pub high: f64,
    /// The probability that `[low, high]` holds the true median (exact, from the
    /// binomial distribution; below the asked level when there are too few values).
    pub confidence: f64,
}

impl Interval {
    /// The interval `[x(k), x(n+1-k)]` of `values` (finite ones, sorted) for the largest
    /// `k` whose coverage is at least `wanted`; `[min, max]` with its lower coverage when
    /// even that is short of `wanted`. `None` without values.
    pub fn for_median(values: &[f64], wanted: f64) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let (k, confidence) = median_rank(n, wanted)?;
        Some(Self {
            low: *sorted.get(k.checked_sub(1)?)?,
            high: *sorted.get(n.checked_sub(k)?)?,
            confidence,
        })
    }

    /// The interval of the medians of `stretches` consecutive stretches of `values`
    /// (finite ones, in the order they were measured); `None` with fewer than two
    /// values per stretch. Pairs measured minutes apart share less of the machine's
    /// state than pairs next to each other, so this interval sees a drift during the
    /// run that the one over single pairs takes for a settled median.
    pub fn over_stretches(values: &[f64], stretches: usize, wanted: f64) -> Option<Self> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let n = finite.len();
        if stretches == 0 || n < stretches.saturating_mul(2) {
            return None;
        }
        let medians: Vec<f64> = (0..stretches)
            .filter_map(|i| {
                let start = i.checked_mul(n)? / stretches;
                let end = (i + 1).checked_mul(n)? / stretches;
                Some(Spread::of(finite.get(start..end)?).median)
            })
            .collect();
        Self::for_median(&medians, wanted)
    }

    /// The smallest interval holding both, at the higher of their levels.
    fn union(self, other: Self) -> Self {
        Self {
            low: self.low.min(other.low),
            high: self.high.max(other.high),
            confidence: self.confidence.max(other.confidence),
        }
    }
}

/// For `n` values, the largest rank `k` (1-based) such that `[x(k), x(n+1-k)]` holds the
/// median with probability `1 - 2 P(B <= k-1)`, `B ~ Binomial(n, 1/2)`, at least
/// `wanted`, and that probability; `k = 1` when no rank reaches `wanted`.
pub fn median_rank(n: usize, wanted: f64) -> Option<(usize, f64)> {
    if n == 0 {
        return None;
    }
    let ln_half_n = n as f64 * 0.5f64.ln();
    let mut ln_choose = 0.0_f64; // ln C(n, i)
    let mut cdf = 0.0_f64; // P(B <= i)
    let mut best = (1, 0.0);
    for i in 0..n.div_ceil(2) {
        if i > 0 {
            ln_choose += ((n - i + 1) as f64 / i as f64).ln();
        }
        cdf += (ln_choose + ln_half_n).exp();
        let coverage = (1.0 - 2.0 * cdf).max(0.0);
        let k = i + 1;
        if k == 1 || coverage >= wanted {
            best = (k, coverage);
        }
        if coverage < wanted {
            break;
        }
    }
    Some(best)
}

/// A ratio measured in many pairs: the spread of the per-pair values and the interval for
/// their median.
///
/// The interval is the union of two: the order statistics of the single pairs (the
/// median's sampling error), and, with enough pairs, the range of the medians of
/// [`STRETCHES`] consecutive stretches of the run (the machine drifting while it runs).
/// The first alone was too narrow to hold a rerun: of the twelve SDK/raw throughput and
/// CPU ratios of two runs of one binary (2026-12-05), four landed outside the other
/// run's interval; with the union, none did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ratio {
    /// Median and range of the per-pair ratios.
    pub spread: Spread,
    /// Confidence interval for the median ([`CONFIDENCE`]), drift included.
    pub interval: Interval,
    /// Pairs measured.
    pub pairs: usize,
}

impl Ratio {
    /// The ratio of per-pair values, in the order they were measured (non-finite ones,
    /// from a zero figure, are dropped).
    pub fn of(values: &[f64]) -> Self {
        let pairs = values.iter().filter(|v| v.is_finite()).count();
        let single = Interval::for_median(values, CONFIDENCE).unwrap_or_default();
        let interval = match Interval::over_stretches(values, STRETCHES, CONFIDENCE) {
            Some(stretches) => single.union(stretches),
            None => single,
        };
        Self {
            spread: Spread::of(values),
            interval,
            pairs,
        }
    }

    /// `f` applied to each pair.
    pub fn over<T>(items: &[T], f: impl Fn(&T) -> f64) -> Self {
        let values: Vec<f64> = items.iter().map(f).collect();
        Self::of(&values)
    }

    /// The median of the per-pair ratios.
    pub fn median(&self) -> f64 {
        self.spread.median
    }
}

/// The median of sorted values (mean of the middle two for an even count).
fn median_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let upper = sorted.get(n / 2).copied().unwrap_or_default();
    if n % 2 == 1 {
        upper
    } else {
        let lower = sorted.get(n / 2 - 1).copied().unwrap_or(upper);
        (lower + upper) / 2.0
    }
}

/// The nearest-rank percentile `p` (0–100) of sorted values.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let index = rank.clamp(1, sorted.len()) - 1;
    sorted.get(index).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{CONFIDENCE, Interval, Ratio, STRETCHES, Spread, median_rank, percentile};

    /// `n` values around `centre` in a scrambled order (no drift): `centre` plus a
    /// spread of +-0.05 visited by a step coprime with `n`.
    fn scrambled(n: u32, centre: f64) -> Vec<f64> {
        (0..n)
            .map(|i| centre + 0.1 * (f64::from((i * 13) % n) / f64::from(n) - 0.5))
            .collect()
    }

    #[test]
    fn median_and_range_of_odd_and_even_counts() {
        let odd = Spread::of(&[3.0, 1.0, 2.0]);
        assert_eq!((odd.median, odd.min, odd.max), (2.0, 1.0, 3.0));
        let even = Spread::of(&[4.0, 1.0, 2.0, 3.0]);
        assert_eq!(even.median, 2.5);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), 50);
        assert_eq!(percentile(&values, 99.0), 99);
        assert_eq!(percentile(&values, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
    }

    #[test]
    fn median_ranks_match_the_published_table_at_95_percent() {
        // Conover, Practical Nonparametric Statistics: n=10 -> ranks 2 and 9,
        // n=31 -> 10 and 22, n=61 -> 23 and 39.
        assert_eq!(median_rank(10, 0.95).map(|(k, _)| k), Some(2));
        assert_eq!(median_rank(31, 0.95).map(|(k, _)| k), Some(10));
        assert_eq!(median_rank(61, 0.95).map(|(k, _)| k), Some(23));
        let (_, coverage) = median_rank(31, 0.95).unwrap();
        assert!((coverage - 0.9706).abs() < 1e-3, "{coverage}");
    }

    #[test]
    fn too_few_values_give_the_range_with_its_lower_confidence() {
        // With 5 values even [min, max] only covers 1 - 2/32 = 0.9375.
        let interval = Interval::for_median(&[5.0, 1.0, 4.0, 2.0, 3.0], 0.95).unwrap();
        assert_eq!((interval.low, interval.high), (1.0, 5.0));
        assert!((interval.confidence - 0.9375).abs() < 1e-9);
        let one = Interval::for_median(&[7.0], 0.95).unwrap();
        assert_eq!((one.low, one.high, one.confidence), (7.0, 7.0, 0.0));
        assert_eq!(Interval::for_median(&[], 0.95), None);
        assert_eq!(median_rank(0, 0.95), None);
    }

    #[test]
    fn interval_bounds_are_the_order_statistics_of_the_sorted_values() {
        let values: Vec<f64> = (1..=31).rev().map(f64::from).collect();
        let interval = Interval::for_median(&values, 0.95).unwrap();
        assert_eq!((interval.low, interval.high), (10.0, 22.0));
        assert!(interval.confidence >= 0.95);
    }

    #[test]
    fn ratio_drops_non_finite_pairs() {
        let ratio = Ratio::of(&[1.0, f64::INFINITY, 0.9, f64::NAN, 1.1]);
        assert_eq!(ratio.pairs, 3);
        assert_eq!(ratio.median(), 1.0);
        assert_eq!((ratio.interval.low, ratio.interval.high), (0.9, 1.1));
    }

    #[test]
    fn a_drift_during_the_run_widens_the_interval_to_the_stretches_it_reached() {
        // The first half of the run measured around 1.00, the second around 1.10: the
        // single pairs' interval sits between them, a rerun could land on either.
        let mut values = scrambled(30, 1.0);
        values.extend(scrambled(30, 1.1));
        let single = Interval::for_median(&values, CONFIDENCE).unwrap();
        let ratio = Ratio::of(&values);
        assert!(ratio.interval.low < single.low, "{ratio:?} {single:?}");
        assert!(ratio.interval.high > single.high, "{ratio:?} {single:?}");
        assert!(
            ratio.interval.low <= 1.0 && ratio.interval.high >= 1.1,
            "{ratio:?}"
        );
    }

    #[test]
    fn without_a_drift_the_stretches_add_little_to_the_pairs_interval() {
        let values = scrambled(61, 1.0);
        let single = Interval::for_median(&values, CONFIDENCE).unwrap();
        let ratio = Ratio::of(&values);
        assert!(ratio.interval.low <= single.low && ratio.interval.high >= single.high);
        let (wide, narrow) = (
            ratio.interval.high - ratio.interval.low,
            single.high - single.low,
        );
        assert!(wide < 2.0 * narrow, "{ratio:?} {single:?}");
    }

    #[test]
    fn too_few_pairs_for_the_stretches_keep_the_pairs_interval() {
        let values: Vec<f64> = (1..2 * STRETCHES as u32).map(f64::from).collect();
        assert_eq!(
            Interval::over_stretches(&values, STRETCHES, CONFIDENCE),
            None
        );
        assert_eq!(
            Ratio::of(&values).interval,
            Interval::for_median(&values, CONFIDENCE).unwrap()
        );
        assert_eq!(Interval::over_stretches(&values, 0, CONFIDENCE), None);
    }

    #[test]
    fn stretch_medians_cover_every_value_once_in_measured_order() {
        // Sixteen values, eight stretches of two: medians 1.5, 3.5, ..., 15.5.
        let values: Vec<f64> = (1..=16).map(f64::from).collect();
        let interval = Interval::over_stretches(&values, STRETCHES, CONFIDENCE).unwrap();
        assert_eq!((interval.low, interval.high), (1.5, 15.5));
        assert!((interval.confidence - (1.0 - 2.0 / 256.0)).abs() < 1e-9);
    }

    #[test]
    fn coverage_of_a_wide_sample_is_close_to_the_asked_level() {
        for n in [40, 100, 401, 2000] {
            let (k, coverage) = median_rank(n, 0.95).unwrap();
            assert!((0.95..0.98).contains(&coverage), "n={n} k={k} {coverage}");
        }
    }
}
