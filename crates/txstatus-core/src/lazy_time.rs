//! A time kept as the provider sent it and parsed only when asked: decoding a
//! list of transactions copies text and never pays for parsing times nobody
//! reads. One type for every provider (ID Scan and OneSpan used to keep copies).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::OffsetDateTime;

use crate::{rfc3339, short_text::ShortText, timestamp::Timestamp};

/// A time as the provider sent it: RFC 3339 text as documented; other text is
/// kept as sent.
///
/// Decoding only copies the text; [`LazyTime::parsed`] reads it as RFC 3339 when
/// asked, and [`LazyTime::to_timestamp`] gives the [`Timestamp`] the status
/// report carries. Serializes back to the text. A provider whose times may
/// arrive as numbers adapts them onto this type in its own crate.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LazyTime(ShortText<38>);

impl LazyTime {
    /// Keeps `text` as the time, whatever its form.
    pub fn new(text: impl Into<String>) -> Self {
        Self(ShortText::from_string(text.into()))
    }

    /// Copies `text` as the time; a time of up to 38 bytes (any RFC 3339 time)
    /// is kept without an allocation.
    pub fn from_text(text: &str) -> Self {
        Self(ShortText::new(text))
    }

    /// From a time value, written as RFC 3339 (a year RFC 3339 cannot write,
    /// before 0 or after 9999, in `time`'s own notation, never as empty text).
    pub fn from_datetime(value: OffsetDateTime) -> Self {
        // RFC 3339 has no year before 0 or after 9999: such a time is kept in
        // `time`'s own notation rather than as empty text.
        Self(ShortText::from_string(
            rfc3339::format(value).unwrap_or_else(|| value.to_string()),
        ))
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The time, when the text is RFC 3339 (parsed on each call).
    pub fn parsed(&self) -> Option<OffsetDateTime> {
        rfc3339::parse(self.as_str())
    }

    /// The time as a [`crate::Timestamp`] (the text kept, parsed here).
    pub fn to_timestamp(&self) -> Timestamp {
        Timestamp::parse(self.as_str())
    }
}

impl From<&LazyTime> for Timestamp {
    fn from(time: &LazyTime) -> Self {
        time.to_timestamp()
    }
}

impl From<&Timestamp> for LazyTime {
    fn from(timestamp: &Timestamp) -> Self {
        Self(ShortText::new(timestamp.as_str()))
    }
}

impl From<LazyTime> for Timestamp {
    fn from(time: LazyTime) -> Self {
        Timestamp::parse(time.as_str())
    }
}

impl From<Timestamp> for LazyTime {
    fn from(timestamp: Timestamp) -> Self {
        Self(ShortText::new(timestamp.as_str()))
    }
}

impl fmt::Debug for LazyTime {
    /// As [`crate::Timestamp`] prints: the text, or `Unparsed(..)` when it is not
    /// RFC 3339, the text shown only when a plain token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed() {
            Some(_) => f.write_str(self.as_str()),
            None => write!(
                f,
                "Unparsed({:?})",
                crate::timestamp::ShownTime(self.as_str())
            ),
        }
    }
}

impl fmt::Display for LazyTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As [`crate::Timestamp`] writes.
impl Serialize for LazyTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(crate::timestamp::written_time(
            self.as_str(),
            self.parsed().is_none(),
        ))
    }
}

/// Optional times in one step ([`crate::provider::lenient::opt_from_text`]),
/// with `Deserialize`'s rule: only a string is a time.
impl crate::scalar_text::FromText for LazyTime {
    const EXPECTING: &'static str = "an RFC 3339 timestamp";

    fn from_text(text: &str) -> Self {
        Self(ShortText::new(text))
    }

    fn from_owned(text: String) -> Self {
        Self(ShortText::from_string(text))
    }

    fn placeholder() -> Option<Self> {
        Some(Self(ShortText::empty()))
    }

    fn set_text(&mut self, text: &str) {
        self.0.set(text);
    }

    fn from_u64(_: u64) -> Option<Self> {
        None
    }

    fn from_i64(_: i64) -> Option<Self> {
        None
    }

    fn from_f64(_: f64) -> Option<Self> {
        None
    }

    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl<'de> Deserialize<'de> for LazyTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = LazyTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<LazyTime, E> {
                Ok(LazyTime(ShortText::new(v)))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<LazyTime, E> {
                Ok(LazyTime(ShortText::from_string(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::{Date, Month, OffsetDateTime, Time};

    use super::LazyTime;

    #[test]
    fn a_time_rfc_3339_cannot_write_is_kept_in_times_notation_not_as_empty_text() {
        let at = |year| {
            let date = Date::from_calendar_date(year, Month::March, 4).unwrap();
            LazyTime::from_datetime(OffsetDateTime::new_utc(date, Time::MIDNIGHT))
        };
        assert_eq!(at(2022).as_str(), "2022-03-04T00:00:00Z");
        assert!(at(2022).parsed().is_some());
        for year in [-1200, -1, 9999 + 1] {
            if let Ok(date) = Date::from_calendar_date(year, Month::March, 4) {
                let time = at(year);
                assert!(
                    time.as_str().contains(&date.to_string()),
                    "{}",
                    time.as_str()
                );
                assert!(time.parsed().is_none());
            }
        }
    }
}
