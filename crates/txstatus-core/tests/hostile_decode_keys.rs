//! Keys come from the body too: a personal value planted as a key (a body cut
//! short after it, a syntax error, deep nesting in an unknown member, a map
//! keyed by data) never reaches a decode error's path, `Display` or `Debug`;
//! the fields the model declares are still named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

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

#[test]
fn declared_fields_are_still_named() {
    let body = r#"{"status":"success","count":"many"}"#;
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("count"));
    let body = format!(r#"{{"verifiedImages":[{{"{PLANTED}":5}}]}}"#);
    let error = decode_json_bytes::<Doc>("test", 200, &RawBody::new(body)).unwrap_err();
    assert_eq!(error.json_path(), Some("verifiedImages[0].<key>"));
}
