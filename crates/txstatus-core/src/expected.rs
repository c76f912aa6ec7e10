//! What the model expected where a decode failed, and which keys on the way
//! there the model declares, found with the decoder that failed and no other.
//!
//! serde_json's error text quotes the offending value (personal data), so it is
//! never shown. For a data error it is rebuilt from serde's fixed message forms
//! (`invalid type: {found}, expected {expected}`, `missing field `{name}``, ...):
//! only the part the model wrote (the expected type, a field name it declares)
//! and the kind of value found are kept; any other text (a model's own message)
//! is dropped.
//!
//! A key on the failing path is printed only when the model reads it as a field:
//! the body is decoded again with that key renamed (same length, so positions
//! hold). A map keyed by data fails the same way under any key; a declared field,
//! renamed, is skipped and the failure moves or goes. The probe is the model's
//! own `from_str` decoder, so no second deserializer is compiled per model.

use std::ops::Range;

/// The model's own decoder, run again on an edited body (the value dropped).
pub(crate) type Redecode<'a> = &'a dyn Fn(&[u8]) -> Result<(), serde_json::Error>;

/// Bytes all probes of one failure may decode again (a 1 MiB body gets 32
/// probes, more than the path prints).
pub(crate) const PROBE_BYTES: usize = 32 << 20;

/// Filler for a renamed key: DEL is legal unescaped in a JSON string and is no
/// field name.
const RENAMED: u8 = 0x7f;

/// The model's own description of a data error, without the value: `expected
/// u32, found a string`, `missing field `name``; `None` for a model's free text.
pub(crate) fn describe(error: &serde_json::Error) -> Option<String> {
    let text = error.to_string();
    let message = strip_position(&text, error);
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = split_expected(rest)?;
        return Some(format!("expected {expected}, found {}", kind(found)));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest)?;
        return Some(format!(
            "expected {expected}, found {} it does not accept",
            kind(found)
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let (length, expected) = split_expected(rest)?;
        let length: usize = length.parse().ok()?;
        return Some(format!("expected {expected}, found {length} elements"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        // An enum without variants ends `there are no variants`, with no
        // `, expected ` of its own: one inside the variant is the data's.
        if rest.ends_with(", there are no variants") {
            return Some("an enum with no variants".to_owned());
        }
        let (_, expected) = split_expected(rest)?;
        return Some(format!("expected {expected}"));
    }
    if message.starts_with("unknown field ") {
        return Some("a field the model does not allow".to_owned());
    }
    for form in ["missing field `", "duplicate field `"] {
        if let Some(name) = message
            .strip_prefix(form)
            .and_then(|rest| rest.strip_suffix('`'))
        {
            // The name is the model's (a `&'static str` in serde's API).
            if crate::json_path::is_plain(name) {
                return Some(format!("{form}{name}`"));
            }
        }
    }
    None
}

/// serde_json's message without its ` at line L column C` suffix.
fn strip_position<'a>(text: &'a str, error: &serde_json::Error) -> &'a str {
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(suffix.as_str()).unwrap_or(text)
}

/// Splits `{found}, expected {expected}` at the last `, expected `: the found
/// part comes from the data and may hold that text, the expected part is the
/// model's.
fn split_expected(rest: &str) -> Option<(&str, &str)> {
    let at = rest.rfind(", expected ")?;
    let found = rest.get(..at)?;
    let expected = rest.get(at.checked_add(", expected ".len())?..)?;
    (!expected.is_empty()).then_some((found, expected))
}

/// The kind of a value as serde names it (`string "..."`, `integer `5``), never
/// the value.
fn kind(found: &str) -> &'static str {
    const KINDS: [(&str, &str); 12] = [
        ("string ", "a string"),
        ("character ", "a string"),
        ("integer ", "a number"),
        ("floating point ", "a number"),
        ("boolean ", "a boolean"),
        ("null", "null"),
        ("unit value", "null"),
        ("sequence", "an array"),
        ("map", "an object"),
        ("byte array", "bytes"),
        ("Option value", "an optional value"),
        ("newtype struct", "a newtype struct"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| found.starts_with(prefix))
        .map_or("another value", |(_, kind)| kind)
}

