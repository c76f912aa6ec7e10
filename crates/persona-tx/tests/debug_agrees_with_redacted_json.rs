//! What a model's `Debug` hides, redacted serialization
//! (`to_redacted_json`, what the CLI and `mask_document` write) hides too, and
//! what it writes `Debug` shows: every text of every fixture is marked, and the
//! marks each side lets through must be the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Debug;

use persona_tx::{
    Transaction, WebhookEvent,
    model::{ErrorBody, EventDocument, EventList, TransactionList},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use txstatus_core::test_util::debug_agreement::{
    assert_debug_agrees_with_redacted_json as check, mark_every_value,
};

fn decode<T: DeserializeOwned + Debug + Serialize>(case: &str, body: &[u8], paths: &[String]) {
    let value: T = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{case}: {e}"));
    check(case, &value, paths);
}

#[test]
fn every_fixture_member_is_shown_by_debug_exactly_when_redacted_json_writes_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let case = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let Ok(mut value) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()) else {
            continue; // an HTML page
        };
        let paths = mark_every_value(&mut value, &["type"]);
        let body = serde_json::to_vec(&value).unwrap();
        if case.starts_with("error-") {
            let parsed = ErrorBody::from_slice(&body).unwrap_or_else(|| panic!("{case}"));
            check(&case, &parsed, &paths);
        } else if case.starts_with("webhook-") {
            check(&case, &WebhookEvent::from_slice(&body).unwrap(), &paths);
        } else if case == "event-list" {
            decode::<EventList>(&case, &body, &paths);
        } else if case.starts_with("event-") {
            decode::<EventDocument>(&case, &body, &paths);
        } else if case == "transaction-list" {
            decode::<TransactionList>(&case, &body, &paths);
        } else {
            decode::<Transaction>(&case, &body, &paths);
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn error_codes_pointers_and_parameters_debug_withholds_are_redacted_in_redacted_json() {
    let body = br#"{"errors":[
        {"title":"t","code":"Jan Jansen","source":{"pointer":"/data/attributes/fields/Jan Jansen","parameter":"filter[jan@example.com]"}},
        {"title":"t","code":"conflict","source":{"pointer":"/data/attributes/reference-id","parameter":"page"}}
    ]}"#;
    let parsed = ErrorBody::from_slice(body).unwrap();
    let debug = format!("{parsed:?}");
    assert!(
        !debug.contains("Jansen") && !debug.contains("jan@"),
        "{debug}"
    );
    let redacted = txstatus_core::to_redacted_json(&parsed).unwrap();
    let text = redacted.to_string();
    assert!(!text.contains("Jansen") && !text.contains("jan@"), "{text}");
    assert_eq!(redacted["errors"][0]["code"], "[redacted]");
    assert_eq!(redacted["errors"][0]["source"]["pointer"], "[redacted]");
    assert_eq!(redacted["errors"][0]["source"]["parameter"], "[redacted]");
    // Machine tokens stay readable, as `Debug` shows them.
    assert_eq!(redacted["errors"][1]["code"], "conflict");
    assert_eq!(
        redacted["errors"][1]["source"]["pointer"],
        "/data/attributes/reference-id"
    );
    assert_eq!(redacted["errors"][1]["source"]["parameter"], "page");
    assert!(debug.contains("/data/attributes/reference-id") && debug.contains("conflict"));
    // Plain serialization writes everything as received.
    let plain = serde_json::to_string(&parsed).unwrap();
    assert!(plain.contains("fields/Jan Jansen") && plain.contains("filter[jan@example.com]"));
}
