//! "Scalar as text": values whose JSON type a provider does not always keep.
//!
//! [`Opt`] reads an optional scalar in one step: `null` is `None`, a string is
//! the value, and a number or boolean is read as its text (an id or a postal code
//! sent as a number still decodes), with no `Option` layer in between and no
//! buffering. [`opt_text`], [`opt_pii_text`] and [`opt_pii_bool`] are the same
//! rule for `#[serde(deserialize_with = "...")]` fields. Every provider crate uses
//! these; none keeps its own copy.

use std::fmt;

use serde::{Deserialize, Deserializer, de};

use crate::pii::Pii;

/// A value read from JSON text (or a scalar, as its text).
pub trait FromText: Sized {
    /// What the value is, for error messages.
    const EXPECTING: &'static str;

    /// From text borrowed for the call.
    fn from_text(text: &str) -> Self;

    /// An empty value that [`FromText::set_text`] fills where it lies, for a type
    /// that keeps its bytes in place ([`crate::Text`]); `None` for the others.
    fn placeholder() -> Option<Self> {
        None
    }

    /// Replaces the value with the one read from `text`.
    fn set_text(&mut self, text: &str) {
        *self = Self::from_text(text);
    }

    /// Writes the value read from `text` into `slot`, as
    /// `*slot = Some(Self::from_text(text))` does, but a type with a
    /// [`FromText::placeholder`] is filled where it stays: bytes built aside and
    /// then copied are read back before the CPU can forward them from its store
    /// buffer, which stalls every such copy.
    fn put_text(text: &str, slot: &mut Option<Self>) {
        if slot.is_none() {
            *slot = Self::placeholder();
        }
        match slot {
            Some(value) => value.set_text(text),
            None => *slot = Some(Self::from_text(text)),
        }
    }

    /// From owned text (by default, as [`FromText::from_text`]).
    fn from_owned(text: String) -> Self {
        Self::from_text(&text)
    }

    /// From an integer; `None` rejects it.
    fn from_u64(value: u64) -> Option<Self> {
        Some(Self::from_owned(value.to_string()))
    }

    /// From a negative integer; `None` rejects it.
    fn from_i64(value: i64) -> Option<Self> {
        Some(Self::from_owned(value.to_string()))
    }

    /// From a fractional number; `None` rejects it.
    fn from_f64(value: f64) -> Option<Self> {
        Some(Self::from_owned(value.to_string()))
    }

    /// From a boolean; `None` rejects it.
    fn from_bool(value: bool) -> Option<Self> {
        Some(Self::from_owned(value.to_string()))
    }
}

impl FromText for String {
    const EXPECTING: &'static str = "a string";

    fn from_text(text: &str) -> Self {
        text.to_owned()
    }

    fn from_owned(text: String) -> Self {
        text
    }
}

/// An optional [`FromText`] value: `null` reads as `None`.
pub struct Opt<T>(pub Option<T>);

impl<'de, T: FromText> Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut slot = None;
        de::DeserializeSeed::deserialize(OptSlot(&mut slot), deserializer)?;
        Ok(Opt(slot))
    }
}

/// Reads an optional [`FromText`] value straight into `slot`, with [`Opt`]'s rules:
/// the value is built where it is kept instead of being returned through serde's
/// layers, each a copy of it (a [`crate::Text`] is 40 bytes, copied right after its
/// bytes are written, which the CPU cannot forward from its store buffer).
pub struct OptSlot<'a, T>(pub &'a mut Option<T>);

impl<'de, T: FromText> de::DeserializeSeed<'de> for OptSlot<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<T: FromText> OptSlot<'_, T> {
    fn put<E: de::Error>(self, value: Option<T>, unexpected: de::Unexpected<'_>) -> Result<(), E> {
        match value {
            Some(value) => {
                *self.0 = Some(value);
                Ok(())
            }
            None => Err(E::invalid_type(unexpected, &T::EXPECTING)),
        }
    }
}

