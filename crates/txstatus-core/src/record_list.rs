//! Arrays of records read leniently and in place: `null` items read as empty
//! records, so item `i` of the model is item `i` of the JSON (a CLI masking the
//! raw body index by index relies on it), and each item is decoded into its
//! slot at the end of the array.

use std::{fmt, marker::PhantomData};

use serde::{Deserialize, Deserializer, de};

/// Bytes up to which a buffer stays in the allocator's fast per-size caches
/// (glibc: a little over 1 KiB).
const SMALL_BUFFER: usize = 1000;

/// Reads an optional array of records (`null` is `None`; a `null` item is
/// `T::default()`), for a `record_decoder!` field `(with opt_records as
/// Option<Vec<T>>)` or a `#[serde(default, deserialize_with = "...")]` field.
/// A [`record_decoder!`](crate::provider::record_decoder) record is decoded
/// into its slot (`Deserialize::deserialize_in_place`); any other `T` is built
/// and moved there.
///
/// The buffer starts with room for two items (one when two would not fit in
/// 1,000 bytes, the allocator's fast caches) and grows one item at a time up to four, then doubles: the
/// records are a few hundred bytes, a transaction's arrays hold one to a few, and
/// the usual first buffer of four would give one user 2 KiB, past the
/// allocator's fast caches, on every decode.
pub fn opt_records<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    deserializer.deserialize_option(OptList(PhantomData))
}

struct OptList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> de::Visitor<'de> for OptList<T> {
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
        while seq.next_element_seed(PushItem(&mut items))?.is_some() {}
        Ok(Some(items))
    }
}

/// Decodes the next item into a new slot at the end of the array (in place:
/// a record of a few hundred bytes is not built aside and moved there).
struct PushItem<'a, T>(&'a mut Vec<T>);

impl<'de, T: Deserialize<'de> + Default> de::DeserializeSeed<'de> for PushItem<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let items = self.0;
        crate::decode_budget::charge::<T, D::Error>()?;
        if items.len() == items.capacity() {
            let more = match items.len() {
                0 if std::mem::size_of::<T>() <= SMALL_BUFFER / 2 => 2,
                len if len < 4 => 1,
                len => len,
            };
            items.reserve_exact(more);
        }
        items.push(T::default());
        match items.last_mut() {
            Some(slot) => deserializer.deserialize_option(Item(slot)),
            None => Ok(()),
        }
    }
}

/// One item: `null` leaves the slot's default, anything else fills it.
struct Item<'a, T>(&'a mut T);

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Item<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::deserialize_in_place(deserializer, self.0)
    }
}
