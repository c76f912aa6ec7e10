//! Transaction times (`created`, `completed`), kept as sent and parsed on access.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use txstatus_core::Timestamp;

use super::text::FromText;

/// A transaction time as OneSpan sent it: RFC 3339 text as documented
/// (`2022-07-07T18:05:11.204Z`); other text is kept as sent.
///
/// Decoding only copies the text; [`Time::parsed`] reads it as RFC 3339 when
/// asked, and [`Time::to_timestamp`] gives the [`txstatus_core::Timestamp`] the status
/// report carries. A number (seconds, or milliseconds from `1e11` on, since the
/// epoch) is accepted too and kept as its RFC 3339 text. Serializes back to the
/// text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Time(String);

impl Time {
    /// Keeps `text` as the time, whatever its form.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// From a time value, written as RFC 3339.
    pub fn from_datetime(value: OffsetDateTime) -> Self {
        Self(value.format(&Rfc3339).unwrap_or_default())
    }

    /// The text as sent (or as written from a number).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The time, when the text is RFC 3339 (parsed on each call).
    pub fn parsed(&self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(self.as_str(), &Rfc3339).ok()
    }

    /// The time as a [`txstatus_core::Timestamp`] (the text kept, parsed here).
    pub fn to_timestamp(&self) -> Timestamp {
        Timestamp::parse(self.as_str())
    }
}

impl From<&Time> for Timestamp {
    fn from(time: &Time) -> Self {
        time.to_timestamp()
    }
}

impl From<Time> for Timestamp {
    fn from(time: Time) -> Self {
        time.to_timestamp()
    }
}

impl From<&Timestamp> for Time {
    fn from(timestamp: &Timestamp) -> Self {
        Self::new(timestamp.as_str())
    }
}

impl From<Timestamp> for Time {
    fn from(timestamp: Timestamp) -> Self {
        Self::new(timestamp.as_str())
    }
}

impl fmt::Debug for Time {
    /// As [`txstatus_core::Timestamp`] prints: the text, or `Unparsed("...")` when it is
    /// not RFC 3339.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed() {
            Some(_) => f.write_str(self.as_str()),
            None => write!(f, "Unparsed({:?})", self.as_str()),
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::text::required(deserializer)
    }
}

/// Below this, a numeric time is read as seconds; from it on, as milliseconds
/// (`1e11` s is the year 5138, `1e11` ms is March 1973).
const MILLIS_FROM: i128 = 100_000_000_000;

fn from_number(value: i128) -> Time {
    let nanos = if value.abs() < MILLIS_FROM {
        value.saturating_mul(1_000_000_000)
    } else {
        value.saturating_mul(1_000_000)
    };
    match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(time) => Time::from_datetime(time),
        Err(_) => Time(value.to_string()),
    }
}

impl FromText for Time {
    const EXPECTING: &'static str = "an RFC 3339 timestamp or a number of milliseconds";

    fn from_text(text: &str) -> Self {
        Self(text.to_owned())
    }

    fn from_owned(text: String) -> Self {
        Self(text)
    }

    fn from_u64(value: u64) -> Option<Self> {
        Some(from_number(i128::from(value)))
    }

    fn from_i64(value: i64) -> Option<Self> {
        Some(from_number(i128::from(value)))
    }

    fn from_f64(value: f64) -> Option<Self> {
        Some(from_number(value.trunc() as i128))
    }

    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}
