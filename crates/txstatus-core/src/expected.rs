//! What the model expected where a decode failed, found structurally.
//!
//! serde_json's error text quotes the offending value (personal data), so it is
//! never used. On the cold path only, the body is walked again as a
//! `serde_json::Value` by a deserializer whose error type records the structured
//! parts serde hands to every error constructor: the expected type (from the
//! model's own `expecting`), the kind of value found (never the value), and the
//! path. The answer is used only when its path matches the one serde_json's
//! position gives, so a walk that fails elsewhere cannot mislabel the error.

use std::{cell::Cell, fmt};

use serde::de::{
    self, DeserializeOwned, Deserializer, IntoDeserializer, Unexpected, Visitor,
    value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer},
};
use serde_json::Value;

use crate::json_path::{Part, render_parts};

/// Deepest nesting walked (serde_json's own parse limit).
const MAX_DEPTH: usize = 128;

/// The structured description of a failure.
pub(crate) struct Expected {
    /// `expected u32`, `missing field `name``, ...: built from the model only;
    /// `None` when the model failed with free text (never kept).
    pub(crate) what: Option<String>,
    /// The rendered path of the failure, every key as in the body (for matching
    /// with the parser's position only, never printed).
    pub(crate) path: String,
    /// The same path with only keys the model declares (struct fields, enum
    /// variants) written out; map keys and others as `<key>`.
    pub(crate) shown: String,
}

/// Walks `body` as `T` again and describes the first failure; `None` when the
/// body is not JSON or the walk finds none.
pub(crate) fn expected_at<T: DeserializeOwned>(body: &[u8]) -> Option<Expected> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let error = match T::deserialize(Tracked {
        value: &value,
        part: None,
        declared: None,
        depth: 0,
    }) {
        Ok(_) => return None,
        Err(error) => error,
    };
    let what = error.what;
    let parts: Vec<Part<'_>> = error.path.iter().rev().map(OwnedPart::as_part).collect();
    let shown: Vec<Part<'_>> = error.path.iter().rev().map(OwnedPart::as_shown).collect();
    Some(Expected {
        what,
        path: render_parts(parts.into_iter()),
        shown: render_parts(shown.into_iter()),
    })
}

enum OwnedPart {
    /// A key, and whether the model declares it.
    Key(String, bool),
    Index(usize),
}

impl OwnedPart {
    fn as_part(&self) -> Part<'_> {
        match self {
            Self::Key(key, _) => Part::Key(key),
            Self::Index(index) => Part::Index(*index),
        }
    }

    fn as_shown(&self) -> Part<'_> {
        match self {
            Self::Key(key, true) => Part::Key(key),
            Self::Key(_, false) => Part::Hidden,
            Self::Index(index) => Part::Index(*index),
        }
    }
}

/// An error that keeps only parts coming from the model, never from the data.
#[derive(Debug, Default)]
struct Capture {
    what: Option<String>,
    /// Innermost first.
    path: Vec<OwnedPart>,
}

impl fmt::Debug for OwnedPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("part")
    }
}

impl fmt::Display for Capture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("decode failure")
    }
}

impl std::error::Error for Capture {}

