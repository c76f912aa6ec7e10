//! Decoders that accept numbers sent as strings and strings sent as numbers.
//!
//! Use the functions with `#[serde(default, deserialize_with = "...")]` on
//! `Option` fields. They read the token once, without buffering.

use std::{borrow::Cow, fmt};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

pub use crate::budget_list::{opt_vec, vec};
pub use crate::record_list::opt_records;
pub use crate::scalar_text::{
    FromText, Opt, opt_from_text, opt_pii_bool, opt_pii_text, opt_text, required,
};
pub use crate::text_or_nothing::TextOrNothing;

/// A value documented as a string of digits but sometimes sent as a number (or the
/// other way round). Serializes back the way it arrived.
///
/// Where digits were documented a provider may send any text (a name, a
/// sentence), and a number may be a card number: `Debug`, and the redacted JSON
/// ([`to_redacted_json`](crate::to_redacted_json)), show text only when it is a
/// plain token and a number only when it is no card number, IBAN or BSN, as
/// [`UnknownValue`](crate::UnknownValue) does. The value itself is kept as sent.
#[derive(Clone, PartialEq)]
pub enum StringOrNumber {
    /// Sent as a JSON string.
    Text(String),
    /// Sent as a non-negative integer.
    Unsigned(u64),
    /// Sent as a negative integer.
    Signed(i64),
    /// Sent as a fractional number.
    Float(f64),
}

impl StringOrNumber {
    /// The value as text.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Self::Text(s) => Cow::Borrowed(s),
            Self::Unsigned(n) => Cow::Owned(n.to_string()),
            Self::Signed(n) => Cow::Owned(n.to_string()),
            Self::Float(n) => Cow::Owned(n.to_string()),
        }
    }

    /// The value as an unsigned integer, when it is one (text included).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Text(s) => s.trim().parse().ok(),
            Self::Unsigned(n) => Some(*n),
            Self::Signed(n) => u64::try_from(*n).ok(),
            Self::Float(_) => None,
        }
    }
}

impl fmt::Debug for StringOrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (variant, text) = match self {
            Self::Text(text) => ("Text", Cow::Borrowed(text.as_str())),
            Self::Unsigned(_) => ("Unsigned", self.as_text()),
            Self::Signed(_) => ("Signed", self.as_text()),
            // A float's digits can be a card number too (`4111111111111111.0`).
            Self::Float(n) if !crate::personal_number::holds_personal_number(&self.as_text()) => {
                return f.debug_tuple("Float").field(n).finish();
            }
            Self::Float(_) => ("Float", self.as_text()),
        };
        let mut tuple = f.debug_tuple(variant);
        match self {
            Self::Text(_) => tuple.field(&crate::message::ShownToken(
                &text,
                crate::message::MAX_CODE_CHARS,
            )),
            _ if crate::personal_number::holds_personal_number(&text) => {
                tuple.field(&crate::message::Withheld(&text))
            }
            _ => tuple.field(&format_args!("{text}")),
        };
        tuple.finish()
    }
}

impl fmt::Display for StringOrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl Serialize for StringOrNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Under the redacted JSON, text and numbers `Debug` withholds are
        // written as `"[redacted]"`.
        let redacting = crate::pii::is_redacting();
        match self {
            Self::Text(s) => {
                serializer.serialize_str(crate::private_support::open_enum_text(s, true))
            }
            Self::Unsigned(_) | Self::Signed(_) | Self::Float(_)
                if redacting && crate::personal_number::holds_personal_number(&self.as_text()) =>
            {
                serializer.serialize_str(crate::pii::REDACTED)
            }
            Self::Unsigned(n) => serializer.serialize_u64(*n),
            Self::Signed(n) => serializer.serialize_i64(*n),
            Self::Float(n) => serializer.serialize_f64(*n),
        }
    }
}

/// serde_json's name for the value of a member read as its JSON text
/// ([`serde_json::value::RawValue`]'s token): a provider decoder passes it to
/// `deserialize_newtype_struct` to be handed the value's text. A reader that
/// does not know the name (serde's own buffers, another format) hands the
/// value over as it is, and the value is then read as that reader has it.
pub const JSON_TEXT: &str = "$serde_json::private::RawValue";

impl<'de> Deserialize<'de> for StringOrNumber {
    /// Reads a number from its JSON text, so that nothing is rounded or
    /// refused: an integer `u64` or `i64` holds is [`Unsigned`](Self::Unsigned)
    /// or [`Signed`](Self::Signed), a number a float holds exactly (`20.5`,
    /// `2.05e1`) is [`Float`](Self::Float), and any other number
    /// (`123456789012345678901234`, `21.000000000000000001`, `1e400`) is its
    /// text as written ([`Text`](Self::Text)). A boolean, an object or an array
    /// is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(JSON_TEXT, JsonTextVisitor)
    }
}

/// Takes serde_json's JSON text of the value, or, from a reader that does not
/// give it, the value itself.
struct JsonTextVisitor;

impl<'de> de::Visitor<'de> for JsonTextVisitor {
    type Value = StringOrNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key_seed(TextSeed(is_json_text_key))? != Some(Some(true)) {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(TextSeed(|text| {
            from_json_text(text.trim_matches(|c: char| c.is_ascii_whitespace()))
        }))?
        .ok_or_else(|| de::Error::custom("expected a string or a number"))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Whether a key is serde_json's name for a value's JSON text.
fn is_json_text_key(key: &str) -> Option<bool> {
    Some(key == JSON_TEXT)
}

/// Reads a text, borrowed or not, without keeping it, and answers `read` of
/// it (`None`: no answer).
struct TextSeed<T>(fn(&str) -> Option<T>);

impl<'de, T> de::DeserializeSeed<'de> for TextSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T> de::Visitor<'_> for TextSeed<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        Ok((self.0)(v))
    }
}

