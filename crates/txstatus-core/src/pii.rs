//! Personal data: hidden from `Debug`, redactable when serialized.

use std::{cell::Cell, fmt};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The text written in place of a personal value.
pub const REDACTED: &str = "[redacted]";

thread_local! {
    static REDACTING: Cell<u32> = const { Cell::new(0) };
}

/// A personal value: a name, an address, a date of birth, a document number, a
/// signed file URL.
///
/// `Debug` prints `[redacted]`; read the value with [`Pii::expose`]. Serialization
/// is transparent, except inside [`to_redacted_json`], where every `Pii` is written
/// as `"[redacted]"`.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pii<T>(T);

impl<T> Pii<T> {
    /// Wraps a personal value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Reads the value. Call sites are easy to audit with a search for `expose`.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_exposed(self) -> T {
        self.0
    }
}

impl<T> From<T> for Pii<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Pii<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Pii<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

impl<T: Serialize> Serialize for Pii<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if is_redacting() {
            serializer.serialize_str(REDACTED)
        } else {
            self.0.serialize(serializer)
        }
    }
}

fn is_redacting() -> bool {
    REDACTING.with(|depth| depth.get() > 0)
}

struct RedactGuard;

impl RedactGuard {
    fn enter() -> Self {
        REDACTING.with(|depth| depth.set(depth.get().saturating_add(1)));
        Self
    }
}

impl Drop for RedactGuard {
    fn drop(&mut self) {
        REDACTING.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

/// Serializes any model to JSON with every `Pii` value written as `"[redacted]"`.
///
/// Use `Option<Pii<T>>` for optional personal fields: an absent value stays `null`.
pub fn to_redacted_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<serde_json::Value> {
    let _guard = RedactGuard::enter();
    serde_json::to_value(value)
}

/// Serializes any model to JSON, redacting personal values when `redact` is true.
pub fn to_json<T: Serialize + ?Sized>(
    value: &T,
    redact: bool,
) -> serde_json::Result<serde_json::Value> {
    if redact {
        to_redacted_json(value)
    } else {
        serde_json::to_value(value)
    }
}
