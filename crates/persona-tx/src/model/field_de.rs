//! The hand-written decoder of [`FieldValue`].
//!
//! When `type` is the first member (as Persona writes it), `value` is decoded
//! straight into its typed variant, in one pass, without buffering. When it is
//! not, the members are buffered as raw JSON and `value` is decoded again once
//! `type` is known. A value that does not fit its type, an unknown type, or a
//! member that is not an object becomes [`FieldValue::Raw`]: no valid JSON fails,
//! except a `type` member serde_json does not read (a number past `f64`'s range,
//! `1e400`), which fails the decode with an error that keeps the body (the
//! `value` is read from its text, `type` is not: one raw read per field less).
//!
//! Members sent twice: nothing wins silently. A field object with `type` or
//! `value` twice is kept whole as [`FieldValue::Raw`] (every copy), and so is a
//! `hash` value naming one member twice (the `hash` kept raw, every copy). A
//! field name sent twice in a resource's `fields` fails the decode (see
//! [`opt_fields`]), as a member sent twice does in every other Persona record.
//!
//! Depth: a `hash` or `array` nests fields in fields, and the slow path parses
//! `value` again with a fresh `serde_json::Deserializer`, whose own depth limit
//! starts over. So the field depth is carried explicitly through every seed,
//! including across that re-parse, and past [`MAX_FIELD_DEPTH`] the member is
//! kept raw (captured without recursion) instead of decoded further.

use std::{
    collections::{BTreeMap, btree_map::Entry},
    fmt,
};

use serde::{
    Deserialize, Deserializer,
    de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor},
};
use serde_json::value::RawValue;
use txstatus_core::{CalendarDate, Pii, Timestamp, provider::lenient::JSON_TEXT};

use super::{
    field::{FieldValue, Fields, FileValue, ValueOf},
    raw::{RawVisitor, Tag, array, is_null, object, raw_fallback, to_raw},
};

/// Field objects nested deeper than this are kept as [`FieldValue::Raw`].
///
/// Real forms nest a handful of levels; the bound keeps the stack used by one
/// decode small and constant whatever the body.
pub(crate) const MAX_FIELD_DEPTH: usize = 16;

/// The documented field types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Array,
    Boolean,
    Choices,
    Date,
    Datetime,
    EmailAddress,
    File,
    Hash,
    Integer,
    Json,
    MultiChoices,
    Number,
    String,
}

impl Kind {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "array" => Self::Array,
            "boolean" => Self::Boolean,
            "choices" => Self::Choices,
            "date" => Self::Date,
            "datetime" => Self::Datetime,
            "email-address" => Self::EmailAddress,
            "file" => Self::File,
            "hash" => Self::Hash,
            "integer" => Self::Integer,
            "json" => Self::Json,
            "multi-choices" => Self::MultiChoices,
            "number" => Self::Number,
            "string" => Self::String,
            _ => return None,
        })
    }

    /// The variant holding `null`.
    fn null(self) -> FieldValue {
        match self {
            Self::Array => FieldValue::Array(None),
            Self::Boolean => FieldValue::Boolean(None),
            Self::Choices => FieldValue::Choices(None),
            Self::Date => FieldValue::Date(None),
            Self::Datetime => FieldValue::Datetime(None),
            Self::EmailAddress => FieldValue::EmailAddress(None),
            Self::File => FieldValue::File(None),
            Self::Hash => FieldValue::Hash(None),
            Self::Integer => FieldValue::Integer(None),
            Self::Json => FieldValue::Json(None),
            Self::MultiChoices => FieldValue::MultiChoices(None),
            Self::Number => FieldValue::Number(None),
            Self::String => FieldValue::String(None),
        }
    }

    /// The name, as `type` spells it.
    fn name(self) -> &'static str {
        self.null().type_name().unwrap_or_default()
    }

    /// The variant holding a string, when the type is textual.
    fn text(self, text: &str) -> Option<FieldValue> {
        let pii = || Some(Pii::new(text.to_owned()));
        Some(match self {
            Self::Choices => FieldValue::Choices(pii()),
            Self::EmailAddress => FieldValue::EmailAddress(pii()),
            Self::String => FieldValue::String(pii()),
            Self::Date => FieldValue::Date(Some(Pii::new(CalendarDate::parse(text)))),
            Self::Datetime => FieldValue::Datetime(Some(Pii::new(Timestamp::parse(text)))),
            Self::Boolean => match text.trim() {
                "true" => FieldValue::Boolean(Some(Pii::new(true))),
                "false" => FieldValue::Boolean(Some(Pii::new(false))),
                _ => return None,
            },
            Self::Integer => FieldValue::Integer(Some(Pii::new(text.trim().parse().ok()?))),
            Self::Number => {
                let number: f64 = text.trim().parse().ok()?;
                if !number.is_finite() {
                    return None;
                }
                FieldValue::Number(Some(Pii::new(number)))
            }
            _ => return None,
        })
    }
}

