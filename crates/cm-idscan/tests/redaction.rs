//! No personal value from a fixture and no secret shows in `Debug` or redacted JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use crate::support;

use std::{fs, path::PathBuf, sync::Arc};

use cm_idscan::{Client, SecretString, Transaction, TransactionResult};
use serde_json::Value;
use support::{SECRET, builder};
use txstatus_core::{ManualClock, RawBody, provider::decode_json_bytes, to_redacted_json};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            (name, fs::read(path).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "the fixtures are found");
    out
}

/// Strings that are personal: file URLs and names, extracted values, and
/// anything inside a result of an undocumented shape.
fn personal_strings(value: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match value {
        Value::String(text) if matches!(key, Some("url" | "name" | "value")) => {
            out.push(text.clone());
        }
        Value::Number(number) if key == Some("value") => out.push(number.to_string()),
        Value::Object(_) if key == Some("result") => collect_all(value, out),
        Value::Object(map) => {
            for (k, v) in map {
                personal_strings(v, Some(k), out);
            }
        }
        Value::Array(items) => {
            let key = key.filter(|k| *k != "result");
            for item in items {
                personal_strings(item, key, out);
            }
        }
        _ => {}
    }
}

fn collect_all(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_all(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_all(v, out)),
        _ => {}
    }
}

fn assert_hidden(case: &str, shown: &str, personal: &[String]) {
    for value in personal {
        assert!(
            !shown.contains(value.as_str()),
            "{case}: {value:?} shows in {shown}"
        );
    }
}

#[test]
fn model_debug_and_redacted_json_hold_no_personal_value() {
    let mut checked = 0;
    for (case, bytes) in fixtures() {
        let Ok(json) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let mut personal = Vec::new();
        personal_strings(&json, None, &mut personal);
        checked += personal.len();
        let body = RawBody::new(bytes.clone());
        let (debug, redacted) = if case.starts_with("transaction-result") {
            let value: TransactionResult = decode_json_bytes("cm-idscan", 200, &body).unwrap();
            (
                format!("{value:?} {value:#?}"),
                to_redacted_json(&value).unwrap().to_string(),
            )
        } else if case.starts_with("transaction-details") {
            let value: Transaction = decode_json_bytes("cm-idscan", 200, &body).unwrap();
            (
                format!("{value:?} {value:#?}"),
                to_redacted_json(&value).unwrap().to_string(),
            )
        } else {
            continue;
        };
        assert_hidden(&case, &debug, &personal);
        assert_hidden(&case, &redacted, &personal);
    }
    assert!(
        checked > 30,
        "the fixtures hold personal values to hide ({checked})"
    );
}

#[test]
fn decode_errors_show_no_personal_value() {
    let bytes = include_bytes!("../fixtures/transaction-result.json");
    let broken = String::from_utf8(bytes.to_vec()).unwrap().replacen(
        "\"score\": 0.86",
        "\"score\": \"WILLEKE LISELOTTE\"",
        1,
    );
    let error = decode_json_bytes::<TransactionResult>(
        "cm-idscan",
        200,
        &RawBody::new(broken.into_bytes()),
    )
    .unwrap_err();
    let shown = format!("{error:?} {error}");
    assert!(!shown.contains("WILLEKE"), "{shown}");
    assert!(!shown.contains("SPECI2021"), "{shown}");
}

#[test]
fn clients_and_builders_never_show_the_secret() {
    let server = mockito::Server::new();
    let builder = builder(&server, Arc::new(ManualClock::new()));
    let client = builder.clone().build().unwrap();
    for shown in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("AC4Etykn"), "{shown}");
    }
    let default = Client::builder("kid", SecretString::from("hunter2-secret"));
    assert!(!format!("{default:?}").contains("hunter2"));
    assert!(!format!("{:?}", default.build().unwrap()).contains("hunter2"));
}
