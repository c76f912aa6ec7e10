//! Keys come from the body too: a personal value planted as a key (a body cut
//! short after it, a syntax error, deep nesting in an unknown member, a map
//! keyed by data) never reaches a decode error's path, `Display` or `Debug`;
//! the fields the model declares are still named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use txstatus_core::{RawBody, provider::decode_json_bytes};

const PLANTED: &str = "PlantedSurname";

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct Doc {
    status: Option<String>,
    verified_images: Option<Vec<BTreeMap<String, Option<String>>>>,
    count: Option<u32>,
}

/// A syntax error deep inside a member the model does not know (serde skips
/// unknown members without a depth limit, so only a syntax error fails there).
fn deep_unknown_member() -> String {
    format!(
        r#"{{"status":"success","{PLANTED}":{}[1,]{}}}"#,
        format!(r#"{{"{PLANTED}":"#).repeat(300),
        "}".repeat(300)
    )
}

#[test]
fn planted_keys_never_reach_the_decode_error() {
    let cases: Vec<(&str, String)> = vec![
        (
            "cut short after a key",
            format!(r#"{{"status":"success","{PLANTED}":"#),
        ),
        (
            "cut short inside a key",
            format!(r#"{{"status":"success","{PLANTED}"#),
        ),
        ("syntax error after a key", format!(r#"{{"{PLANTED}" 1}}"#)),
        (
            "nesting past the limit in an unknown member",
            deep_unknown_member(),
        ),
        (
            "wrong type under a map key",
            format!(r#"{{"verifiedImages":[{{"{PLANTED}":5}}]}}"#),
        ),
        (
            "cut short under a map key",
            format!(r#"{{"verifiedImages":[{{"{PLANTED}":"#),
        ),
    ];
    for (case, body) in cases {
        let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body.into_bytes()))
            .expect_err(case);
        let path = error.json_path().expect(case);
        for shown in [path.to_owned(), error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(PLANTED), "{case}: {shown}");
        }
    }
}

/// Maps keyed by data in other shapes: members gathered by `flatten`, keys read
/// as numbers (a key type that rejects a renamed key), maps inside structs.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Shapes {
    status: Option<String>,
    by_number: Option<HashMap<u64, u32>>,
    nested: Option<Vec<Inner>>,
}

/// Members the model does not name, gathered by `flatten`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Flat {
    status: Option<String>,
    #[serde(flatten)]
    rest: HashMap<String, Option<u32>>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Inner {
    people: BTreeMap<String, Inner2>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Inner2 {
    age: u32,
}

#[test]
fn keys_of_other_map_shapes_stay_hidden_and_fields_around_them_are_named() {
    let number = "123456789";
    let flat = format!(r#"{{"status":"ok","{PLANTED}":"x"}}"#);
    let error = decode_json_bytes::<Flat>("test", 200, &RawBody::new(flat.clone())).unwrap_err();
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(PLANTED), "{shown}");
    }
    let cases = [
        (
            format!(r#"{{"by_number":{{"{number}":"x"}}}}"#),
            number,
            Some("by_number.<key>"),
        ),
        (
            format!(r#"{{"nested":[{{"people":{{"{PLANTED}":{{"age":"x"}}}}}}]}}"#),
            PLANTED,
            Some("nested[0].people.<key>.age"),
        ),
        (
            format!(r#"{{"nested":[{{"people":{{"{PLANTED}":{{}}}}}}]}}"#),
            PLANTED,
            None,
        ),
    ];
    for (body, planted, path) in cases {
        let error =
            decode_json_bytes::<Shapes>("test", 200, &RawBody::new(body.clone())).expect_err(&body);
        for shown in [
            error.json_path().unwrap().to_owned(),
            error.to_string(),
            format!("{error:?}"),
        ] {
            assert!(!shown.contains(planted), "{body}: {shown}");
        }
        if let Some(path) = path {
            assert_eq!(error.json_path(), Some(path), "{body}");
        }
    }
}

#[test]
fn declared_fields_are_still_named() {
    let body = r#"{"status":"success","count":"many"}"#;
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("count"));
    let body = format!(r#"{{"verifiedImages":[{{"{PLANTED}":5}}]}}"#);
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("verifiedImages[0].<key>"));
}