/// A typed value, or the raw `value` when it does not fit the type.
enum Decoded {
    Typed(FieldValue),
    Mismatch(Box<RawValue>),
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FieldSeed(0).deserialize(deserializer)
    }
}

/// Decodes one field at a given nesting depth (0 for a member of `fields`).
#[derive(Clone, Copy)]
pub(crate) struct FieldSeed(pub(crate) usize);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = FieldValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FieldValue, D::Error> {
        if self.0 >= MAX_FIELD_DEPTH {
            // Captured as text: serde_json skips it without recursing.
            return Box::<RawValue>::deserialize(deserializer).map(raw_field);
        }
        deserializer.deserialize_any(FieldVisitor(self.0))
    }
}

impl FieldSeed {
    /// The seed for a field nested in this one.
    fn inner(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

/// Keys of a field object, read without allocating for `type` and `value`.
enum Key {
    Type,
    Value,
    Other(String),
}

impl Key {
    fn into_string(self) -> String {
        match self {
            Self::Type => "type".to_owned(),
            Self::Value => "value".to_owned(),
            Self::Other(other) => other,
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "type" => Key::Type,
                    "value" => Key::Value,
                    other => Key::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Visits a field object at the given depth.
struct FieldVisitor(usize);

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        let Some(first) = map.next_key::<Key>()? else {
            return Ok(FieldValue::Raw(Pii::new(object(&[])?)));
        };
        if let Key::Type = first {
            return match map.next_value::<TypeTag>()? {
                TypeTag::Known(kind) => decode_after_type(map, Ok(kind), FieldSeed(self.0)),
                TypeTag::Unknown(name) => decode_after_type(map, Err(name), FieldSeed(self.0)),
                TypeTag::Raw(raw) => {
                    buffer_rest(map, vec![("type".to_owned(), raw)], FieldSeed(self.0))
                }
            };
        }
        let value = map.next_value::<Box<RawValue>>()?;
        buffer_rest(map, vec![(first.into_string(), value)], FieldSeed(self.0))
    }

    raw_fallback!(raw_field; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        RawVisitor.visit_unit().map(raw_field)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FieldValue, A::Error> {
        RawVisitor.visit_seq(seq).map(raw_field)
    }
}

fn raw_field(raw: Box<RawValue>) -> FieldValue {
    FieldValue::Raw(Pii::new(raw))
}

/// The fast path: `type` came first and is a string (a documented type, or
/// `Err` with another name).
fn decode_after_type<'de, A: MapAccess<'de>>(
    mut map: A,
    kind: Result<Kind, String>,
    at: FieldSeed,
) -> Result<FieldValue, A::Error> {
    let mut decoded = None;
    let mut extra = Vec::new();
    // A second `type` or `value`: the object is kept whole, no copy wins.
    let mut repeated = false;
    while let Some(key) = map.next_key::<Key>()? {
        match key {
            Key::Value if decoded.is_none() => {
                decoded = Some(match kind {
                    Ok(kind) => map.next_value_seed(TypedSeed(kind, at))?,
                    Err(_) => Decoded::Mismatch(map.next_value::<Box<RawValue>>()?),
                });
            }
            other => {
                repeated |= matches!(other, Key::Type | Key::Value);
                extra.push((other.into_string(), map.next_value::<Box<RawValue>>()?));
            }
        }
    }
    let value = match (&kind, decoded) {
        (Ok(_), Some(Decoded::Typed(value))) if !repeated => return Ok(value),
        (Ok(kind), None) if !repeated => return Ok(kind.null()),
        // Written back from its typed form: the first copy was read before the
        // second showed up.
        (_, Some(Decoded::Typed(value))) => Some(to_raw(&ValueOf(&value))?),
        (_, Some(Decoded::Mismatch(raw))) => Some(raw),
        (_, None) => None,
    };
    let name = match &kind {
        Ok(kind) => kind.name(),
        Err(name) => name.as_str(),
    };
    let mut members = Vec::with_capacity(extra.len().saturating_add(2));
    members.push(("type".to_owned(), to_raw(name)?));
    if let Some(value) = value {
        members.push(("value".to_owned(), value));
    }
    members.extend(extra);
    Ok(raw_field(object(&members)?))
}

/// The `type` member: a documented type (read without allocating), another
/// string, or another JSON value.
enum TypeTag {
    Known(Kind),
    Unknown(String),
    Raw(Box<RawValue>),
}

impl<'de> Deserialize<'de> for TypeTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TypeTagVisitor)
    }
}

struct TypeTagVisitor;

impl<'de> Visitor<'de> for TypeTagVisitor {
    type Value = TypeTag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field type")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeTag, E> {
        Ok(match Kind::from_name(v) {
            Some(kind) => TypeTag::Known(kind),
            None => TypeTag::Unknown(v.to_owned()),
        })
    }

