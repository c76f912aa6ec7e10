//! Sixteenth outside audit: what a model's `Debug` hides, redacted serialization
//! (`to_redacted_json`, what the CLI writes) hides too, and what it writes
//! `Debug` shows: every text of every fixture is marked, and the marks each side
//! lets through must be the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{collections::BTreeSet, fmt::Debug};

use onespan_tx::{
    DetailedVerificationReport, ErasureResponse, Notification, Transaction,
    TransactionVerification, VerificationImages,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Replaces every string (but `type` and numbers and
/// booleans sent as text, read as such) by a token of its own, `M<n>-x`, and
/// every unsigned number by a number of its own, recording the path of each.
/// Plain tokens: what `Debug` withholds by its shape alone (an unknown value,
/// a code) is tested on its own; this tests what is hidden as personal.
fn mark(value: &mut Value, path: &str, paths: &mut Vec<String>) {
    match value {
        Value::String(text)
            if !matches!(text.trim(), "true" | "false") && text.trim().parse::<f64>().is_err() =>
        {
            *text = format!("M{}-x", paths.len());
            paths.push(path.to_owned());
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                mark(item, &format!("{path}/{index}"), paths);
            }
        }
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                mark(member, &format!("{path}/{key}"), paths);
            }
        }
        Value::Number(number) if number.is_u64() => {
            // 9876<n>0123: no mark is part of another.
            *number = format!("9876{:04}0123", paths.len()).parse().unwrap();
            paths.push(path.to_owned());
        }
        _ => {}
    }
}

fn marks(text: &str, count: usize) -> BTreeSet<usize> {
    (0..count)
        .filter(|n| text.contains(&format!("M{n}-x")) || text.contains(&format!("9876{n:04}0123")))
        .collect()
}

fn check<T: Debug + Serialize>(case: &str, value: &T, paths: &[String]) {
    let debug = format!("{value:?}");
    let redacted = txstatus_core::to_redacted_json(value).unwrap().to_string();
    let in_debug = marks(&debug, paths.len());
    let in_redacted = marks(&redacted, paths.len());
    let only_debug: Vec<_> = in_debug
        .difference(&in_redacted)
        .map(|n| &paths[*n])
        .collect();
    let only_redacted: Vec<_> = in_redacted
        .difference(&in_debug)
        .map(|n| &paths[*n])
        .collect();
    assert!(
        only_debug.is_empty() && only_redacted.is_empty(),
        "{case}: shown by Debug only: {only_debug:?}; written by to_redacted_json only: {only_redacted:?}"
    );
}

fn decode<T: DeserializeOwned + Debug + Serialize>(case: &str, body: &str, paths: &[String]) {
    let value: T = serde_json::from_str(body).unwrap_or_else(|e| panic!("{case}: {e}"));
    check(case, &value, paths);
}

#[test]
fn every_fixture_member_is_shown_by_debug_exactly_when_redacted_json_writes_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let case = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if case.starts_with("error-") {
            continue; // the error body is the client's, never a public model
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case}: {e}"));
        let mut paths = Vec::new();
        mark(&mut value, "", &mut paths);
        let body = value.to_string();
        match case.split('-').next().unwrap() {
            "notification" => check(
                &case,
                &Notification::parse(body.as_bytes()).unwrap(),
                &paths,
            ),
            "verification" => decode::<TransactionVerification>(&case, &body, &paths),
            "report" => decode::<DetailedVerificationReport>(&case, &body, &paths),
            "images" => decode::<VerificationImages>(&case, &body, &paths),
            "erasure" => decode::<ErasureResponse>(&case, &body, &paths),
            _ => decode::<Transaction>(&case, &body, &paths),
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn a_notification_version_is_shown_by_debug_as_redacted_json_writes_it() {
    for version in ["3", r#""2.1""#, "12"] {
        let body = format!(
            r#"{{"transaction_id":"t1","trigger":"transaction_created","version":{version}}}"#
        );
        let n = Notification::parse(body.as_bytes()).unwrap();
        let redacted = txstatus_core::to_redacted_json(&n).unwrap();
        assert_eq!(redacted["version"].to_string(), version);
        let debug = format!("{n:?}");
        assert!(debug.contains(&format!("{:?}", version)), "{debug}");
    }
}

/// Seventeenth outside audit: `version` is any JSON, and only a version number
/// (a JSON number, or digits and dots as text) is the notification format's. An
/// object, an array or other text can carry anything a hostile or changed
/// sender puts there, so it is personal: `Debug` withholds it, redacted
/// serialization writes `"[redacted]"`, plain serialization writes it as sent.
#[test]
fn a_notification_version_that_is_no_version_number_is_personal() {
    use txstatus_core::test_util::sweep::{MARKER, assert_debug_hides, marker_in};
    for version in [
        format!(r#"{{"owner":"{MARKER}"}}"#),
        format!(r#"["{MARKER}"]"#),
        format!(r#""{MARKER}""#),
        format!(r#""3 {MARKER}""#),
        r#"{"schema":4}"#.to_owned(),
    ] {
        let body = format!(
            r#"{{"transaction_id":"t1","trigger":"transaction_created","version":{version}}}"#
        );
        let n = Notification::parse(body.as_bytes()).unwrap();
        assert_debug_hides(&version, &n);
        let debug = format!("{n:?}");
        assert!(!debug.contains("schema"), "{debug}");
        let redacted = txstatus_core::to_redacted_json(&n).unwrap();
        assert_eq!(redacted["version"], "[redacted]", "{version}");
        assert_eq!(marker_in(&redacted.to_string()), None);
        let plain = serde_json::to_value(&n).unwrap();
        assert_eq!(plain["version"].to_string(), version);
    }
}