impl<'de, T: FromText> de::Visitor<'de> for OptSlot<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        T::put_text(v, self.0);
        Ok(())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        *self.0 = Some(T::from_owned(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.put(T::from_u64(v), de::Unexpected::Unsigned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.put(T::from_i64(v), de::Unexpected::Signed(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.put(T::from_f64(v), de::Unexpected::Float(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.put(T::from_bool(v), de::Unexpected::Bool(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        de::DeserializeSeed::deserialize(self, deserializer)
    }
}

/// Deserializes a required [`FromText`] value (`null` is an error), for the
/// public types' own `Deserialize`.
pub fn required<'de, T: FromText, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    Opt::<T>::deserialize(deserializer)?
        .0
        .ok_or_else(|| de::Error::invalid_type(de::Unexpected::Unit, &T::EXPECTING))
}

/// Personal text reads as its inner text does (`Pii<String>`, `Pii<Text>`).
impl<T: FromText> FromText for Pii<T> {
    const EXPECTING: &'static str = T::EXPECTING;

    fn from_text(text: &str) -> Self {
        Pii::new(T::from_text(text))
    }

    fn from_owned(text: String) -> Self {
        Pii::new(T::from_owned(text))
    }

    fn placeholder() -> Option<Self> {
        T::placeholder().map(Pii::new)
    }

    fn set_text(&mut self, text: &str) {
        self.expose_mut().set_text(text);
    }

    fn from_u64(value: u64) -> Option<Self> {
        T::from_u64(value).map(Pii::new)
    }

    fn from_i64(value: i64) -> Option<Self> {
        T::from_i64(value).map(Pii::new)
    }

    fn from_f64(value: f64) -> Option<Self> {
        T::from_f64(value).map(Pii::new)
    }

    fn from_bool(value: bool) -> Option<Self> {
        T::from_bool(value).map(Pii::new)
    }
}

/// Reads optional text sent as a string, or as a number or boolean kept as its
/// text; `null` is `None`.
pub fn opt_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Opt::<String>::deserialize(deserializer).map(|value| value.0)
}

/// Any optional [`FromText`] value in one step (an open enum, a
/// [`LazyTime`](crate::LazyTime)), without serde's `Option` layer: for
/// `#[serde(default, deserialize_with = "...")]` fields of derived records.
pub fn opt_from_text<'de, T: FromText, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Opt::<T>::deserialize(deserializer).map(|value| value.0)
}

/// [`opt_text`] for personal values (a house number or postal code sent as `25`),
/// wrapped as [`Pii`].
pub fn opt_pii_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<String>>, D::Error> {
    Opt::<Pii<String>>::deserialize(deserializer).map(|value| value.0)
}

/// An optional boolean (`true`, `"true"`, `1`; `null` is `None`) wrapped as [`Pii`].
pub fn opt_pii_bool<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<bool>>, D::Error> {
    crate::lenient::opt_bool(deserializer).map(|value| value.map(Pii::new))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;

    use crate::pii::Pii;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "super::opt_pii_text")]
        personal: Option<Pii<String>>,
        #[serde(default, deserialize_with = "super::opt_text")]
        plain: Option<String>,
    }

    fn read(json: &str) -> (Option<String>, Option<String>) {
        let holder: Holder = serde_json::from_str(json).unwrap();
        (holder.personal.map(Pii::into_exposed), holder.plain)
    }

    #[test]
    fn strings_numbers_and_booleans_are_read_as_their_text() {
        assert_eq!(
            read(r#"{"personal":"25A","plain":7}"#),
            (Some("25A".into()), Some("7".into()))
        );
        assert_eq!(
            read(r#"{"personal":25,"plain":true}"#),
            (Some("25".into()), Some("true".into()))
        );
        assert_eq!(
            read(r#"{"personal":-1.5,"plain":null}"#).0.as_deref(),
            Some("-1.5")
        );
        assert_eq!(read("{}"), (None, None));
    }

    #[test]
    fn an_object_is_still_an_error() {
        assert!(serde_json::from_str::<Holder>(r#"{"plain":{}}"#).is_err());
    }
}
