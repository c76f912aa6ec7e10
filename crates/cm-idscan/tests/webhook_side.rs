//! ID Scan's webhook side against hostile deliveries: the transaction is re-read
//! whatever shape the members it never uses have; ids that are no usable id name
//! nothing; a header that does not verify is refused before the body is read;
//! nothing panics.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::SystemTime;

use cm_idscan::{IdScanWebhooks, RESULT_ID_HINT};
use txstatus_core::{
    provider::header::{HeaderMap, HeaderValue},
    test_util as hostile,
    webhook::{Delivery, Inbound, Refusal, WebhookSide},
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn side() -> IdScanWebhooks {
    IdScanWebhooks::from_header_line("X-Hook-Secret: hunter2-secret").unwrap()
}

fn signed() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-hook-secret", HeaderValue::from_static("hunter2-secret"));
    headers
}

fn receive_with(headers: &HeaderMap, body: &[u8]) -> Result<Delivery, Refusal> {
    side().receive(&Inbound {
        method: "POST",
        headers,
        peer: None,
        target: "/webhooks/cm-idscan",
        body,
        now: SystemTime::now(),
    })
}

fn receive(body: &[u8]) -> Delivery {
    let delivery = receive_with(&signed(), body).unwrap();
    assert!(delivery.is_authenticated());
    delivery
}

#[test]
fn the_transaction_is_reread_whatever_shape_the_members_it_never_uses_have() {
    for body in [
        // The delivered state and `created` are never used: no shape of theirs matters.
        r#"{"id":"e1","type":"transaction.state.updated","transaction":{"id":"t1","state":"completed"},"created":1641000000}"#,
        r#"{"id":"e1","type":"transaction.state.updated","transaction":{"id":"t1","state":{"is":"completed"}}}"#,
        r#"{"id":"e1","type":"transaction.state.updated","transaction":{"id":"t1"},"created":{"at":[1]}}"#,
        // No `type`, or a `type` that is not text.
        r#"{"id":"e1","transaction":{"id":"t1"}}"#,
        r#"{"id":"e1","type":["transaction.state.updated"],"transaction":{"id":"t1"}}"#,
        // An event id or result id of an unexpected shape.
        r#"{"id":{"uuid":"e1"},"type":"x","transaction":{"id":"t1"}}"#,
        r#"{"id":"e1","type":"x","transaction":{"id":"t1","resultId":{"id":"r"}}}"#,
        r#"{"id":null,"type":null,"transaction":{"id":"t1","resultId":true}}"#,
        // A member name no Rust string holds (a lone surrogate), at either level.
        r#"{"\ud800":1,"id":"e1","type":"x","transaction":{"\udc00":[1],"id":"t1"}}"#,
        r#"{"id":"e1","x\udbffy":{"a":1},"transaction":{"id":"t1","\ud83d\u0041":null}}"#,
    ] {
        let delivery = receive(body.as_bytes());
        assert_eq!(delivery.transaction_id.as_deref(), Some("t1"), "{body}");
    }
}

