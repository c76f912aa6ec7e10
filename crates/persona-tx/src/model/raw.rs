//! Raw-JSON pieces shared by the hand-written decoders.

use std::fmt;

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{self, MapAccess, SeqAccess, Visitor},
};
use serde_json::value::RawValue;

/// Writes any serializable value as raw JSON.
pub(crate) fn to_raw<T: Serialize + ?Sized, E: de::Error>(value: &T) -> Result<Box<RawValue>, E> {
    serde_json::value::to_raw_value(value).map_err(E::custom)
}

/// Whether a raw value is JSON `null`.
pub(crate) fn is_null(raw: &RawValue) -> bool {
    raw.get().trim() == "null"
}

/// Rebuilds a JSON object from its members, in order.
pub(crate) fn object<E: de::Error>(
    members: &[(String, Box<RawValue>)],
) -> Result<Box<RawValue>, E> {
    let mut out = String::from("{");
    for (index, (key, value)) in members.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key).map_err(E::custom)?);
        out.push(':');
        out.push_str(value.get());
    }
    out.push('}');
    RawValue::from_string(out).map_err(E::custom)
}

/// Rebuilds a JSON array from its elements, in order.
pub(crate) fn array<E: de::Error>(items: &[Box<RawValue>]) -> Result<Box<RawValue>, E> {
    let mut out = String::from("[");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(item.get());
    }
    out.push(']');
    RawValue::from_string(out).map_err(E::custom)
}

/// A string, or whatever else was there, kept raw (`type` and `id` members).
pub(crate) enum Tag {
    /// A JSON string.
    Text(String),
    /// Any other JSON value.
    Raw(Box<RawValue>),
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TagVisitor)
    }
}

struct TagVisitor;

macro_rules! raw_fallback {
    ($wrap:expr; $($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                RawVisitor.$method(v).map($wrap)
            }
        )*
    };
}
pub(crate) use raw_fallback;

impl<'de> Visitor<'de> for TagVisitor {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag, E> {
        Ok(Tag::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tag, E> {
        Ok(Tag::Text(v))
    }

    raw_fallback!(Tag::Raw; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64));

    fn visit_unit<E: de::Error>(self) -> Result<Tag, E> {
        RawVisitor.visit_unit().map(Tag::Raw)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Tag, A::Error> {
        RawVisitor.visit_seq(seq).map(Tag::Raw)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Tag, A::Error> {
        RawVisitor.visit_map(map).map(Tag::Raw)
    }
}

/// Turns whatever token a visitor meets into raw JSON. Used only off the fast
/// path, when a value is not of the shape its type promises. Arrays and objects
/// are rebuilt from their items and members each captured as sent: member order,
/// members sent twice and number forms (`1.50`) are kept (a `Value` would sort
/// the members and keep one of each name).
pub(crate) struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Box<RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        to_raw(&v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        to_raw(&v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        to_raw(&v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        to_raw(&v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        to_raw(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        to_raw(&())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        to_raw(&())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Box<RawValue>>()? {
            items.push(item);
        }
        array(&items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value::<Box<RawValue>>()?));
        }
        object(&members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_rebuilds_members_in_order() {
        let members = vec![
            ("b".to_owned(), to_raw::<_, serde_json::Error>(&1).unwrap()),
            (
                "a\"".to_owned(),
                to_raw::<_, serde_json::Error>("x").unwrap(),
            ),
        ];
        let raw = object::<serde_json::Error>(&members).unwrap();
        assert_eq!(raw.get(), r#"{"b":1,"a\"":"x"}"#);
    }

    #[test]
    fn tag_keeps_non_strings_raw() {
        let tag: Tag = serde_json::from_str("[1,{\"a\":null}]").unwrap();
        match tag {
            Tag::Raw(raw) => assert_eq!(raw.get(), r#"[1,{"a":null}]"#),
            Tag::Text(_) => panic!("expected raw"),
        }
        assert!(matches!(serde_json::from_str::<Tag>("\"x\"").unwrap(), Tag::Text(t) if t == "x"));
    }
}
