//! Keys a model does not know, kept whole.

use std::fmt;

use serde_json::value::RawValue;
use txstatus_core::Pii;

/// The keys of an object that the model does not name, in the order they came,
/// with their values as raw JSON.
///
/// Values are wrapped in [`Pii`]: an unknown key may carry personal data, so
/// `Debug` shows the keys only and [`txstatus_core::to_redacted_json`] writes each value
/// as `"[redacted]"`. Serialization otherwise writes them back unchanged.
#[derive(Clone, Default)]
pub struct Extra {
    /// The keys, one after the other (one buffer, not one per key).
    keys: String,
    /// Where each key ends in `keys`, with its value.
    values: Vec<(usize, Pii<Box<RawValue>>)>,
}

/// Room for the unknown keys of a typical object, so the buffer is allocated once.
const KEYS_CAPACITY: usize = 64;

impl Extra {
    /// Adds a key as read; call [`Extra::finish`] once the object is read.
    pub(crate) fn push(&mut self, key: &str, value: Pii<Box<RawValue>>) {
        if self.keys.capacity() == 0 {
            self.keys.reserve(KEYS_CAPACITY.max(key.len()));
        }
        self.keys.push_str(key);
        self.values.push((self.keys.len(), value));
    }

    /// Once per object: the last of duplicate keys wins, as for the modelled keys,
    /// and sits where it came last. Repeated unknown keys are rare, so they are
    /// looked for once here instead of on every push.
    pub(crate) fn finish(&mut self) {
        if self.values.len() < 2 {
            return;
        }
        let repeated = self
            .iter_pii()
            .enumerate()
            .any(|(i, (key, _))| self.keys().take(i).any(|k| k == key));
        if !repeated {
            return;
        }
        let Extra { keys, values } = std::mem::take(self);
        let mut start = 0;
        let entries: Vec<(&str, Pii<Box<RawValue>>)> = values
            .into_iter()
            .map(|(end, value)| {
                let key = keys.get(start..end).unwrap_or_default();
                start = end;
                (key, value)
            })
            .collect();
        let names: Vec<&str> = entries.iter().map(|(key, _)| *key).collect();
        for (i, (key, value)) in entries.into_iter().enumerate() {
            if !names.iter().skip(i + 1).any(|later| *later == key) {
                self.push(key, value);
            }
        }
    }

    /// The raw JSON of `key`, when it was sent.
    pub fn get(&self, key: &str) -> Option<&Pii<Box<RawValue>>> {
        self.iter_pii().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The unknown keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter_pii().map(|(k, _)| k)
    }

    /// The keys with their raw values, in order.
    pub fn iter_pii(&self) -> impl Iterator<Item = (&str, &Pii<Box<RawValue>>)> {
        let mut start = 0;
        self.values.iter().map(move |(end, value)| {
            let key = self.keys.get(start..*end).unwrap_or_default();
            start = *end;
            (key, value)
        })
    }

    /// Number of unknown keys.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether every key was known.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter_pii()).finish()
    }
}
