//! Times (`created`, `expires`, `completed`), kept as sent and parsed on access.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use txstatus_core::Timestamp;

/// A time as CM sent it: RFC 3339 text as documented
/// (`2024-10-28T14:32:32+00:00`); other text is kept as sent.
///
/// Decoding only copies the text; [`Time::parsed`] reads it as RFC 3339 when
/// asked, and [`Time::to_timestamp`] gives the [`txstatus_core::Timestamp`] the status
/// report carries. Serializes back to the text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Time(String);

impl Time {
    /// Keeps `text` as the time, whatever its form.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The time, when the text is RFC 3339 (parsed on each call).
    pub fn parsed(&self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(&self.0, &Rfc3339).ok()
    }

    /// The time as a [`txstatus_core::Timestamp`] (the text kept, parsed here).
    pub fn to_timestamp(&self) -> Timestamp {
        Timestamp::parse(self.0.as_str())
    }
}

impl From<&Time> for Timestamp {
    fn from(time: &Time) -> Self {
        time.to_timestamp()
    }
}

impl From<Time> for Timestamp {
    fn from(time: Time) -> Self {
        Timestamp::parse(time.0)
    }
}

impl From<Timestamp> for Time {
    fn from(timestamp: Timestamp) -> Self {
        Self(timestamp.as_str().to_owned())
    }
}

impl fmt::Debug for Time {
    /// As [`txstatus_core::Timestamp`] prints: the text, or `Unparsed("...")` when it is
    /// not RFC 3339.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed() {
            Some(_) => f.write_str(&self.0),
            None => write!(f, "Unparsed({:?})", self.0),
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Time;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Time, E> {
                Ok(Time(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Time, E> {
                Ok(Time(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}
