//! Arrays of records, in buffers sized to what was sent.

use std::{fmt, marker::PhantomData};

use serde::{Deserializer, de};

use super::record::{Decode, InPlace, Record};

/// Bytes up to which a buffer stays in the allocator's fast per-size caches
/// (glibc: a little over 1 KiB).
const SMALL_BUFFER: usize = 1000;

/// The decoder of an optional array of records (`null` reads as `None`): each
/// item is filled in place and moved once into a `Vec` that starts with room for
/// two items (one when two would not fit in [`SMALL_BUFFER`]), grows one item at
/// a time up to four, then doubles.
///
/// The records are a few hundred bytes each: the usual first buffer of four would
/// give one user 2 KiB, and a buffer past 1 KiB leaves the allocator's fast
/// per-size caches and makes it tidy up its free lists, on every decode. The
/// arrays of a transaction hold one to a few items.
pub(crate) struct List<T>(PhantomData<T>);

impl<T: Record> Decode<Vec<T>> for List<T> {
    fn decode<'de, A: de::MapAccess<'de>>(
        map: &mut A,
        slot: &mut Option<Vec<T>>,
    ) -> Result<(), A::Error> {
        map.next_value_seed(ListSeed(slot))
    }
}

struct ListSeed<'a, T>(&'a mut Option<Vec<T>>);

impl<'de, T: Record> de::DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Record> de::Visitor<'de> for ListSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let items = self.0.insert(Vec::new());
        loop {
            // Each item is read into one record and moved once, into the buffer.
            let mut item = T::default();
            if seq.next_element_seed(InPlace(&mut item))?.is_none() {
                return Ok(());
            }
            if items.len() == items.capacity() {
                let more = match items.len() {
                    // Two when two fit in a small buffer (a verification list
                    // often has two), else one.
                    0 if 2 * std::mem::size_of::<T>() <= SMALL_BUFFER => 2,
                    len if len < 4 => 1,
                    len => len,
                };
                items.reserve_exact(more);
            }
            items.push(item);
        }
    }
}