/// A JSON value's text as [`StringOrNumber`], `None` when it is no string and
/// no number.
fn from_json_text(text: &str) -> Option<StringOrNumber> {
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text)
            .ok()
            .map(StringOrNumber::Text);
    }
    crate::exact_number::read(text)
}

/// The value as a reader without JSON text has it.
struct ValueVisitor;

impl de::Visitor<'_> for ValueVisitor {
    type Value = StringOrNumber;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(StringOrNumber::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(StringOrNumber::Text(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(StringOrNumber::Unsigned(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(StringOrNumber::Signed(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(StringOrNumber::Float(v))
    }
}

macro_rules! lenient_number {
    ($name:ident, $ty:ident, $what:literal) => {
        #[doc = concat!("Reads an optional ", $what, " sent as a number or as a numeric string; `null` is `None`. An integer reader takes integer forms only (`12`, `\"12\"`): `12.0` or `1e2` is an error, never a rounded value.")]
        pub fn $name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<$ty>, D::Error> {
            struct V;
            impl de::Visitor<'_> for V {
                type Value = Option<$ty>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(concat!($what, " as a number or a string"))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                    lenient_number!(@int $ty, v, $what)
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                    lenient_number!(@int $ty, v, $what)
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                    lenient_number!(@float $ty, v)
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    let v = v.trim();
                    if v.is_empty() {
                        return Ok(None);
                    }
                    v.parse::<$ty>().map(Some).map_err(|_| E::custom(concat!("expected ", $what)))
                }
            }
            deserializer.deserialize_any(V)
        }
    };
    (@int f64, $v:ident, $what:literal) => { Ok(Some($v as f64)) };
    (@int $ty:ident, $v:ident, $what:literal) => {
        <$ty>::try_from($v).map(Some).map_err(|_| E::custom(concat!($what, " out of range")))
    };
    (@float f64, $v:ident) => { Ok(Some($v)) };
    // An integer sent in a float form (`12.0`, `1e2`, `9007199254740993.0`,
    // `1e-400`) reaches a JSON reader as a rounded `f64`: past 2^53 or under
    // the smallest float it is another number than the one written, and no test
    // of the float can tell. Refused, as the string form `"12.0"` already is
    // (and as Checkout's amounts are): a count is never read rounded.
    (@float $ty:ident, $v:ident) => {{
        let _ = $v;
        Err(E::custom("expected an integer, not a number with a fraction or an exponent"))
    }};
}

lenient_number!(opt_u64, u64, "an unsigned integer");
lenient_number!(opt_u32, u32, "an unsigned integer");
lenient_number!(opt_i64, i64, "an integer");
lenient_number!(opt_f64, f64, "a number");

/// Reads an optional boolean sent as `true`/`false`, `"true"`/`"false"`, or `1`/`0`.
pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    struct V;
    impl de::Visitor<'_> for V {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            match v {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                _ => Err(E::custom("expected a boolean")),
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            match v.trim() {
                "true" | "True" | "TRUE" | "1" => Ok(Some(true)),
                "false" | "False" | "FALSE" | "0" => Ok(Some(false)),
                "" => Ok(None),
                _ => Err(E::custom("expected a boolean")),
            }
        }
    }
    deserializer.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Numbers {
        #[serde(default, deserialize_with = "super::opt_u64")]
        unsigned: Option<u64>,
        #[serde(default, deserialize_with = "super::opt_i64")]
        signed: Option<i64>,
        #[serde(default, deserialize_with = "super::opt_u32")]
        small: Option<u32>,
    }

    fn read(json: &str) -> serde_json::Result<Numbers> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_number_one_past_the_range_is_refused_as_its_string_form_is_not_clamped() {
        for json in [
            r#"{"unsigned": 18446744073709551616}"#,
            r#"{"unsigned": 18446744073709551616.0}"#,
            r#"{"unsigned": 1.8446744073709552e19}"#,
            r#"{"unsigned": "18446744073709551616"}"#,
            r#"{"signed": 9223372036854775808.0}"#,
            r#"{"signed": 9.223372036854775808e18}"#,
            r#"{"signed": "9223372036854775808"}"#,
            r#"{"small": 4294967296.0}"#,
            r#"{"small": "4294967296"}"#,
        ] {
            assert!(read(json).is_err(), "{json}: {:?}", read(json));
        }
        let read_ok =
            read(r#"{"unsigned": 18446744073709551615, "signed": 9223372036854775807}"#).unwrap();
        assert_eq!(read_ok.unsigned, Some(u64::MAX));
        assert_eq!(read_ok.signed, Some(i64::MAX));
    }

    #[test]
    fn an_integer_in_a_float_form_is_refused_never_read_rounded() {
        for json in [
            r#"{"unsigned": 9007199254740993.0}"#,
            r#"{"unsigned": 1e-400}"#,
            r#"{"unsigned": 12.0}"#,
            r#"{"unsigned": 1e2}"#,
            r#"{"signed": -0.0}"#,
            r#"{"signed": -9223372036854775808.0}"#,
            r#"{"small": 4294967295.0}"#,
            r#"{"small": "12.0"}"#,
        ] {
            assert!(read(json).is_err(), "{json}: {:?}", read(json));
        }
        let read_ok = read(r#"{"unsigned": "12", "signed": -3, "small": 7}"#).unwrap();
        assert_eq!(read_ok.unsigned, Some(12));
        assert_eq!(read_ok.signed, Some(-3));
        assert_eq!(read_ok.small, Some(7));
    }
}
