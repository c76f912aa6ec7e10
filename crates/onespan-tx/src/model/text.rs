//! Decoders for values whose JSON type the provider does not always keep.
//!
//! [`Opt`] reads an optional scalar in one step: `null` is `None`, a string is
//! the value, and a number or boolean is read as its text (an id sent as a number
//! still decodes), with no `Option` layer in between.

use std::{fmt, marker::PhantomData};

use serde::{Deserialize, Deserializer, de};

/// A value read from JSON text (or a scalar, as its text).
pub(crate) trait FromText: Sized {
    /// What the value is, for error messages.
    const EXPECTING: &'static str;

    /// From text borrowed for the call.
    fn from_text(text: &str) -> Self;

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
pub(crate) struct Opt<T>(pub(crate) Option<T>);

impl<'de, T: FromText> Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OptVisitor(PhantomData))
    }
}

struct OptVisitor<T>(PhantomData<T>);

impl<T: FromText> OptVisitor<T> {
    fn checked<E: de::Error>(
        value: Option<T>,
        unexpected: de::Unexpected<'_>,
    ) -> Result<Opt<T>, E> {
        match value {
            Some(value) => Ok(Opt(Some(value))),
            None => Err(E::invalid_type(unexpected, &T::EXPECTING)),
        }
    }
}

impl<'de, T: FromText> de::Visitor<'de> for OptVisitor<T> {
    type Value = Opt<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Opt<T>, E> {
        Ok(Opt(Some(T::from_text(v))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Opt<T>, E> {
        Ok(Opt(Some(T::from_owned(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Opt<T>, E> {
        Self::checked(T::from_u64(v), de::Unexpected::Unsigned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Opt<T>, E> {
        Self::checked(T::from_i64(v), de::Unexpected::Signed(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Opt<T>, E> {
        Self::checked(T::from_f64(v), de::Unexpected::Float(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Opt<T>, E> {
        Self::checked(T::from_bool(v), de::Unexpected::Bool(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Opt<T>, E> {
        Ok(Opt(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Opt<T>, E> {
        Ok(Opt(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Opt<T>, D::Error> {
        Opt::deserialize(deserializer)
    }
}

/// Deserializes a required [`FromText`] value (`null` is an error), for the
/// public types' own `Deserialize`.
pub(crate) fn required<'de, T: FromText, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    Opt::<T>::deserialize(deserializer)?
        .0
        .ok_or_else(|| de::Error::invalid_type(de::Unexpected::Unit, &T::EXPECTING))
}
