//! What `record_decoder!` expands to call: one copy per map and value type,
//! shared by every field of that type in every record of a crate.

use std::{fmt, marker::PhantomData};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess};
use serde::{Deserialize, Deserializer};

use crate::scalar_text::{FromText, OptSlot};

/// A record names at most this many fields (one bit each in [`Seen`]).
pub const MAX_FIELDS: usize = 64;

/// The next key: `Some(Some(index))` for a field the record names,
/// `Some(None)` for another key, `None` at the end of the object.
pub fn next_key<'de, A: MapAccess<'de>, L: Lookup>(
    map: &mut A,
) -> Result<Option<Option<u8>>, A::Error> {
    map.next_key_seed(FieldName::<L>(PhantomData))
}

/// A record's key table.
pub trait Lookup {
    /// Whether keys are read as bytes (`record_decoder!`'s `any_key` records):
    /// a member name that is a lone surrogate (`"\ud800"`, valid JSON, no Rust
    /// string) is then a name the record does not have, not a failed record.
    /// Off by default: serde_json reads a key as bytes more slowly (up to 40 %
    /// on the provider models), so only the members a webhook side routes on,
    /// whose loss would lose a delivery, pay for it.
    const KEYS_AS_BYTES: bool = false;

    /// The index of the field named `name`, if the record names it.
    fn lookup(name: &str) -> Option<u8>;
}

/// Skips the value of a key the record does not name.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The next value, through its type's own `Deserialize`.
pub fn next_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value()
}

/// The next value as optional text (see [`crate::provider::lenient::opt_text`]),
/// written into the field's slot.
pub fn next_text<'de, A: MapAccess<'de>, T: FromText>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    map.next_value_seed(OptSlot(slot))
}

/// The fields read so far, so that a repeated key is refused as serde's derive
/// refuses it.
#[derive(Default)]
pub struct Seen(u64);

impl Seen {
    /// Marks field `index`; a field already marked is `duplicate field`.
    pub fn insert<E: de::Error>(&mut self, index: u8, names: &[&'static str]) -> Result<(), E> {
        let bit = 1u64.checked_shl(u32::from(index)).unwrap_or(0);
        if self.0 & bit != 0 {
            return Err(duplicate(index, names));
        }
        self.0 |= bit;
        Ok(())
    }
}

#[cold]
fn duplicate<E: de::Error>(index: u8, names: &[&'static str]) -> E {
    E::duplicate_field(names.get(usize::from(index)).copied().unwrap_or("?"))
}

/// Reads a key and looks it up, borrowing the text whenever the input allows
/// (as bytes when the record asks, [`Lookup::KEYS_AS_BYTES`]).
struct FieldName<L>(PhantomData<L>);

impl<'de, L: Lookup> DeserializeSeed<'de> for FieldName<L> {
    type Value = Option<u8>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<u8>, D::Error> {
        if L::KEYS_AS_BYTES {
            deserializer.deserialize_bytes(self)
        } else {
            deserializer.deserialize_identifier(self)
        }
    }
}

impl<L: Lookup> de::Visitor<'_> for FieldName<L> {
    type Value = Option<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<u8>, E> {
        Ok(L::lookup(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<u8>, E> {
        Ok(std::str::from_utf8(v).ok().and_then(L::lookup))
    }
}
