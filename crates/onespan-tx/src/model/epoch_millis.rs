//! Epoch-millisecond times (verification `timestamp`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::OffsetDateTime;
use txstatus_core::{
    Timestamp,
    provider::{ShownStatus, lenient::StringOrNumber, open_enum_text},
};

/// A time sent as milliseconds since the Unix epoch (`1657216749097`).
///
/// A number below `1e11` (a time before March 1973 in milliseconds) is read as
/// seconds, as the transaction times are.
///
/// Decodes a number, a string of digits or (leniently) RFC 3339 text; any other
/// text is kept with no time. Decoding keeps the value only: the time is worked
/// out when asked for. Serializes back exactly as it arrived.
#[derive(Clone, PartialEq)]
pub struct EpochMillis {
    raw: StringOrNumber,
}

impl EpochMillis {
    /// From milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        Self {
            raw: StringOrNumber::Signed(millis),
        }
    }

    /// The time, when the value was a number of milliseconds (or RFC 3339 text).
    pub fn to_datetime(&self) -> Option<OffsetDateTime> {
        match &self.raw {
            StringOrNumber::Unsigned(n) => millis_to_time(i128::from(*n)),
            StringOrNumber::Signed(n) => millis_to_time(i128::from(*n)),
            StringOrNumber::Float(n) if n.is_finite() => millis_to_time(n.trunc() as i128),
            StringOrNumber::Float(_) => None,
            StringOrNumber::Text(text) => {
                let text = text.trim();
                match text.parse::<i128>() {
                    Ok(millis) => millis_to_time(millis),
                    // A number with more digits than a float holds is kept
                    // as its text; its whole milliseconds are still a time.
                    Err(_) => match text.parse::<f64>() {
                        Ok(n) if n.is_finite() => millis_to_time(n.trunc() as i128),
                        _ => txstatus_core::rfc3339::parse(text),
                    },
                }
            }
        }
    }

    /// Milliseconds since the epoch, when known.
    pub fn millis(&self) -> Option<i64> {
        self.to_datetime()
            .and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok())
    }

    /// The value as sent.
    pub fn raw(&self) -> &StringOrNumber {
        &self.raw
    }

    /// The time as a [`Timestamp`] (RFC 3339), when known.
    pub fn to_timestamp(&self) -> Option<Timestamp> {
        self.to_datetime().map(Timestamp::from_datetime)
    }
}

/// The time of an epoch number: milliseconds as documented, but a number below
/// `1e11` is read as seconds, as the transaction times are
/// ([`super::time::MILLIS_FROM`]): `1e11` ms is March 1973, before any
/// verification, so such a value is seconds sent where milliseconds were due,
/// not a time in January 1970.
fn millis_to_time(value: i128) -> Option<OffsetDateTime> {
    let per_unit = if value.unsigned_abs() < super::time::MILLIS_FROM {
        1_000_000_000
    } else {
        1_000_000
    };
    OffsetDateTime::from_unix_timestamp_nanos(value.checked_mul(per_unit)?).ok()
}

impl EpochMillis {
    /// Whether the digits sent make a card number or a BSN (the core's
    /// `ShownNumber` rule): then neither they nor the time they spell are shown.
    fn holds_personal_number(&self) -> bool {
        use txstatus_core::provider::NumberDigits;
        match &self.raw {
            StringOrNumber::Unsigned(n) => n.holds_personal_number(),
            StringOrNumber::Signed(n) => n.holds_personal_number(),
            StringOrNumber::Float(n) => n.holds_personal_number(),
            StringOrNumber::Text(text) => text
                .parse::<u128>()
                .is_ok_and(|n| n.holds_personal_number()),
        }
    }
}

impl fmt::Debug for EpochMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.holds_personal_number() {
            return write!(
                f,
                "EpochMillis([withheld: {} chars])",
                self.raw.as_text().len()
            );
        }
        match self.to_datetime().and_then(txstatus_core::rfc3339::format) {
            Some(text) => write!(f, "EpochMillis({} = {text})", self.raw),
            // Text that is no time may be any text: shown only when a plain token.
            None => write!(
                f,
                "EpochMillis(Unparsed({:?}))",
                ShownStatus(&self.raw.as_text())
            ),
        }
    }
}

/// As sent; under redacted JSON, text that is no time is written only when a
/// plain token (as `Debug` shows it), and a value that is no time as
/// [`StringOrNumber`] writes it. A time is written as sent, unless its digits
/// make a card number or a BSN (a time in milliseconds, thirteen digits from a
/// 1 to a 3, never does).
impl Serialize for EpochMillis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let parsed = self.to_datetime().is_some();
        match &self.raw {
            StringOrNumber::Text(text) if parsed => {
                serializer.serialize_str(txstatus_core::provider::written_digits(text))
            }
            StringOrNumber::Text(text) => serializer.serialize_str(open_enum_text(text, true)),
            StringOrNumber::Unsigned(n) if parsed => serializer.serialize_u64(*n),
            StringOrNumber::Signed(n) if parsed => serializer.serialize_i64(*n),
            raw => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for EpochMillis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        StringOrNumber::deserialize(deserializer)
            .map(|raw| Self { raw })
            .map_err(|_: D::Error| de::Error::custom("expected epoch milliseconds"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_no_time_is_shown_and_redacted_only_when_a_plain_token() {
        let personal: EpochMillis = serde_json::from_str(r#""Jan de Vries""#).unwrap();
        let shown = format!("{personal:?}");
        assert!(!shown.contains("Jan"), "{shown}");
        let redacted = txstatus_core::to_redacted_json(&personal).unwrap();
        assert_eq!(redacted, "[redacted]");
        // Kept as sent for the caller.
        assert_eq!(serde_json::to_value(&personal).unwrap(), "Jan de Vries");
        let token: EpochMillis = serde_json::from_str(r#""soon""#).unwrap();
        assert_eq!(format!("{token:?}"), r#"EpochMillis(Unparsed("soon"))"#);
        let millis: EpochMillis = serde_json::from_str("1657217111204").unwrap();
        assert_eq!(
            txstatus_core::to_redacted_json(&millis).unwrap(),
            1_657_217_111_204_u64
        );
    }
}
