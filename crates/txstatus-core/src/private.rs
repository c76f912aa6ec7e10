//! Items the exported macros need; not part of the public API.

use std::{borrow::Cow, fmt};

use serde::de;

pub use serde;

/// Reads a string (or a scalar, as text) without copying when the input allows.
pub struct OpenEnumVisitor;

impl<'de> de::Visitor<'de> for OpenEnumVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// What an `open_enum!` value writes: the value as sent, except that under
/// [`to_redacted_json`](crate::to_redacted_json) a value this version does not
/// know is written only when it is a plain token (or empty), else as
/// `"[redacted]"` — what its `Debug` shows and withholds, the same way.
pub fn open_enum_text(text: &str, unknown: bool) -> &str {
    if unknown
        && crate::pii::is_redacting()
        && !text.is_empty()
        && !crate::message::is_machine_token(text, crate::message::MAX_CODE_CHARS)
    {
        crate::pii::REDACTED
    } else {
        text
    }
}
