//! The iframe's `postMessage` data, read only for the members that may name a
//! result: `resultId` at the top level and under `data`. Everything else is
//! skipped unread, so a message of any size or shape keeps nothing but those
//! (it is decoded with the core's `from_json_slice`, under its depth limit and
//! decode budget).

use std::fmt;

use serde::{
    Deserialize, Deserializer,
    de::{Error, IgnoredAny, MapAccess, SeqAccess, Visitor},
};

/// What one `resultId` member holds, as far as naming a result goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Member {
    /// A string.
    Text(String),
    /// Anything else (`null`, a number, a boolean, an object, an array).
    Other,
}

/// One `resultId` place of a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Not there (or the message, or `data`, is not an object).
    #[default]
    Absent,
    /// There once, or repeated with the same value.
    Present(Member),
    /// Repeated with different values: it names none.
    Ambiguous,
}

impl Slot {
    fn set(&mut self, member: Member) {
        *self = match std::mem::take(self) {
            Slot::Absent => Slot::Present(member),
            Slot::Present(earlier) if earlier == member => Slot::Present(earlier),
            Slot::Present(_) | Slot::Ambiguous => Slot::Ambiguous,
        };
    }

    fn merge(&mut self, other: Slot) {
        match other {
            Slot::Absent => {}
            Slot::Present(member) => self.set(member),
            Slot::Ambiguous => *self = Slot::Ambiguous,
        }
    }
}

/// `resultId` at the top level (`top`) and under `data` (`nested`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct IframeMessage {
    /// `resultId`.
    pub(crate) top: Slot,
    /// `data.resultId`.
    pub(crate) nested: Slot,
}

/// `data`, read for its `resultId` only.
struct Data(Slot);

/// The answer of a visitor to a value that is not the shape it reads: the
/// value is skipped (an array item by item, unkept) and `default` is returned.
macro_rules! other_shapes {
    ($default:expr) => {
        fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($default)
        }
    };
}

struct MemberVisitor;

impl<'de> Visitor<'de> for MemberVisitor {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Member, E> {
        Ok(Member::Text(v.to_owned()))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Member, E> {
        Ok(Member::Text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Member, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Member::Other)
    }

    other_shapes!(Member::Other);
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MemberVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<Data, E> {
        Ok(Data(Slot::Absent))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let mut slot = Slot::Absent;
        while let Some(key) = map.next_key::<String>()? {
            if key == "resultId" {
                slot.set(map.next_value::<Member>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Data(slot))
    }

    other_shapes!(Data(Slot::Absent));
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

struct MessageVisitor;

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = IframeMessage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<IframeMessage, E> {
        Ok(IframeMessage::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IframeMessage, A::Error> {
        let mut message = IframeMessage::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "resultId" => message.top.set(map.next_value::<Member>()?),
                "data" => message.nested.merge(map.next_value::<Data>()?.0),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(message)
    }

    other_shapes!(IframeMessage::default());
}

impl<'de> Deserialize<'de> for IframeMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MessageVisitor)
    }
}