#[test]
fn ids_sent_as_numbers_are_read_as_their_text() {
    let delivery = receive(br#"{"id":7,"type":"x","transaction":{"id":12345,"resultId":99}}"#);
    assert_eq!(delivery.transaction_id.as_deref(), Some("12345"));
    assert_eq!(delivery.event_id.as_deref(), Some("7"));
    assert_eq!(
        delivery.hints.get(RESULT_ID_HINT).map(String::as_str),
        Some("99")
    );
}

#[test]
fn ids_that_are_no_usable_id_name_nothing_to_reread_deduplicate_or_pass_on() {
    let long = "a".repeat(10 * 1024);
    for hostile in [
        "",
        ".",
        "..",
        "a\u{0}b",
        "a\nb",
        "\u{1b}[31m",
        "\u{7f}",
        "\u{85}",
        &long,
    ] {
        let text = serde_json::to_string(hostile).unwrap();
        let body = format!(
            r#"{{"id":{text},"type":{text},"transaction":{{"id":{text},"resultId":{text}}}}}"#
        );
        let delivery = receive(body.as_bytes());
        assert_eq!(delivery.transaction_id, None, "{hostile:?}");
        assert_eq!(delivery.event_id, None, "{hostile:?}");
        assert_eq!(delivery.event_name, None, "{hostile:?}");
        assert!(delivery.hints.is_empty(), "{hostile:?}");
    }
    // Percent signs and slashes are data: the core sends the id as one
    // percent-encoded path segment.
    let delivery = receive(br#"{"id":"e","type":"x","transaction":{"id":"%2F..%2F"}}"#);
    assert_eq!(delivery.transaction_id.as_deref(), Some("%2F..%2F"));
}

#[test]
fn a_repeated_member_routes_nothing_rather_than_guess_which_was_meant() {
    for body in [
        r#"{"id":"e","type":"x","transaction":{"id":"t1"},"transaction":{"id":"t2"}}"#,
        r#"{"id":"e","type":"x","transaction":{"id":"t1","id":"t2"}}"#,
        r#"{"id":"e","id":"f","type":"x","transaction":{"id":"t1"}}"#,
    ] {
        let delivery = receive(body.as_bytes());
        assert_eq!(delivery.transaction_id, None, "{body}");
    }
}

#[test]
fn a_body_that_is_not_a_delivery_is_accepted_without_a_transaction() {
    let full = std::fs::read(format!(
        "{FIXTURES}/webhook-delivery-transaction-state-updated.json"
    ))
    .unwrap();
    let cut = &full[..full.len() / 2];
    for body in [
        cut,
        b"",
        b"null",
        b"\"t1\"",
        b"[{\"transaction\":{\"id\":\"t1\"}}]",
        b"{\"transaction\":\"t1\"}",
        b"{\"id\":\"e\",\"transaction\":{\"id\":\"t\xff\"}}",
    ] {
        let delivery = receive(body);
        assert_eq!(delivery.transaction_id, None, "{body:?}");
    }
}

#[test]
fn deep_nesting_anywhere_in_a_delivery_is_accepted_or_routes_nothing_on_a_small_stack() {
    let fixtures = hostile::fixtures_in(FIXTURES.as_ref(), "webhook-delivery");
    hostile::on_small_stack(move || {
        for (label, body) in hostile::bodies(&fixtures) {
            let delivery = receive(body.as_bytes());
            if let Some(id) = delivery.transaction_id {
                assert!(!id.contains('['), "{label}");
            }
        }
    });
}

#[test]
fn a_header_that_does_not_verify_is_refused_before_the_body_is_read() {
    let mut headers = Vec::new();
    let mut map = HeaderMap::new();
    map.insert(
        "x-hook-secret",
        HeaderValue::from_bytes(b"hunter2-secret\xff").unwrap(),
    );
    headers.push(map);
    let mut map = HeaderMap::new();
    map.insert(
        "x-hook-secret",
        HeaderValue::from_str(&"hunter2-secret".repeat(10_000)).unwrap(),
    );
    headers.push(map);
    let mut map = HeaderMap::new();
    map.insert(
        "x-hook-secret",
        HeaderValue::from_str("hunter2-secret\tx").unwrap(),
    );
    headers.push(map);
    let mut map = signed();
    map.append("x-hook-secret", HeaderValue::from_static("forged"));
    headers.push(map);
    let mut map = HeaderMap::new();
    map.insert(
        "x-hook-secret-2",
        HeaderValue::from_static("hunter2-secret"),
    );
    headers.push(map);
    for headers in headers {
        let body = br#"{"id":"e","type":"x","transaction":{"id":"t1"}}"#;
        let refusal = receive_with(&headers, body).unwrap_err();
        assert_eq!(refusal, Refusal::Unauthenticated("secret header"));
        let text = format!("{refusal} {refusal:?}");
        assert!(!text.contains("hunter2"), "{text}");
    }
}
