//! A member a webhook side routes on, read so that its shape can never fail the
//! delivery: a scalar is its text (an id sent as a number still routes), and
//! `null`, a boolean, an object or an array is nothing (skipped unread). The
//! sides read only the few members they route on this way; the receiver
//! re-reads the transaction for everything else.

use std::fmt;

use serde::{Deserialize, Deserializer, de};

/// A scalar as its text; `null`, a boolean, an object or an array is `None`.
///
/// `Debug` shows the text only when it is a plain token without a personal
/// number (anyone can send a webhook), and withholds any other.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextOrNothing(pub Option<String>);

impl fmt::Debug for TextOrNothing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TextOrNothing")
            .field(
                &self
                    .0
                    .as_deref()
                    .map(|text| crate::message::ShownToken(text, crate::id::MAX_ID_LEN)),
            )
            .finish()
    }
}

impl TextOrNothing {
    /// The text when it is usable as an id ([`crate::provider::is_usable_id`]: not
    /// blank, one path segment, not `.` or `..`, no control characters, at most 256
    /// bytes); anything else names nothing.
    pub fn usable_id(self) -> Option<String> {
        self.0
            .filter(|text| crate::write_answer::is_usable_id(text))
    }
}

impl<'de> Deserialize<'de> for TextOrNothing {
    /// Reads the value's JSON text first (its syntax only), so a value JSON
    /// allows but Rust cannot hold (`1e400`, a lone surrogate `"\ud800"`) is
    /// nothing instead of failing the whole delivery, and a number is its text
    /// as written (`12345678901234567890123` keeps every digit).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        Ok(from_json_text(raw.get()))
    }
}

/// A JSON value's text as [`TextOrNothing`].
fn from_json_text(text: &str) -> TextOrNothing {
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    match text.as_bytes().first() {
        Some(b'"') => TextOrNothing(serde_json::from_str::<String>(text).ok()),
        Some(b'-' | b'0'..=b'9') => TextOrNothing(Some(text.to_owned())),
        Some(_) => serde::Deserializer::deserialize_any(
            &mut serde_json::Deserializer::from_str(text),
            TextOrNothingVisitor,
        )
        .unwrap_or_default(),
        None => TextOrNothing(None),
    }
}

struct TextOrNothingVisitor;

impl<'de> de::Visitor<'de> for TextOrNothingVisitor {
    type Value = TextOrNothing;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(Some(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(Some(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(Some(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(Some(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(Some(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<TextOrNothing, E> {
        Ok(TextOrNothing(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<TextOrNothing, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TextOrNothing, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(TextOrNothing(None))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<TextOrNothing, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(TextOrNothing(None))
    }
}

#[cfg(test)]
mod tests {
    use super::TextOrNothing;

    fn read(json: &str) -> TextOrNothing {
        crate::provider::from_json_slice(json.as_bytes()).unwrap()
    }

    #[test]
    fn scalars_are_their_text_and_anything_else_is_nothing() {
        assert_eq!(read(r#""t1""#).0.as_deref(), Some("t1"));
        assert_eq!(read("12345").0.as_deref(), Some("12345"));
        assert_eq!(read("-7").0.as_deref(), Some("-7"));
        assert_eq!(read("1.5").0.as_deref(), Some("1.5"));
        for nothing in ["null", "true", "[1, {\"a\": 2}]", "{\"id\": \"t1\"}"] {
            assert_eq!(read(nothing), TextOrNothing(None), "{nothing}");
        }
    }

    #[test]
    fn numbers_are_their_text_as_written_and_unreadable_scalars_are_nothing() {
        assert_eq!(
            read("12345678901234567890123").0.as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(read("1e400").0.as_deref(), Some("1e400"));
        assert_eq!(read("-1E-400").0.as_deref(), Some("-1E-400"));
        assert_eq!(read(r#""\ud800""#), TextOrNothing(None));
        assert_eq!(read(r#""a\udc00b""#), TextOrNothing(None));
    }

    #[test]
    fn an_unreadable_member_never_fails_the_document_around_it() {
        #[derive(serde::Deserialize)]
        struct Envelope {
            id: TextOrNothing,
            kind: TextOrNothing,
        }
        for (id, kind) in [
            ("1e400", r#""done""#),
            (r#""\ud800""#, r#""done""#),
            (r#""tx_1""#, "-1e400"),
            (r#""tx_1""#, r#"{"a":"\udfff","b":1e999}"#),
        ] {
            let body = format!(r#"{{"kind": {kind}, "id": {id}}}"#);
            let envelope = crate::provider::from_json_slice::<Envelope>(body.as_bytes());
            assert!(
                envelope.is_ok_and(|e| e.id.0.is_some() || e.kind.0.is_some()),
                "{body}"
            );
        }
    }

    #[test]
    fn only_a_usable_id_is_kept_as_one() {
        assert_eq!(read(r#""tx_1""#).usable_id().as_deref(), Some("tx_1"));
        for bad in [
            r#""""#,
            r#"" ""#,
            r#""\t""#,
            r#"".""#,
            r#""..""#,
            r#""a\u0001""#,
        ] {
            assert_eq!(read(bad).usable_id(), None, "{bad}");
        }
        let long = format!("\"{}\"", "x".repeat(257));
        assert_eq!(read(&long).usable_id(), None);
    }
}