    raw_fallback!(TypeTag::Raw; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64));

    fn visit_unit<E: de::Error>(self) -> Result<TypeTag, E> {
        RawVisitor.visit_unit().map(TypeTag::Raw)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TypeTag, A::Error> {
        RawVisitor.visit_seq(seq).map(TypeTag::Raw)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TypeTag, A::Error> {
        RawVisitor.visit_map(map).map(TypeTag::Raw)
    }
}

/// The slow path: buffer every member, then decode `value` by `type`.
fn buffer_rest<'de, A: MapAccess<'de>>(
    mut map: A,
    mut members: Vec<(String, Box<RawValue>)>,
    at: FieldSeed,
) -> Result<FieldValue, A::Error> {
    while let Some(key) = map.next_key::<String>()? {
        members.push((key, map.next_value::<Box<RawValue>>()?));
    }
    resolve(members, at).map_err(de::Error::custom)
}

/// Decodes the buffered `value` by `type`. The re-parse starts a fresh
/// `serde_json` depth count, so the field depth `at` is carried into it.
fn resolve(
    members: Vec<(String, Box<RawValue>)>,
    at: FieldSeed,
) -> Result<FieldValue, serde_json::Error> {
    let member = |name: &str| members.iter().find(|(key, _)| key == name).map(|(_, v)| v);
    let count = |name: &str| members.iter().filter(|(key, _)| key == name).count();
    if count("type") > 1 || count("value") > 1 {
        // Sent twice: kept whole, as received, no copy wins.
        return Ok(raw_field(object(&members)?));
    }
    let kind = member("type")
        .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
        .and_then(|name| Kind::from_name(&name));
    if let Some(kind) = kind {
        let Some(value) = member("value") else {
            return Ok(kind.null());
        };
        let mut de = serde_json::Deserializer::from_str(value.get());
        if let Decoded::Typed(typed) = TypedSeed(kind, at).deserialize(&mut de)? {
            return Ok(typed);
        }
    }
    Ok(raw_field(object(&members)?))
}

/// Decodes a `value` by its type, for a field at depth `.1`; never fails on
/// valid JSON (see [`typed_from_text`]).
struct TypedSeed(Kind, FieldSeed);

impl<'de> DeserializeSeed<'de> for TypedSeed {
    type Value = Decoded;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decoded, D::Error> {
        match self.0 {
            Kind::Json => {
                let raw = Box::<RawValue>::deserialize(deserializer)?;
                Ok(Decoded::Typed(FieldValue::Json(
                    (!is_null(&raw)).then(|| Pii::new(raw)),
                )))
            }
            Kind::File => {
                let raw = Box::<RawValue>::deserialize(deserializer)?;
                if is_null(&raw) {
                    return Ok(Decoded::Typed(FieldValue::File(None)));
                }
                Ok(match serde_json::from_str::<FileValue>(raw.get()) {
                    Ok(file) => Decoded::Typed(FieldValue::File(Some(file))),
                    Err(_) => Decoded::Mismatch(raw),
                })
            }
            // Read from the value's JSON text where the reader gives it: a
            // number no `f64` holds (`1e400`) or an escaped lone surrogate would
            // fail the whole decode in `deserialize_any`, and a value that does
            // not fit its type is kept as sent, not as serde_json rounded it.
            kind => match deserializer
                .deserialize_newtype_struct(JSON_TEXT, TextOrValue(kind, self.1))?
            {
                TextOr::Text(text) => {
                    typed_from_text(kind, self.1, &text).map_err(de::Error::custom)
                }
                TextOr::Decoded(decoded) => Ok(decoded),
            },
        }
    }
}

/// A value's JSON text, or, from a reader that does not give it (serde's own
/// buffers), the value decoded as that reader has it.
enum TextOr<'de> {
    Text(std::borrow::Cow<'de, str>),
    Decoded(Decoded),
}

/// Takes the JSON text serde_json hands over for [`JSON_TEXT`].
struct TextOrValue(Kind, FieldSeed);

impl<'de> Visitor<'de> for TextOrValue {
    type Value = TextOr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextOr<'de>, A::Error> {
        if map.next_key::<std::borrow::Cow<'de, str>>()?.as_deref() != Some(JSON_TEXT) {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(JsonTextSeed).map(TextOr::Text)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<TextOr<'de>, D::Error> {
        deserializer
            .deserialize_any(ValueVisitor(self.0, self.1))
            .map(TextOr::Decoded)
    }
}

/// The JSON text itself, borrowed when the reader lends it.
struct JsonTextSeed;

impl<'de> DeserializeSeed<'de> for JsonTextSeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for JsonTextSeed {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value's JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// A `value` of type `kind` decoded from its JSON text: a value that does not
/// fit the type, or valid JSON serde_json does not read (`1e400`, `"\ud800"`),
/// is that text as sent ([`FieldValue::Raw`]). Other errors (the decode's
/// budget) stand.
fn typed_from_text(kind: Kind, at: FieldSeed, text: &str) -> Result<Decoded, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let decoded = de
        .deserialize_any(ValueVisitor(kind, at))
        .and_then(|decoded| {
            de.end()?;
            Ok(decoded)
        });
    match decoded {
        Ok(Decoded::Typed(typed)) => Ok(Decoded::Typed(typed)),
        Ok(Decoded::Mismatch(_)) => as_sent(text),
        Err(error) if error.classify() == serde_json::error::Category::Syntax => as_sent(text),
        Err(error) => Err(error),
    }
}

/// `text` (one JSON value, as serde_json measured it) kept as sent.
fn as_sent(text: &str) -> Result<Decoded, serde_json::Error> {
    RawValue::from_string(text.to_owned()).map(Decoded::Mismatch)
}

/// Visits a `value` of a known type, for a field at depth `.1`.
struct ValueVisitor(Kind, FieldSeed);

impl ValueVisitor {
    fn typed_or<E: de::Error>(
        typed: Option<FieldValue>,
        raw: impl FnOnce() -> Result<Box<RawValue>, E>,
    ) -> Result<Decoded, E> {
        match typed {
            Some(value) => Ok(Decoded::Typed(value)),
            None => raw().map(Decoded::Mismatch),
        }
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Decoded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Decoded, E> {
        Ok(Decoded::Typed(self.0.null()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Decoded, E> {
        Ok(Decoded::Typed(self.0.null()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Decoded, E> {
        let typed = (self.0 == Kind::Boolean).then(|| FieldValue::Boolean(Some(Pii::new(v))));
        Self::typed_or(typed, || to_raw(&v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decoded, E> {
        let typed = match self.0 {
            Kind::Integer => Some(FieldValue::Integer(Some(Pii::new(v)))),
            Kind::Number => Some(FieldValue::Number(Some(Pii::new(v as f64)))),
            _ => None,
        };
        Self::typed_or(typed, || to_raw(&v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decoded, E> {
        let typed = match self.0 {
            Kind::Integer => i64::try_from(v)
                .ok()
                .map(|n| FieldValue::Integer(Some(Pii::new(n)))),
            Kind::Number => Some(FieldValue::Number(Some(Pii::new(v as f64)))),
            _ => None,
        };
        Self::typed_or(typed, || to_raw(&v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decoded, E> {
        let typed = (self.0 == Kind::Number).then(|| FieldValue::Number(Some(Pii::new(v))));
        Self::typed_or(typed, || to_raw(&v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decoded, E> {
        Self::typed_or(self.0.text(v), || to_raw(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Decoded, A::Error> {
        match self.0 {
            Kind::Array => {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element_seed(self.1.inner())? {
                    txstatus_core::provider::charge::<FieldValue, A::Error>()?;
                    items.push(item);
                }
                Ok(Decoded::Typed(FieldValue::Array(Some(items))))
            }
            Kind::MultiChoices => {
                let mut texts = Vec::new();
                while let Some(tag) = seq.next_element::<Tag>()? {
                    txstatus_core::provider::charge::<String, A::Error>()?;
                    match tag {
                        Tag::Text(text) => texts.push(text),
                        Tag::Raw(raw) => {
                            // Not all strings: the array as received.
                            let mut items =
                                texts.iter().map(to_raw).collect::<Result<Vec<_>, _>>()?;
                            items.push(raw);
                            while let Some(item) = seq.next_element::<Box<RawValue>>()? {
                                txstatus_core::provider::charge::<Box<RawValue>, A::Error>()?;
                                items.push(item);
                            }
                            return array(&items).map(Decoded::Mismatch);
                        }
                    }
                }
                Ok(Decoded::Typed(FieldValue::MultiChoices(Some(Pii::new(
                    texts,
                )))))
            }
            _ => RawVisitor.visit_seq(seq).map(Decoded::Mismatch),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decoded, A::Error> {
        if self.0 != Kind::Hash {
            return RawVisitor.visit_map(map).map(Decoded::Mismatch);
        }
        // Each member with its place, so that a hash naming one twice can be
        // kept whole in the order it came in; one lookup per member.
        let mut members = BTreeMap::new();
        let mut place = 0_usize;
        while let Some(key) = map.next_key::<String>()? {
            match members.entry(key) {
                Entry::Occupied(seen) => {
                    let key = seen.key().clone();
                    return repeated_hash_member(map, members, key).map(Decoded::Mismatch);
                }
                Entry::Vacant(slot) => {
                    slot.insert((place, map.next_value_seed(self.1.inner())?));
                }
            }
            place = place.saturating_add(1);
        }
        let members = members
            .into_iter()
            .map(|(key, (_, value))| (key, value))
            .collect();
        Ok(Decoded::Typed(FieldValue::Hash(Some(members))))
    }
}

/// A `hash` value naming a member twice (`key`, read, its value not yet):
/// the whole object as raw JSON, every copy in the order sent. Members read
/// before are written back from their typed form.
fn repeated_hash_member<'de, A: MapAccess<'de>>(
    mut map: A,
    read: BTreeMap<String, (usize, FieldValue)>,
    key: String,
) -> Result<Box<RawValue>, A::Error> {
    let mut read: Vec<_> = read.into_iter().collect();
    read.sort_by_key(|(_, (place, _))| *place);
    let mut members = Vec::with_capacity(read.len().saturating_add(1));
    for (name, (_, value)) in read {
        members.push((name, to_raw(&value)?));
    }
    members.push((key, map.next_value::<Box<RawValue>>()?));
    while let Some(name) = map.next_key::<String>()? {
        members.push((name, map.next_value::<Box<RawValue>>()?));
    }
    object(&members)
}

/// A resource's `fields` (`attributes.fields`): field names to values.
/// A field name sent twice fails the decode with an error that does not name
/// it (names are the customer's, a hostile one may be personal data): neither
/// copy may silently win, as with every other member sent twice in a Persona
/// record. The values never fail (see [`FieldValue`]).
pub(crate) fn opt_fields<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Fields>, D::Error> {
    deserializer.deserialize_option(OptFieldsVisitor)
}

/// `fields` read with [`opt_fields`], for hand-written decoders.
pub(crate) struct OptFields(pub(crate) Option<Fields>);

impl<'de> Deserialize<'de> for OptFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        opt_fields(deserializer).map(Self)
    }
}

struct OptFieldsVisitor;

impl<'de> Visitor<'de> for OptFieldsVisitor {
    type Value = Option<Fields>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of fields")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::new();
        while let Some(name) = map.next_key::<String>()? {
            match fields.entry(name) {
                Entry::Occupied(_) => {
                    return Err(de::Error::custom("a field name is sent twice in `fields`"));
                }
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(FieldSeed(0))?);
                }
            }
        }
        Ok(Some(fields))
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn decode(json: &str) -> FieldValue {
        serde_json::from_str(json).unwrap()
    }

    fn raw_text(value: &FieldValue) -> String {
        match value {
            FieldValue::Raw(raw) => raw.expose().get().to_owned(),
            other => panic!("expected raw, got {other:?}"),
        }
    }

    #[test]
    fn type_first_decodes_every_documented_type() {
        let cases = [
            (
                r#"{"type":"array","value":[{"type":"string","value":"a"}]}"#,
                "array",
            ),
            (r#"{"type":"boolean","value":true}"#, "boolean"),
            (r#"{"type":"choices","value":"dl"}"#, "choices"),
            (r#"{"type":"date","value":"1990-01-02"}"#, "date"),
            (
                r#"{"type":"datetime","value":"2023-05-26T16:49:33.860Z"}"#,
                "datetime",
            ),
            (
                r#"{"type":"email-address","value":"a@example.com"}"#,
                "email-address",
            ),
            (
                r#"{"type":"file","value":{"filename":"a.png","byte-size":1,"url":"https://x"}}"#,
                "file",
            ),
            (
                r#"{"type":"hash","value":{"first":{"type":"string","value":"A"}}}"#,
                "hash",
            ),
            (r#"{"type":"integer","value":42}"#, "integer"),
            (r#"{"type":"json","value":{"a":[1,2]}}"#, "json"),
            (
                r#"{"type":"multi-choices","value":["a","b"]}"#,
                "multi-choices",
            ),
            (r#"{"type":"number","value":1.5}"#, "number"),
            (r#"{"type":"string","value":"US"}"#, "string"),
        ];
        for (json, name) in cases {
            let value = decode(json);
            assert_eq!(value.type_name(), Some(name), "{json}");
            assert!(!value.is_null(), "{json}");
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn nulls_and_missing_values_are_typed_nones() {
        for name in [
            "array", "boolean", "file", "hash", "json", "number", "string",
        ] {
            let value = decode(&format!(r#"{{"type":"{name}","value":null}}"#));
            assert_eq!(value.type_name(), Some(name));
            assert!(value.is_null());
            assert!(decode(&format!(r#"{{"type":"{name}"}}"#)).is_null());
        }
    }

    #[test]
    fn value_before_type_is_buffered_and_decoded_the_same() {
        let value = decode(r#"{"value":{"first":{"value":"A","type":"string"}},"type":"hash"}"#);
        let first = value.get("first").unwrap();
        assert_eq!(first.text().unwrap().expose(), "A");
        let value = decode(r#"{"value":"7","type":"integer"}"#);
        assert!(matches!(value, FieldValue::Integer(Some(n)) if *n.expose() == 7));
    }

    #[test]
    fn numbers_and_booleans_sent_as_strings_are_read() {
        assert!(
            matches!(decode(r#"{"type":"integer","value":"-12"}"#), FieldValue::Integer(Some(n)) if *n.expose() == -12)
        );
        assert!(
            matches!(decode(r#"{"type":"number","value":"2.5"}"#), FieldValue::Number(Some(n)) if *n.expose() == 2.5)
        );
        assert!(
            matches!(decode(r#"{"type":"boolean","value":"false"}"#), FieldValue::Boolean(Some(b)) if !*b.expose())
        );
        assert!(
            matches!(decode(r#"{"type":"number","value":3}"#), FieldValue::Number(Some(n)) if *n.expose() == 3.0)
        );
    }

    #[test]
    fn unknown_types_and_mismatches_keep_the_member_raw() {
        let unknown = decode(r#"{"type":"geo-point","value":{"lat":1},"label":"x"}"#);
        assert_eq!(
            raw_text(&unknown),
            r#"{"type":"geo-point","value":{"lat":1},"label":"x"}"#
        );
        let mismatch = decode(r#"{"type":"integer","value":"many"}"#);
        assert_eq!(raw_text(&mismatch), r#"{"type":"integer","value":"many"}"#);
        let mismatch = decode(r#"{"type":"string","value":{"a":1}}"#);
        assert_eq!(raw_text(&mismatch), r#"{"type":"string","value":{"a":1}}"#);
        let bad_file = decode(r#"{"type":"file","value":{"filename":5}}"#);
        assert_eq!(
            raw_text(&bad_file),
            r#"{"type":"file","value":{"filename":5}}"#
        );
        let bad_choices = decode(r#"{"type":"multi-choices","value":["a",1]}"#);
        assert_eq!(
            raw_text(&bad_choices),
            r#"{"type":"multi-choices","value":["a",1]}"#
        );
        let buffered = decode(r#"{"value":"x","type":"mystery"}"#);
        assert_eq!(raw_text(&buffered), r#"{"value":"x","type":"mystery"}"#);
        let odd_type = decode(r#"{"type":7,"value":"x"}"#);
        assert_eq!(raw_text(&odd_type), r#"{"type":7,"value":"x"}"#);
    }

    #[test]
    fn escaped_names_other_names_and_values_read_through_value_decode_alike() {
        // Escaped names are unescaped before matching; other names are kept.
        let value = decode(r#"{"typ\u0065":"integer","v\u0061lue":"7"}"#);
        assert!(matches!(value, FieldValue::Integer(Some(n)) if *n.expose() == 7));
        let unknown = decode(r#"{"type":"geo-point","value":1,"étiquette":"x"}"#);
        assert_eq!(
            raw_text(&unknown),
            r#"{"type":"geo-point","value":1,"étiquette":"x"}"#
        );
        // Through `serde_json::Value` (owned strings).
        let json = r#"{"type":"multi-choices","value":["a","b"]}"#;
        let from_value: FieldValue =
            serde_json::from_value(serde_json::from_str(json).unwrap()).unwrap();
        assert_eq!(serde_json::to_string(&from_value).unwrap(), json);
    }

    #[test]
    fn multi_choices_that_are_not_all_strings_keep_the_array_as_received() {
        // The array exactly as received (`1.50` not rewritten as `1.5`): the
        // value is read from its JSON text.
        let value = decode(r#"{"type":"multi-choices","value":["a", 1.50, null, ["b", {"c":2}]]}"#);
        assert_eq!(
            raw_text(&value),
            r#"{"type":"multi-choices","value":["a", 1.50, null, ["b", {"c":2}]]}"#
        );
    }

    #[test]
    fn members_that_are_not_objects_are_raw() {
        for json in ["\"plain\"", "12", "true", "null", "[1,\"a\"]", "{}"] {
            let value = decode(json);
            assert_eq!(raw_text(&value), json);
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn debug_shows_no_value() {
        let value =
            decode(r#"{"type":"hash","value":{"first":{"type":"string","value":"LeBron"}}}"#);
        assert!(!format!("{value:?}").contains("LeBron"));
        let raw = decode(r#"{"type":"mystery","value":"LeBron"}"#);
        assert!(!format!("{raw:?}").contains("LeBron"));
    }

    fn nested(depth: usize, open: &str, close: &str) -> String {
        format!("{}1{}", open.repeat(depth), close.repeat(depth))
    }

    fn depth_of(value: &FieldValue) -> usize {
        let mut depth = 0;
        let mut here = value;
        while let Some(inner) = here.get("k") {
            depth += 1;
            here = inner;
        }
        depth
    }

    #[test]
    fn value_first_nesting_is_bounded_across_re_parses_on_a_small_stack() {
        // Each level re-parses `value` with a fresh Deserializer: the depth
        // budget must survive it, or this overflows the stack.
        let json = nested(100_000, r#"{"value":{"k":"#, r#"},"type":"hash"}"#);
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let value = decode(&json);
                assert_eq!(depth_of(&value), MAX_FIELD_DEPTH);
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn type_first_nesting_past_the_bound_is_kept_raw() {
        let json = nested(MAX_FIELD_DEPTH + 3, r#"{"type":"hash","value":{"k":"#, "}}");
        let value = decode(&json);
        assert_eq!(depth_of(&value), MAX_FIELD_DEPTH);
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
}
