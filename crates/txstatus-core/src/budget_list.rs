//! Arrays of any item type with each item charged to the decode's budget
//! ([`crate::provider::charge`]): for a model's `Vec` fields whose items are
//! not `record_decoder!` records (those charge themselves).

use std::{fmt, marker::PhantomData};

use serde::{Deserialize, Deserializer, de};

/// Reads an array (`null` is an empty one), each item charged to the decode's
/// budget; for `#[serde(default, deserialize_with = "...")]` on a `Vec<T>` field.
pub fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(opt_vec(deserializer)?.unwrap_or_default())
}

/// Reads an optional array (`null` is `None`), each item charged to the
/// decode's budget; for `#[serde(default, deserialize_with = "...")]` on an
/// `Option<Vec<T>>` field.
pub fn opt_vec<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(OptVec(PhantomData))
}

struct OptVec<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for OptVec<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            crate::decode_budget::charge::<T, A::Error>()?;
            items.push(item);
        }
        Ok(Some(items))
    }
}
