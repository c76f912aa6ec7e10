//! Field values: `{"type": ..., "value": ...}` in `attributes.fields`.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer, ser::SerializeMap};
use serde_json::value::RawValue;
use txstatus_core::{CalendarDate, Pii, Timestamp};

/// A resource's `fields`: field name (not key-inflected) to value.
pub type Fields = BTreeMap<String, FieldValue>;

/// One field value, typed by its `type`.
///
/// Every documented type has a variant whose content is `None` when the value is
/// `null` (or absent). Every value is [`Pii`]: fields are defined by each
/// customer and hold names, addresses, birthdates, document numbers and more.
/// Anything else is [`FieldValue::Raw`]: a type this version does not know, a
/// member that is not a `{type, value}` object, a value whose JSON does not
/// fit its type (`{"type": "integer", "value": "many"}`, or a number no `i64`
/// or `f64` holds, such as `1e400`, kept with every digit), or an object sending
/// `type` or `value` twice, or a `hash` naming a member twice (kept whole, every
/// copy: no copy silently wins). A field name sent twice in `fields` itself
/// fails the decode.
///
/// Serializes back to `{"type": ..., "value": ...}`; `Raw` is written as received.
#[derive(Clone)]
#[non_exhaustive]
pub enum FieldValue {
    /// `array`: a list of typed values.
    Array(Option<Vec<FieldValue>>),
    /// `boolean` (also read from `"true"` / `"false"`).
    Boolean(Option<Pii<bool>>),
    /// `choices`: one of the configured options.
    Choices(Option<Pii<String>>),
    /// `date`: `YYYY-MM-DD`, other text kept.
    Date(Option<Pii<CalendarDate>>),
    /// `datetime`: RFC 3339, other text kept.
    Datetime(Option<Pii<Timestamp>>),
    /// `email-address`.
    EmailAddress(Option<Pii<String>>),
    /// `file`: name, size, type and a signed URL. The URL is a bearer secret
    /// (`access_token` in its query): never log it, never send the API key to it.
    File(Option<FileValue>),
    /// `hash`: named typed values (`name.first`, `address.city`...).
    Hash(Option<BTreeMap<String, FieldValue>>),
    /// `integer` (also read from a numeric string).
    Integer(Option<Pii<i64>>),
    /// `json`: any JSON document, kept raw.
    Json(Option<Pii<Box<RawValue>>>),
    /// `multi-choices`: several of the configured options.
    MultiChoices(Option<Pii<Vec<String>>>),
    /// `number` (also read from a numeric string).
    Number(Option<Pii<f64>>),
    /// `string`.
    String(Option<Pii<String>>),
    /// The whole member as received, when it is not a known `{type, value}` shape.
    Raw(Pii<Box<RawValue>>),
}

/// Each variant with its value; a `hash`'s member names are shown only as plain
/// tokens (a customer may name one after a person), like every other key.
impl std::fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, value): (&str, &dyn std::fmt::Debug) = match self {
            Self::Array(v) => ("Array", v),
            Self::Boolean(v) => ("Boolean", v),
            Self::Choices(v) => ("Choices", v),
            Self::Date(v) => ("Date", v),
            Self::Datetime(v) => ("Datetime", v),
            Self::EmailAddress(v) => ("EmailAddress", v),
            Self::File(v) => ("File", v),
            Self::Hash(v) => {
                return f
                    .debug_tuple("Hash")
                    .field(
                        &v.as_ref()
                            .map(txstatus_core::provider::shown_text::ShownKeys),
                    )
                    .finish();
            }
            Self::Integer(v) => ("Integer", v),
            Self::Json(v) => ("Json", v),
            Self::MultiChoices(v) => ("MultiChoices", v),
            Self::Number(v) => ("Number", v),
            Self::String(v) => ("String", v),
            Self::Raw(v) => ("Raw", v),
        };
        f.debug_tuple(name).field(value).finish()
    }
}

/// A `file` value. `filename` and `url` are personal; the URL is signed.
///
/// `mime_type` is shown by `Debug` and redacted serialization only when it is a
/// MIME type or a plain token (any other text may be a name).
#[derive(Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct FileValue {
    /// File name as uploaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<Pii<String>>,
    /// Size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_size: Option<u64>,
    /// MIME type (`image/png`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt_media_type"
    )]
    pub mime_type: Option<String>,
    /// Signed download URL on `files.withpersona.com`, valid for a limited time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Pii<String>>,
}

