//! The transaction's `events` log, kept raw.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::value::RawValue;
use txstatus_core::Pii;

/// `events`: the transaction's event log, kept as the JSON array it came in (one
/// copy of the array's bytes; the items are split only when asked for).
///
/// Events may name participants, so every item is personal data: `Debug` prints
/// each as `[redacted]`, and [`txstatus_core::to_redacted_json`] writes each as
/// `"[redacted]"`. Serialization otherwise writes the items back unchanged.
#[derive(Clone)]
pub struct Events(Pii<Box<RawValue>>);

impl Events {
    /// The whole array as sent.
    pub fn raw(&self) -> &Pii<Box<RawValue>> {
        &self.0
    }

    /// The items, as raw JSON, in order.
    pub fn items(&self) -> Vec<Pii<&RawValue>> {
        serde_json::from_str::<Vec<&RawValue>>(self.0.expose().get())
            .map(|items| items.into_iter().map(Pii::new).collect())
            .unwrap_or_default()
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.items().len()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.items().is_empty()
    }
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.items()).finish()
    }
}

impl Serialize for Events {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Item by item, so that redaction hides each event and keeps the count.
        serializer.collect_seq(self.items())
    }
}

impl<'de> Deserialize<'de> for Events {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if raw.get().starts_with('[') {
            Ok(Self(Pii::new(raw)))
        } else {
            Err(de::Error::invalid_type(
                de::Unexpected::Other("a value that is not an array"),
                &"a sequence of events",
            ))
        }
    }
}
