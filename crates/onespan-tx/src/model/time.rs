//! Transaction times (`created`, `completed`): the core's lazy time, plus the
//! adapter that reads OneSpan's occasional epoch numbers onto it.

use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;

use super::text::{FromText, Opt};

/// A transaction time as OneSpan sent it: RFC 3339 text as documented
/// (`2022-07-07T18:05:11.204Z`), parsed on access ([`txstatus_core::LazyTime`]).
/// A number (seconds, or milliseconds from `1e11` on, since the epoch) is
/// accepted too and kept as its RFC 3339 text (see `EpochOrText` in this module).
pub type Time = txstatus_core::LazyTime;

/// Reads a time sent as RFC 3339 text or as an epoch number onto [`Time`]; the
/// models decode `created` and `completed` through it ([`opt_time`]).
pub(crate) struct EpochOrText(Time);

/// An optional [`Time`] sent as text or as an epoch number (`null` is `None`),
/// for a record field `(with opt_time as Option<Time>)`.
pub(crate) fn opt_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Time>, D::Error> {
    Opt::<EpochOrText>::deserialize(deserializer).map(|value| value.0.map(Time::from))
}

impl From<EpochOrText> for Time {
    fn from(value: EpochOrText) -> Self {
        value.0
    }
}

/// Below this, a numeric time is read as seconds; from it on, as milliseconds
/// (`1e11` s is the year 5138, `1e11` ms is March 1973).
pub(super) const MILLIS_FROM: u128 = 100_000_000_000;

fn from_number(value: i128) -> EpochOrText {
    // `unsigned_abs`: `i128::MIN` (a huge negative float saturates to it) has
    // no `abs`.
    let nanos = if value.unsigned_abs() < MILLIS_FROM {
        value.saturating_mul(1_000_000_000)
    } else {
        value.saturating_mul(1_000_000)
    };
    EpochOrText(match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        // A year RFC 3339 cannot write (before 0, after 9999) is not a time
        // OneSpan meant: the number is kept as sent.
        Ok(time) if (0..=9999).contains(&time.year()) => Time::from_datetime(time),
        _ => Time::new(value.to_string()),
    })
}

impl FromText for EpochOrText {
    const EXPECTING: &'static str = "an RFC 3339 timestamp or a number of milliseconds";

    fn from_text(text: &str) -> Self {
        Self(Time::from_text(text))
    }

    fn from_owned(text: String) -> Self {
        Self(Time::new(text))
    }

    fn from_u64(value: u64) -> Option<Self> {
        Some(from_number(i128::from(value)))
    }

    fn from_i64(value: i64) -> Option<Self> {
        Some(from_number(i128::from(value)))
    }

    fn from_f64(value: f64) -> Option<Self> {
        // Beyond `i128` (`-1e300`) no time is meant: the number is kept as sent.
        let whole = value.trunc();
        if whole > i128::MIN as f64 && whole < i128::MAX as f64 {
            Some(from_number(whole as i128))
        } else {
            Some(Self(Time::new(value.to_string())))
        }
    }

    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}
