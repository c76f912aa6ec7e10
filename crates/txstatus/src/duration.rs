//! Durations written `<integer>(ms|s|m|h)`.

use std::time::Duration;

/// The longest duration any flag takes: 366 days. Longer ones are typing mistakes
/// (`1000000h`), and a value past what the shared schedule can store would be
/// accepted and then never read.
pub const MAX: Duration = Duration::from_secs(366 * 24 * 3600);

/// Parses `250ms`, `2s`, `10m`, `1h`; at most [`MAX`].
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let shown = crate::text::escape(text);
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{shown}` has no unit: write e.g. 2s, 500ms, 10m, 1h"))?;
    let (number, unit) = text.split_at(split);
    if number.is_empty() {
        return Err(format!("`{shown}` does not start with an integer"));
    }
    let too_long = || format!("`{shown}` is longer than the limit of 366 days");
    // Digits only: a number too large for u64 is too long, not malformed.
    let value: u64 = number.parse().map_err(|_| too_long())?;
    let seconds_per = match unit {
        "ms" => None,
        "s" => Some(1),
        "m" => Some(60),
        "h" => Some(3600),
        _ => {
            return Err(format!(
                "unknown unit `{}`: use ms, s, m or h",
                crate::text::escape(unit)
            ));
        }
    };
    let duration = match seconds_per {
        None => Duration::from_millis(value),
        Some(per) => Duration::from_secs(value.checked_mul(per).ok_or_else(too_long)?),
    };
    if duration > MAX {
        return Err(too_long());
    }
    Ok(duration)
}

/// [`parse`] for a wait or a limit: zero is refused. A watch polling every `0ms`
/// sends requests as fast as the provider answers, and a timeout of `0ms` gives up
/// before the first read.
pub fn parse_positive(text: &str) -> Result<Duration, String> {
    let duration = parse(text)?;
    if duration.is_zero() {
        return Err(format!(
            "`{}` must be longer than zero",
            crate::text::escape(text.trim())
        ));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_unit_and_rejects_the_rest() {
        assert_eq!(parse("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "2", "s", "1.5s", "2d", "-1s", "2 s"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn absurd_durations_are_refused_not_saturated() {
        assert!(parse("366d").is_err());
        assert_eq!(parse("8784h"), Ok(MAX));
        for absurd in [
            "8785h",
            "18446744073709551615h",
            "18446744073709551615ms",
            "99999999999999999999999999999999s",
        ] {
            let error = parse(absurd).unwrap_err();
            assert!(error.contains("366 days"), "{absurd}: {error}");
        }
    }

    #[test]
    fn zero_is_refused_where_a_wait_is_asked_for() {
        for zero in ["0ms", "0s", "0m", "0h", "000s"] {
            let error = parse_positive(zero).unwrap_err();
            assert!(error.contains("longer than zero"), "{zero}: {error}");
            assert_eq!(parse(zero), Ok(Duration::ZERO));
        }
        assert_eq!(parse_positive("1ms"), Ok(Duration::from_millis(1)));
    }
}
