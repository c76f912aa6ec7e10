//! Decoders for values whose JSON type the provider does not always keep.

use std::fmt;

use serde::{Deserialize, Deserializer, de};
use time::OffsetDateTime;
use tx_core::{Pii, Timestamp};

/// A string, or a number or boolean read as its text (an id sent as a number
/// still decodes).
pub(crate) struct Text(pub(crate) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0
    }
}

impl From<Text> for Pii<String> {
    fn from(text: Text) -> Self {
        Pii::new(text.0)
    }
}

/// Below this, a numeric time is read as seconds; from it on, as milliseconds
/// (`1e11` s is the year 5138, `1e11` ms is March 1973).
const MILLIS_FROM: i128 = 100_000_000_000;

/// A transaction time: RFC 3339 text as documented (other text is kept as sent),
/// or a number of seconds or milliseconds since the epoch, written as RFC 3339.
pub(crate) struct LenientTime(pub(crate) Timestamp);

impl<'de> Deserialize<'de> for LenientTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = LenientTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp or a number of milliseconds")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<LenientTime, E> {
                Ok(LenientTime(Timestamp::parse(v)))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<LenientTime, E> {
                Ok(LenientTime(Timestamp::parse(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LenientTime, E> {
                Ok(from_number(i128::from(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LenientTime, E> {
                Ok(from_number(i128::from(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LenientTime, E> {
                Ok(from_number(v.trunc() as i128))
            }
        }
        deserializer.deserialize_any(V)
    }
}

fn from_number(value: i128) -> LenientTime {
    let nanos = if value.abs() < MILLIS_FROM {
        value.saturating_mul(1_000_000_000)
    } else {
        value.saturating_mul(1_000_000)
    };
    match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(time) => LenientTime(Timestamp::from_datetime(time)),
        Err(_) => LenientTime(Timestamp::parse(value.to_string())),
    }
}

impl From<LenientTime> for Timestamp {
    fn from(time: LenientTime) -> Self {
        time.0
    }
}