impl std::fmt::Debug for FileValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileValue")
            .field("filename", &self.filename)
            .field(
                "byte_size",
                &self.byte_size.map(txstatus_core::provider::ShownNumber),
            )
            .field(
                "mime_type",
                &txstatus_core::provider::shown_text::ShownMediaType(&self.mime_type),
            )
            .field("url", &self.url)
            .finish()
    }
}

txstatus_core::provider::record_decoder! {
    FileValue {
        "filename" => filename: value,
        "byte-size" => byte_size: (with txstatus_core::provider::lenient::opt_u64 as Option<u64>),
        "mime-type" => mime_type: value,
        "url" => url: value,
    }
}

impl FieldValue {
    /// The documented `type` name, or `None` for [`FieldValue::Raw`].
    pub fn type_name(&self) -> Option<&'static str> {
        Some(match self {
            Self::Array(_) => "array",
            Self::Boolean(_) => "boolean",
            Self::Choices(_) => "choices",
            Self::Date(_) => "date",
            Self::Datetime(_) => "datetime",
            Self::EmailAddress(_) => "email-address",
            Self::File(_) => "file",
            Self::Hash(_) => "hash",
            Self::Integer(_) => "integer",
            Self::Json(_) => "json",
            Self::MultiChoices(_) => "multi-choices",
            Self::Number(_) => "number",
            Self::String(_) => "string",
            Self::Raw(_) => return None,
        })
    }

    /// Whether a typed value is `null` (`Raw` never is).
    pub fn is_null(&self) -> bool {
        match self {
            Self::Array(v) => v.is_none(),
            Self::Boolean(v) => v.is_none(),
            Self::Choices(v) | Self::EmailAddress(v) | Self::String(v) => v.is_none(),
            Self::Date(v) => v.is_none(),
            Self::Datetime(v) => v.is_none(),
            Self::File(v) => v.is_none(),
            Self::Hash(v) => v.is_none(),
            Self::Integer(v) => v.is_none(),
            Self::Json(v) => v.is_none(),
            Self::MultiChoices(v) => v.is_none(),
            Self::Number(v) => v.is_none(),
            Self::Raw(_) => false,
        }
    }

    /// The text of a `string`, `choices` or `email-address` value.
    pub fn text(&self) -> Option<&Pii<String>> {
        match self {
            Self::Choices(v) | Self::EmailAddress(v) | Self::String(v) => v.as_ref(),
            _ => None,
        }
    }

    /// A member of a `hash` value.
    pub fn get(&self, key: &str) -> Option<&FieldValue> {
        match self {
            Self::Hash(Some(members)) => members.get(key),
            _ => None,
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(name) = self.type_name() else {
            return match self {
                Self::Raw(raw) => raw.serialize(serializer),
                _ => serializer.serialize_unit(),
            };
        };
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("type", name)?;
        map.serialize_entry("value", &ValueOf(self))?;
        map.end()
    }
}

/// The `value` member of a typed field as it is written (a `Raw` field: the
/// whole member).
pub(crate) struct ValueOf<'a>(pub(crate) &'a FieldValue);

impl Serialize for ValueOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            FieldValue::Array(v) => v.serialize(serializer),
            FieldValue::Boolean(v) => v.serialize(serializer),
            FieldValue::Choices(v) | FieldValue::EmailAddress(v) | FieldValue::String(v) => {
                v.serialize(serializer)
            }
            FieldValue::Date(v) => v.serialize(serializer),
            FieldValue::Datetime(v) => v.serialize(serializer),
            FieldValue::File(v) => v.serialize(serializer),
            FieldValue::Hash(v) => v.serialize(serializer),
            FieldValue::Integer(v) => v.serialize(serializer),
            FieldValue::Json(v) => v.serialize(serializer),
            FieldValue::MultiChoices(v) => v.serialize(serializer),
            FieldValue::Number(v) => v.serialize(serializer),
            FieldValue::Raw(raw) => raw.serialize(serializer),
        }
    }
}
