//! Amounts in minor units with their ISO 4217 currency; never floating point.

use std::fmt;
use txstatus_core::provider::ShownStatus;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// An amount in the smallest unit of its currency (euro cents for `EUR`).
///
/// Decodes from a JSON integer or a numeric string (`1200` or `"1200"`); a
/// fraction (`12.5`, `"12.00"`), a number written with a fraction or an exponent
/// (`12.0`, `1.2e3`: read as a float, already rounded) or a negative value fails
/// the decode rather than being guessed at. Serializes as a JSON integer.
#[non_exhaustive]
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MinorUnits(u64);

/// `MinorUnits(1200)`; an amount whose digits make a card number or a BSN is
/// withheld (the core's `ShownNumber` rule).
impl fmt::Debug for MinorUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MinorUnits")
            .field(&txstatus_core::provider::ShownNumber(self.0))
            .finish()
    }
}

impl MinorUnits {
    /// Wraps an amount already in minor units.
    pub const fn new(minor_units: u64) -> Self {
        Self(minor_units)
    }

    /// The amount in minor units.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for MinorUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for MinorUnits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for MinorUnits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        opt_minor_units(deserializer)?
            .ok_or_else(|| de::Error::custom("expected an amount in minor units"))
    }
}

/// Reads an optional amount in minor units: a JSON integer or a numeric string;
/// `null` and `""` are `None`. A record reads it as
/// `(with opt_minor_units as Option<MinorUnits>)`.
///
/// A number written with a fraction or an exponent (`12.0`, `1.2e3`, `1e-400`) is
/// refused, as `"12.00"` is: a JSON reader hands it over as a float that has
/// already been rounded (`9007199254740993.0` is `9007199254740992`, `1e-400` is
/// `0`), so reading it could give an amount CM did not send.
pub fn opt_minor_units<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<MinorUnits>, D::Error> {
    opt_whole::<u64, D>(deserializer).map(|amount| amount.map(MinorUnits))
}

/// Reads an optional whole number (an amount or a count) exactly: a JSON integer
/// or a string of digits; `null` and `""` are `None`. A negative number, one past
/// `T`'s range, and any number written with a fraction or an exponent (see
/// [`opt_minor_units`]) fail the decode.
pub(crate) fn opt_whole<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: TryFrom<u64> + std::str::FromStr,
    D: Deserializer<'de>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<T: TryFrom<u64> + std::str::FromStr> de::Visitor<'_> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number as a JSON integer or a string of digits")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            T::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("a whole number out of range"))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            match u64::try_from(v) {
                Ok(v) => self.visit_u64(v),
                Err(_) => Err(E::custom(
                    "a negative number where a whole number is expected",
                )),
            }
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom(
                "a number with a fraction or an exponent where a whole number is expected",
            ))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<T>()
                .map(Some)
                .map_err(|_| E::custom("expected a whole number"))
        }
    }
    deserializer.deserialize_any(V(std::marker::PhantomData))
}

/// An ISO 4217 currency code as CM sent it (`EUR`).
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(#[serde(serialize_with = "txstatus_core::provider::shown_text::text")] String);

impl Currency {
    /// Wraps a currency code.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code has the ISO 4217 shape: three upper-case ASCII letters.
    pub fn is_well_formed(&self) -> bool {
        self.0.len() == 3 && self.0.bytes().all(|b| b.is_ascii_uppercase())
    }
}

/// A currency sent as a number (ISO 4217's numeric code, `978`) is kept as its
/// text, as sent; [`Currency::is_well_formed`] says it is not the letter code.
impl txstatus_core::provider::lenient::FromText for Currency {
    const EXPECTING: &'static str = "a currency code";

    fn from_text(text: &str) -> Self {
        Self(text.to_owned())
    }

    fn from_owned(text: String) -> Self {
        Self(text)
    }
}

/// The code when it is a plain token (`"EUR"`), withheld otherwise: any text
/// can be sent where a code belongs.
impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&ShownStatus(&self.0), f)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount in minor units together with its currency.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: MinorUnits,
    currency: Currency,
}

impl Money {
    /// Pairs an amount with its currency.
    pub fn new(amount: MinorUnits, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// The amount.
    pub fn amount(&self) -> MinorUnits {
        self.amount
    }

    /// The amount in minor units.
    pub fn minor_units(&self) -> u64 {
        self.amount.get()
    }

    /// The currency.
    pub fn currency(&self) -> &Currency {
        &self.currency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "opt_minor_units")]
        amount: Option<MinorUnits>,
    }

    fn amount(json: &str) -> Result<Option<u64>, serde_json::Error> {
        serde_json::from_str::<Holder>(json).map(|h| h.amount.map(MinorUnits::get))
    }

    #[test]
    fn amounts_decode_from_integers_and_numeric_strings() {
        assert_eq!(amount(r#"{"amount":1200}"#).unwrap(), Some(1200));
        assert_eq!(amount(r#"{"amount":"1200"}"#).unwrap(), Some(1200));
        assert_eq!(amount(r#"{"amount":" 7 "}"#).unwrap(), Some(7));
        assert_eq!(amount(r#"{"amount":null}"#).unwrap(), None);
        assert_eq!(amount(r#"{"amount":""}"#).unwrap(), None);
        assert_eq!(amount(r#"{}"#).unwrap(), None);
    }

    #[test]
    fn fractions_and_negative_amounts_are_refused() {
        assert!(amount(r#"{"amount":12.5}"#).is_err());
        assert!(amount(r#"{"amount":"12.00"}"#).is_err());
        assert!(amount(r#"{"amount":-1}"#).is_err());
        assert!(amount(r#"{"amount":"abc"}"#).is_err());
    }

    #[test]
    fn amounts_serialize_as_integers() {
        assert_eq!(serde_json::to_string(&MinorUnits::new(300)).unwrap(), "300");
        let parsed: MinorUnits = serde_json::from_str("\"300\"").unwrap();
        assert_eq!(parsed.get(), 300);
    }

    #[test]
    fn currency_shape_is_checked_without_rejecting() {
        assert!(Currency::new("EUR").is_well_formed());
        assert!(!Currency::new("eur").is_well_formed());
        assert!(!Currency::new("EURO").is_well_formed());
    }
}
