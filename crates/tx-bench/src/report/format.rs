//! Number formatting for the report: a median with its min–max range.

use crate::stats::Spread;

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
