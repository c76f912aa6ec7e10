//! An `open_enum!` field read with `record_decoder!`'s `text` kind (one step, no
//! `Option` layer) decodes exactly as the same field read with the `value` kind:
//! the same values, the same `null`, numbers and booleans as text, and the same
//! error for anything else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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

#[test]
fn an_open_enum_read_as_text_matches_the_value_kind_for_every_json_type() {
    for value in [
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
    ] {
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
