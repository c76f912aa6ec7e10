//! `--rate-limit N/PERIOD`: a budget of N requests per PERIOD.

use std::time::Duration;

use txstatus_core::RateLimit;

use crate::failure::Failure;

/// Parses `300/1m`, `500/1s`, `10/500ms` (a bare unit counts one: `300/m`).
pub fn parse(text: &str) -> Result<RateLimit, Failure> {
    let bad = |why: &str| {
        Failure::usage(format!(
            "--rate-limit wants N/PERIOD, e.g. 300/1m or 500/1s: {why}"
        ))
    };
    let (count, period) = text.trim().split_once('/').ok_or_else(|| bad("no `/`"))?;
    let count = count.trim();
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("N is not a whole number"));
    }
    let requests: u32 = count
        .parse()
        .map_err(|_| bad(&format!("N must be at most {}", u32::MAX)))?;
    if requests == 0 {
        return Err(bad("N must be at least 1"));
    }
    let period = period.trim();
    let period = if period.starts_with(|c: char| c.is_ascii_digit()) {
        period.to_owned()
    } else {
        format!("1{period}")
    };
    let per = crate::duration::parse(&period).map_err(|why| bad(&why))?;
    if per < Duration::from_millis(1) {
        return Err(bad("PERIOD must be at least 1ms"));
    }
    Ok(RateLimit::new(requests, per))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_and_periods_and_rejects_the_rest() {
        let limit = parse("300/1m").unwrap();
        assert_eq!((limit.requests, limit.per), (300, Duration::from_secs(60)));
        let limit = parse("500/s").unwrap();
        assert_eq!((limit.requests, limit.per), (500, Duration::from_secs(1)));
        for bad in ["", "300", "0/1s", "x/1s", "5/0ms", "5/1d", "-1/1s"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let Err(error) = parse("99999999999/1s") else {
            panic!("accepted")
        };
        assert!(error.message().contains("at most"), "{}", error.message());
        assert!(parse("1/18446744073709551615h").is_err());
    }
}
