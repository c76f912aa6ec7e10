//! What a model's `Debug` hides, redacted serialization
//! (`to_redacted_json`, what the CLI writes) hides too, and what it writes
//! `Debug` shows: every text of every fixture is marked, and the marks each side
//! lets through must be the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Debug;

use onespan_tx::{
    DetailedVerificationReport, ErasureResponse, Notification, Transaction,
    TransactionVerification, VerificationImages,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use txstatus_core::test_util::debug_agreement::{
    assert_debug_agrees_with_redacted_json as check, mark_every_value,
};

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
        let paths = mark_every_value(&mut value, &[]);
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