/// The path of a data error with the keys the model declares written out:
/// each plain key on it is probed with [`key_is_declared`] while `budget` bytes
/// of re-decoding last (a huge body gets fewer probes; the rest stay hidden).
pub(crate) fn declared_path(
    body: &[u8],
    error: &serde_json::Error,
    decode: Redecode<'_>,
    mut budget: usize,
) -> String {
    let offset = crate::json_path::offset_of(body, error.line(), error.column());
    let text = error.to_string();
    crate::json_path::path_declared(body, offset, |key| {
        let Some(left) = budget.checked_sub(body.len()) else {
            return false;
        };
        budget = left;
        key_is_declared(body, key, (offset, &text), decode)
    })
}

/// Whether the model reads the key at `key` (the bytes between its quotes) as a
/// field name: decoded again with the key renamed, the failure at `failure`
/// (offset, message) goes away or moves elsewhere than the key itself.
pub(crate) fn key_is_declared(
    body: &[u8],
    key: Range<usize>,
    failure: (usize, &str),
    decode: Redecode<'_>,
) -> bool {
    if key.is_empty() {
        return false;
    }
    let mut renamed = body.to_vec();
    let Some(content) = renamed.get_mut(key.clone()) else {
        return false;
    };
    content.fill(RENAMED);
    let error = match decode(&renamed) {
        Ok(()) => return true,
        Err(error) => error,
    };
    let at = crate::json_path::offset_of(&renamed, error.line(), error.column());
    // A key type that rejects the new name fails at the key: that says nothing
    // about whether the key is data, so it stays hidden.
    let at_key = key.start.saturating_sub(1) <= at && at <= key.end.saturating_add(2);
    let unchanged = at == failure.0 && error.to_string() == failure.1;
    !unchanged && !at_key
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{declared_path, describe};

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Name {
        last: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Colour {
        Red,
        Blue,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        count: Option<u32>,
        name: Option<Name>,
        tasks: Option<Vec<u8>>,
        pair: Option<(u8, u8)>,
        colour: Option<Colour>,
    }

    fn described(body: &str) -> Option<String> {
        describe(&serde_json::from_str::<Doc>(body).unwrap_err())
    }

    #[test]
    fn names_the_expected_type_and_the_kind_found_never_the_value() {
        assert_eq!(
            described(r#"{"name":"Jane SECRET, expected u8"}"#).as_deref(),
            Some("expected struct Name, found a string")
        );
        assert_eq!(
            described(r#"{"tasks":[1,"SECRET"]}"#).as_deref(),
            Some("expected u8, found a string")
        );
        assert_eq!(
            described(r#"{"tasks":[1,300]}"#).as_deref(),
            Some("expected u8, found a number it does not accept")
        );
        assert_eq!(
            described(r#"{"name":{}}"#).as_deref(),
            Some("missing field `last`")
        );
        assert_eq!(
            described(r#"{"pair":[1]}"#).as_deref(),
            Some("expected a tuple of size 2, found 1 elements")
        );
        let variant = described(r#"{"colour":"SECRET`, expected x"}"#).unwrap();
        assert!(!variant.contains("SECRET"), "{variant}");
        assert!(variant.contains("`Red`"), "{variant}");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Never {}

    #[test]
    fn a_variant_of_an_enum_without_variants_is_not_quoted() {
        let error = serde_json::from_str::<Never>(r#""a, expected SECRET""#).unwrap_err();
        let what = describe(&error).unwrap();
        assert!(!what.contains("SECRET"), "{what}");
    }

    #[test]
    fn keys_are_probed_only_within_the_byte_budget() {
        let body = br#"{"name":{"last":5}}"#;
        let error = serde_json::from_slice::<Doc>(body).unwrap_err();
        let decode = |bytes: &[u8]| serde_json::from_slice::<Doc>(bytes).map(drop);
        let roomy = declared_path(body, &error, &decode, 1 << 20);
        assert_eq!(roomy, "name.last");
        let one_probe = declared_path(body, &error, &decode, body.len());
        assert_eq!(one_probe, "name.<key>");
        assert_eq!(declared_path(body, &error, &decode, 0), "<key>.<key>");
    }

    #[test]
    fn a_models_own_message_is_not_kept() {
        let error = <serde_json::Error as serde::de::Error>::custom("Jane SECRET");
        assert_eq!(describe(&error), None);
    }
}
