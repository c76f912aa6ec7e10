//! Error bodies that are one flat JSON object with a message and a code under
//! names the provider chooses (`{"message": "...", "code": 404}`). The provider
//! passes its key names, so the core still knows no provider's wire shape, and
//! each provider with such a body needs one line instead of its own decoder.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::message::ProviderMessage;

/// Reads the top-level `message_key` (text) and `code_key` (text or a whole
/// number) of a JSON object error body.
///
/// Other keys are skipped without being kept; a value of another type under
/// either key (an object, a boolean, a fraction) is ignored and the other key is
/// still read; a repeated key counts once, its last value. `None` when the body
/// is not a JSON object (an HTML gateway page, trailing bytes) or when neither
/// field survives [`ProviderMessage::new`]'s cleaning.
pub fn named_fields_message(
    body: &[u8],
    message_key: &str,
    code_key: &str,
) -> Option<ProviderMessage> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let found = Fields {
        message_key,
        code_key,
    }
    .deserialize(&mut json)
    .ok()?;
    json.end().ok()?;
    ProviderMessage::new(found.message.as_deref(), found.code.as_deref()).non_empty()
}

/// What was found under the two names.
#[derive(Default)]
struct Found {
    message: Option<String>,
    code: Option<String>,
}

/// The seed that knows the two names.
struct Fields<'k> {
    message_key: &'k str,
    code_key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = Found;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key_seed(KeyOf {
            message_key: self.message_key,
            code_key: self.code_key,
        })? {
            match key {
                Key::Message => {
                    if let Scalar::Text(text) = map.next_value::<Scalar>()? {
                        found.message = Some(text);
                    }
                }
                Key::Code => match map.next_value::<Scalar>()? {
                    Scalar::Text(text) => found.code = Some(text),
                    Scalar::Integer(number) => found.code = Some(number),
                    Scalar::Other => {}
                },
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// Which of the two names a key is.
enum Key {
    Message,
    Code,
    Other,
}

/// Compares a key with the two names without keeping it.
struct KeyOf<'k> {
    message_key: &'k str,
    code_key: &'k str,
}

impl<'de> DeserializeSeed<'de> for KeyOf<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyOf<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.message_key {
            Key::Message
        } else if key == self.code_key {
            Key::Code
        } else {
            Key::Other
        })
    }
}

/// A value under one of the two names: text, a whole number (as text), or
/// anything else (skipped).
enum Scalar {
    Text(String),
    Integer(String),
    Other,
}

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(text))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Scalar, E> {
        Ok(Scalar::Integer(number.to_string()))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Scalar, E> {
        Ok(Scalar::Integer(number.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::named_fields_message;

    /// (message, code) read from `body` under `message` / `code`.
    fn read(body: &str) -> Option<(Option<String>, Option<String>)> {
        named_fields_message(body.as_bytes(), "message", "code").map(|said| {
            (
                said.message().map(str::to_owned),
                said.code().map(str::to_owned),
            )
        })
    }

    fn both(message: &str, code: &str) -> Option<(Option<String>, Option<String>)> {
        Some((Some(message.to_owned()), Some(code.to_owned())))
    }

    #[test]
    fn a_text_or_whole_number_code_is_read_with_the_message() {
        let cases = [
            (
                r#"{"code":404,"message":"Not found"}"#,
                both("Not found", "404"),
            ),
            (r#"{"message":"Bad","code":"E_BAD"}"#, both("Bad", "E_BAD")),
            (r#"{"message":"Bad","code":-7}"#, both("Bad", "-7")),
            (
                r#"{"message":"Only text"}"#,
                Some((Some("Only text".into()), None)),
            ),
            (r#"{"code":"E1"}"#, Some((None, Some("E1".into())))),
        ];
        for (body, expected) in cases {
            assert_eq!(read(body), expected, "{body}");
        }
    }

    #[test]
    fn the_provider_names_the_keys() {
        let body = br#"{"message":"not this","detail":"Too many","status":"429"}"#;
        let said = named_fields_message(body, "detail", "status").unwrap();
        assert_eq!(said.message(), Some("Too many"));
        assert_eq!(said.code(), Some("429"));
        let escaped = br#"{"m\u0065ssage":"Escaped key"}"#;
        assert_eq!(
            named_fields_message(escaped, "message", "code")
                .unwrap()
                .message(),
            Some("Escaped key")
        );
    }

    #[test]
    fn other_keys_and_values_of_other_types_are_skipped() {
        let body = r#"{"errors":[{"field":"consumer.name","message":"Jan"}],
            "nested":{"message":"inner","code":1},"message":"Outer","code":true}"#;
        assert_eq!(read(body), Some((Some("Outer".into()), None)));
        let body = r#"{"message":{"text":"x"},"code":12.5}"#;
        assert_eq!(read(body), None);
        let body = r#"{"message":["a"],"code":"E2"}"#;
        assert_eq!(read(body), Some((None, Some("E2".into()))));
        assert_eq!(read(r#"{"message":null,"code":null}"#), None);
    }

    #[test]
    fn a_repeated_key_counts_once_with_its_last_value() {
        let body = r#"{"message":"first","message":"second"}"#;
        assert_eq!(read(body), Some((Some("second".into()), None)));
    }

    #[test]
    fn a_body_that_is_not_one_json_object_has_no_message() {
        for body in [
            "<html><body>502 Bad Gateway</body></html>",
            "",
            r#"["message","code"]"#,
            r#""message""#,
            r#"{"message":"x"} trailing"#,
            r#"{"message":"x""#,
            "{}",
            r#"{"message":"   "}"#,
        ] {
            assert_eq!(read(body), None, "{body}");
        }
    }

    #[test]
    fn a_code_that_could_carry_a_sentence_is_dropped() {
        let body = r#"{"message":"m","code":"Jan de Vries"}"#;
        assert_eq!(read(body), Some((Some("m".into()), None)));
    }
}
