//! An `open_enum!` field read with `record_decoder!`'s `text` kind (one step, no
//! `Option` layer) decodes exactly as the same field read with the `value` kind:
//! the same values, the same `null`, numbers and booleans as text, and the same
//! error for anything else. The same holds for a derived record's field read
//! with `lenient::opt_from_text` against the plain `Option<T>` field, for an open
//! enum and for a lazy time (a lazy time refused as an object or array is
//! reported at the value's end rather than its start: the position is the one
//! difference, the message is the same).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use txstatus_core::LazyTime;

txstatus_core::provider::open_enum! {
    /// A test vocabulary.
    pub enum Colour {
        /// `red`.
        Red => "red",
        /// `7`, a value some provider sends as a number.
        Seven => "7",
    }
}

#[derive(Debug, Default)]
struct AsText {
    colour: Option<Colour>,
}

txstatus_core::provider::record_decoder! {
    AsText {
        "colour" => colour: text,
    }
}

#[derive(Debug, Default)]
struct AsValue {
    colour: Option<Colour>,
}

txstatus_core::provider::record_decoder! {
    AsValue {
        "colour" => colour: value,
    }
}

fn both(
    value: &str,
) -> (
    Result<Option<Colour>, String>,
    Result<Option<Colour>, String>,
) {
    let json = format!(r#"{{"colour":{value}}}"#);
    let text = serde_json::from_str::<AsText>(&json)
        .map(|r| r.colour)
        .map_err(|e| e.to_string());
    let value = serde_json::from_str::<AsValue>(&json)
        .map(|r| r.colour)
        .map_err(|e| e.to_string());
    (text, value)
}

/// One value of every JSON type, with the strings a provider may send.
const EVERY_JSON_TYPE: [&str; 14] = [
    r#""2024-10-28T14:32:32.123456+02:00""#,
    r#""red""#,
    r#""a-colour-this-version-does-not-know-of-yet""#,
    r#""""#,
    r#""r\u0065d""#,
    "null",
    "7",
    "-7",
    "7.5",
    "true",
    "{}",
    r#"{"red":1}"#,
    "[]",
    r#"["red"]"#,
];

#[test]
fn an_open_enum_read_as_text_matches_the_value_kind_for_every_json_type() {
    for value in EVERY_JSON_TYPE {
        let (text, value_kind) = both(value);
        assert_eq!(text, value_kind, "for {value}");
    }
}

#[test]
fn an_open_enum_read_as_text_keeps_known_unknown_and_absent_values() {
    let (known, _) = both(r#""red""#);
    assert_eq!(known.unwrap(), Some(Colour::Red));
    let (number, _) = both("7");
    assert_eq!(number.unwrap(), Some(Colour::Seven));
    let (unknown, _) = both(r#""teal""#);
    let unknown = unknown.unwrap().unwrap();
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "teal");
    let (null, _) = both("null");
    assert_eq!(null.unwrap(), None);
    let (object, _) = both("{}");
    assert!(object.unwrap_err().contains("expected a string"));
    assert!(
        serde_json::from_str::<AsText>("{}")
            .unwrap()
            .colour
            .is_none()
    );
}

#[derive(Debug, Deserialize)]
struct OneStep {
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text"
    )]
    colour: Option<Colour>,
    #[serde(
        default,
        deserialize_with = "txstatus_core::provider::lenient::opt_from_text"
    )]
    at: Option<LazyTime>,
}

#[derive(Debug, Deserialize)]
struct Layered {
    #[serde(default)]
    colour: Option<Colour>,
    #[serde(default)]
    at: Option<LazyTime>,
}

type Read = Result<(Option<String>, Option<String>), String>;

fn one_step_and_layered(json: &str) -> (Read, Read) {
    let one = serde_json::from_str::<OneStep>(json)
        .map(|r| {
            (
                r.colour.map(|c| c.as_str().to_owned()),
                r.at.map(|t| t.as_str().to_owned()),
            )
        })
        .map_err(|e| e.to_string());
    let layered = serde_json::from_str::<Layered>(json)
        .map(|r| {
            (
                r.colour.map(|c| c.as_str().to_owned()),
                r.at.map(|t| t.as_str().to_owned()),
            )
        })
        .map_err(|e| e.to_string());
    (one, layered)
}

/// serde_json's message without its ` at line L column C` suffix.
fn without_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(head, _)| head)
        .to_owned()
}

#[test]
fn an_open_enum_read_in_one_step_matches_the_option_field_for_every_json_type() {
    for value in EVERY_JSON_TYPE {
        let (one, layered) = one_step_and_layered(&format!(r#"{{"colour":{value}}}"#));
        assert_eq!(one, layered, "for {value}");
    }
}

#[test]
fn a_lazy_time_read_in_one_step_matches_the_option_field_for_every_json_type() {
    for value in EVERY_JSON_TYPE {
        let (one, layered) = one_step_and_layered(&format!(r#"{{"at":{value}}}"#));
        assert_eq!(
            one.map_err(|e| without_position(&e)),
            layered.map_err(|e| without_position(&e)),
            "for {value}"
        );
    }
}

#[test]
fn one_step_fields_keep_values_absence_and_refuse_what_the_type_refuses() {
    let (read, _) = one_step_and_layered(r#"{"colour":7,"at":"2024-10-28T14:32:32Z"}"#);
    assert_eq!(
        read.unwrap(),
        (
            Some("7".to_owned()),
            Some("2024-10-28T14:32:32Z".to_owned())
        )
    );
    let (absent, _) = one_step_and_layered("{}");
    assert_eq!(absent.unwrap(), (None, None));
    let (null, _) = one_step_and_layered(r#"{"colour":null,"at":null}"#);
    assert_eq!(null.unwrap(), (None, None));
    let (number_time, _) = one_step_and_layered(r#"{"at":1657216749097}"#);
    assert!(
        number_time
            .unwrap_err()
            .contains("expected an RFC 3339 timestamp")
    );
}
