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

    /// The value, to be written in place while it is decoded.
    pub(crate) fn expose_mut(&mut self) -> &mut T {
        &mut self.0
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

/// A `#[serde(serialize_with = "...")]` for a personal or secret field kept as
/// its plain type (so that its public type need not change): written as is,
/// and as `"[redacted]"` under [`to_redacted_json`], exactly as [`Pii`] writes.
/// Pair it with a `Debug` that hides the field
/// ([`RedactedDebug`](crate::provider::RedactedDebug)). Put an `Option` behind
/// `skip_serializing_if = "Option::is_none"`: `None` would be redacted too.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Page {
///     #[serde(serialize_with = "txstatus_core::provider::serialize_pii")]
///     next: String,
/// }
/// let page = Page { next: "/list?filter[email]=jan@example.com".into() };
/// let redacted = txstatus_core::to_redacted_json(&page).unwrap();
/// assert_eq!(redacted["next"], "[redacted]");
/// ```
pub fn serialize_pii<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Pii::new(value).serialize(serializer)
}

pub(crate) fn is_redacting() -> bool {
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
/// A number whose digits make a card number, an IBAN or a BSN (a provider's count,
/// score or amount holding one) is written as `"[redacted]"` too, wherever it
/// sits. A model nested deeper than [`MAX_JSON_DEPTH`] is an error, not a deep
/// recursion.
pub fn to_redacted_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<serde_json::Value> {
    let _guard = RedactGuard::enter();
    to_value_bounded(value)
}

/// Deepest nesting [`to_json`] and [`to_redacted_json`] write: a model holding a
/// deeper value (a raw document decoded without serde_json's own limit) fails
/// with an error instead of recursing as deep as the data.
pub const MAX_JSON_DEPTH: usize = 100;

/// `serde_json::to_value` with the nesting bounded: the model is written through a
/// formatter that refuses to open a container past [`MAX_JSON_DEPTH`], which stops
/// the recursion there, and the bytes are read back (under serde_json's limit).
fn to_value_bounded<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<serde_json::Value> {
    let mut bytes = Vec::new();
    let formatter = crate::json_writer::JsonWriter::new(is_redacting());
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    value.serialize(&mut serializer)?;
    read_back(&bytes)
}

/// Reads the written JSON back as a `Value`. Not generic and never inlined, so
/// serde_json's `Value` decoder is compiled once, in this crate, rather than in
/// every provider crate that writes a model.
#[inline(never)]
fn read_back(bytes: &[u8]) -> serde_json::Result<serde_json::Value> {
    serde_json::from_slice(bytes)
}

/// Serializes any model to JSON, redacting personal values when `redact` is true.
pub fn to_json<T: Serialize + ?Sized>(
    value: &T,
    redact: bool,
) -> serde_json::Result<serde_json::Value> {
    if redact {
        to_redacted_json(value)
    } else {
        to_value_bounded(value)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{Pii, to_json, to_redacted_json};

    #[test]
    fn a_very_deep_model_is_an_error_on_a_small_stack_not_an_overflow() {
        let mut deep = json!("Jane");
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        let deep: &'static Value = Box::leak(Box::new(deep));
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                assert!(to_redacted_json(deep).is_err());
                assert!(to_json(deep, false).is_err());
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn ordinary_models_round_trip_with_personal_values_redacted() {
        let model = json!({"a": [1, {"b": null}], "c": 1.5});
        assert_eq!(to_json(&model, false).unwrap(), model);
        let name = (Pii::new("Jane".to_owned()), 3);
        assert_eq!(to_redacted_json(&name).unwrap(), json!(["[redacted]", 3]));
    }

    #[test]
    fn member_names_that_are_not_plain_tokens_are_redacted_with_their_values_kept() {
        let model = json!({
            "name-first": 1,
            "@timestamp": 2,
            "verification/government-id": 3,
            "jane.doe@example.com": 4,
            "Jane Doe": {"inner": 5},
            "4111111111111111": 6,
            "quote\"d": 7,
        });
        let redacted = to_redacted_json(&model).unwrap();
        let keys: Vec<&str> = redacted
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "@timestamp",
                "[redacted]",
                "name-first",
                "verification/government-id"
            ],
            "{redacted}"
        );
        assert_eq!(to_json(&model, false).unwrap(), model);
        let map: std::collections::BTreeMap<u64, bool> =
            [(4_111_111_111_111_111, true), (7, false)].into();
        assert_eq!(
            to_redacted_json(&map).unwrap(),
            json!({"[redacted]": true, "7": false})
        );
    }

    #[test]
    fn numbers_holding_a_card_number_or_bsn_are_redacted_wherever_they_sit() {
        let model = json!({
            "attempts": 4_111_111_111_111_111_u64,
            "delta": -4_111_111_111_111_111_i64,
            "score": 4_111_111_111_111_111.0,
            "items": [{"quantity": 123_456_782}],
            "fine": [3, 0.123_456_782, 1_733_000_000, -7, 2.5],
        });
        assert_eq!(
            to_redacted_json(&model).unwrap(),
            json!({
                "attempts": "[redacted]",
                "delta": "[redacted]",
                "score": "[redacted]",
                "items": [{"quantity": "[redacted]"}],
                "fine": [3, 0.123_456_782, 1_733_000_000, -7, 2.5],
            })
        );
        assert_eq!(to_json(&model, false).unwrap(), model);
        let typed: (u32, i32, u128, i128, f32) = (
            123_456_782,
            123_456_782,
            4_111_111_111_111_111,
            4_111_111_111_111_111,
            1.5,
        );
        assert_eq!(
            to_redacted_json(&typed).unwrap(),
            json!(["[redacted]", "[redacted]", "[redacted]", "[redacted]", 1.5])
        );
    }
}
