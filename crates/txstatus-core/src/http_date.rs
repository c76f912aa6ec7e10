//! HTTP dates in the three forms RFC 9110 §5.6.7 obliges a recipient to accept.
//!
//! Hand-written: only `Retry-After` reads it, and `time`'s format descriptions cover
//! none of the two obsolete forms; an `httpdate` dependency would add a crate for it.

use time::{Date, Month, PrimitiveDateTime, Time};

/// Seconds since the Unix epoch of an HTTP date: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// or asctime (`Sun Nov  6 08:49:37 1994`). The weekday is not checked.
pub(crate) fn parse_unix_seconds(value: &str) -> Option<i64> {
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let (day, month, year, clock) = match parts.as_slice() {
        [_, day, month, year, clock, "GMT"] => (*day, *month, parse_year(year, false)?, *clock),
        [_, date, clock, "GMT"] => {
            let mut fields = date.split('-');
            let (Some(day), Some(month), Some(year), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return None;
            };
            (day, month, parse_year(year, true)?, *clock)
        }
        [_, month, day, clock, year] => (*day, *month, parse_year(year, false)?, *clock),
        _ => return None,
    };
    let day: u8 = digits(day, 1, 2)?.try_into().ok()?;
    let date = Date::from_calendar_date(year, month_of(month)?, day).ok()?;
    let mut hms = clock.split(':');
    let (Some(h), Some(m), Some(s), None) = (hms.next(), hms.next(), hms.next(), hms.next()) else {
        return None;
    };
    let time = Time::from_hms(
        digits(h, 2, 2)?.try_into().ok()?,
        digits(m, 2, 2)?.try_into().ok()?,
        digits(s, 2, 2)?.try_into().ok()?,
    )
    .ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// A four-digit year, or (RFC 850) a two-digit one read as 1970..=2069.
fn parse_year(text: &str, two_digit: bool) -> Option<i32> {
    if two_digit && text.len() == 2 {
        let short = i32::try_from(digits(text, 2, 2)?).ok()?;
        return Some(if short >= 70 {
            short.saturating_add(1900)
        } else {
            short.saturating_add(2000)
        });
    }
    i32::try_from(digits(text, 4, 4)?).ok()
}

/// An ASCII decimal of `min..=max` digits.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    if !(min..=max).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn month_of(name: &str) -> Option<Month> {
    Some(match name {
        "Jan" => Month::January,
        "Feb" => Month::February,
        "Mar" => Month::March,
        "Apr" => Month::April,
        "May" => Month::May,
        "Jun" => Month::June,
        "Jul" => Month::July,
        "Aug" => Month::August,
        "Sep" => Month::September,
        "Oct" => Month::October,
        "Nov" => Month::November,
        "Dec" => Month::December,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_unix_seconds;

    #[test]
    fn reads_the_three_forms_rfc_9110_requires() {
        let expected = Some(784_111_777);
        assert_eq!(
            parse_unix_seconds("Sun, 06 Nov 1994 08:49:37 GMT"),
            expected
        );
        assert_eq!(
            parse_unix_seconds("Sunday, 06-Nov-94 08:49:37 GMT"),
            expected
        );
        assert_eq!(parse_unix_seconds("Sun Nov  6 08:49:37 1994"), expected);
    }

    #[test]
    fn refuses_malformed_dates_without_panicking() {
        for bad in [
            "",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 99999999999 08:49:37 GMT",
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sun Nov 6 08:49 1994",
        ] {
            assert_eq!(parse_unix_seconds(bad), None, "{bad}");
        }
    }
}