fn found(unexpected: &Unexpected<'_>) -> &'static str {
    match unexpected {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => "a number",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit => "null",
        Unexpected::Option => "an optional value",
        Unexpected::NewtypeStruct => "a newtype struct",
        Unexpected::Seq => "an array",
        Unexpected::Map => "an object",
        Unexpected::Enum | Unexpected::UnitVariant => "an enum variant",
        Unexpected::NewtypeVariant | Unexpected::TupleVariant | Unexpected::StructVariant => {
            "an enum variant"
        }
        Unexpected::Other(_) => "another value",
    }
}

impl de::Error for Capture {
    /// Free text may quote the data: only the fact of a failure is kept.
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Self::default()
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::saying(format!("expected {expected}, found {}", found(&unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::saying(format!(
            "expected {expected}, found {} it does not accept",
            found(&unexpected)
        ))
    }

    fn invalid_length(length: usize, expected: &dyn de::Expected) -> Self {
        Self::saying(format!("expected {expected}, found {length} elements"))
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Self::saying(format!("expected one of {}", expected.join(", ")))
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::saying("a field the model does not allow".to_owned())
    }

    fn missing_field(field: &'static str) -> Self {
        Self::saying(format!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::saying(format!("duplicate field `{field}`"))
    }
}

impl Capture {
    fn saying(what: String) -> Self {
        Self {
            what: Some(what),
            path: Vec::new(),
        }
    }
}

/// A value being walked, with its place in its parent.
#[derive(Clone, Copy)]
struct Tracked<'a> {
    value: &'a Value,
    part: Option<Part<'a>>,
    /// Set when the model read `part` as a field name (an identifier, as derived
    /// structs and enums do), not as map data (a `String` key).
    declared: Option<&'a Cell<bool>>,
    depth: usize,
}

impl<'a> Tracked<'a> {
    fn child(&self, value: &'a Value, part: Part<'a>, declared: Option<&'a Cell<bool>>) -> Self {
        Self {
            value,
            part: Some(part),
            declared,
            depth: self.depth.saturating_add(1),
        }
    }

    /// The members of an object as (key, value) pairs for a `MapDeserializer`;
    /// `flags` has one cell per member.
    fn members(
        self,
        map: &'a serde_json::Map<String, Value>,
        flags: &'a [Cell<bool>],
    ) -> impl Iterator<Item = (KeyDe<'a>, Tracked<'a>)> {
        map.iter().zip(flags).map(move |((key, item), flag)| {
            (
                KeyDe { key, flag },
                self.child(item, Part::Key(key), Some(flag)),
            )
        })
    }

    /// Adds this value's place to an error passing through it.
    fn locate<T>(&self, result: Result<T, Capture>) -> Result<T, Capture> {
        result.map_err(|mut error| {
            match self.part {
                Some(Part::Key(key)) => error.path.push(OwnedPart::Key(
                    key.to_owned(),
                    self.declared.is_some_and(Cell::get),
                )),
                Some(Part::Hidden) => error.path.push(OwnedPart::Key(String::new(), false)),
                Some(Part::Index(index)) => error.path.push(OwnedPart::Index(index)),
                None => {}
            }
            error
        })
    }

    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Capture> {
        if self.depth > MAX_DEPTH {
            return Err(Capture::default());
        }
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (None, Some(i), _) => visitor.visit_i64(i),
                (None, None, Some(f)) => visitor.visit_f64(f),
                (None, None, None) => Err(Capture::default()),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| self.child(item, Part::Index(index), None)),
                );
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(map) => {
                let flags: Vec<Cell<bool>> = map.iter().map(|_| Cell::new(false)).collect();
                let mut access = MapDeserializer::new(self.members(map, &flags));
                let value = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(value)
            }
        }
    }
}

impl<'de> IntoDeserializer<'de, Capture> for Tracked<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Tracked<'_> {
    type Error = Capture;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Capture> {
        self.locate(self.visit(visitor))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Capture> {
        let result = match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(Tracked { part: None, ..self }),
        };
        self.locate(result)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Capture> {
        let result = visitor.visit_newtype_struct(Tracked { part: None, ..self });
        self.locate(result)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Capture> {
        let result = match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                let flags = [Cell::new(false)];
                let access = MapDeserializer::new(self.members(map, &flags));
                visitor.visit_enum(MapAccessDeserializer::new(access))
            }
            _ => self.visit(visitor),
        };
        self.locate(result)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// An object key that records whether the model read it as a field name.
struct KeyDe<'a> {
    key: &'a str,
    flag: &'a Cell<bool>,
}

impl<'de> IntoDeserializer<'de, Capture> for KeyDe<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for KeyDe<'_> {
    type Error = Capture;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Capture> {
        visitor.visit_str(self.key)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Capture> {
        self.flag.set(true);
        visitor.visit_str(self.key)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::expected_at;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Name {
        last: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        count: Option<u32>,
        name: Option<Name>,
        tasks: Option<Vec<u8>>,
    }

    #[test]
    fn names_the_expected_type_and_the_kind_found_never_the_value() {
        let found = expected_at::<Doc>(br#"{"name":"Jane SECRET"}"#).unwrap();
        assert_eq!(found.path, "name");
        assert_eq!(
            found.what.as_deref(),
            Some("expected struct Name, found a string")
        );
        let found = expected_at::<Doc>(br#"{"tasks":[1,"SECRET"]}"#).unwrap();
        assert_eq!(found.path, "tasks[1]");
        assert_eq!(found.what.as_deref(), Some("expected u8, found a string"));
        let found = expected_at::<Doc>(br#"{"name":{}}"#).unwrap();
        assert_eq!(found.path, "name");
        assert_eq!(found.what.as_deref(), Some("missing field `last`"));
    }
}
