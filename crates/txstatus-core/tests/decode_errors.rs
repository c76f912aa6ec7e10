//! Decode errors are built from structured parts: no personal value reaches
//! `Display` or `Debug`, whatever quotes, backticks or escapes it holds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use serde::Deserialize;
use txstatus_core::{RawBody, lenient, provider::decode_json_bytes};

const SECRET: &str = "SECRET-SURNAME";

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Name {
    first: String,
    last: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "lowercase")]
enum Status {
    Success,
    Open,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Doc {
    status: Status,
    #[serde(default)]
    name: Option<Name>,
    #[serde(default)]
    age: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    count: Option<u64>,
    #[serde(default)]
    tags: Option<Vec<u8>>,
    #[serde(default)]
    extra: Option<BTreeMap<String, bool>>,
}

/// Values that broke the old quote-toggling scrubber, in every shape a decoder
/// can trip on.
fn hostile_bodies() -> Vec<String> {
    let values = [
        format!(r#"Jan\"{SECRET}, born 1970"#),
        format!("Jan`{SECRET}`"),
        format!(r#"\"\"{SECRET}"#),
        format!(r#"Jan\u0022{SECRET}"#),
        format!(r#"\u001b[31m{SECRET}"#),
        format!(r#"Jan\n{SECRET}\t"#),
        format!(r#"` \" ` {SECRET} \\"#),
    ];
    let mut bodies = Vec::new();
    for value in &values {
        bodies.extend([
            format!(r#"{{"status":"success","name":"{value}"}}"#),
            format!(r#"{{"status":"{value}"}}"#),
            format!(r#"{{"status":"open","age":"{value}"}}"#),
            format!(r#"{{"status":"open","count":"{value}"}}"#),
            format!(r#"{{"status":"open","name":{{"first":"x","last":7,"{value}":1}}}}"#),
            format!(r#"{{"status":"open","tags":["{value}"]}}"#),
            format!(r#"{{"status":"open","extra":{{"{value}":"{value}"}}}}"#),
            format!(r#"{{"status":"open","name":{{"first":"{value}"#),
            format!(r#"{{"status":"open","name":"{value}" trailing"#),
            format!(r#"["{value}"]"#),
        ]);
    }
    bodies
}

#[test]
fn no_personal_value_reaches_display_or_debug_of_a_decode_error() {
    for body in hostile_bodies() {
        let raw = RawBody::new(body.clone().into_bytes());
        let error = decode_json_bytes::<Doc>("test", 200, &raw).unwrap_err();
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!text.contains(SECRET), "leaked by {body}: {text}");
            assert!(!text.contains("1970"), "leaked by {body}: {text}");
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "control character from {body}: {text:?}"
            );
        }
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
    }
}

#[test]
fn the_message_names_category_line_column_and_path() {
    let body = "{\n  \"status\": \"open\",\n  \"age\": \"Jane\"\n}";
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("age"));
    let text = error.to_string();
    assert!(text.contains("line 3"), "{text}");
    assert!(text.contains("at age"), "{text}");
    assert!(text.contains("does not fit"), "{text}");
    assert!(text.contains("expected u32, found a string"), "{text}");

    let cut = decode_json_bytes::<Doc>("test", 200, &RawBody::new("{\"status\":\"op")).unwrap_err();
    assert!(cut.to_string().contains("ends before"), "{cut}");
    let junk = decode_json_bytes::<Doc>("test", 200, &RawBody::new("<html>")).unwrap_err();
    assert!(junk.to_string().contains("not valid JSON"), "{junk}");
}

#[test]
fn a_path_through_keys_with_control_characters_is_printed_escaped() {
    let body = "{\"status\":\"open\",\"extra\":{\"\u{1b}]0;pwned\u{7}\":\"not a bool\"}}";
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    let text = error.to_string();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}

#[test]
fn valid_json_the_reader_does_not_take_is_not_called_invalid() {
    for (body, said) in [
        (
            r#"{"status": "open", "age": 1e400}"#.to_owned(),
            "past the range",
        ),
        (
            r#"{"status": "open", "age": -2E+99999}"#.to_owned(),
            "past the range",
        ),
        (
            r#"{"status": "\ud800 open", "age": 1}"#.to_owned(),
            "without its other half",
        ),
        (
            r#"{"status": "\ud800\u0041", "age": 1}"#.to_owned(),
            "without its other half",
        ),
        (
            r#"{"status": "open \udc00", "age": 1}"#.to_owned(),
            "without its other half",
        ),
    ] {
        let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.clone())).unwrap_err();
        let text = error.to_string();
        assert!(text.contains(said), "{body}: {text}");
        assert!(!text.contains("not valid JSON"), "{body}: {text}");
        assert_eq!(
            error.body().map(|kept| kept.as_bytes()),
            Some(body.as_bytes())
        );
    }
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let error = decode_json_bytes::<serde_json::Value>("test", 200, &RawBody::new(deep.clone()))
        .unwrap_err();
    assert!(error.to_string().contains("nests deeper"), "{error}");
    assert_eq!(
        error.body().map(|kept| kept.as_bytes()),
        Some(deep.as_bytes())
    );
}
