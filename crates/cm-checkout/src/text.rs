//! Personal text fields that may arrive as strings or as numbers.

use std::fmt;

use serde::{Deserializer, de};
use txstatus_core::Pii;

/// Reads optional personal text: a string, or a number kept as its text (a house
/// number or postal code sent as `25`); `null` is `None`.
pub(crate) fn opt_pii_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Pii<String>>, D::Error> {
    struct V;
    impl de::Visitor<'_> for V {
        type Value = Option<Pii<String>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Pii::new(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(Pii::new(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Pii::new(v.to_string())))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Pii::new(v.to_string())))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(Pii::new(v.to_string())))
        }
    }
    deserializer.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use txstatus_core::Pii;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "super::opt_pii_text")]
        value: Option<Pii<String>>,
    }

    fn value(json: &str) -> Option<String> {
        serde_json::from_str::<Holder>(json)
            .unwrap()
            .value
            .map(Pii::into_exposed)
    }

    #[test]
    fn text_is_read_from_strings_and_numbers() {
        assert_eq!(value(r#"{"value":"25A"}"#).as_deref(), Some("25A"));
        assert_eq!(value(r#"{"value":25}"#).as_deref(), Some("25"));
        assert_eq!(value(r#"{"value":null}"#), None);
        assert_eq!(value(r#"{}"#), None);
    }
}
