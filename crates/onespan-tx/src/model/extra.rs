//! Keys a model does not know, kept whole.

use std::fmt;

use serde_json::value::RawValue;
use tx_core::Pii;

/// The keys of an object that the model does not name, in the order they came,
/// with their values as raw JSON.
///
/// Values are wrapped in [`Pii`]: an unknown key may carry personal data, so
/// `Debug` shows the keys only and [`tx_core::to_redacted_json`] writes each value
/// as `"[redacted]"`. Serialization otherwise writes them back unchanged.
#[derive(Clone, Default)]
pub struct Extra(Vec<(String, Pii<Box<RawValue>>)>);

impl Extra {
    pub(crate) fn push(&mut self, key: String, value: Pii<Box<RawValue>>) {
        // The last of duplicate keys wins, as for the modelled keys.
        self.0.retain(|(existing, _)| *existing != key);
        self.0.push((key, value));
    }

    /// The raw JSON of `key`, when it was sent.
    pub fn get(&self, key: &str) -> Option<&Pii<Box<RawValue>>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The unknown keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The keys with their raw values, in order.
    pub fn iter_pii(&self) -> impl Iterator<Item = (&str, &Pii<Box<RawValue>>)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of unknown keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether every key was known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}
