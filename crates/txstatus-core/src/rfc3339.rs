//! RFC 3339 times read and written by hand, the way `time`'s `well_known::Rfc3339`
//! does, byte for byte.
//!
//! Why not `time`'s own: its `parsing` and `formatting` features more than double
//! the crate's build (1.3 against 2.8 CPU s), and every provider crate compiles
//! it. These two functions are all the core and the providers need; a test in
//! `tests/rfc3339_against_time.rs` checks them against `time`'s on every
//! boundary and on thousands of mutated times.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// Reads `text` as RFC 3339, as `OffsetDateTime::parse(text, &Rfc3339)` does:
/// `YYYY-MM-DD`, any one separator byte, `hh:mm:ss`, an optional fraction
/// (digits after the ninth ignored), then `Z`/`z` or `±hh:mm` (hour up to 23);
/// second 60 only as the last second of a month in UTC, read as
/// `23:59:59.999999999`. Anything else, trailing bytes included, is `None`.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let mut input = Input(text.as_bytes());
    let (year, month, day) = input.full_date()?;
    input.any_byte()?;
    let hour = input.digits(2)?;
    input.byte(b':')?;
    let minute = input.digits(2)?;
    input.byte(b':')?;
    let mut second = input.digits(2)?;
    let mut nanosecond = if input.byte(b'.').is_some() {
        input.fraction()?
    } else {
        0
    };
    let offset = input.offset()?;
    if !input.0.is_empty() {
        return None;
    }
    let leap_second = second == 60;
    if leap_second {
        second = 59;
        nanosecond = 999_999_999;
    }
    let date = to_date(year, month, day)?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanosecond,
    )
    .ok()?;
    let value = date.with_time(time).assume_offset(offset);
    if leap_second && !last_second_of_month_in_utc(value) {
        return None;
    }
    Some(value)
}

/// Writes `value` as RFC 3339, as `value.format(&Rfc3339)` does: the fraction
/// without trailing zeros (none when zero), `Z` for a zero offset. `None` where
/// RFC 3339 cannot write it: a year before 0 or after 9999, an offset of more
/// than 23 hours or with seconds.
pub fn format(value: OffsetDateTime) -> Option<String> {
    let offset = value.offset();
    let (offset_hours, offset_minutes, offset_seconds) = offset.as_hms();
    if !(0..10_000).contains(&value.year())
        || offset_hours.unsigned_abs() > 23
        || offset_seconds != 0
    {
        return None;
    }
    let mut out = String::with_capacity(35);
    push_digits(&mut out, u32::try_from(value.year()).ok()?, 4);
    out.push('-');
    push_digits(&mut out, u32::from(u8::from(value.month())), 2);
    out.push('-');
    push_digits(&mut out, u32::from(value.day()), 2);
    out.push('T');
    push_digits(&mut out, u32::from(value.hour()), 2);
    out.push(':');
    push_digits(&mut out, u32::from(value.minute()), 2);
    out.push(':');
    push_digits(&mut out, u32::from(value.second()), 2);
    let nanos = value.nanosecond();
    if nanos != 0 {
        out.push('.');
        let mut digits = 9u32;
        let mut fraction = nanos;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits = digits.saturating_sub(1);
        }
        push_digits(&mut out, fraction, digits);
    }
    if offset.is_utc() {
        out.push('Z');
        return Some(out);
    }
    out.push(if offset.is_negative() { '-' } else { '+' });
    push_digits(&mut out, u32::from(offset_hours.unsigned_abs()), 2);
    out.push(':');
    push_digits(&mut out, u32::from(offset_minutes.unsigned_abs()), 2);
    Some(out)
}

/// Exactly `YYYY-MM-DD` (ASCII digits, a real day of a real month), as
/// [`crate::calendar_date`] reads it.
pub(crate) fn calendar_date(text: &str) -> Option<Date> {
    let mut input = Input(text.as_bytes());
    let (year, month, day) = input.full_date()?;
    input.0.is_empty().then_some(())?;
    to_date(year, month, day)
}

/// The date of `year`, `month` and `day`, when it exists.
fn to_date(year: u16, month: u16, day: u16) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// `23:59:59.999999999` on the last day of its month, in UTC: the only place a
/// leap second may stand.
fn last_second_of_month_in_utc(value: OffsetDateTime) -> bool {
    let Some(utc) = value.checked_to_offset(UtcOffset::UTC) else {
        return false;
    };
    let (hour, minute, second, nanosecond) = utc.to_hms_nano();
    let last_day = utc
        .date()
        .next_day()
        .is_none_or(|next| next.month() != utc.month());
    (hour, minute, second, nanosecond) == (23, 59, 59, 999_999_999) && last_day
}

/// Writes `value` in exactly `width` decimal digits, zeros in front.
fn push_digits(out: &mut String, value: u32, width: u32) {
    let mut place = 10u32.saturating_pow(width.saturating_sub(1));
    while place > 0 {
        let digit = value.checked_div(place).unwrap_or(0) % 10;
        out.push(char::from(
            b'0'.saturating_add(u8::try_from(digit).unwrap_or(0)),
        ));
        place /= 10;
    }
}

/// The bytes not read yet.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    /// Exactly `count` ASCII digits (at most 4), as a number.
    fn digits(&mut self, count: usize) -> Option<u16> {
        let (digits, rest) = self.0.split_at_checked(count)?;
        let mut value = 0u16;
        for &byte in digits {
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value
                .checked_mul(10)?
                .checked_add(u16::from(byte.wrapping_sub(b'0')))?;
        }
        self.0 = rest;
        Some(value)
    }

    /// `YYYY-MM-DD` as three numbers, not yet checked as a date.
    fn full_date(&mut self) -> Option<(u16, u16, u16)> {
        let year = self.digits(4)?;
        self.byte(b'-')?;
        let month = self.digits(2)?;
        self.byte(b'-')?;
        let day = self.digits(2)?;
        Some((year, month, day))
    }

    /// Exactly `expected`.
    fn byte(&mut self, expected: u8) -> Option<()> {
        let (&first, rest) = self.0.split_first()?;
        (first == expected).then(|| self.0 = rest)
    }

    /// Any one byte (RFC 3339 allows another separator than `T`).
    fn any_byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    /// One digit or more after the `.`, as nanoseconds; digits past the ninth
    /// are read and ignored.
    fn fraction(&mut self) -> Option<u32> {
        let mut value = 0u32;
        let mut place = 100_000_000u32;
        let mut read = 0usize;
        while let Some((&byte, rest)) = self.0.split_first() {
            if !byte.is_ascii_digit() {
                break;
            }
            value = value.saturating_add(u32::from(byte.wrapping_sub(b'0')).saturating_mul(place));
            place /= 10;
            read = read.saturating_add(1);
            self.0 = rest;
        }
        (read > 0).then_some(value)
    }

    /// `Z`, `z` or `±hh:mm` with an hour up to 23 and a minute up to 59.
    fn offset(&mut self) -> Option<UtcOffset> {
        if self.byte(b'Z').is_some() || self.byte(b'z').is_some() {
            return Some(UtcOffset::UTC);
        }
        let negative = match self.any_byte()? {
            b'+' => false,
            b'-' => true,
            _ => return None,
        };
        let hours = i8::try_from(self.digits(2)?).ok().filter(|h| *h <= 23)?;
        self.byte(b':')?;
        let minutes = i8::try_from(self.digits(2)?).ok()?;
        let (hours, minutes) = if negative {
            (hours.checked_neg()?, minutes.checked_neg()?)
        } else {
            (hours, minutes)
        };
        UtcOffset::from_hms(hours, minutes, 0).ok()
    }
}
