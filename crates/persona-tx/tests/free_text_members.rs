//! Text members a customer's workflow or Persona chooses (a transaction's
//! status, an account's status, type name and country, a government id's
//! country, class, capture method, issuer, page and confidence reasons, a
//! check's name and reasons): personal data planted in them reaches neither `Debug` nor the
//! redacted JSON, while plain tokens still show and plain serialization keeps
//! every value as sent.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use persona_tx::Transaction;
use txstatus_core::to_redacted_json;

const PERSONAL: &[&str] = &[
    "Jan de Vries",
    "jan.devries@example.com",
    "NL91ABNA0417164300",
    "4111 1111 1111 1111",
    "Jan,de Vries",
];

fn transaction(value: &str) -> Vec<u8> {
    let value = serde_json::Value::String(value.to_owned());
    serde_json::json!({
        "data": {"type": "transaction", "id": "txn_1", "attributes": {
            "status": value,
            "fields": {"photo": {"type": "file", "value": {"mime-type": value}}}}},
        "included": [
            {"type": "account", "id": "act_1", "attributes": {
                "account-status": value, "account-type-name": value, "country-code": value}},
            {"type": "verification/government-id", "id": "ver_1", "attributes": {
                "status": "passed",
                "country-code": value, "id-class": value, "capture-method": value,
                "issuing-authority": value, "issuing-subdivision": value,
                "entity-confidence-reasons": [value],
                "photo-urls": [{"page": value}],
                "checks": [{"name": value, "status": "passed", "reasons": [value]}]}}
        ]
    })
    .to_string()
    .into_bytes()
}

#[test]
fn personal_text_in_status_like_members_is_withheld_from_debug_and_redacted_json() {
    for planted in PERSONAL {
        let body = transaction(planted);
        let decoded: Transaction = serde_json::from_slice(&body).unwrap();
        let shown = format!("{decoded:?} {decoded:#?}");
        let redacted = to_redacted_json(&decoded).unwrap().to_string();
        for text in [&shown, &redacted] {
            assert!(!text.contains("Vries"), "{planted}: {text}");
            assert!(!text.contains("NL91"), "{planted}: {text}");
            assert!(!text.contains("4111"), "{planted}: {text}");
        }
        // Kept as sent for the caller.
        assert_eq!(
            decoded.data.attributes.as_ref().unwrap().status.as_deref(),
            Some(*planted)
        );
        let plain = serde_json::to_string(&decoded).unwrap();
        assert!(
            plain.contains(&serde_json::to_string(planted).unwrap()),
            "{plain}"
        );
    }
}

#[test]
fn plain_tokens_in_status_like_members_still_show() {
    let body = transaction("needs_review");
    let decoded: Transaction = serde_json::from_slice(&body).unwrap();
    let shown = format!("{decoded:?}");
    let redacted = to_redacted_json(&decoded).unwrap().to_string();
    assert_eq!(shown.matches("needs_review").count(), 14, "{shown}");
    assert_eq!(redacted.matches("needs_review").count(), 14, "{redacted}");
}

#[test]
fn a_file_mime_type_shows_only_when_it_is_one() {
    for (mime, shown_as_sent) in [
        ("image/png", true),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            true,
        ),
        ("Jan de Vries/png", false),
        ("image/Jan de Vries", false),
        ("image/NL91ABNA0417164300", false),
        ("person/jan", false),
    ] {
        let body = transaction(mime);
        let decoded: Transaction = serde_json::from_slice(&body).unwrap();
        let shown = format!("{decoded:?}");
        let redacted = to_redacted_json(&decoded).unwrap().to_string();
        let file = &redacted[redacted.find("\"photo\"").unwrap()..];
        assert_eq!(file.contains(mime), shown_as_sent, "{mime}: {redacted}");
        if !shown_as_sent {
            assert!(!shown.contains(mime), "{mime}: {shown}");
        }
    }
}
