//! Timestamps and dates that never fail a decode.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::{Date, OffsetDateTime};

use crate::rfc3339;

/// An RFC 3339 timestamp as the provider sent it.
///
/// A value that is not RFC 3339 is kept as text ([`Timestamp::parsed`] is `None`)
/// instead of failing the whole response. Serializes back to the original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    parsed: Option<OffsetDateTime>,
}

impl Timestamp {
    /// Parses `text`, keeping it whatever its form.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = rfc3339::parse(&text);
        Self { text, parsed }
    }

    /// From a time value, written as RFC 3339 (a year RFC 3339 cannot write,
    /// before 0 or after 9999, in `time`'s own notation, never as empty text).
    pub fn from_datetime(value: OffsetDateTime) -> Self {
        let text = rfc3339::format(value).unwrap_or_else(|| value.to_string());
        Self {
            text,
            parsed: Some(value),
        }
    }

    /// The parsed time, when the text was RFC 3339.
    pub fn parsed(&self) -> Option<OffsetDateTime> {
        self.parsed
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// RFC 3339 text when it parsed, else `None`.
    pub fn to_rfc3339(&self) -> Option<String> {
        self.parsed.and_then(rfc3339::format)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(_) => write!(f, "{}", self.text),
            // Text that is no time may be any text (a name sent in its place):
            // shown only when a plain token, as an unknown status is.
            None => write!(f, "Unparsed({:?})", ShownTime(&self.text)),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The text as sent; under [`to_redacted_json`](crate::to_redacted_json) text
/// that is no time is written only when a plain token, as `Debug` shows it.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(written_time(&self.text, self.parsed.is_none()))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(TextVisitor("an RFC 3339 timestamp"))
            .map(Self::parse)
    }
}

/// Reads exactly `YYYY-MM-DD` (ASCII digits, a real day of a real month).
///
/// Written out instead of `time`'s `format_description!`: that macro's crate
/// would be a proc macro on every provider's build critical path for this one
/// format (it shares the RFC 3339 reader's digits).
pub fn calendar_date(text: &str) -> Option<Date> {
    rfc3339::calendar_date(text)
}

/// A calendar date (`YYYY-MM-DD`) as the provider sent it; other forms kept as text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CalendarDate {
    text: String,
    parsed: Option<Date>,
}

impl CalendarDate {
    /// Parses `text`, keeping it whatever its form.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = calendar_date(&text);
        Self { text, parsed }
    }

    /// The parsed date, when the text was `YYYY-MM-DD`.
    pub fn parsed(&self) -> Option<Date> {
        self.parsed
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(_) => write!(f, "{}", self.text),
            // Text that is no time may be any text (a name sent in its place):
            // shown only when a plain token, as an unknown status is.
            None => write!(f, "Unparsed({:?})", ShownTime(&self.text)),
        }
    }
}

/// As [`Timestamp`] writes.
impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(written_time(&self.text, self.parsed.is_none()))
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(TextVisitor("a date"))
            .map(Self::parse)
    }
}

struct TextVisitor(&'static str);

impl de::Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// Text in a time field that did not parse, in `Debug`: shown when it is a
/// plain token or shaped like a time (digits, spaces and `-:.,+/TZ`, at most 64
/// characters: `2024-01-05 10:15:00`), else withheld: a name or an address sent
/// in its place must not be printed.
pub struct ShownTime<'a>(pub &'a str);

impl fmt::Debug for ShownTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if time_shaped(self.0) {
            fmt::Debug::fmt(self.0, f)
        } else {
            crate::message::ShownToken(self.0, crate::message::MAX_CODE_CHARS).fmt(f)
        }
    }
}

/// Whether `text` holds nothing but what times are written with: it starts with
/// a digit, then digits, spaces and `-:.,+/TZ`, and may end in a zone name of two
/// to five capital letters after a space (`2024-03-02 10:15:00 UTC`).
fn time_shaped(text: &str) -> bool {
    let body = match text.rsplit_once(' ') {
        Some((body, zone))
            if (2..=5).contains(&zone.len()) && zone.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            body
        }
        _ => text,
    };
    text.len() <= crate::message::MAX_CODE_CHARS
        && body.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && body.bytes().all(|b| {
            b.is_ascii_digit()
                || matches!(
                    b,
                    b' ' | b'-' | b':' | b'.' | b',' | b'+' | b'/' | b'T' | b'Z' | b't' | b'z'
                )
        })
        && !crate::personal_number::holds_personal_number(text)
}

/// What a time field writes: the text as sent; under
/// [`to_redacted_json`](crate::to_redacted_json), text that did not parse only
/// when [`ShownTime`] shows it, else `"[redacted]"`.
pub(crate) fn written_time(text: &str, unparsed: bool) -> &str {
    if unparsed && !time_shaped(text) {
        crate::private_support::open_enum_text(text, true)
    } else {
        text
    }
}

#[cfg(test)]
mod calendar_tests {
    use super::calendar_date;

    #[test]
    fn only_a_real_yyyy_mm_dd_date_is_read() {
        let date = calendar_date("1990-02-28").unwrap();
        assert_eq!(
            (date.year(), u8::from(date.month()), date.day()),
            (1990, 2, 28)
        );
        assert!(calendar_date("2024-02-29").is_some());
        for bad in [
            "2023-02-29",
            "1990-13-01",
            "1990-00-10",
            "1990-01-32",
            "1990-1-01",
            "90-01-01",
            "1990/01/01",
            "1990-01-01T00:00:00Z",
            "+990-01-01",
            "\u{661}\u{669}\u{669}\u{660}-01-01",
            "",
        ] {
            assert!(calendar_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_time_rfc_3339_cannot_write_keeps_the_time_and_text_that_is_not_empty() {
        use time::{Date, Month, OffsetDateTime, Time};

        let date = Date::from_calendar_date(-1200, Month::March, 4).unwrap();
        let value = OffsetDateTime::new_utc(date, Time::MIDNIGHT);
        let stamp = super::Timestamp::from_datetime(value);
        assert!(
            stamp.as_str().contains(&date.to_string()),
            "{}",
            stamp.as_str()
        );
        assert_eq!(stamp.parsed(), Some(value));
        assert_eq!(stamp.to_rfc3339(), None);
    }
}
